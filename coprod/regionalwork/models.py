"""The unit's regional work: regional plans with their timetables, the windows in which communities
are consulted on them, what each plan is expected to do to the neighbourhoods it touches, what people
said and what was done, and the steering groups and meetings where communities and bodies decide."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from coprod.core.models import TimeStampedModel
from coprod.funding.models import RegionalInitiative
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LocalAuthority, PublicBody, Region
from coprod.regionalwork import rules
from coprod.regionalwork.choices import Effect, Method, SeatKind
from coprod.units.models import CoProductionUnit, Team


class RegionalWorkRules(TimeStampedModel):
    """A unit's own thresholds for its consultation windows and steering groups (the defaults hold
    for a unit with none)."""

    unit = models.OneToOneField(CoProductionUnit, on_delete=models.CASCADE, related_name="regional_rules")
    min_weeks_open = models.PositiveSmallIntegerField(
        "weeks a window is open, at least", default=rules.MIN_WEEKS_OPEN, validators=[MaxValueValidator(52)]
    )
    min_weeks_notice = models.PositiveSmallIntegerField(
        "weeks between a window's close and the design freeze, at least",
        default=rules.MIN_WEEKS_NOTICE,
        validators=[MaxValueValidator(52)],
    )
    community_share_percent = models.PositiveSmallIntegerField(
        "share of a steering group's seats held by residents and community groups, at least (%)",
        default=rules.COMMUNITY_SHARE_PERCENT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = "regional work rules"
        verbose_name_plural = "regional work rules"

    def __str__(self) -> str:
        return f"Rules of {self.unit}"

    def as_rule(self) -> rules.WindowRule:
        return rules.WindowRule(self.min_weeks_open, self.min_weeks_notice, self.community_share_percent)


class RegionalPlan(TimeStampedModel):
    """A regional project or programme, with the initiatives that fund it, the places it touches and
    the dates of its stages."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    lead_body = models.CharField(
        max_length=200, help_text="The body that leads it, e.g. the combined authority."
    )
    summary = models.TextField(blank=True)
    initiatives = models.ManyToManyField(RegionalInitiative, blank=True, related_name="plans")
    authorities = models.ManyToManyField(LocalAuthority, blank=True, related_name="plans")
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="plans")
    idea_on = models.DateField("idea")
    design_on = models.DateField("design starts", null=True, blank=True)
    design_freeze_on = models.DateField("design freeze", null=True, blank=True)
    approval_on = models.DateField("approval", null=True, blank=True)
    delivery_on = models.DateField("delivery starts", null=True, blank=True)
    evaluation_on = models.DateField("evaluation", null=True, blank=True)

    class Meta:
        ordering = ["region__name", "-idea_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["region", "title"], name="plan_title_unique_in_region"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = rules.stage_errors({field: getattr(self, field) for field, _label in rules.STAGES})
        if errors:
            raise ValidationError(errors)


class ConsultationWindow(TimeStampedModel):
    """A plan's period for community input, facilitated by a team."""

    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="windows")
    title = models.CharField(max_length=200, help_text="For instance: Listening meetings on the route.")
    opens = models.DateField()
    closes = models.DateField()
    method = models.CharField(max_length=20, choices=Method.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text="The team that facilitates it.",
    )
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="consultations")
    groups = models.ManyToManyField(CommunityGroup, blank=True, related_name="consultations")

    class Meta:
        ordering = ["opens", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gte=F("opens")),
                name="window_closes_after_it_opens",
                violation_error_message=rules.CLOSES_BEFORE_OPENS,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens and self.closes and self.closes < self.opens:
            raise ValidationError({"closes": rules.CLOSES_BEFORE_OPENS})
        if self.team_id and self.plan_id and self.team.unit.region_id != self.plan.region_id:
            raise ValidationError({"team": "Choose a team of the plan's region."})


EFFECTS = ("jobs_income", "services", "environment", "community_infrastructure")


def _effect(label: str) -> models.CharField:
    return models.CharField(label, max_length=8, choices=Effect.choices, default=Effect.NONE)


def _mitigation(label: str) -> models.TextField:
    return models.TextField(f"mitigation ({label})", blank=True)


class ImpactAssessment(TimeStampedModel):
    """What a plan is expected to do to one neighbourhood it touches. Frozen once signed off; a new
    assessment supersedes it."""

    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="assessments")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="assessments")
    jobs_income = _effect("jobs and income")
    services = _effect("services")
    environment = _effect("environment")
    community_infrastructure = _effect("community infrastructure (venues, groups)")
    jobs_income_mitigation = _mitigation("jobs and income")
    services_mitigation = _mitigation("services")
    environment_mitigation = _mitigation("environment")
    community_infrastructure_mitigation = _mitigation("community infrastructure")
    evidence = models.TextField(blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    class Meta:
        ordering = ["plan", "neighbourhood__name", "-pk"]
        constraints = [
            # The first assessment of a plan's neighbourhood; later ones each supersede one.
            models.UniqueConstraint(
                fields=["plan", "neighbourhood"],
                condition=Q(supersedes__isnull=True),
                name="assessment_first_once",
                violation_error_message="This neighbourhood is assessed already: supersede that assessment.",
            ),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True) | Q(signed_off_by__isnull=False),
                name="assessment_signed_off_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} in {self.neighbourhood}"

    def effects(self) -> dict[str, tuple[str, str]]:
        return {name: (getattr(self, name), getattr(self, f"{name}_mitigation")) for name in EFFECTS}

    def clean(self) -> None:
        touched = self.plan_id and self.plan.neighbourhoods.filter(pk=self.neighbourhood_id).exists()
        if self.neighbourhood_id and not touched:
            raise ValidationError({"neighbourhood": rules.NOT_TOUCHED})

    def save(self, *args, **kwargs) -> None:
        """A signed-off assessment is frozen: it is never saved again, whatever writes it."""
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("signed_off_at", flat=True).first()
            if stored is not None:
                raise ValidationError(rules.SIGNED_OFF)
        super().save(*args, **kwargs)


class YouSaidWeDid(TimeStampedModel):
    """A window's record for the public: what people were asked, what they said (counts by theme and
    chosen quotes, no personal data) and what the plan changed, or why not."""

    window = models.OneToOneField(ConsultationWindow, on_delete=models.CASCADE, related_name="you_said")
    asked = models.TextField("what people were asked")
    themes = models.JSONField(
        default=list, blank=True, help_text='What people said, by theme: [{"theme": ..., "count": ...}].'
    )
    quotes = models.TextField(blank=True, help_text="Quotes the team chose, one a line, with no names.")
    changed = models.TextField("what the plan changed as a result", blank=True)
    not_changed = models.TextField("what it did not change, and why", blank=True)
    published_on = models.DateField(null=True, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "you said, we did"
        verbose_name_plural = "you said, we did"

    def __str__(self) -> str:
        return f"You said, we did: {self.window}"

    def clean(self) -> None:
        error = rules.themes_error(self.themes)
        if error:
            raise ValidationError({"themes": error})


class SteeringGroup(TimeStampedModel):
    """The group that advises a team (or the unit), drawn from its communities and local bodies."""

    unit = models.ForeignKey(CoProductionUnit, on_delete=models.PROTECT, related_name="steering_groups")
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steering_groups",
        help_text="The team it advises; none for the unit's own.",
    )
    name = models.CharField(max_length=150)
    term_start = models.DateField()
    term_end = models.DateField()
    chair = models.ForeignKey(
        "Seat",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The seat that chairs it.",
    )

    class Meta:
        ordering = ["unit", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="steering_group_name_unique_in_unit"),
            models.CheckConstraint(condition=Q(term_end__gte=F("term_start")), name="steering_term_in_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        team = self.team if self.team_id else None
        if team is not None and team.unit_id != self.unit_id:
            raise ValidationError({"team": "Choose a team of the unit."})
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": "The term cannot end before it starts."})
        chair = self.chair if self.chair_id else None
        if chair is not None and chair.steering_group_id != self.pk:
            raise ValidationError({"chair": "Choose one of the group's own seats."})


class Seat(TimeStampedModel):
    """A seat on a steering group: an organisation's, or a resident's of a named neighbourhood. A
    resident's seat names the neighbourhood, never the person."""

    steering_group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="seats")
    kind = models.CharField(max_length=16, choices=SeatKind.choices)
    organisation = models.CharField(max_length=200, blank=True, help_text="The organisation holding it.")
    group = models.ForeignKey(
        CommunityGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="seats"
    )
    public_body = models.ForeignKey(
        PublicBody, on_delete=models.PROTECT, null=True, blank=True, related_name="seats"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
        help_text="For a resident's seat: the neighbourhood they live in.",
    )

    class Meta:
        ordering = ["steering_group", "kind", "pk"]

    def __str__(self) -> str:
        return rules.seat_label(
            kind=self.kind,
            organisation=self.organisation,
            group=str(self.group) if self.group_id else "",
            body=str(self.public_body) if self.public_body_id else "",
            neighbourhood=str(self.neighbourhood) if self.neighbourhood_id else "",
        )

    def clean(self) -> None:
        errors = rules.seat_errors(
            kind=self.kind,
            organisation=self.organisation,
            group=bool(self.group_id),
            body=bool(self.public_body_id),
            neighbourhood=bool(self.neighbourhood_id),
        )
        if errors:
            raise ValidationError(errors)


class Meeting(TimeStampedModel):
    """A meeting the unit or a team facilitates: of a steering group, or between regional bodies and
    neighbourhoods (about a plan or not), with who was there and what was decided."""

    unit = models.ForeignKey(CoProductionUnit, on_delete=models.PROTECT, related_name="meetings")
    steering_group = models.ForeignKey(
        SteeringGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="meetings"
    )
    plan = models.ForeignKey(
        RegionalPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    attended = models.ManyToManyField(
        Seat, blank=True, related_name="meetings", help_text="The seats present."
    )
    public_bodies = models.ManyToManyField(PublicBody, blank=True, related_name="meetings")
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="meetings")
    others_present = models.TextField("other organisations present", blank=True)
    decisions = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        group = self.steering_group if self.steering_group_id else None
        if group is not None and group.unit_id != self.unit_id:
            raise ValidationError({"steering_group": "Choose a steering group of the unit."})
        plan = self.plan if self.plan_id else None
        if plan is not None and self.unit_id and plan.region_id != self.unit.region_id:
            raise ValidationError({"plan": "Choose a plan of the unit's region."})


class MeetingAction(TimeStampedModel):
    """An action a meeting agreed, kept as a follow-up of the team that does it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    follow_up = models.OneToOneField(
        "engagements.FollowUp", on_delete=models.CASCADE, related_name="meeting_action"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.follow_up)
