"""Reporting's Celery tasks: render and deliver a report, the quarterly schedule, and redispatch."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from coprod.reporting import services
from coprod.reporting.selectors import previous_quarter
from coprod.units.models import CoProductionUnit

MAX_RETRIES = 4


def backoff(retries: int) -> int:
    """Seconds before the next try: 30, 60, 120, 240."""
    return 30 * 2**retries


# Queued by reporting.services.report_request; the work is the service report_render. The registered
# name stays "…render_report", which messages already queued and the worker's log use.
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    name="coprod.reporting.tasks.render_report",
)
def report_render_task(self, report_id: int) -> str:
    """Render and deliver a report; safe to run twice. Failures are retried with backoff, then the
    report is marked failed with the reason."""
    try:
        services.report_render(report_id, claim=self.request.id or "")
        report = services.report_deliver(report_id)
    except Exception as exc:
        # In-process (no broker) there is no queue to wait in, so a failure is final at once.
        if self.request.is_eager or self.request.retries >= self.max_retries:
            services.report_fail(report_id, f"{type(exc).__name__}: {exc}")
            return "failed"
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
    return report.status


@shared_task
def queue_quarterly_reports() -> int:
    """After a quarter closes, ask for every unit's report for it (asking twice changes nothing)."""
    period = previous_quarter(timezone.localdate())
    created = 0
    for unit in CoProductionUnit.objects.all():
        created += services.report_request(actor=None, unit=unit, period=period)[1]
    return created


@shared_task
def redispatch_reports() -> int:
    """Send again the reports the broker refused or lost, and those whose worker died."""
    return services.redispatch()
