"""WSGI entry point for gunicorn and other servers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings.base")
os.environ["COPROD_SERVING"] = "1"  # a server refuses to start without SECRET_KEY (see settings)
application = get_wsgi_application()
