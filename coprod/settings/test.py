"""Settings for the test suite: the base settings, with fast hashing and no secure-cookie needs.

DATABASE_URL still chooses the database, so the same suite runs on SQLite and on PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "coprod-test-key")

from coprod.settings.base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The test client and the browser tests' live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A worker process that the ops tests start writes its mail to files the test reads.
if os.environ.get("COPROD_TEST_EMAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["COPROD_TEST_EMAIL_DIR"]
# The suite makes thousands of API requests a minute as one person; the rate limits' own tests set them.
COPROD_API_RATES = {"person": None, "address": None}
