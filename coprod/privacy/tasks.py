"""The retention rule, run by Celery beat on the schedule in settings (CELERY_BEAT_SCHEDULE)."""

import logging

from celery import shared_task

from coprod.privacy.services import retention_apply

logger = logging.getLogger(__name__)


@shared_task
def apply_retention_task() -> dict[str, int]:
    """Clear personal data past its retention period; running it twice clears nothing the second time."""
    done = retention_apply()
    if any(done.values()):
        logger.info(
            "Retention: %(notes_cleared)d note(s) cleared, %(contacts_deleted)d contact(s) deleted", done
        )
    return done
