"""Engagements (logged contacts), follow-ups, work programmes and volunteer-hour returns."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from coprod.core.models import TimeStampedModel, Vocabulary
from coprod.engagements.choices import Dimension, ReturnSource
from coprod.engagements.rules import MAX_MINUTES, engagement_errors
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import PublicBody
from coprod.units.models import Team


class ActivityType(Vocabulary):
    """What kind of contact it was; seeded with the usual ten, administrators add more."""


class Theme(Vocabulary):
    """A theme residents or groups raised; free tags sit beside these on each engagement."""


class WorkProgramme(TimeStampedModel):
    """A team's plan for a period: target neighbourhoods, aims and planned professional hours."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="work_programmes")
    name = models.CharField(max_length=200)
    start = models.DateField()
    end = models.DateField()
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="work_programmes")
    aims = models.TextField(blank=True)
    planned_hours = models.DecimalField(max_digits=8, decimal_places=1)

    class Meta:
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="work_programme_ends_after_start"),
            models.CheckConstraint(
                condition=Q(planned_hours__gte=0), name="work_programme_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Engagement(TimeStampedModel):
    """One logged contact: when, who, where, with which groups, what kind, how long, with whom, notes.

    Notes are the team's only; a sensitive engagement's notes are for its author and the team lead.
    The idempotency key lets a phone resend a contact without it being logged twice.
    """

    date = models.DateField()
    # The worker, team and neighbourhood lead the list indexes below, which also serve their keys'
    # lookups: an index of their own would only be one more to write for every contact.
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="engagements", db_index=False
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="engagements", db_index=False)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        db_index=False,
    )
    groups = models.ManyToManyField(CommunityGroup, blank=True, related_name="engagements")
    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="engagements")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    minutes = models.PositiveIntegerField("professional minutes")
    people_present = models.PositiveIntegerField(default=0)
    new_people = models.PositiveIntegerField("people new to community activity", default=0)
    partners = models.JSONField(default=list, blank=True, help_text="Partner organisations present.")
    public_bodies = models.ManyToManyField(
        PublicBody,
        blank=True,
        related_name="engagements",
        help_text="The public bodies whose staff took part.",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="engagements")
    tags = models.JSONField(default=list, blank=True, help_text="Free tags beside the themes.")
    notes = models.TextField(blank=True)
    sensitive = models.BooleanField(
        default=False, help_text="Notes seen only by the author and the team lead."
    )
    work_programme = models.ForeignKey(
        WorkProgramme, on_delete=models.SET_NULL, null=True, blank=True, related_name="engagements"
    )
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-date", "-pk"]
        # In the lists' order (newest first, then by id), for each way a list is scoped or filtered (a
        # worker's own log is their contacts in their team: worker and team lead that index).
        indexes = [
            models.Index(fields=["team", "-date", "-id"], name="engagement_team_date_id_idx"),
            models.Index(fields=["worker", "team", "-date", "-id"], name="engagement_worker_date_id_idx"),
            models.Index(fields=["neighbourhood", "-date", "-id"], name="engagement_hood_date_id_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "idempotency_key"], name="engagement_idempotency_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES), name="engagement_minutes_in_range"
            ),
            models.CheckConstraint(
                condition=Q(new_people__lte=F("people_present")), name="engagement_new_people_present"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.activity_type} ({self.team})"

    def clean(self) -> None:
        errors = engagement_errors(
            date=self.date,
            minutes=self.minutes,
            people_present=self.people_present,
            new_people=self.new_people,
            partners=self.partners,
            tags=self.tags,
            today=timezone.localdate(),
        )
        if (
            self.neighbourhood_id
            and self.team_id
            and self.neighbourhood is not None
            and self.neighbourhood.team_id != self.team_id
        ):
            errors["neighbourhood"] = "Choose one of your team's neighbourhoods."
        if (
            self.work_programme_id
            and self.team_id
            and self.work_programme is not None
            and self.work_programme.team_id != self.team_id
        ):
            errors["work_programme"] = "Choose one of your team's work programmes."
        if errors:
            raise ValidationError(errors)

    @property
    def hours(self) -> float:
        return self.minutes / 60


class EngagementDeletion(models.Model):
    """What a deleted engagement was, who deleted it and when: the log keeps its history."""

    engagement_id = models.BigIntegerField()
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deleted_at = models.DateTimeField(auto_now_add=True)
    summary = models.JSONField(help_text="The engagement's figures, without its notes.")

    class Meta:
        ordering = ["-deleted_at"]

    def __str__(self) -> str:
        return f"Engagement {self.engagement_id} deleted {self.deleted_at:%Y-%m-%d}"


class FollowUp(TimeStampedModel):
    """Something to do after a contact: what, who, by when, and whether it is done."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="follow_ups")
    engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    what = models.CharField(max_length=300)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups"
    )
    due = models.DateField()
    done = models.BooleanField(default=False)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["done", "due", "pk"]

    def __str__(self) -> str:
        return self.what


class VolunteerHourReturn(TimeStampedModel):
    """A group's volunteering over a period: hours, volunteers, and where the figure came from."""

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="volunteer_returns")
    start = models.DateField()
    end = models.DateField()
    hours = models.DecimalField(max_digits=10, decimal_places=1)
    volunteers = models.PositiveIntegerField()
    source = models.CharField(max_length=12, choices=ReturnSource.choices)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="volunteer_return_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="volunteer_return_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.hours} h {self.start} to {self.end}"


def _rollup_key(name: str, *fields: str) -> models.UniqueConstraint:
    """One row per key: contacts without a neighbourhood share the key of neighbourhood 0."""
    return models.UniqueConstraint("team", *fields, Coalesce("neighbourhood", Value(0)), name=name)


class ContactMonth(models.Model):
    """Contacts summed by team, neighbourhood and month: a rollup the dashboard reads for whole months.

    engagements.rollups keeps it equal to the contacts, in the same transaction as every write."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, null=True, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    minutes = models.PositiveBigIntegerField()
    new_people = models.PositiveBigIntegerField()
    contacts = models.PositiveIntegerField()

    class Meta:
        constraints = [_rollup_key("contact_month_key", "month")]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.neighbourhood_id} {self.month:%Y-%m}: {self.minutes} min"


class ContactDay(models.Model):
    """Contacts summed by team, neighbourhood and day (a rollup, as ContactMonth): what the dashboard
    reads for the days of a period outside its whole months."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, null=True, related_name="+")
    day = models.DateField()
    minutes = models.PositiveBigIntegerField()
    new_people = models.PositiveBigIntegerField()

    class Meta:
        constraints = [_rollup_key("contact_day_key", "day")]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.neighbourhood_id} {self.day}: {self.minutes} min"


class EngagedGroupMonth(models.Model):
    """The groups a team engaged with, by neighbourhood and month (a rollup, as ContactMonth).

    A row holds no sum, so deleting a group deletes its rows and leaves the rest exact; a merge
    recomputes the months of the survivor's contacts (engagements.receivers)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, null=True, related_name="+")
    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()

    class Meta:
        constraints = [_rollup_key("engaged_group_month_key", "month", "group")]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.neighbourhood_id} {self.month:%Y-%m}: group {self.group_id}"


class EngagedGroupQuarter(models.Model):
    """The groups a team engaged with, by neighbourhood and financial quarter (a rollup, as
    EngagedGroupMonth), from which a team's quarter is summed (QuarterGroups, QuarterReturns).

    `foreign` marks a group of another team's directory: only such a group can be engaged by two
    teams, so the unit's figure looks only at these to count each group once."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, null=True, related_name="+")
    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField(help_text="The first day of the financial quarter.")
    foreign = models.BooleanField(default=False)

    class Meta:
        constraints = [_rollup_key("engaged_group_quarter_key", "quarter", "group")]
        indexes = [
            models.Index(
                fields=["quarter", "team"], condition=Q(foreign=True), name="engaged_group_quarter_foreign"
            ),
            models.Index(fields=["group", "quarter"], name="engaged_group_quarter_group"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.neighbourhood_id} {self.quarter}: group {self.group_id}"


LEVELS = [(1, "team"), (2, "neighbourhood")]


class QuarterGroups(models.Model):
    """How many groups a team engaged in a financial quarter, for the team (level 1) and for each of
    its neighbourhoods (level 2): the volunteer-hour ratio's count for one team, summed once when the
    team's contacts or its groups change rather than on every request."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField()
    level = models.PositiveSmallIntegerField(choices=LEVELS)
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, null=True, related_name="+")
    groups = models.PositiveIntegerField()

    class Meta:
        constraints = [_rollup_key("quarter_groups_key", "quarter", "level")]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.level}/{self.neighbourhood_id} {self.quarter}: {self.groups} groups"


class QuarterReturns(models.Model):
    """The volunteer-hour returns of the groups a team engaged in a financial quarter, summed in whole
    tenths of hours by the returns' dates (which the ratio prorates to the period it shows), for the
    team (level 1) and for each of its neighbourhoods (level 2)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField()
    level = models.PositiveSmallIntegerField(choices=LEVELS)
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, null=True, related_name="+")
    return_start = models.DateField()
    return_end = models.DateField()
    tenths = models.BigIntegerField()

    class Meta:
        constraints = [_rollup_key("quarter_returns_key", "quarter", "level", "return_start", "return_end")]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.level}/{self.neighbourhood_id} {self.quarter}: {self.tenths} tenths"
