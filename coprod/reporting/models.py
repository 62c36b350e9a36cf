"""Progress reports: one per unit and quarter, with the figures it printed frozen."""

from django.conf import settings
from django.db import models

from coprod.core.models import TimeStampedModel
from coprod.core.periods import Quarter
from coprod.reporting.choices import ReportStatus
from coprod.units.models import CoProductionUnit


class Report(TimeStampedModel):
    """A unit's progress report for a quarter.

    The figures are computed once, when the report is first rendered, and kept: a reissued PDF is
    drawn from them and shows the same numbers. Rendering and delivery are idempotent, so a task that
    runs twice still leaves one report, delivered once to each recipient.
    """

    unit = models.ForeignKey(CoProductionUnit, on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(max_length=10, help_text="A financial-year quarter, written 2026-27-Q3.")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    figures = models.JSONField(null=True, blank=True, editable=False)
    pdf = models.FileField(upload_to="reports/", blank=True)
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the PDF.")
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the quarterly schedule asked for it.",
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    failure = models.TextField(blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    render_claim = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The run rendering it now; a duplicate run leaves the report to it until it is overdue.",
    )

    class Meta:
        ordering = ["-period_end", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="report_one_per_unit_and_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} progress report {self.period_label}"

    @property
    def quarter(self) -> Quarter:
        return Quarter.parse(self.period)

    @property
    def period_label(self) -> str:
        """ "2026/27 Q3 (October to December 2026)"."""
        return self.quarter.long_label


class ReportDelivery(models.Model):
    """A report sent to one recipient; the unique pair is what makes delivery happen once."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    delivered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "delivered_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "recipient"], name="report_delivered_once_each"),
        ]

    def __str__(self) -> str:
        return f"{self.report} to {self.email}"
