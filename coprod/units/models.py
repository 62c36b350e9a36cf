"""Co-production units (one per region), CCB teams and the memberships that give people roles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from coprod.core.models import TimeStampedModel
from coprod.units.choices import TEAM_ROLES, UNIT_ROLES, Role


class CoProductionUnit(TimeStampedModel):
    """The regional unit, accountable to the regional director, that deploys CCB teams."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, unique=True)
    region = models.OneToOneField("places.Region", on_delete=models.PROTECT, related_name="unit")

    class Meta:
        ordering = ["name"]
        verbose_name = "co-production unit"

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    """A community capacity building team: covers local authorities, hosted by one of them."""

    unit = models.ForeignKey(CoProductionUnit, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, unique=True)
    authorities = models.ManyToManyField("places.LocalAuthority", related_name="teams")
    host_authority = models.ForeignKey(
        "places.LocalAuthority", on_delete=models.PROTECT, related_name="hosted_teams"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="team_name_unique_in_unit"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A person's role in a team (workers, team leads) or a unit (managers, directors), for a period.

    Administrators hold a membership with neither team nor unit, which covers the whole system, or
    with a unit, which limits them to it. The end date is the last day the role is held.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    unit = models.ForeignKey(
        CoProductionUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["user__username", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=TEAM_ROLES, team__isnull=False, unit__isnull=True)
                    | Q(role__in=UNIT_ROLES, team__isnull=True, unit__isnull=False)
                    | Q(role=Role.ADMINISTRATOR, team__isnull=True)
                ),
                name="membership_role_matches_team_or_unit",
            ),
        ]

    def __str__(self) -> str:
        where = self.team or self.unit or "all units"
        return f"{self.user} - {self.get_role_display()} - {where}"

    def clean(self) -> None:
        if self.role in TEAM_ROLES and (self.team_id is None or self.unit_id is not None):
            raise ValidationError({"team": "Workers and team leads belong to a team (and no unit)."})
        if self.role in UNIT_ROLES and (self.unit_id is None or self.team_id is not None):
            raise ValidationError(
                {"unit": "Unit managers and regional directors belong to a unit (and no team)."}
            )
        if self.role == Role.ADMINISTRATOR and self.team_id is not None:
            raise ValidationError({"team": "Administrators belong to a unit or to no unit at all."})
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date cannot be before the start date."})
