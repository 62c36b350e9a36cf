"""manage.py import_geography FILE: the ONS LSOA to ward to local authority lookup."""

from coprod.core.management.base import ImportCommand
from coprod.places.services import geography_import


class Command(ImportCommand):
    help = "Import an ONS LSOA-ward-authority lookup CSV (columns found by header name)."

    def run_import(self, path, options):
        return geography_import(source=path)
