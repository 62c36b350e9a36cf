"""App configuration for reporting: the unit dashboard and the quarterly progress report."""

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "coprod.reporting"
    label = "reporting"
    verbose_name = "Reporting"
