"""Engagements (logged contacts), follow-ups, work programmes and volunteer-hour returns."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from coprod.core.models import TimeStampedModel, Vocabulary
from coprod.engagements.choices import Dimension, Partner, ReturnSource
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.units.models import Team

# A single contact longer than a long day is a typing error.
MAX_MINUTES = 16 * 60


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
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="engagements")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="engagements")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="engagements"
    )
    groups = models.ManyToManyField(CommunityGroup, blank=True, related_name="engagements")
    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="engagements")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    minutes = models.PositiveIntegerField("professional minutes")
    people_present = models.PositiveIntegerField(default=0)
    new_people = models.PositiveIntegerField("people new to community activity", default=0)
    partners = models.JSONField(default=list, blank=True, help_text="Partner organisations present.")
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
        indexes = [
            models.Index(fields=["team", "date"], name="engagement_team_date_idx"),
            models.Index(fields=["worker", "date"], name="engagement_worker_date_idx"),
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
        errors = {}
        if self.minutes is not None and not 1 <= self.minutes <= MAX_MINUTES:
            errors["minutes"] = f"Enter from 1 to {MAX_MINUTES} minutes."
        if (
            self.new_people is not None
            and self.people_present is not None
            and self.new_people > self.people_present
        ):
            errors["new_people"] = "New people are counted among the people present, so cannot be more."
        unknown = [p for p in self.partners or [] if p not in Partner.values]
        if unknown:
            errors["partners"] = f"Unknown partners: {', '.join(map(str, unknown))}."
        if not isinstance(self.tags, list) or any(not isinstance(t, str) or len(t) > 40 for t in self.tags):
            errors["tags"] = "Tags are short words or phrases (40 characters at most)."
        if self.neighbourhood_id and self.team_id and self.neighbourhood.team_id != self.team_id:
            errors["neighbourhood"] = "Choose one of your team's neighbourhoods."
        if self.work_programme_id and self.team_id and self.work_programme.team_id != self.team_id:
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
        indexes = [models.Index(fields=["team", "month"], name="contact_month_team_idx")]

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
        indexes = [models.Index(fields=["team", "day"], name="contact_day_team_idx")]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.neighbourhood_id} {self.day}: {self.minutes} min"


class EngagedGroupMonth(models.Model):
    """The groups a team engaged with, by neighbourhood and month (a rollup, as ContactMonth)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, null=True, related_name="+")
    # A named reverse relation, so a merge of two groups moves these rows like every other link.
    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="engaged_months")
    month = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["team", "month"], name="engaged_group_month_team_idx"),
            # The quarterly rollup finds the other teams that engaged a group in a quarter.
            models.Index(fields=["group", "month"], name="engaged_group_month_group_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.neighbourhood_id} {self.month:%Y-%m}: group {self.group_id}"


class EngagedQuarter(models.Model):
    """Groups a team engaged in a calendar quarter and their volunteer-hour returns, by team and by
    neighbourhood: the quarterly answer of the volunteer-hour ratio's live query for one team.

    A row with `groups` set counts the groups engaged for its key; a row with a return's dates sums
    the whole tenths of hours of the engaged groups' returns with those dates that overlap the
    quarter. engagements.rollups keeps it equal to the contacts and returns in the same transaction
    as every write; the dashboard prorates the returns to the period it shows.
    """

    TEAM, NEIGHBOURHOOD = 1, 2

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField(help_text="The first day of the quarter.")
    level = models.PositiveSmallIntegerField(choices=[(TEAM, "team"), (NEIGHBOURHOOD, "neighbourhood")])
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, null=True, related_name="+")
    groups = models.PositiveIntegerField(null=True)
    return_start = models.DateField(null=True)
    return_end = models.DateField(null=True)
    tenths = models.BigIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["quarter", "team"], name="engaged_quarter_idx")]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.level}/{self.neighbourhood_id} {self.quarter}"


class SharedGroupQuarter(models.Model):
    """A group engaged by more than one team in a quarter, once per team: what the unit's figure
    takes away when it adds up its teams', so that such a group counts once."""

    quarter = models.DateField()
    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["quarter", "team"], name="shared_group_quarter_idx")]

    def __str__(self) -> str:
        return f"{self.quarter}: group {self.group_id} of team {self.team_id}"
