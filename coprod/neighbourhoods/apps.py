"""App configuration for neighbourhoods: where teams work, their figures and their baselines."""

from django.apps import AppConfig


class NeighbourhoodsConfig(AppConfig):
    name = "coprod.neighbourhoods"
    label = "neighbourhoods"

    def ready(self) -> None:
        from coprod.audit.registry import track
        from coprod.neighbourhoods import models as m

        track(m.Neighbourhood, team="team_id", plain=["name", "description"])
        # The snapshot is a copy of the neighbourhood's figures: recorded as changed, not copied again.
        track(m.Baseline, team="neighbourhood.team_id", personal=["notes", "snapshot"])
