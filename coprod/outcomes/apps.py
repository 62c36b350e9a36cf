"""App configuration for outcomes: indicators, measurements, targets, group outcomes and stories."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "coprod.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"
