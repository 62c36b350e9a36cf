"""Housekeeping tasks, run by Celery beat on the schedule in settings (CELERY_BEAT_SCHEDULE)."""

import datetime
import logging
from importlib import import_module

from celery import shared_task
from django.conf import settings

from coprod.core.uploads import remove_stale_uploads

logger = logging.getLogger(__name__)

STALE_UPLOAD_AGE = datetime.timedelta(days=1)


@shared_task
def clear_expired_sessions_task() -> None:
    """Delete sessions past their expiry, as `manage.py clearsessions` does."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


@shared_task
def remove_stale_uploads_task() -> int:
    """Delete CSV uploads that were checked but never imported, once they are a day old."""
    removed = remove_stale_uploads(older_than=STALE_UPLOAD_AGE)
    if removed:
        logger.info("Removed %d stale upload(s)", removed)
    return removed
