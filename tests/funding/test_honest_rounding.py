"""Honest rounding of the 10% share: a share is never rounded onto the wrong side of 10%.

The worked figure: a budget of £1,000,000.01 with £100,000.00 qualifying is 9.9999999...%, short of
10% by £0.01 (10% rounded up to the penny is £100,000.01). It must never read 10.0 nor meet 10%.
"""

import csv
import io
from decimal import Decimal

import pytest

from coprod.funding.exports import ledger_csv
from coprod.funding.models import RegionalInitiative
from coprod.funding.selectors import TEN, TenPercent, beside_threshold, ledger, position_of
from coprod.funding.services import allocation_save
from tests.funding.factories import InitiativeFactory


def _allocate(manager, initiative, *items):
    for amount, category in items:
        allocation_save(
            actor=manager,
            initiative=initiative,
            amount=Decimal(amount),
            date=initiative.start,
            category=category,
            state="committed",
        )


@pytest.fixture
def worked(world):
    """The worked figure: £1,000,000.01 budget, £60,000 capacity building + £40,000 community-proposed."""
    initiative = InitiativeFactory(
        region=world["units"]["a"].region,
        title="Penny Short Fund",
        capital=Decimal("1000000.01"),
        revenue=Decimal("0.00"),
    )
    _allocate(
        world["people"]["manager"],
        initiative,
        ("60000.00", "capacity_building"),
        ("40000.00", "community_proposed"),
        ("5000.00", "other"),
    )
    return initiative


def _csv_rows(client, by):
    return list(csv.DictReader(io.StringIO(client.get(f"/funding/ledger.csv?by={by}").content.decode())))


# The selector --------------------------------------------------------------------------------------


def test_worked_figure_never_reads_ten_in_the_selector(worked):
    position = position_of(worked)
    assert position.budget == Decimal("1000000.01")
    assert position.qualifying == Decimal("100000.00")
    assert position.share < TEN
    assert position.meets is False
    assert position.target == Decimal("100000.01")
    assert position.shortfall == Decimal("0.01")
    assert position.share_shown < TEN
    assert position.share_shown == Decimal("9.99999")
    assert "10.0" not in str(position.share_shown)
    assert position.share_label == "just under 10%"
    ten = position.as_json()
    assert ten["share_percent"] == "9.99999" and ten["share_label"] == "just under 10%"
    assert ten["meets_ten_percent"] is False and ten["shortfall"] == "0.01"
    assert "10.0" not in ten["share_percent"]


def test_exactly_ten_percent_reads_ten_and_meets_the_rule():
    position = TenPercent(budget=Decimal("1000000.00"), capacity_building=Decimal("100000.00"))
    assert position.share_shown == Decimal("10.0") and str(position.share_shown) == "10.0"
    assert position.share_label == "10.0%"
    assert position.meets is True and position.shortfall == Decimal("0.00")
    assert position.as_json()["share_percent"] == "10.0"


def test_an_ordinary_share_reads_to_one_decimal():
    position = TenPercent(budget=Decimal("1000000.00"), community_proposed=Decimal("123400.00"))
    assert position.share == Decimal("12.34")
    assert str(position.share_shown) == "12.3" and position.share_label == "12.3%"
    low = TenPercent(budget=Decimal("1000000.00"), capacity_building=Decimal("90000.00"))
    assert str(low.share_shown) == "9.0" and low.share_label == "9.0%" and low.meets is False


def test_a_share_just_below_ten_gets_the_decimals_it_needs():
    # 9.96% would read 10.0 to one decimal; two decimals keep it below.
    position = TenPercent(budget=Decimal("1000000.00"), capacity_building=Decimal("99600.00"))
    assert str(position.share_shown) == "9.96" and position.share_label == "9.96%"
    # £199,999.99 of £2,000,000 is 9.9999995%: beyond five decimals, so it is "just under 10%".
    penny = TenPercent(budget=Decimal("2000000.00"), capacity_building=Decimal("199999.99"))
    assert penny.share_shown == Decimal("9.99999") and penny.share_label == "just under 10%"
    assert penny.meets is False and penny.shortfall == Decimal("0.01")
    # 9.99999% exactly needs five decimals and shows them.
    five = TenPercent(budget=Decimal("10000000.00"), capacity_building=Decimal("999999.00"))
    assert str(five.share_shown) == "9.99999" and five.share_label == "9.99999%"


def test_a_share_at_or_above_ten_never_reads_below():
    position = TenPercent(budget=Decimal("999999.99"), capacity_building=Decimal("100000.00"))
    assert position.share > TEN and position.meets is True
    assert position.share_shown == Decimal("10.0") and position.share_label == "10.0%"
    # Beside a threshold of 10.04, 10.041 would read 10.0 (below) to one decimal: it gets a second.
    assert beside_threshold(Decimal("10.041"), Decimal("10.04")) == (Decimal("10.04"), "10.04%")
    # 10.039 is below 10.04 and 10.0 is below too, so one decimal is honest there.
    assert beside_threshold(Decimal("10.039"), Decimal("10.04")) == (Decimal("10.0"), "10.0%")
    # Above the threshold by less than five decimals show: rounded up, and said in words.
    assert beside_threshold(Decimal("10.0000001"), Decimal("10.00000005")) == (
        Decimal("10.00001"),
        "just over 10.00000005%",
    )


@pytest.mark.parametrize(
    "budget, qualifying",
    [
        ("1000000.01", "100000.00"),
        ("2000000.00", "199999.99"),
        ("1000000.00", "99960.00"),
        ("1000000.00", "99999.99"),
        ("999999.99", "100000.00"),
        ("1000000.00", "100000.00"),
        ("3.00", "0.30"),
        ("3.01", "0.30"),
        ("0.01", "0.00"),
    ],
)
def test_the_shown_share_is_always_on_the_side_the_rule_says(budget, qualifying):
    position = TenPercent(budget=Decimal(budget), capacity_building=Decimal(qualifying))
    assert (position.share_shown >= TEN) is position.meets
    label = position.share_label
    assert label == f"{position.share_shown}%" or (label == "just under 10%" and not position.meets)


# The pages and the CSV -----------------------------------------------------------------------------


def test_worked_figure_never_reads_ten_on_the_pages(worked, client, world):
    client.force_login(world["people"]["manager"])
    overview = client.get("/funding/").content.decode()
    assert "10.0" not in overview
    total = overview.split('id="total-share">')[1].split("</p>")[0]
    assert total == "just under 10%"
    below = overview.split('id="below-ten-percent"')[1].split("</ul>")[0]
    assert "Penny Short Fund" in below and "just under 10%, £0.01 short of 10%" in below
    assert overview.count("below 10%</strong>") >= 4  # by region, stream, period and initiative

    detail = client.get(f"/funding/initiatives/{worked.slug}/").content.decode()
    assert "10.0" not in detail
    share = detail.split('id="share">')[1].split("</dd>")[0]
    assert share.startswith("just under 10%") and "below 10%" in share and "10% or more" not in share
    assert '<dd class="govuk-summary-list__value" id="shortfall">£0.01</dd>' in detail


def test_worked_figure_never_reads_ten_in_the_ledger_csv(worked, client, world):
    client.force_login(world["people"]["manager"])
    for by in ("initiative", "region", "stream", "period"):
        (row,) = _csv_rows(client, by)
        assert row["Share (%)"] == "9.99999"
        assert Decimal(row["Share (%)"]) < TEN
        assert row["Meets 10%"] == "no" and row["Shortfall (£)"] == "0.01"
    assert "10.0" not in ledger_csv(ledger(RegionalInitiative.objects.all(), by="initiative"))


def test_exactly_ten_percent_reads_ten_on_the_pages_and_in_the_csv(client, world):
    initiative = InitiativeFactory(
        region=world["units"]["a"].region, capital=Decimal("1000000.00"), revenue=Decimal("0.00")
    )
    _allocate(world["people"]["manager"], initiative, ("100000.00", "capacity_building"))
    client.force_login(world["people"]["manager"])
    detail = client.get(f"/funding/initiatives/{initiative.slug}/").content.decode()
    share = detail.split('id="share">')[1].split("</dd>")[0]
    assert share.startswith("10.0%") and "10% or more" in share and "below 10%" not in share
    overview = client.get("/funding/").content.decode()
    assert 'id="total-share">10.0%</p>' in overview and 'id="below-ten-percent"' not in overview
    (row,) = _csv_rows(client, "initiative")
    assert (row["Share (%)"], row["Meets 10%"], row["Shortfall (£)"]) == ("10.0", "yes", "0.00")


def test_an_ordinary_share_reads_to_one_decimal_on_the_page_and_in_the_csv(client, world):
    initiative = InitiativeFactory(
        region=world["units"]["a"].region, capital=Decimal("1000000.00"), revenue=Decimal("0.00")
    )
    _allocate(world["people"]["manager"], initiative, ("123400.00", "community_proposed"))
    client.force_login(world["people"]["manager"])
    detail = client.get(f"/funding/initiatives/{initiative.slug}/").content.decode()
    assert detail.split('id="share">')[1].startswith("12.3%")
    (row,) = _csv_rows(client, "initiative")
    assert row["Share (%)"] == "12.3"
