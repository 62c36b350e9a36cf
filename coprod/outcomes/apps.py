"""App configuration for outcomes: indicators, measurements, targets, group outcomes and stories."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "coprod.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from coprod.neighbourhoods.services import register_snapshot_part
        from coprod.outcomes.selectors import indicator_snapshot

        register_snapshot_part("indicators", indicator_snapshot)
