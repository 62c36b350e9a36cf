"""The profiles' yearly snapshot, run by Celery beat (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from coprod.profiles.services import snapshots_take


@shared_task
def take_profile_snapshots_task() -> int:
    return snapshots_take()
