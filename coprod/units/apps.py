"""App configuration for units: co-production units, CCB teams, memberships and roles."""

from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "coprod.units"
    label = "units"
    verbose_name = "Units, teams and roles"

    def ready(self) -> None:
        from coprod.audit.registry import track
        from coprod.units import models as m

        track(m.CoProductionUnit, unit="pk", plain=["name"])
        track(m.Team, team="pk", unit="unit_id", plain=["name"])
        track(m.Membership, team="team_id", unit="unit_id")
