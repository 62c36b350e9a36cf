"""Dated annual snapshots of the public profiles, so that change over the years can be seen."""

from django.db import models

from coprod.core.models import TimeStampedModel


class PlaceKind(models.TextChoices):
    AUTHORITY = "authority", "Local authority"
    WARD = "ward", "Ward"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"


class ProfileSnapshot(TimeStampedModel):
    """A place's profile as published on a day, one for each financial year and kept as taken: its JSON
    download then (counts of 1 or 2 already held back), so a later change to the directory never
    changes what an earlier year's profile said."""

    kind = models.CharField(max_length=14, choices=PlaceKind.choices)
    code = models.CharField(max_length=80, help_text="The ONS code, or the neighbourhood's slug.")
    year = models.PositiveSmallIntegerField(help_text="The financial year it opens: 2026 for 2026/27.")
    taken_on = models.DateField()
    data = models.JSONField()

    class Meta:
        ordering = ["kind", "code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code", "year"], name="profile_snapshot_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}, {self.year}"
