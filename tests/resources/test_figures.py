"""The two figures, to the penny: the growth dividend from the real ONS tables, beside what the 10%
ledger allocated to capacity building; and the savings from reduced demand with their formulas."""

import datetime
from decimal import Decimal

from coprod.places.models import Region
from coprod.resources.selectors import growth_dividend, growth_dividends, savings_of
from tests.funding.factories import AllocationFactory, InitiativeFactory
from tests.resources.factories import GrowthDividendRuleFactory, SavingsClaimFactory


def _north_east_rule(prices: str):
    region = Region.objects.get(code="E12000001")
    return GrowthDividendRuleFactory(
        region=region, base_year=2019, base_funding=Decimal("1000000.00"), prices=prices
    )


def test_growth_dividend_at_current_prices(gva):
    rule = _north_east_rule("current")
    in_2021 = growth_dividend(rule, 2021)
    assert in_2021 is not None
    assert in_2021.due == Decimal("1008480.93")
    assert in_2021.formula == "£1,000,000.00 × 56,483 / 56,008"
    in_2020 = growth_dividend(rule, 2020)
    assert in_2020 is not None and in_2020.due == Decimal("942133.27")
    assert in_2020.formula == "£1,000,000.00 × 52,767 / 56,008"
    base = growth_dividend(rule, 2019)
    assert base is not None and base.due == Decimal("1000000.00")
    # Only the base year and later: the rule says nothing of the years before it.
    assert [d.year for d in growth_dividends(rule)] == [2019, 2020, 2021]


def test_growth_dividend_on_chained_volume(gva):
    rule = _north_east_rule("chained")
    in_2021 = growth_dividend(rule, 2021)
    assert in_2021 is not None
    assert in_2021.due == Decimal("952328.24")
    assert in_2021.formula == "£1,000,000.00 × 53,338 / 56,008"


def test_allocated_is_the_ledgers_capacity_building_in_that_financial_year(gva):
    rule = _north_east_rule("current")
    initiative = InitiativeFactory(region=rule.region)
    for amount, day, category in [
        ("100000.00", datetime.date(2021, 4, 1), "capacity_building"),  # 2021/22, first day
        ("50000.50", datetime.date(2022, 3, 31), "capacity_building"),  # 2021/22, last day
        ("70000.00", datetime.date(2021, 3, 31), "capacity_building"),  # 2020/21
        ("90000.00", datetime.date(2021, 6, 1), "community_proposed"),  # not capacity building
    ]:
        AllocationFactory(initiative=initiative, amount=Decimal(amount), date=day, category=category)
    elsewhere = InitiativeFactory(region=Region.objects.get(code="E12000005"))
    AllocationFactory(initiative=elsewhere, amount=Decimal("5"), date=datetime.date(2021, 5, 1),
                      category="capacity_building")  # fmt: skip

    in_2021 = growth_dividend(rule, 2021)
    assert in_2021 is not None
    assert in_2021.allocated == Decimal("150000.50")
    assert in_2021.gap == Decimal("858480.43")
    assert in_2021.financial_year == "2021/22"
    in_2020 = growth_dividend(rule, 2020)
    assert in_2020 is not None and in_2020.allocated == Decimal("70000.00")
    assert in_2020.as_json()["gap"] == "872133.27"


def test_no_dividend_without_the_base_years_gva(db):
    rule = GrowthDividendRuleFactory(base_year=2019)
    assert growth_dividends(rule) == []
    assert growth_dividend(rule, 2021) is None


def test_savings_worked_figures():
    claim = SavingsClaimFactory.build(
        quantity=Decimal("480"),
        unit_cost__cost=Decimal("42"),
        attribution=Decimal("50"),
        deadweight=Decimal("20"),
        remittance_agreement__share=Decimal("25"),
    )
    savings = savings_of(claim)
    assert savings.gross == Decimal("20160.00")
    assert savings.net == Decimal("8064.00")
    assert savings.remitted == Decimal("2016.00")
    assert savings.gross_formula == "480 × £42.00"
    assert savings.net_formula == "£20,160.00 × 50% × (1 − 20%)"
    assert savings.remitted_formula == "£8,064.00 × 25%"


def test_savings_round_each_step_half_up_and_without_agreement_nothing_is_remitted():
    claim = SavingsClaimFactory.build(
        quantity=Decimal("3"),
        unit_cost__cost=Decimal("0.35"),
        attribution=Decimal("50"),
        deadweight=Decimal("0"),
        remittance_agreement=None,
    )
    savings = savings_of(claim)
    assert savings.gross == Decimal("1.05")
    assert savings.net == Decimal("0.53")  # 0.525 rounds half up
    assert savings.remitted is None and savings.remitted_formula is None
