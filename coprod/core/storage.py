"""Static files as served in production: compressed, hashed names, and hashed names in JS imports too."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    # coprod/init.js imports GOV.UK Frontend: rewriting the import to the hashed name lets the browser
    # use the file the page preloads, and caches it for good like every other hashed file.
    support_js_module_import_aggregation = True
