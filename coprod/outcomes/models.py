"""Outcomes: the indicator registry, measurements, targets, group outcomes, involvement and stories."""

import datetime
from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from coprod.core.models import TimeStampedModel
from coprod.engagements.models import WorkProgramme
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.outcomes.choices import Direction, Level, OutcomeCategory, Source, SurveyMethod, Unit
from coprod.outcomes.rules import measurement_errors
from coprod.units.models import Team


class _ValueArgs(TypedDict):
    max_digits: int
    decimal_places: int


VALUE: _ValueArgs = {"max_digits": 14, "decimal_places": 2}


class Indicator(TimeStampedModel):
    """Something a neighbourhood, group or team is measured by.

    National indicators (the Community Life Survey items, the computed ones) belong to no team.
    A community-defined indicator belongs to the team whose community defined it.
    """

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    definition = models.TextField()
    unit = models.CharField(max_length=10, choices=Unit.choices)
    direction = models.CharField(max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    level = models.CharField(max_length=14, choices=Level.choices, default=Level.NEIGHBOURHOOD)
    source = models.CharField(max_length=10, choices=Source.choices)
    computed = models.BooleanField(
        default=False, editable=False, help_text="Calculated from coprod's records, never typed in."
    )
    reference_least_deprived = models.DecimalField(**VALUE, null=True, blank=True)
    reference_most_deprived = models.DecimalField(**VALUE, null=True, blank=True)
    reference_note = models.CharField(max_length=200, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="community_indicators"
    )
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source=Source.COMMUNITY_DEFINED, team__isnull=False, computed=False))
                | (~Q(source=Source.COMMUNITY_DEFINED) & Q(team__isnull=True)),
                name="indicator_community_defined_has_team",
            ),
            models.CheckConstraint(
                condition=Q(computed=False) | Q(source__in=[Source.COMPUTED, Source.IMD]),
                name="indicator_computed_source",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.HIGHER


class Measurement(TimeStampedModel):
    """A value of an indicator for one neighbourhood or one group over a period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="measurements")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="measurements"
    )
    group = models.ForeignKey(
        CommunityGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="measurements"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(**VALUE)
    source = models.CharField(
        max_length=200, help_text="Where the figure comes from, e.g. the survey's name."
    )
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    method = models.CharField(max_length=14, choices=SurveyMethod.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["indicator", "-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(neighbourhood__isnull=False) & Q(group__isnull=True))
                | (Q(neighbourhood__isnull=True) & Q(group__isnull=False)),
                name="measurement_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="measurement_period_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["indicator", "neighbourhood", "period_start", "period_end"],
                condition=Q(neighbourhood__isnull=False),
                name="measurement_unique_per_neighbourhood_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "group", "period_start", "period_end"],
                condition=Q(group__isnull=False),
                name="measurement_unique_per_group_period",
            ),
        ]
        indexes = [models.Index(fields=["neighbourhood", "indicator", "period_end"])]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_start} to {self.period_end})"

    @property
    def subject(self):
        return self.neighbourhood or self.group

    def clean(self) -> None:
        # A value its field could not read is left to the field's own message.
        def read(value, kind):
            return value if isinstance(value, kind) else None

        indicator = self.indicator if self.indicator_id else None
        errors = measurement_errors(
            period_start=read(self.period_start, datetime.date),
            period_end=read(self.period_end, datetime.date),
            value=read(self.value, Decimal | int),
            unit=indicator.unit if indicator is not None else None,
            survey=indicator is not None and indicator.source == Source.COMMUNITY_LIFE_SURVEY,
            sample_size=read(self.sample_size, int),
            today=timezone.localdate(),
        )
        if errors:
            raise ValidationError(errors)


class Target(TimeStampedModel):
    """A work programme's objective for one indicator in one neighbourhood."""

    work_programme = models.ForeignKey(WorkProgramme, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="targets")
    baseline_value = models.DecimalField(**VALUE)
    baseline_on = models.DateField("baseline date")
    target_value = models.DecimalField(**VALUE)
    target_on = models.DateField("target date")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["neighbourhood", "indicator", "target_on"]
        constraints = [
            models.CheckConstraint(condition=Q(target_on__gt=F("baseline_on")), name="target_after_baseline"),
            models.UniqueConstraint(
                fields=["work_programme", "indicator", "neighbourhood"], name="target_unique_in_programme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} in {self.neighbourhood}: {self.target_value} by {self.target_on}"


class Milestone(models.Model):
    """An interim point on the way to a target."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField()
    value = models.DecimalField(**VALUE)

    class Meta:
        ordering = ["target", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["target", "due_on"], name="milestone_one_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.value} by {self.due_on}"


class GroupOutcome(TimeStampedModel):
    """Something a group achieved, in one of the eight categories, with its evidence."""

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="outcomes")
    category = models.CharField(max_length=26, choices=OutcomeCategory.choices)
    achieved_on = models.DateField()
    evidence = models.TextField(help_text="What happened and how we know, in plain words.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-achieved_on", "-pk"]
        indexes = [models.Index(fields=["category", "achieved_on"])]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_category_display()} ({self.achieved_on})"


class ResidentInvolvement(TimeStampedModel):
    """How many residents of a neighbourhood took part over a period, and how deeply."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="involvement")
    period_start = models.DateField()
    period_end = models.DateField()
    intensive = models.PositiveIntegerField("involved intensively", default=0)
    regular = models.PositiveIntegerField("involved regularly", default=0)
    occasional = models.PositiveIntegerField("involved occasionally", default=0)
    service_users = models.PositiveIntegerField("people using groups' services", default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["neighbourhood", "-period_end"]
        verbose_name_plural = "resident involvement"
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="involvement_period_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["neighbourhood", "period_start", "period_end"], name="involvement_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.neighbourhood}, {self.period_start} to {self.period_end}"

    @property
    def involved(self) -> int:
        return self.intensive + self.regular + self.occasional


class Story(TimeStampedModel):
    """A short, dated account of what a neighbourhood achieved, in plain language, for reports."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="stories")
    title = models.CharField(max_length=150)
    body = models.TextField(
        help_text="Plain language, no names of residents: stories appear in reports to regional directors."
    )
    told_on = models.DateField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-told_on", "-pk"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.body and len(self.body.split()) > 400:
            raise ValidationError({"body": "Keep a story short: 400 words at most."})
