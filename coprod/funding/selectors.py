"""Reads of the 10% ledger: who sees which initiatives, allocations and proposals, and the figures.

Scope: initiatives and allocations belong to a region, proposals to their facilitating team's region.
Every current member of a unit or team reads their region's ledger (managers, directors, workers and
leads alike: it is public money, not personal data); global administrators read every region; nobody
reads another region's. Unit managers (and administrators of the unit) change initiatives and
allocations; the facilitating team's workers and leads, and the unit's managers, change proposals.

The 10% rule lives in TenPercent alone: the pages, the API and the exports all read it from there.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Count, Q, QuerySet, Sum

from coprod.core.periods import Quarter, financial_year_of
from coprod.core.sums import Summable
from coprod.funding.choices import (
    FINAL,
    PIPELINE,
    AllocationState,
    Category,
    ProposalStatus,
)
from coprod.funding.models import Allocation, FundingStream, Proposal, ProposalTransition, RegionalInitiative
from coprod.neighbourhoods.models import Neighbourhood
from coprod.neighbourhoods.selectors import neighbourhood_figures
from coprod.places.models import Region
from coprod.units.choices import Role
from coprod.units.models import CoProductionUnit, Team
from coprod.units.selectors import (
    UserLike,
    current_memberships,
    is_global_administrator,
    is_member,
    own_teams,
    units_for_user,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
TEN_PERCENT = Decimal("0.10")
TEN = Decimal("10")  # the 10% rule as a percentage, the threshold shares are shown beside


# Scoping -------------------------------------------------------------------------------------------


def regions_for_user(user: UserLike) -> QuerySet[Region]:
    """The regions whose ledger a user reads: their units' regions, or every region for global admins."""
    if is_global_administrator(user):
        return Region.objects.all()
    return Region.objects.filter(unit__in=units_for_user(user))


def managed_units(user: UserLike) -> QuerySet[CoProductionUnit]:
    """Units whose money a user may record: as its unit manager or its administrator."""
    if is_global_administrator(user):
        return CoProductionUnit.objects.all()
    memberships = current_memberships(user).filter(
        role__in=[Role.UNIT_MANAGER, Role.ADMINISTRATOR], unit__isnull=False
    )
    return CoProductionUnit.objects.filter(pk__in=memberships.values("unit"))


def regions_managed_by(user: UserLike) -> QuerySet[Region]:
    """Regions whose initiatives and allocations a user may add to and change."""
    if is_global_administrator(user):
        return Region.objects.all()
    return Region.objects.filter(unit__in=managed_units(user))


def proposal_teams_for_user(user: UserLike) -> QuerySet[Team]:
    """Teams whose proposals a user may add and move: their own team, or every team of a unit they manage."""
    return Team.objects.filter(Q(pk__in=own_teams(user).values("pk")) | Q(unit__in=managed_units(user)))


def funding_streams_for_user(user: UserLike) -> QuerySet[FundingStream]:
    return FundingStream.objects.all() if is_member(user) else FundingStream.objects.none()


def initiatives_for_user(user: UserLike) -> QuerySet[RegionalInitiative]:
    return RegionalInitiative.objects.filter(region__in=regions_for_user(user)).select_related(
        "region", "funding_stream"
    )


def allocations_for_user(user: UserLike) -> QuerySet[Allocation]:
    return Allocation.objects.filter(initiative__region__in=regions_for_user(user)).select_related(
        "initiative", "initiative__region", "initiative__funding_stream", "proposal"
    )


def proposals_for_user(user: UserLike) -> QuerySet[Proposal]:
    return Proposal.objects.filter(team__unit__region__in=regions_for_user(user)).select_related(
        "team", "team__unit", "neighbourhood", "initiative"
    )


# The 10% rule --------------------------------------------------------------------------------------


def beside_threshold(
    value: Decimal,
    threshold: Decimal,
    *,
    reaches: bool | None = None,
    places: int = 1,
    most_places: int = 5,
    unit: str = "%",
) -> tuple[Decimal, str]:
    """Round a figure shown beside a threshold without rounding it onto the threshold's wrong side.

    The one rule for every share, ratio or percentage shown beside a threshold: a figure below the
    threshold never reads as at or above it, and a figure at or above it never reads below it.
    `reaches` says which side the figure is on, decided on exact amounts by the caller (for the
    10% rule, TenPercent.meets); by default value >= threshold.

    The figure is rounded half up to `places` decimals. If that lands on the wrong side (9.96 would
    read 10.0 beside 10), it gets as many more decimals as it needs, up to `most_places` (9.96,
    9.995, 9.99999). If even `most_places` would round onto the wrong side, the figure is rounded
    towards its own side at `most_places` decimals (down when below, up when at or above), and the
    label says so in words: "just under 10%" or "just over 10%".

    Returns (figure, label): the figure as a Decimal for CSV and JSON, the label for the pages,
    e.g. (Decimal("12.3"), "12.3%") or (Decimal("9.99999"), "just under 10%").
    """
    if reaches is None:
        reaches = value >= threshold
    for decimals in range(places, most_places + 1):
        shown = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if (shown >= threshold) == reaches:
            return shown, f"{shown}{unit}"
    towards_own_side = ROUND_CEILING if reaches else ROUND_FLOOR
    shown = value.quantize(Decimal(1).scaleb(-most_places), rounding=towards_own_side)
    return shown, f"just {'over' if reaches else 'under'} {threshold:f}{unit}"


@dataclass(frozen=True)
class TenPercent(Summable):
    """Where a budget stands against the 10% rule.

    share = (capacity building + community-proposed) ÷ budget, as a percentage. It meets the rule
    when that is at least 10%, compared exactly, never on a rounded figure. The shortfall is what
    more capacity building or community-proposed money would bring it to 10%: 10% of the budget,
    rounded up to the penny, less what qualifies, and never below zero. Committed and spent add up
    to everything allocated; both count towards the 10%. The share is shown (share_shown,
    share_label) through beside_threshold, so it never reads as 10% when it is below, nor below 10%
    when it meets the rule.
    """

    budget: Decimal = ZERO
    capacity_building: Decimal = ZERO
    community_proposed: Decimal = ZERO
    other: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    initiatives: int = 0

    @property
    def qualifying(self) -> Decimal:
        return self.capacity_building + self.community_proposed

    @property
    def allocated(self) -> Decimal:
        return self.qualifying + self.other

    @property
    def target(self) -> Decimal:
        return (self.budget * TEN_PERCENT).quantize(PENNY, rounding=ROUND_CEILING)

    @property
    def share(self) -> Decimal | None:
        """The exact percentage; round it only to show it (share_shown, share_label)."""
        if self.budget <= 0:
            return None
        return self.qualifying * 100 / self.budget

    def _shown(self) -> tuple[Decimal, str] | None:
        share = self.share
        return None if share is None else beside_threshold(share, TEN, reaches=self.meets)

    @property
    def share_shown(self) -> Decimal | None:
        """The share to show, as a Decimal (CSV, JSON, reporting): one decimal, or more where one
        decimal would put it on the wrong side of 10% (beside_threshold)."""
        shown = self._shown()
        return None if shown is None else shown[0]

    @property
    def share_label(self) -> str | None:
        """The share as the pages show it: "12.3%", "9.99999%" or "just under 10%" (beside_threshold)."""
        shown = self._shown()
        return None if shown is None else shown[1]

    @property
    def meets(self) -> bool | None:
        if self.budget <= 0:
            return None
        return self.qualifying * 10 >= self.budget

    @property
    def shortfall(self) -> Decimal:
        return max(ZERO, self.target - self.qualifying)

    def as_json(self) -> dict:
        """Money as strings of pounds and pence, so no reader turns it into a float on the way."""
        return {
            "budget": str(self.budget),
            "capacity_building": str(self.capacity_building),
            "community_proposed": str(self.community_proposed),
            "qualifying": str(self.qualifying),
            "other": str(self.other),
            "allocated": str(self.allocated),
            "committed": str(self.committed),
            "spent": str(self.spent),
            "share_percent": None if self.share_shown is None else str(self.share_shown),
            "share_label": self.share_label,
            "meets_ten_percent": self.meets,
            "shortfall": str(self.shortfall),
        }


def _total(value) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(PENNY)


class LedgerSums(TypedDict):
    """What with_ledger_sums adds to each initiative: None where no allocation counts."""

    sum_capacity_building: Decimal | None
    sum_community_proposed: Decimal | None
    sum_other: Decimal | None
    sum_committed: Decimal | None
    sum_spent: Decimal | None


def with_ledger_sums(
    initiatives: QuerySet[RegionalInitiative],
) -> QuerySet[WithAnnotations[RegionalInitiative, LedgerSums]]:
    """Annotate each initiative with its allocation sums by category and by state, in one query."""
    amount = "allocations__amount"
    return initiatives.annotate(
        sum_capacity_building=Sum(amount, filter=Q(allocations__category=Category.CAPACITY_BUILDING)),
        sum_community_proposed=Sum(amount, filter=Q(allocations__category=Category.COMMUNITY_PROPOSED)),
        sum_other=Sum(amount, filter=Q(allocations__category=Category.OTHER)),
        sum_committed=Sum(amount, filter=Q(allocations__state=AllocationState.COMMITTED)),
        sum_spent=Sum(amount, filter=Q(allocations__state=AllocationState.SPENT)),
    )


def position_of(initiative: RegionalInitiative) -> TenPercent:
    """One initiative's position; reads the sums with_ledger_sums added, or fetches them."""
    summed: WithAnnotations[RegionalInitiative, LedgerSums]
    if hasattr(initiative, "sum_capacity_building"):
        summed = cast("WithAnnotations[RegionalInitiative, LedgerSums]", initiative)
    else:
        summed = with_ledger_sums(RegionalInitiative.objects.filter(pk=initiative.pk)).get()
    return TenPercent(
        budget=_total(summed.capital) + _total(summed.revenue),
        capacity_building=_total(summed.sum_capacity_building),
        community_proposed=_total(summed.sum_community_proposed),
        other=_total(summed.sum_other),
        committed=_total(summed.sum_committed),
        spent=_total(summed.sum_spent),
        initiatives=1,
    )


def financial_year(day: datetime.date) -> str:
    """The UK financial year a day falls in, written 2026-27."""
    first = financial_year_of(day)
    return f"{first}-{(first + 1) % 100:02d}"


BREAKDOWNS = {
    "initiative": "Initiative",
    "region": "Region",
    "stream": "Funding stream",
    "period": "Period (financial year the initiative starts)",
}


@dataclass(frozen=True)
class LedgerRow:
    key: str
    label: str
    position: TenPercent


def _key(initiative: RegionalInitiative, by: str) -> tuple[str, str]:
    if by == "initiative":
        return initiative.slug, initiative.title
    if by == "region":
        return initiative.region.code, initiative.region.name
    if by == "stream":
        return initiative.funding_stream.slug, initiative.funding_stream.name
    year = financial_year(initiative.start)
    return year, year


def ledger(initiatives: QuerySet[RegionalInitiative], *, by: str) -> list[LedgerRow]:
    """The 10% position per initiative, region, funding stream or period, sorted by label."""
    if by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {', '.join(BREAKDOWNS)}")
    rows: dict[str, LedgerRow] = {}
    for initiative in with_ledger_sums(initiatives.select_related("region", "funding_stream")):
        key, label = _key(initiative, by)
        earlier = rows.get(key)
        position = position_of(initiative)
        rows[key] = LedgerRow(key, label, earlier.position + position if earlier else position)
    return sorted(rows.values(), key=lambda r: (r.label, r.key))


def ledger_total(rows: Iterable[LedgerRow]) -> TenPercent:
    return sum((r.position for r in rows), TenPercent())


def below_ten_percent(rows: Iterable[LedgerRow]) -> list[LedgerRow]:
    """Rows short of 10%, largest shortfall first."""
    return sorted(
        (r for r in rows if r.position.meets is False), key=lambda r: (-r.position.shortfall, r.label)
    )


def capacity_building_by_financial_year(region: Region, years: Iterable[int]) -> dict[int, Decimal]:
    """What a region's initiatives allocated to community capacity building in each financial year
    (named by the year it starts in: 2021 is 2021/22), committed and spent alike; £0.00 for a year
    with none."""
    wanted = sorted(set(years))
    totals = dict.fromkeys(wanted, ZERO)
    if not wanted:
        return totals
    allocations = Allocation.objects.filter(
        initiative__region=region,
        category=Category.CAPACITY_BUILDING,
        date__gte=Quarter(wanted[0], 1).start,
        date__lte=Quarter(wanted[-1], 4).end,
    ).order_by()
    for day, amount in allocations.values_list("date", "amount"):
        year = financial_year_of(day)
        if year in totals:
            totals[year] += amount
    return totals


# Per-head context ----------------------------------------------------------------------------------


def per_head(amount: Decimal, population: int | None) -> Decimal | None:
    if not population:
        return None
    return (amount / population).quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class NeighbourhoodShare:
    neighbourhood: Neighbourhood
    amount: Decimal
    population: int | None
    per_head: Decimal | None


@dataclass(frozen=True)
class PerHeadContext:
    """Allocations per resident of the neighbourhoods that benefit, beside the region's average.

    An allocation shared by several neighbourhoods counts in full for each of them (each benefits);
    in the total it counts once. The region's average is every allocation in the region naming any
    of its neighbourhoods, per resident of all the region's neighbourhoods whose population is known.
    """

    rows: list[NeighbourhoodShare] = field(default_factory=list)
    amount: Decimal = ZERO
    population: int | None = None
    per_head: Decimal | None = None
    region_amount: Decimal = ZERO
    region_population: int | None = None
    region_per_head: Decimal | None = None


def _benefiting_sum(allocations: QuerySet[Allocation]) -> Decimal:
    named = Allocation.objects.filter(
        pk__in=allocations.filter(neighbourhoods__isnull=False).values("pk")
    ).order_by()
    return _total(named.aggregate(s=Sum("amount"))["s"])


def _population(neighbourhoods: Iterable[Neighbourhood]) -> int | None:
    figures = [neighbourhood_figures(n).population for n in neighbourhoods]
    known = [p for p in figures if p]
    return sum(known) if known else None


def per_head_context(allocations: QuerySet[Allocation], *, region: Region) -> PerHeadContext:
    """Per-head figures for some allocations (already scoped) against their region's average."""
    by_hood = (
        allocations.order_by()
        .filter(neighbourhoods__isnull=False)
        .values("neighbourhoods")
        .annotate(s=Sum("amount"))
    )
    sums = {row["neighbourhoods"]: _total(row["s"]) for row in by_hood}
    rows = []
    for hood in Neighbourhood.objects.filter(pk__in=sums).order_by("name"):
        population = neighbourhood_figures(hood).population
        rows.append(NeighbourhoodShare(hood, sums[hood.pk], population, per_head(sums[hood.pk], population)))
    amount = _benefiting_sum(allocations)
    population = sum(r.population for r in rows if r.population) or None
    region_allocations = Allocation.objects.filter(initiative__region=region)
    region_amount = _benefiting_sum(region_allocations)
    region_population = _population(Neighbourhood.objects.filter(team__unit__region=region))
    return PerHeadContext(
        rows=rows,
        amount=amount,
        population=population,
        per_head=per_head(amount, population),
        region_amount=region_amount,
        region_population=region_population,
        region_per_head=per_head(region_amount, region_population),
    )


# The pipeline --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageRow:
    """Proposals at one stage now, what they seek and have won, and how long a stage takes.

    Days in a stage are measured over proposals that have left it: from the day they moved in to
    the day they moved on. Final stages have no duration.
    """

    status: str
    label: str
    count: int
    sought: Decimal
    won: Decimal
    left: int
    average_days: Decimal | None
    median_days: Decimal | None


def stage_days(proposals: QuerySet[Proposal]) -> dict[str, list[int]]:
    """Days each proposal spent in each stage it has left, from the dated transitions."""
    days: dict[str, list[int]] = defaultdict(list)
    previous = None
    transitions = ProposalTransition.objects.filter(proposal__in=proposals.values("pk")).order_by(
        "proposal", "on", "pk"
    )
    for t in transitions.values("proposal_id", "to_status", "on"):
        if previous is not None and previous["proposal_id"] == t["proposal_id"]:
            days[previous["to_status"]].append((t["on"] - previous["on"]).days)
        previous = t
    return days


def pipeline(proposals: QuerySet[Proposal]) -> list[StageRow]:
    """Every stage in pipeline order, then declined and withdrawn, with counts, sums and durations."""
    counts = {
        row["status"]: row
        for row in proposals.order_by().values("status").annotate(n=Count("pk"), sought=Sum("amount_sought"))
    }
    won = {
        row["proposal__status"]: _total(row["s"])
        for row in Allocation.objects.filter(proposal__in=proposals.values("pk"))
        .order_by()
        .values("proposal__status")
        .annotate(s=Sum("amount"))
    }
    days = stage_days(proposals)
    order = [*PIPELINE, ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN]
    rows = []
    for status in order:
        spent = days.get(status, [])
        average = median = None
        if spent and status not in FINAL:
            average = (Decimal(sum(spent)) / len(spent)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            median = Decimal(str(statistics.median(spent))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        row = counts.get(status, {})
        rows.append(
            StageRow(
                status=status,
                label=ProposalStatus(status).label,
                count=row.get("n", 0),
                sought=_total(row.get("sought")),
                won=won.get(status, ZERO),
                left=len(spent),
                average_days=average,
                median_days=median,
            )
        )
    return rows
