"""Public services: what community groups offer that services refer people to, its capacity, and the
referrals it receives, counted and never named."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from coprod.core.models import TimeStampedModel
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import PublicBody
from coprod.publicservices import rules
from coprod.publicservices.choices import ReferralSource
from coprod.units.models import Team


class Offer(TimeStampedModel):
    """Something a community group offers that services can refer people to (a lunch club, a walking
    group, a debt advice session), with its places a week."""

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="offers")
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        help_text="The team's neighbourhood it is held in, if it is held in one.",
    )
    name = models.CharField(max_length=150)
    schedule = models.CharField(
        max_length=200, blank=True, help_text="For instance: Tuesdays 12:00 to 14:00."
    )
    who_for = models.CharField("who it is for", max_length=200, blank=True)
    places_week = models.PositiveIntegerField("places a week")
    places_funded = models.PositiveIntegerField("places funded a week", default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(places_funded__lte=F("places_week")), name="offer_funded_within_places"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = rules.offer_errors(places_week=self.places_week or 0, places_funded=self.places_funded or 0)
        hood = self.neighbourhood if self.neighbourhood_id else None
        if hood is not None and self.group_id and hood.team_id != self.group.team_id:
            errors["neighbourhood"] = "Choose a neighbourhood of the group's team."
        if errors:
            raise ValidationError(errors)


class CapacityReading(TimeStampedModel):
    """How full an offer was on a day: places filled and people waiting."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="readings")
    on = models.DateField()
    places_filled = models.PositiveIntegerField()
    waiting_list = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "on"],
                name="capacity_reading_one_a_day",
                violation_error_message=rules.READING_TWICE,
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer} on {self.on}: {self.places_filled} filled, {self.waiting_list} waiting"


class ReferralCount(TimeStampedModel):
    """Referrals to an offer from one source over a period (within one financial quarter), as counts
    only: no field holds a referred person's name, NHS number or anything else about them."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="referrals")
    period_start = models.DateField()
    period_end = models.DateField()
    source = models.CharField(max_length=20, choices=ReferralSource.choices)
    received = models.PositiveIntegerField()
    accepted = models.PositiveIntegerField(default=0)
    declined_full = models.PositiveIntegerField("declined because the offer was full", default=0)
    declined_other = models.PositiveIntegerField("declined for other reasons", default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-period_start", "source", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "source", "period_start", "period_end"],
                name="referral_count_unique",
                violation_error_message=rules.COUNTED_TWICE,
            ),
            models.CheckConstraint(
                condition=Q(received__gte=F("accepted") + F("declined_full") + F("declined_other")),
                name="referral_count_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="referral_count_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer}: {self.received} referrals from {self.get_source_display()}"

    def clean(self) -> None:
        if self.period_start and self.period_end:
            errors = rules.referral_errors(
                period_start=self.period_start,
                period_end=self.period_end,
                received=self.received or 0,
                accepted=self.accepted or 0,
                declined_full=self.declined_full or 0,
                declined_other=self.declined_other or 0,
            )
            if errors:
                raise ValidationError(errors)


class FrontlineHours(TimeStampedModel):
    """Hours that front-line workers of a public body gave to community groups in a neighbourhood over
    a period (within one financial quarter), recorded by the team: kept apart from the team's own
    professional hours and never counted in the volunteer-hour ratio."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="frontline_hours")
    public_body = models.ForeignKey(PublicBody, on_delete=models.PROTECT, related_name="frontline_hours")
    role = models.CharField(max_length=120, help_text="For instance: neighbourhood police officer.")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="frontline_hours"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    hours = models.DecimalField(
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(rules.MAX_FRONTLINE_HOURS)],
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-period_start", "pk"]
        verbose_name_plural = "front-line hours"
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="frontline_period"),
        ]

    def __str__(self) -> str:
        return f"{self.hours} hours from {self.public_body}"

    def clean(self) -> None:
        errors = (
            rules.period_errors(self.period_start, self.period_end)
            if self.period_start and self.period_end
            else {}
        )
        hood = self.neighbourhood if self.neighbourhood_id else None
        if hood is not None and self.team_id and hood.team_id != self.team_id:
            errors["neighbourhood"] = "Choose one of the team's neighbourhoods."
        if self.public_body_id and self.team_id and self.public_body.region_id != self.team.unit.region_id:
            errors["public_body"] = "Choose a public body of the team's region."
        if errors:
            raise ValidationError(errors)
