"""App configuration for reporting: the unit dashboard and the quarterly progress report."""

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "coprod.reporting"
    label = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from coprod.audit.registry import track
        from coprod.reporting import models as m

        # The frozen figures carry the neighbourhoods' stories: recorded as changed, never copied.
        track(m.Report, unit="unit_id", plain=["failure"], personal=["figures"])
        track(
            m.ReportDelivery,
            unit="report.unit_id",
            personal=["email"],
            describe=lambda d: f"{d.report} delivery",
        )
