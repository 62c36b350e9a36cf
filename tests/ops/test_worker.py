"""A task sent through the real broker runs in a real worker process, and its work is in the database."""

import datetime
import os
import time
import uuid
from pathlib import Path

from django.contrib.sessions.models import Session
from django.utils import timezone

from coprod.core.tasks import clear_expired_sessions_task, remove_stale_uploads_task


def test_worker_clears_expired_sessions(celery_worker_process):
    now = timezone.now()
    Session.objects.create(
        session_key="expired", session_data="", expire_date=now - datetime.timedelta(days=1)
    )
    Session.objects.create(
        session_key="current", session_data="", expire_date=now + datetime.timedelta(days=1)
    )

    result = clear_expired_sessions_task.delay()

    celery_worker_process.wait_for(lambda: not Session.objects.filter(session_key="expired").exists())
    assert Session.objects.filter(session_key="current").exists()
    assert f"Task {clear_expired_sessions_task.name}[{result.id}] received" in celery_worker_process.log


def test_worker_removes_stale_uploads(celery_worker_process, settings):
    folder = Path(settings.MEDIA_ROOT) / "imports" / "1"
    folder.mkdir(parents=True)
    stale, fresh = folder / f"{uuid.uuid4()}.csv", folder / f"{uuid.uuid4()}.csv"
    for path in (stale, fresh):
        path.write_text("name\n")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))

    result = remove_stale_uploads_task.delay()

    celery_worker_process.wait_for(lambda: f"[{result.id}] succeeded" in celery_worker_process.log)
    assert not stale.exists()
    assert fresh.exists()


def test_a_report_is_rendered_and_delivered_by_the_worker_through_the_broker(celery_worker_process):
    from coprod.reporting import services
    from coprod.reporting.choices import ReportStatus
    from coprod.reporting.models import Report, ReportDelivery
    from coprod.units.choices import Role
    from tests.units.factories import UnitFactory, member

    unit = UnitFactory()
    director = member(Role.REGIONAL_DIRECTOR, unit=unit)
    director.email = "director@example.org"
    director.save()

    report, created = services.report_request(
        actor=None, unit=unit, period="2026-27-Q2"
    )  # commits, then queues

    assert created
    celery_worker_process.wait_for(
        lambda: Report.objects.get(pk=report.pk).status == ReportStatus.DELIVERED, timeout=60
    )
    report.refresh_from_db()
    assert "coprod.reporting.tasks.render_report" in celery_worker_process.log
    assert ReportDelivery.objects.filter(report=report, recipient=director).count() == 1
    with report.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
