"""Reads of long-term resources: who sees which region's records, and their figures (the growth
dividend and its index beside the funding's, the savings from reduced demand, and local opportunity),
each computed in one place for pages, API, reports and demo.

Scope follows the 10% ledger (funding.selectors): every current member of a region's unit reads its
records (managers and directors alike: public money and public statistics, no personal data), global
administrators read every region, nobody reads another region's; the region's unit managers write.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from coprod.core.periods import financial_year_label
from coprod.core.sums import Summable
from coprod.funding.models import RegionalInitiative
from coprod.funding.selectors import beside_threshold, capacity_building_by_financial_year, regions_for_user
from coprod.neighbourhoods.selectors import neighbourhoods_for_user
from coprod.places.models import Region
from coprod.resources.models import (
    GrowthDividendRule,
    LevyReceipt,
    LocalOpportunity,
    RegionalGva,
    Remittance,
    RemittanceAgreement,
    SavingsClaim,
    UnitCost,
)
from coprod.units.selectors import UserLike

PENNY = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal("0.00")


def to_penny(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def pounds(value: Decimal) -> str:
    """£1,000,000.00; a negative amount as -£2.50."""
    return f"{'-' if value < 0 else ''}£{abs(value):,.2f}"


def plain_number(value: Decimal) -> str:
    """56,483 for a whole number, 56,483.5 otherwise: as the ONS tables write it."""
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def percent(value: Decimal) -> str:
    return f"{plain_number(value)}%"


# Scoping -------------------------------------------------------------------------------------------


def gva_for_user(user: UserLike) -> QuerySet[RegionalGva]:
    return RegionalGva.objects.filter(region__in=regions_for_user(user)).select_related("region")


def growth_rules_for_user(user: UserLike) -> QuerySet[GrowthDividendRule]:
    return GrowthDividendRule.objects.filter(region__in=regions_for_user(user)).select_related("region")


def unit_costs_for_user(user: UserLike) -> QuerySet[UnitCost]:
    return UnitCost.objects.filter(region__in=regions_for_user(user)).select_related("region")


def remittance_agreements_for_user(user: UserLike) -> QuerySet[RemittanceAgreement]:
    return RemittanceAgreement.objects.filter(region__in=regions_for_user(user)).select_related("region")


def savings_claims_for_user(user: UserLike) -> QuerySet[SavingsClaim]:
    return SavingsClaim.objects.filter(region__in=regions_for_user(user)).select_related(
        "region", "unit_cost", "remittance_agreement", "neighbourhood", "approved_by"
    )


ANOTHER_TEAMS_NEIGHBOURHOOD = "a neighbourhood of another team"


def reached_neighbourhoods(user: UserLike) -> set[int]:
    """The ids of the neighbourhoods the reader reaches (their teams'): a region's records are read by
    every member of the region, but a neighbourhood is its team's, so another team's is not named."""
    return set(neighbourhoods_for_user(user).values_list("pk", flat=True))


def claim_neighbourhood_name(claim: SavingsClaim, reached: set[int]) -> str:
    """The claim's neighbourhood as this reader may see it: its name, or that it is another team's."""
    hood = claim.neighbourhood
    if hood is None:
        return ""
    return hood.name if hood.pk in reached else ANOTHER_TEAMS_NEIGHBOURHOOD


def levy_receipts_for_user(user: UserLike) -> QuerySet[LevyReceipt]:
    return LevyReceipt.objects.filter(initiative__region__in=regions_for_user(user)).select_related(
        "initiative", "initiative__region", "allocation"
    )


def remittances_for_user(user: UserLike) -> QuerySet[Remittance]:
    return (
        Remittance.objects.filter(initiative__region__in=regions_for_user(user))
        .select_related("initiative", "initiative__region", "agreement", "allocation")
        .prefetch_related("claims", "claims__unit_cost", "claims__remittance_agreement")
    )


def local_opportunities_for_user(user: UserLike) -> QuerySet[LocalOpportunity]:
    return LocalOpportunity.objects.filter(initiative__region__in=regions_for_user(user)).select_related(
        "initiative", "initiative__region"
    )


# The growth dividend -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrowthDividend:
    """What a growth dividend rule makes due in one year, beside what the 10% ledger allocated.

    due = base funding × GVA(year) ÷ GVA(base year), rounded to the penny half up, with both GVA
    figures on the rule's price basis. GVA years are calendar years; the allocation beside year Y is
    what the region's initiatives allocated to community capacity building in financial year Y/Y+1,
    the first that starts in it. gap = due − allocated: what is still to find (negative when more
    was allocated than the rule asks).
    """

    year: int
    base_year: int
    prices: str
    base_funding: Decimal
    base_gva: Decimal
    gva: Decimal
    due: Decimal
    allocated: Decimal

    @property
    def gap(self) -> Decimal:
        return self.due - self.allocated

    @property
    def gva_shown(self) -> str:
        return plain_number(self.gva)

    @property
    def financial_year(self) -> str:
        return financial_year_label(self.year)

    @property
    def formula(self) -> str:
        """ "£1,000,000.00 × 56,483 / 56,008", for pages to show beside the figure."""
        return f"{pounds(self.base_funding)} × {plain_number(self.gva)} / {plain_number(self.base_gva)}"

    def as_json(self) -> dict:
        """Money as strings of pounds and pence, so no reader turns it into a float on the way."""
        return {
            "year": self.year,
            "financial_year": self.financial_year,
            "prices": self.prices,
            "base_year": self.base_year,
            "base_funding": str(self.base_funding),
            "base_gva": str(self.base_gva),
            "gva": str(self.gva),
            "due": str(self.due),
            "allocated": str(self.allocated),
            "gap": str(self.gap),
            "formula": self.formula,
        }


def _gva_series(rule: GrowthDividendRule) -> dict[int, Decimal]:
    return dict(
        RegionalGva.objects.filter(region_id=rule.region_id, prices=rule.prices).values_list("year", "value")
    )


def growth_dividends(rule: GrowthDividendRule) -> list[GrowthDividend]:
    """The dividend due in the base year and every later year with GVA, oldest first; none when the
    base year's GVA has not been imported (or is not above zero, which no region's total is)."""
    series = _gva_series(rule)
    base_gva = series.get(rule.base_year)
    if base_gva is None or base_gva <= 0:
        return []
    years = sorted(y for y in series if y >= rule.base_year)
    allocated = capacity_building_by_financial_year(rule.region, years)
    return [
        GrowthDividend(
            year=year,
            base_year=rule.base_year,
            prices=rule.prices,
            base_funding=rule.base_funding,
            base_gva=base_gva,
            gva=series[year],
            due=to_penny(rule.base_funding * series[year] / base_gva),
            allocated=allocated[year],
        )
        for year in years
    ]


def growth_dividend(rule: GrowthDividendRule, year: int) -> GrowthDividend | None:
    """The dividend due in one year, or None when that year's or the base year's GVA is missing."""
    return next((d for d in growth_dividends(rule) if d.year == year), None)


@dataclass(frozen=True)
class GrowthIndex:
    """One year of a rule's two indices, base year = 100, for the chart beside the dividend table.

    gva_index = GVA(year) ÷ GVA(base year) × 100; funding_index = allocated ÷ base funding × 100,
    where allocated is what the 10% ledger put into capacity building in financial year Y/Y+1. When
    the funding index is below the GVA index, capacity-building funding has not kept up with the
    economy. Each is shown through beside_threshold beside 100, so an index just under its base year's
    never reads as 100.
    """

    year: int
    gva_index: Decimal
    funding_index: Decimal

    @property
    def gva_label(self) -> str:
        return beside_threshold(self.gva_index, HUNDRED, unit="")[1]

    @property
    def funding_label(self) -> str:
        return beside_threshold(self.funding_index, HUNDRED, unit="")[1]

    @property
    def gva_shown(self) -> Decimal:
        return beside_threshold(self.gva_index, HUNDRED, unit="")[0]

    @property
    def funding_shown(self) -> Decimal:
        return beside_threshold(self.funding_index, HUNDRED, unit="")[0]


def growth_indices(dividends: Iterable[GrowthDividend]) -> list[GrowthIndex]:
    """The GVA and funding indices of a rule's dividends (growth_dividends), oldest first."""
    return [
        GrowthIndex(
            year=d.year,
            gva_index=d.gva * HUNDRED / d.base_gva,
            funding_index=d.allocated * HUNDRED / d.base_funding,
        )
        for d in dividends
    ]


# Savings from reduced demand -----------------------------------------------------------------------


@dataclass(frozen=True)
class Savings:
    """The social-value arithmetic of a savings claim.

    gross = quantity × unit cost; net = gross × attribution × (1 − deadweight); remitted = net ×
    the agreement's share. Each step is rounded to the penny half up and the next step starts from
    the rounded figure, so the formula shown beside each figure can be checked by hand. remitted is
    None when the claim names no remittance agreement.
    """

    quantity: Decimal
    unit: str
    unit_cost: Decimal
    attribution: Decimal
    deadweight: Decimal
    share: Decimal | None
    gross: Decimal
    net: Decimal
    remitted: Decimal | None

    @property
    def gross_formula(self) -> str:
        return f"{plain_number(self.quantity)} × {pounds(self.unit_cost)}"

    @property
    def net_formula(self) -> str:
        return f"{pounds(self.gross)} × {percent(self.attribution)} × (1 − {percent(self.deadweight)})"

    @property
    def remitted_formula(self) -> str | None:
        if self.share is None:
            return None
        return f"{pounds(self.net)} × {percent(self.share)}"

    def as_json(self) -> dict:
        return {
            "gross": str(self.gross),
            "net": str(self.net),
            "remitted": None if self.remitted is None else str(self.remitted),
            "gross_formula": self.gross_formula,
            "net_formula": self.net_formula,
            "remitted_formula": self.remitted_formula,
        }


def savings_of(claim: SavingsClaim) -> Savings:
    cost = claim.unit_cost.cost
    gross = to_penny(claim.quantity * cost)
    net = to_penny(gross * claim.attribution / HUNDRED * (1 - claim.deadweight / HUNDRED))
    agreement = claim.remittance_agreement
    share = None if agreement is None else agreement.share
    return Savings(
        quantity=claim.quantity,
        unit=claim.unit_cost.unit,
        unit_cost=cost,
        attribution=claim.attribution,
        deadweight=claim.deadweight,
        share=share,
        gross=gross,
        net=net,
        remitted=None if share is None else to_penny(net * share / HUNDRED),
    )


# Local opportunity ---------------------------------------------------------------------------------


def _share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part ÷ whole × 100, exact; None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def _label(part: Decimal | int, whole: Decimal | int) -> str | None:
    """The share as pages show it: beside 100%, so a share short of all never reads as 100%."""
    share = _share(part, whole)
    if share is None:
        return None
    return beside_threshold(share, HUNDRED, reaches=part >= whole)[1]


def _shown(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    share = _share(part, whole)
    if share is None:
        return None
    return beside_threshold(share, HUNDRED, reaches=part >= whole)[0]


@dataclass(frozen=True)
class LocalOpportunityFigures(Summable):
    """What initiatives ring-fenced for residents of priority neighbourhoods, and how much was taken up.

    jobs filled share = jobs filled ÷ jobs offered × 100, and likewise for placements; local spend
    share = spend with local social enterprises and community businesses ÷ total spend × 100. Shares
    are exact and None when nothing was offered or spent; they are shown (…_label, …_shown) through
    funding.selectors.beside_threshold beside 100%, so a share short of all never reads as 100%.
    Figures add: a region's are the sums of its initiatives' counts and pounds, not an average of
    their shares.
    """

    jobs_offered: int = 0
    jobs_filled: int = 0
    placements_offered: int = 0
    placements_filled: int = 0
    local_spend: Decimal = ZERO
    total_spend: Decimal = ZERO
    records: int = 0

    @property
    def jobs_share(self) -> Decimal | None:
        return _share(self.jobs_filled, self.jobs_offered)

    @property
    def jobs_label(self) -> str | None:
        return _label(self.jobs_filled, self.jobs_offered)

    @property
    def jobs_formula(self) -> str:
        return f"{self.jobs_filled:,} ÷ {self.jobs_offered:,} × 100"

    @property
    def placements_share(self) -> Decimal | None:
        return _share(self.placements_filled, self.placements_offered)

    @property
    def placements_label(self) -> str | None:
        return _label(self.placements_filled, self.placements_offered)

    @property
    def placements_formula(self) -> str:
        return f"{self.placements_filled:,} ÷ {self.placements_offered:,} × 100"

    @property
    def spend_share(self) -> Decimal | None:
        return _share(self.local_spend, self.total_spend)

    @property
    def spend_label(self) -> str | None:
        return _label(self.local_spend, self.total_spend)

    @property
    def spend_formula(self) -> str:
        return f"{pounds(self.local_spend)} ÷ {pounds(self.total_spend)} × 100"

    def as_json(self) -> dict:
        def shown(part: Decimal | int, whole: Decimal | int) -> str | None:
            value = _shown(part, whole)
            return None if value is None else str(value)

        return {
            "jobs_offered": self.jobs_offered,
            "jobs_filled": self.jobs_filled,
            "jobs_filled_percent": shown(self.jobs_filled, self.jobs_offered),
            "jobs_formula": self.jobs_formula,
            "placements_offered": self.placements_offered,
            "placements_filled": self.placements_filled,
            "placements_filled_percent": shown(self.placements_filled, self.placements_offered),
            "placements_formula": self.placements_formula,
            "local_spend": str(self.local_spend),
            "total_spend": str(self.total_spend),
            "local_spend_percent": shown(self.local_spend, self.total_spend),
            "spend_formula": self.spend_formula,
        }


def local_opportunity_figures(records: Iterable[LocalOpportunity]) -> LocalOpportunityFigures:
    """The figures of some local opportunity records, summed."""
    return sum(
        (
            LocalOpportunityFigures(
                jobs_offered=r.jobs_offered,
                jobs_filled=r.jobs_filled,
                placements_offered=r.placements_offered,
                placements_filled=r.placements_filled,
                local_spend=r.local_spend,
                total_spend=r.total_spend,
                records=1,
            )
            for r in records
        ),
        LocalOpportunityFigures(),
    )


def local_opportunity_by_initiative(
    records: Iterable[LocalOpportunity],
) -> list[tuple[RegionalInitiative, LocalOpportunityFigures]]:
    """Each initiative's figures, summed over its records, by initiative title."""
    by_initiative: dict[int, tuple[RegionalInitiative, list[LocalOpportunity]]] = {}
    for record in records:
        by_initiative.setdefault(record.initiative_id, (record.initiative, []))[1].append(record)
    rows = [(initiative, local_opportunity_figures(rs)) for initiative, rs in by_initiative.values()]
    return sorted(rows, key=lambda row: (row[0].title, row[0].pk))


# The progress report's section ---------------------------------------------------------------------


def long_haul(region: Region, *, start: datetime.date, end: datetime.date) -> dict:
    """The report's "Resources for the long haul", as plain JSON (money as strings) to freeze with it:
    each growth dividend rule's latest GVA year, the region's savings claims' totals, and the levy
    receipts and remittances dated in the period (start to end, both included)."""
    dividends = []
    for rule in GrowthDividendRule.objects.filter(region=region).order_by("base_year", "prices"):
        years = growth_dividends(rule)
        if years:
            latest = years[-1]
            dividends.append(latest.as_json() | {"prices_label": rule.get_prices_display()})
    recorded = SavingsClaim.objects.filter(region=region).select_related("unit_cost", "remittance_agreement")
    claims = [savings_of(c) for c in recorded]
    receipts = LevyReceipt.objects.filter(
        initiative__region=region, received_on__gte=start, received_on__lte=end
    ).select_related("initiative")
    remittances = Remittance.objects.filter(
        initiative__region=region, remitted_on__gte=start, remitted_on__lte=end
    ).select_related("initiative", "agreement")
    return {
        "dividends": dividends,
        "claims": len(claims),
        "gross": str(sum((c.gross for c in claims), ZERO)),
        "net": str(sum((c.net for c in claims), ZERO)),
        "remitted": str(sum((c.remitted or ZERO for c in claims), ZERO)),
        "receipts": [
            {
                "scheme": r.scheme,
                "source": r.source,
                "initiative": r.initiative.title,
                "received_on": r.received_on.isoformat(),
                "amount": str(r.amount),
            }
            for r in receipts.order_by("received_on", "pk")
        ],  # fmt: skip
        "receipts_total": str(sum((r.amount for r in receipts), ZERO)),
        "remittances": [
            {
                "public_body": r.agreement.public_body,
                "initiative": r.initiative.title,
                "remitted_on": r.remitted_on.isoformat(),
                "amount": str(r.amount),
            }
            for r in remittances.order_by("remitted_on", "pk")
        ],  # fmt: skip
        "remittances_total": str(sum((r.amount for r in remittances), ZERO)),
    }
