"""App configuration for reporting: the unit dashboard and the quarterly progress report."""

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "coprod.reporting"
    label = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from coprod.audit.registry import track
        from coprod.reporting import models as m

        track(m.Report, unit="unit_id", plain=["failure"])
        track(
            m.ReportDelivery,
            unit="report.unit_id",
            personal=["email"],
            describe=lambda d: f"{d.report} delivery",
        )
