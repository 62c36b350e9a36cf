"""Neighbourhoods (named sets of LSOAs a team works in) and their dated baselines."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from coprod.core.models import TimeStampedModel
from coprod.neighbourhoods.choices import BaselineStatus, Settlement
from coprod.places.models import LSOA
from coprod.units.models import Team


class Neighbourhood(TimeStampedModel):
    """What a team works in: usually one or a few wards, kept as LSOAs so statistics add up."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="neighbourhoods")
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    lsoas = models.ManyToManyField(LSOA, related_name="neighbourhoods")
    settlement = models.CharField(max_length=8, choices=Settlement.choices, default=Settlement.URBAN)
    priority = models.BooleanField(default=False, help_text="A priority neighbourhood for the team.")
    population_entered = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Used when the LSOAs' populations are not known from the IMD file.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="neighbourhood_name_unique_in_team"),
        ]

    def __str__(self) -> str:
        return self.name


class Baseline(TimeStampedModel):
    """A dated snapshot of a neighbourhood, frozen once signed off.

    A signed-off baseline is never changed or deleted: a later one supersedes it, and the chain of
    `supersedes` links keeps the history. The snapshot holds the deprivation summary; later measures
    add their own keys.
    """

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="baselines")
    taken_on = models.DateField()
    status = models.CharField(max_length=12, choices=BaselineStatus.choices, default=BaselineStatus.DRAFT)
    snapshot = models.JSONField(default=dict)
    notes = models.TextField(blank=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )

    class Meta:
        ordering = ["neighbourhood", "-taken_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status=BaselineStatus.DRAFT, signed_off_at__isnull=True, signed_off_by__isnull=True)
                    | Q(
                        status=BaselineStatus.SIGNED_OFF,
                        signed_off_at__isnull=False,
                        signed_off_by__isnull=False,
                    )
                ),
                name="baseline_signed_off_has_who_and_when",
            ),
            models.UniqueConstraint(
                fields=["neighbourhood"],
                condition=Q(status=BaselineStatus.DRAFT),
                name="baseline_one_draft_per_neighbourhood",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.neighbourhood} baseline {self.taken_on} ({self.get_status_display()})"

    @property
    def is_signed_off(self) -> bool:
        return self.status == BaselineStatus.SIGNED_OFF

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def save(self, *args, **kwargs):
        # The last line of defence for immutability: services never try, but admin or shell might.
        if self._stored_status() == BaselineStatus.SIGNED_OFF:
            raise ValidationError("A signed-off baseline cannot be changed; take a new one instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_status() == BaselineStatus.SIGNED_OFF:
            raise ValidationError("A signed-off baseline cannot be deleted.")
        return super().delete(*args, **kwargs)
