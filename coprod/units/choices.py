"""Roles people hold in a team or a unit."""

from django.db import models


class Role(models.TextChoices):
    WORKER = "worker", "Capacity-building worker"
    TEAM_LEAD = "team_lead", "Team lead"
    UNIT_MANAGER = "unit_manager", "Unit manager"
    REGIONAL_DIRECTOR = "regional_director", "Regional director"
    ADMINISTRATOR = "administrator", "Administrator"


TEAM_ROLES = (Role.WORKER, Role.TEAM_LEAD)
UNIT_ROLES = (Role.UNIT_MANAGER, Role.REGIONAL_DIRECTOR)
