"""The 10% rule on the worked examples, the same on the page, in the API and in the CSV export."""

import csv
import io
from decimal import Decimal

from rest_framework.test import APIClient

from coprod.funding.models import FundingStream, RegionalInitiative
from coprod.funding.selectors import TenPercent, below_ten_percent, ledger, position_of
from coprod.funding.services import allocation_save
from tests.funding.factories import InitiativeFactory


def _allocate(manager, initiative, *items):
    for amount, category, state in items:
        allocation_save(
            actor=manager,
            initiative=initiative,
            amount=Decimal(amount),
            date=initiative.start,
            category=category,
            state=state,
        )


def test_worked_example_stands_at_ten_and_a_half_percent(world):
    manager = world["people"]["manager"]
    initiative = InitiativeFactory(region=world["units"]["a"].region)
    assert initiative.budget == Decimal("2000000.00")
    _allocate(
        manager,
        initiative,
        ("150000", "capacity_building", "committed"),
        ("60000", "community_proposed", "spent"),
        ("500000", "other", "committed"),
    )
    position = position_of(initiative)
    assert position.qualifying == Decimal("210000.00")
    assert position.share == Decimal("10.5")
    assert position.share_shown == Decimal("10.5")
    assert position.meets is True
    assert position.shortfall == Decimal("0.00")
    assert position.committed == Decimal("650000.00") and position.spent == Decimal("60000.00")
    assert position.allocated == position.committed + position.spent


def test_an_initiative_at_nine_percent_shows_its_shortfall_in_pounds(world, client):
    manager = world["people"]["manager"]
    initiative = InitiativeFactory(region=world["units"]["a"].region, title="Nine Percent Fund")
    _allocate(
        manager,
        initiative,
        ("120000", "capacity_building", "committed"),
        ("60000", "community_proposed", "committed"),
    )
    position = position_of(initiative)
    assert position.share_shown == Decimal("9.0")
    assert position.meets is False
    assert position.shortfall == Decimal("20000.00")

    client.force_login(world["people"]["director"])
    overview = client.get("/funding/").content.decode()
    below = overview.split('id="below-ten-percent"')[1].split("</ul>")[0]
    assert "Nine Percent Fund" in below and "£20,000.00 short of 10%" in below
    detail = client.get(f"/funding/initiatives/{initiative.slug}/").content.decode()
    assert '<dd class="govuk-summary-list__value" id="shortfall">£20,000.00</dd>' in detail
    assert "9.0%" in detail

    api = APIClient()
    api.force_authenticate(world["people"]["director"])
    ten = api.get(f"/api/v1/initiatives/{initiative.slug}/").json()["ten_percent"]
    assert ten["share_percent"] == "9.0" and ten["shortfall"] == "20000.00"
    assert ten["meets_ten_percent"] is False

    rows = list(csv.DictReader(io.StringIO(client.get("/funding/ledger.csv?by=initiative").content.decode())))
    assert [(r["Name"], r["Share (%)"], r["Shortfall (£)"], r["Meets 10%"]) for r in rows] == [
        ("Nine Percent Fund", "9.0", "20000.00", "no")
    ]


def test_just_below_ten_percent_is_below_whatever_the_rounding_shows():
    position = TenPercent(budget=Decimal("2000000.00"), capacity_building=Decimal("199999.99"))
    assert position.share_shown == Decimal("9.99999")  # never rounded onto the threshold's wrong side
    assert position.meets is False
    assert position.shortfall == Decimal("0.01")


def test_shortfall_rounds_up_to_the_penny_that_reaches_ten_percent():
    position = TenPercent(budget=Decimal("1234.57"), community_proposed=Decimal("100.00"))
    assert position.target == Decimal("123.46")
    assert position.shortfall == Decimal("23.46")
    assert (position.qualifying + position.shortfall) * 10 >= position.budget
    assert TenPercent().meets is None and TenPercent().share is None


def test_region_stream_and_period_add_up_their_initiatives(world):
    manager = world["people"]["manager"]
    region = world["units"]["a"].region
    levelling_up = FundingStream.objects.get(slug="levelling-up-fund")
    first = InitiativeFactory(region=region)  # £2m, town deals, 2026-27
    second = InitiativeFactory(
        region=region,
        funding_stream=levelling_up,
        capital=Decimal("1000000"),
        revenue=Decimal("0"),
        start=first.start.replace(year=2027),
        end=first.end,
    )
    _allocate(
        manager, first, ("150000", "capacity_building", "committed"), ("60000", "community_proposed", "spent")
    )
    _allocate(manager, second, ("50000", "capacity_building", "committed"))
    initiatives = RegionalInitiative.objects.all()
    (by_region,) = ledger(initiatives, by="region")
    assert by_region.position.budget == Decimal("3000000.00")
    assert by_region.position.qualifying == Decimal("260000.00")
    assert by_region.position.share_shown == Decimal("8.7")
    assert by_region.position.shortfall == Decimal("40000.00")
    by_stream = {r.label: r.position.share_shown for r in ledger(initiatives, by="stream")}
    assert by_stream == {"Levelling Up Fund": Decimal("5.0"), "Town Deals": Decimal("10.5")}
    by_period = {r.key: r.position.initiatives for r in ledger(initiatives, by="period")}
    assert by_period == {"2026-27": 1, "2027-28": 1}
    assert [r.label for r in below_ten_percent(ledger(initiatives, by="initiative"))] == [second.title]
