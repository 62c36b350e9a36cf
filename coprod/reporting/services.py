"""Writes of reporting: asking for a progress report, rendering it and delivering it.

A report is asked for once per unit and quarter (the unique pair), queued in the same transaction as
the request, and handed to a worker only after that transaction commits. If the broker refuses it,
the report stays queued and the periodic redispatch sends it again. Rendering and delivery are
idempotent: a task that runs twice, or a worker killed mid-render, still leaves one report delivered
once to each recipient.
"""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from coprod.core.periods import Quarter
from coprod.reporting.choices import ReportStatus
from coprod.reporting.models import Report, ReportDelivery
from coprod.reporting.pdf import render_pdf
from coprod.reporting.selectors import can_request_reports, unit_figures
from coprod.units.choices import Role
from coprod.units.models import CoProductionUnit
from coprod.units.selectors import UserLike, memberships_in_force

logger = logging.getLogger(__name__)
DONE = (ReportStatus.READY, ReportStatus.DELIVERED)


def report_request(*, actor: UserLike | None, unit: CoProductionUnit, period: str) -> tuple[Report, bool]:
    """Ask for a unit's report for a quarter (actor None: the schedule or the command line).

    Returns (report, created). Asking again returns the same report; a failed one is queued again.
    """
    if actor is not None and not can_request_reports(actor, unit):
        raise PermissionDenied("Only the unit's managers can ask for its progress report.")
    quarter = Quarter.parse(period)
    start, end, period = quarter.start, quarter.end, quarter.code
    with transaction.atomic():
        report, created = Report.objects.select_for_update().get_or_create(
            unit=unit,
            period=period,
            defaults={"period_start": start, "period_end": end, "requested_by": actor},
        )
        if report.status == ReportStatus.FAILED:
            report.status, report.failure, report.attempts = ReportStatus.QUEUED, "", 0
            report.save(update_fields=["status", "failure", "attempts", "updated_at"])
        if report.status == ReportStatus.QUEUED:
            transaction.on_commit(lambda: dispatch(report.pk))
    return report, created


def dispatch(report_id: int) -> bool:
    """Hand a queued report to the workers; False (and it stays queued) when the broker refuses it."""
    from coprod.reporting.tasks import report_render_task

    try:
        report_render_task.delay(report_id)
    except (
        KombuOperationalError,
        OSError,
    ) as exc:  # the broker is down or unreachable: redispatch will try again
        logger.warning(
            "report %s stays queued: the task queue refused it (%s)", report_id, type(exc).__name__
        )
        return False
    Report.objects.filter(pk=report_id).update(dispatched_at=timezone.now())
    return True


def resend_after() -> datetime.timedelta:
    """How long a dispatched report may wait in the queue before it is sent again."""
    return datetime.timedelta(seconds=settings.COPROD_REPORT_RESEND_SECONDS)


def stuck_after() -> datetime.timedelta:
    """How long a report may render with no progress before another worker takes it over."""
    return datetime.timedelta(seconds=settings.COPROD_REPORT_STUCK_SECONDS)


def redispatch(
    *, older_than: datetime.timedelta | None = None, stuck: datetime.timedelta | None = None
) -> int:
    """Send again every report still queued that the broker refused or has held too long, and every
    report rendering for too long (its worker died). Sending one twice is harmless: the second run
    finds it claimed or done."""
    now = timezone.now()
    older_than = resend_after() if older_than is None else older_than
    stuck = stuck_after() if stuck is None else stuck
    stale = Report.objects.filter(status=ReportStatus.QUEUED).exclude(dispatched_at__gt=now - older_than)
    stuck_ids = Report.objects.filter(status=ReportStatus.RENDERING, updated_at__lt=now - stuck)
    sent = 0
    for report_id in list(stale.values_list("pk", flat=True)) + list(stuck_ids.values_list("pk", flat=True)):
        sent += dispatch(report_id)
    return sent


def recipients(unit: CoProductionUnit):
    """The unit's regional directors in post, with an e-mail address."""
    directors = memberships_in_force().filter(unit=unit, role=Role.REGIONAL_DIRECTOR).exclude(user__email="")
    return [m.user for m in directors.select_related("user").order_by("user__pk")]


def _claim(report_id: int, claim: str) -> tuple[Report, bool]:
    """Mark the report as rendering by this run; (report, False) when it is done already, or when
    another run claimed it and is still within its time (a duplicate task stands aside)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("unit__region").get(pk=report_id)
        if report.status in DONE:
            return report, False
        held_by_another = (
            claim
            and report.status == ReportStatus.RENDERING
            and report.render_claim not in ("", claim)
            and report.updated_at > timezone.now() - stuck_after()
        )
        if held_by_another:
            return report, False
        report.status, report.render_claim = ReportStatus.RENDERING, claim
        report.attempts += 1
        report.save(update_fields=["status", "render_claim", "attempts", "updated_at"])
        return report, True


def _store(report: Report, pdf: bytes) -> tuple[str, str]:
    checksum = hashlib.sha256(pdf).hexdigest()
    name = f"reports/{report.unit.slug}/{report.period}-{checksum[:16]}.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(pdf))
    return name, checksum


def report_render(report_id: int, *, claim: str = "") -> Report:
    """Render a report's PDF from its frozen figures (freezing them first, once).

    claim names this run (a task passes its id, which a retried or redelivered task keeps): a report
    another run is rendering is left to it until that run is overdue. With no claim (the command
    line), the report is rendered here and now. Whichever run finishes first keeps its PDF.
    """
    report, claimed = _claim(report_id, claim)
    if not claimed:
        return report
    figures = report.figures
    if figures is None:
        figures = unit_figures(
            report.unit,
            start=report.period_start,
            end=report.period_end,
            today=timezone.localdate(),
            with_resources=True,
        ).as_json()
    pdf, pages = render_pdf(figures, generated_on=timezone.localdate())
    name, checksum = _store(report, pdf)
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("unit").get(pk=report_id)
        if report.status in DONE:  # another run finished first; its PDF stands
            if report.pdf.name != name:
                default_storage.delete(name)
            return report
        if report.figures is None:
            report.figures = figures
        report.pdf.name, report.checksum = name, checksum
        report.pages = pages
        report.status, report.rendered_at, report.failure = ReportStatus.READY, timezone.now(), ""
        report.save()
    return report


def _send(report: Report, person) -> None:
    message = EmailMessage(
        subject=f"{report.unit.name}: progress report {report.period_label}",
        body=(
            f"The progress report of {report.unit.name} for {report.period_label} is attached.\n\n"
            "It is also on the reports page of coprod."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    with report.pdf.open("rb") as handle:
        message.attach(f"{report.unit.slug}-{report.period}.pdf", handle.read(), "application/pdf")
    message.send()


def report_deliver(report_id: int) -> Report:
    """E-mail the PDF to each regional director who has not had it yet; mark it delivered.

    Each recipient is one transaction holding the report's row: the delivery is recorded and the
    e-mail sent, then committed, so a run that fails at the third recipient keeps the first two, and
    a second run waits for the lock and skips whoever has theirs. Only a process killed between
    sending and committing could send one recipient's e-mail twice.
    """
    report = Report.objects.select_related("unit").get(pk=report_id)
    if report.status != ReportStatus.READY:
        return report
    people = recipients(report.unit)
    for person in people:
        with transaction.atomic():
            report = Report.objects.select_for_update().select_related("unit").get(pk=report_id)
            if report.status != ReportStatus.READY:
                return report  # another run delivered it meanwhile
            if report.deliveries.filter(recipient=person).exists():
                continue
            ReportDelivery.objects.create(report=report, recipient=person, email=person.email)
            _send(report, person)
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("unit").get(pk=report_id)
        if report.status == ReportStatus.READY and people:
            report.status, report.delivered_at = ReportStatus.DELIVERED, timezone.now()
            report.save(update_fields=["status", "delivered_at", "updated_at"])
    return report


def report_fail(report_id: int, reason: str) -> None:
    Report.objects.filter(pk=report_id).exclude(status__in=DONE).update(
        status=ReportStatus.FAILED, failure=reason[:2000], updated_at=timezone.now()
    )
