"""Reads of long-term resources: who sees which region's records, and the two figures (the growth
dividend and the savings from reduced demand), each computed in one place for pages, API and demo.

Scope follows the 10% ledger (funding.selectors): every current member of a region's unit reads its
records (managers and directors alike: public money and public statistics, no personal data), global
administrators read every region, nobody reads another region's; the region's unit managers write.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from coprod.core.periods import financial_year_label
from coprod.funding.selectors import capacity_building_by_financial_year, regions_for_user
from coprod.resources.models import (
    GrowthDividendRule,
    RegionalGva,
    RemittanceAgreement,
    SavingsClaim,
    UnitCost,
)
from coprod.units.selectors import UserLike

PENNY = Decimal("0.01")
HUNDRED = Decimal(100)


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
