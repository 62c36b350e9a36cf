"""Reads of public services' records: scoping, and the figures of offers' capacity and referrals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum

from coprod.engagements.selectors import team_figures
from coprod.funding.selectors import regions_for_user
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.choices import BodyKind
from coprod.places.models import PublicBody
from coprod.publicservices.choices import ReferralSource
from coprod.publicservices.models import CapacityReading, FrontlineHours, Offer, ReferralCount
from coprod.publicservices.rules import at_capacity, places_available, share_percent
from coprod.units.selectors import UserLike, led_teams, own_teams, teams_for_user


def public_bodies_for_user(user: UserLike) -> QuerySet[PublicBody]:
    """Public bodies of the regions the user reads (as the region's money is read)."""
    return PublicBody.objects.filter(region__in=regions_for_user(user)).select_related("region")


def frontline_hours_for_user(user: UserLike) -> QuerySet[FrontlineHours]:
    """Front-line hours recorded by the teams the user reaches."""
    return FrontlineHours.objects.filter(team__in=teams_for_user(user)).select_related(
        "team", "public_body", "neighbourhood"
    )


def own_neighbourhoods(user: UserLike) -> QuerySet[Neighbourhood]:
    """Neighbourhoods of the user's own teams: those they record front-line hours in."""
    return Neighbourhood.objects.filter(team__in=own_teams(user))


def offers_for_user(user: UserLike) -> QuerySet[Offer]:
    """Offers of the groups of the teams the user reaches (as the directory is reached)."""
    return Offer.objects.filter(group__team__in=teams_for_user(user)).select_related(
        "group", "group__team", "neighbourhood"
    )


def with_latest_reading(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """Offers with their latest capacity reading's places filled and people waiting (latest_filled,
    latest_waiting; None with no reading), read in the same query."""
    latest = CapacityReading.objects.filter(offer=OuterRef("pk")).order_by("-on", "-pk")
    return offers.annotate(
        latest_filled=Subquery(latest.values("places_filled")[:1]),
        latest_waiting=Subquery(latest.values("waiting_list")[:1]),
    )


def with_quarter_referrals(offers: QuerySet[Offer], quarter) -> QuerySet[Offer]:
    """Offers with the referrals counted for periods within a financial quarter (quarter_received,
    quarter_declined_full), summed in the same query as referral_figures sums them."""
    within = Q(referrals__period_start__gte=quarter.start, referrals__period_end__lte=quarter.end)
    return offers.annotate(
        quarter_received=Sum("referrals__received", filter=within, default=0),
        quarter_declined_full=Sum("referrals__declined_full", filter=within, default=0),
    )


def capacity_readings_for_user(user: UserLike) -> QuerySet[CapacityReading]:
    return CapacityReading.objects.filter(offer__in=offers_for_user(user)).select_related("offer")


def referral_counts_for_user(user: UserLike) -> QuerySet[ReferralCount]:
    return ReferralCount.objects.filter(offer__in=offers_for_user(user)).select_related("offer")


def offer_groups_for_user(user: UserLike) -> QuerySet[CommunityGroup]:
    """Groups the user may record offers for: those of the teams they lead."""
    return CommunityGroup.objects.filter(team__in=led_teams(user))


def offers_led_by(user: UserLike) -> QuerySet[Offer]:
    """Offers the user may record capacity and referrals for: those of the teams they lead."""
    return Offer.objects.filter(group__team__in=led_teams(user))


@dataclass(frozen=True)
class OfferCapacity:
    """An offer's places a week beside its latest capacity reading."""

    offer: Offer
    places_week: int
    filled: int | None
    waiting: int | None
    read_on: datetime.date | None
    recorded_at: datetime.datetime | None = None  # when the reading was last saved

    @property
    def at_capacity(self) -> bool:
        if self.filled is None or self.waiting is None:
            return False
        return at_capacity(places_week=self.places_week, filled=self.filled, waiting=self.waiting)

    @property
    def available(self) -> int | None:
        """Places free a week by the latest reading (none once at capacity); None with no reading."""
        if self.filled is None or self.waiting is None:
            return None
        return places_available(places_week=self.places_week, filled=self.filled, waiting=self.waiting)


def offer_capacity(offers: QuerySet[Offer], *, on: datetime.date) -> list[OfferCapacity]:
    """Each offer with its latest reading on or before a day, in two queries; at capacity first."""
    latest: dict[int, tuple[int, int, datetime.date, datetime.datetime]] = {}
    readings = CapacityReading.objects.filter(offer__in=offers.values("pk"), on__lte=on).order_by("on", "pk")
    for offer_id, filled, waiting, read_on, saved in readings.values_list(
        "offer", "places_filled", "waiting_list", "on", "updated_at"
    ):
        latest[offer_id] = (filled, waiting, read_on, saved)  # the latest comes last
    found = []
    for offer in offers:
        reading = latest.get(offer.pk)
        if reading is None:
            found.append(OfferCapacity(offer, offer.places_week, None, None, None))
        else:
            found.append(OfferCapacity(offer, offer.places_week, *reading))
    return sorted(found, key=lambda c: (not c.at_capacity, c.offer.name, c.offer.pk))


@dataclass(frozen=True)
class ReferralFigures:
    """Referrals received by a set of offers over a period, and what became of them."""

    received: int = 0
    accepted: int = 0
    declined_full: int = 0
    declined_other: int = 0
    by_source: dict[str, int] = field(default_factory=dict)

    @property
    def declined_full_percent(self) -> Decimal | None:
        """The share declined because the offer was full, rounded down to one decimal place."""
        return share_percent(self.declined_full, self.received)


def referral_figures(offers: QuerySet[Offer], *, start: datetime.date, end: datetime.date) -> ReferralFigures:
    """Referrals counted for periods that lie within start to end, in one query."""
    rows = (
        ReferralCount.objects.filter(
            offer__in=offers.values("pk"), period_start__gte=start, period_end__lte=end
        )
        .order_by()
        .values_list("source")
        .annotate(r=Sum("received"), a=Sum("accepted"), f=Sum("declined_full"), o=Sum("declined_other"))
        .values_list("source", "r", "a", "f", "o")
    )
    totals = [0, 0, 0, 0]
    by_source: dict[str, int] = {}
    labels = dict(ReferralSource.choices)
    for source, *counts in rows:
        by_source[str(labels.get(source, source))] = counts[0]
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
    received, accepted, declined_full, declined_other = totals
    return ReferralFigures(received, accepted, declined_full, declined_other, by_source=by_source)


def services_summary(team_ids, *, start: datetime.date, end: datetime.date, as_at: datetime.date) -> dict:
    """The progress report's "Public services" section, as plain JSON to freeze with it: the teams'
    active offers and those at capacity as they stood at `as_at`, the referrals counted for periods
    within start to end, and the front-line hours by public body beside the teams' professional hours.
    Offers are named with their neighbourhood, never their group's name."""
    offers = Offer.objects.filter(group__team__in=team_ids).select_related("neighbourhood")
    capacity = offer_capacity(offers.filter(active=True), on=as_at)
    referrals = referral_figures(offers, start=start, end=end)
    full = [c for c in capacity if c.at_capacity]
    share = referrals.declined_full_percent
    frontline = frontline_figures(team_ids, start=start, end=end)
    return {
        "frontline": [
            {"body": body, "kind": kind, "hours": str(hours)} for body, kind, hours in frontline.by_body
        ],
        "frontline_hours": str(frontline.hours),
        "professional_hours": str(frontline.professional_hours),
        "offers": len(capacity),
        "places_week": sum(c.places_week for c in capacity),
        "at_capacity": len(full),
        "full": [
            {
                "offer": c.offer.name,
                "neighbourhood": c.offer.neighbourhood.name if c.offer.neighbourhood else "",
                "places_week": c.places_week,
                "waiting": c.waiting,
            }
            for c in full
        ],
        "received": referrals.received,
        "accepted": referrals.accepted,
        "declined_full": referrals.declined_full,
        "declined_other": referrals.declined_other,
        "declined_full_percent": None if share is None else str(share),
        "by_source": referrals.by_source,
    }


TENTH = Decimal("0.1")  # hours are recorded to one decimal place; SQLite's sums drop the place


@dataclass(frozen=True)
class FrontlineFigures:
    """Front-line workers' hours with community groups over a period, by public body, beside the
    teams' own professional hours (which they never enter)."""

    by_body: list[tuple[str, str, Decimal]]  # (body, kind, hours), most hours first
    hours: Decimal
    professional_hours: Decimal


def frontline_figures(team_ids, *, start: datetime.date, end: datetime.date) -> FrontlineFigures:
    """Hours counted for periods within start to end, by body, in one query, with the teams'
    professional hours from the engagement log's figures."""
    rows = (
        FrontlineHours.objects.filter(team__in=team_ids, period_start__gte=start, period_end__lte=end)
        .order_by()
        .values_list("public_body__name", "public_body__kind")
        .annotate(h=Sum("hours"))
        .values_list("public_body__name", "public_body__kind", "h")
    )
    labels = dict(BodyKind.choices)
    by_body = sorted(
        ((name, str(labels[kind]), Decimal(hours).quantize(TENTH)) for name, kind, hours in rows),
        key=lambda r: (-r[2], r[0]),
    )
    team_ids = list(team_ids)
    ratio = team_figures(team_ids, by=None, start=start, end=end).ratios.get(None) if team_ids else None
    return FrontlineFigures(
        by_body=by_body,
        hours=sum((h for _, _, h in by_body), Decimal("0.0")),
        professional_hours=ratio.professional_hours if ratio is not None else Decimal("0.0"),
    )
