"""Reads of public services' records: scoping, and the figures of offers' capacity and referrals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from coprod.core.periods import Quarter, recent_quarters
from coprod.engagements.models import Engagement
from coprod.engagements.selectors import team_figures
from coprod.funding.selectors import regions_for_user
from coprod.groups.choices import GroupStatus
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.neighbourhoods.selectors import place_figures_many
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


# Across England in 2010, 69% of groups had few or no dealings with public bodies (DOMAIN.md).
NO_DEALINGS_REFERENCE = Decimal(69)
# Referral sources that are public bodies: a group referred to by one has dealings with it.
PUBLIC_SOURCES = [s for s in ReferralSource.values if s not in (ReferralSource.SELF, ReferralSource.OTHER)]
# How far back a contact or a referral counts as dealings with a public body.
DEALINGS_MONTHS = 12
NO_NEIGHBOURHOOD = "Not in one of the teams' neighbourhoods"


@dataclass
class OfferArea:
    """The offers of a neighbourhood (with its population) or an area of work, and their referrals."""

    label: str
    offers: int = 0
    at_capacity: int = 0
    places_week: int = 0
    population: int | None = None
    received: int = 0
    declined_full: int = 0

    @property
    def places_per_1000(self) -> Decimal | None:
        """Places a week per 1,000 residents, to one decimal place (halves up)."""
        if not self.population:
            return None
        return (Decimal(self.places_week) * 1000 / self.population).quantize(TENTH, rounding=ROUND_HALF_UP)

    @property
    def declined_full_percent(self) -> Decimal | None:
        return share_percent(self.declined_full, self.received)


@dataclass(frozen=True)
class QuarterReferrals:
    label: str
    received: int
    declined_full: int

    @property
    def declined_full_percent(self) -> Decimal | None:
        return share_percent(self.declined_full, self.received)


@dataclass(frozen=True)
class ServicesFigures:
    """The teams' offers, their capacity and referrals, and their groups' dealings with public bodies.

    - capacity: the active offers as they stood at `as_at`; referrals, those counted for periods within
      the period, and by_neighbourhood and by_area the same per neighbourhood (with places per 1,000
      residents) and per area of work (an offer counts in each of its group's areas);
    - trend: referrals and the share declined for want of places, by financial quarter, the last four
      to the period's;
    - groups_linked of groups_active: the teams' active groups that had dealings with a public body in
      the twelve months to the period's end: a contact with them that named a public body, or
      referrals to one of their offers from a public source (not self-referrals or "other");
    - frontline: front-line hours by public body beside the teams' professional hours."""

    capacity: list[OfferCapacity]
    referrals: ReferralFigures
    by_neighbourhood: list[OfferArea]
    by_area: list[OfferArea]
    trend: list[QuarterReferrals]
    groups_active: int
    groups_linked: int
    frontline: FrontlineFigures
    no_dealings_reference: Decimal = NO_DEALINGS_REFERENCE

    @property
    def at_capacity(self) -> int:
        return sum(1 for c in self.capacity if c.at_capacity)

    @property
    def places_week(self) -> int:
        return sum(c.places_week for c in self.capacity)

    @property
    def no_dealings_percent(self) -> Decimal | None:
        """The share of active groups with no dealings with a public body, rounded down."""
        return share_percent(self.groups_active - self.groups_linked, self.groups_active)


def _referrals_by(offers: QuerySet[Offer], key: str, *, start: datetime.date, end: datetime.date) -> dict:
    rows = (
        ReferralCount.objects.filter(
            offer__in=offers.values("pk"), period_start__gte=start, period_end__lte=end
        )
        .order_by()
        .values_list(key)
        .annotate(r=Sum("received"), f=Sum("declined_full"))
        .values_list(key, "r", "f")
    )
    return {k: (r, f) for k, r, f in rows}


def groups_dealing_with_public_bodies(team_ids, *, end: datetime.date) -> tuple[int, int]:
    """(active groups of the teams, those of them with dealings with a public body in the twelve months
    to `end`: ServicesFigures.groups_linked), in one query. The groups met with a body and the groups
    referred to by one are read as two sets (uncorrelated subqueries), not group by group."""
    team_ids = list(team_ids)
    since = end - relativedelta(months=DEALINGS_MONTHS) + datetime.timedelta(days=1)
    met = Engagement.groups.through.objects.filter(
        engagement__team__in=team_ids,
        engagement__date__gte=since,
        engagement__date__lte=end,
        engagement__public_bodies__isnull=False,
    ).values("communitygroup_id")
    referred = ReferralCount.objects.filter(
        offer__group__team__in=team_ids,
        source__in=PUBLIC_SOURCES,
        period_end__gte=since,
        period_start__lte=end,
    ).values("offer__group_id")
    counts = CommunityGroup.objects.filter(team__in=team_ids, status=GroupStatus.ACTIVE).aggregate(
        active=Count("pk"), linked=Count("pk", filter=Q(pk__in=met) | Q(pk__in=referred))
    )
    return counts["active"], counts["linked"]


def services_figures(
    team_ids, *, start: datetime.date, end: datetime.date, as_at: datetime.date
) -> ServicesFigures:
    """ServicesFigures of some teams for a period, in a fixed number of queries."""
    team_ids = list(team_ids)
    offers = Offer.objects.filter(group__team__in=team_ids).select_related("neighbourhood", "group")
    capacity = offer_capacity(offers.filter(active=True), on=as_at)
    hoods = Neighbourhood.objects.filter(team__in=team_ids)
    population: dict[int | None, int | None] = {
        pk: figures.population for pk, figures in place_figures_many(hoods).items()
    }
    names: dict[int | None, str] = dict(hoods.values_list("pk", "name"))
    by_hood: dict[int | None, OfferArea] = {}

    def row_of(hood_id: int | None) -> OfferArea:
        if hood_id not in by_hood:
            by_hood[hood_id] = OfferArea(
                names.get(hood_id, NO_NEIGHBOURHOOD), population=population.get(hood_id)
            )
        return by_hood[hood_id]

    for c in capacity:
        row = row_of(c.offer.neighbourhood_id)
        row.offers += 1
        row.at_capacity += c.at_capacity
        row.places_week += c.places_week
    for hood_id, (received, full) in _referrals_by(
        offers, "offer__neighbourhood", start=start, end=end
    ).items():
        row = row_of(hood_id)
        row.received, row.declined_full = received, full
    areas: dict[str, OfferArea] = {}
    area_of: dict[int, list[str]] = {}
    rows = Offer.objects.filter(pk__in=[c.offer.pk for c in capacity], group__areas_of_work__isnull=False)
    for offer_id, area_name in rows.values_list("pk", "group__areas_of_work__name"):
        area_of.setdefault(offer_id, []).append(area_name)
    for c in capacity:
        for area in area_of.get(c.offer.pk, []):
            row = areas.setdefault(area, OfferArea(area))
            row.offers += 1
            row.at_capacity += c.at_capacity
            row.places_week += c.places_week
    quarters = list(reversed(recent_quarters(end, 4)))
    by_quarter: dict[str, list[int]] = {q.code: [0, 0] for q in quarters}
    # One read of the four quarters: a count's period lies within one quarter (publicservices.rules).
    for period_start, (received, full) in _referrals_by(
        offers, "period_start", start=quarters[0].start, end=quarters[-1].end
    ).items():
        sums = by_quarter[Quarter.containing(period_start).code]
        sums[0], sums[1] = sums[0] + received, sums[1] + full
    trend = [QuarterReferrals(q.label, *by_quarter[q.code]) for q in quarters]
    active, linked = groups_dealing_with_public_bodies(team_ids, end=end)
    return ServicesFigures(
        capacity=capacity,
        referrals=referral_figures(offers, start=start, end=end),
        by_neighbourhood=sorted(by_hood.values(), key=lambda r: (r.label == NO_NEIGHBOURHOOD, r.label)),
        by_area=sorted(areas.values(), key=lambda r: (-r.at_capacity, r.label)),
        trend=trend,
        groups_active=active,
        groups_linked=linked,
        frontline=frontline_figures(team_ids, start=start, end=end),
    )


@dataclass(frozen=True)
class ServicesHeadline:
    """The dashboard's line on public services: offers at capacity, and the period's referrals with the
    share declined for want of places (services_figures' rules, in three queries; groups' dealings
    with public bodies, which reads every group, are on the offers page and in the report)."""

    offers: int
    at_capacity: int
    received: int
    declined_full_percent: Decimal | None


def services_headline(
    team_ids, *, start: datetime.date, end: datetime.date, as_at: datetime.date
) -> ServicesHeadline:
    offers = Offer.objects.filter(group__team__in=list(team_ids))
    capacity = offer_capacity(offers.filter(active=True), on=as_at)
    referrals = referral_figures(offers, start=start, end=end)
    return ServicesHeadline(
        offers=len(capacity),
        at_capacity=sum(1 for c in capacity if c.at_capacity),
        received=referrals.received,
        declined_full_percent=referrals.declined_full_percent,
    )


def services_summary(team_ids, *, start: datetime.date, end: datetime.date, as_at: datetime.date) -> dict:
    """The progress report's "Public services" section, as plain JSON to freeze with it
    (services_figures). Offers are named with their neighbourhood, never their group's name."""
    figures = services_figures(team_ids, start=start, end=end, as_at=as_at)
    referrals, frontline = figures.referrals, figures.frontline

    def share(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    def area(row: OfferArea) -> dict:
        return {
            "label": row.label,
            "offers": row.offers,
            "at_capacity": row.at_capacity,
            "places_week": row.places_week,
            "places_per_1000": share(row.places_per_1000),
            "received": row.received,
            "declined_full_percent": share(row.declined_full_percent),
        }

    return {
        "frontline": [
            {"body": body, "kind": kind, "hours": str(hours)} for body, kind, hours in frontline.by_body
        ],
        "frontline_hours": str(frontline.hours),
        "professional_hours": str(frontline.professional_hours),
        "offers": len(figures.capacity),
        "places_week": figures.places_week,
        "at_capacity": figures.at_capacity,
        "full": [
            {
                "offer": c.offer.name,
                "neighbourhood": c.offer.neighbourhood.name if c.offer.neighbourhood else "",
                "places_week": c.places_week,
                "waiting": c.waiting,
            }
            for c in figures.capacity
            if c.at_capacity
        ],
        "received": referrals.received,
        "accepted": referrals.accepted,
        "declined_full": referrals.declined_full,
        "declined_other": referrals.declined_other,
        "declined_full_percent": share(referrals.declined_full_percent),
        "by_source": referrals.by_source,
        "by_neighbourhood": [area(r) for r in figures.by_neighbourhood],
        "by_area": [area(r) for r in figures.by_area],
        "trend": [
            {
                "label": q.label,
                "received": q.received,
                "declined_full_percent": share(q.declined_full_percent),
            }
            for q in figures.trend
        ],
        "groups_active": figures.groups_active,
        "groups_linked": figures.groups_linked,
        "no_dealings_percent": share(figures.no_dealings_percent),
        "no_dealings_reference": str(figures.no_dealings_reference),
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
