"""App configuration for units: co-production units, CCB teams, memberships and roles."""

from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "coprod.units"
    label = "units"
    verbose_name = "Units, teams and roles"
