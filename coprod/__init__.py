"""coprod: case management for co-production units and community capacity building teams."""

from coprod.celery import app as celery_app

__all__ = ["celery_app"]
