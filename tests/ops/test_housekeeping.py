"""Housekeeping: stale uploads and expired sessions go, and Celery beat has both on its schedule."""

import datetime
import os
import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from coprod.celery import app as celery_app
from coprod.core.tasks import clear_expired_sessions_task, remove_stale_uploads_task


def _file(path, *, age_hours: float):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("name\nA group\n")
    then = time.time() - age_hours * 3600
    os.utime(path, (then, then))
    return path


def test_uploads_older_than_a_day_are_removed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    stale = _file(tmp_path / "imports" / "7" / f"{uuid.uuid4()}.csv", age_hours=25)
    stale_measurements = _file(tmp_path / "measurement-imports" / "3" / f"{uuid.uuid4()}.csv", age_hours=48)
    fresh = _file(tmp_path / "imports" / "7" / f"{uuid.uuid4()}.csv", age_hours=2)
    other_media = _file(tmp_path / "reports" / "7" / "progress-report.csv", age_hours=100)
    not_an_upload = _file(tmp_path / "imports" / "archive" / f"{uuid.uuid4()}.csv", age_hours=100)

    assert remove_stale_uploads_task.delay().get() == 2

    assert not stale.exists() and not stale_measurements.exists()
    assert fresh.exists() and other_media.exists() and not_an_upload.exists()


def test_no_media_folder_is_nothing_to_do(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "never-created"
    assert remove_stale_uploads_task.delay().get() == 0


@pytest.mark.django_db
def test_expired_sessions_are_cleared():
    now = timezone.now()
    Session.objects.create(
        session_key="expired", session_data="", expire_date=now - datetime.timedelta(days=1)
    )
    Session.objects.create(
        session_key="current", session_data="", expire_date=now + datetime.timedelta(days=1)
    )
    clear_expired_sessions_task.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]


def test_beat_runs_registered_tasks_only():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    assert {entry["task"] for entry in schedule.values()} == {
        clear_expired_sessions_task.name,
        remove_stale_uploads_task.name,
        "coprod.reporting.tasks.queue_quarterly_reports",
        "coprod.reporting.tasks.redispatch_reports",
        "coprod.privacy.tasks.apply_retention_task",
        "coprod.profiles.tasks.take_profile_snapshots_task",
    }
    snapshots = schedule["profile-snapshots"]["schedule"]  # as each financial year opens
    assert (snapshots.month_of_year, snapshots.day_of_month) == ({4}, {1})
    celery_app.loader.import_default_modules()
    for entry in schedule.values():
        assert entry["task"] in celery_app.tasks
