"""Every sum agrees to the penny on the page, in the API and in the CSV export: the growth dividend
by year and the savings claims, read from one function each."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tests.funding.factories import AllocationFactory, InitiativeFactory
from tests.resources.factories import GrowthDividendRuleFactory, RegionalGvaFactory, SavingsClaimFactory


def rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def region(world):
    region = world["units"]["a"].region
    for year, value in ((2019, "56008"), (2020, "52767"), (2021, "56483")):
        RegionalGvaFactory(region=region, year=year, value=Decimal(value))
    GrowthDividendRuleFactory(
        region=region, base_year=2019, base_funding=Decimal("1000000.00"), prices="current"
    )
    initiative = InitiativeFactory(region=region)
    AllocationFactory(initiative=initiative, amount=Decimal("500000.01"), date=datetime.date(2021, 5, 1),
                      category="capacity_building")  # fmt: skip
    SavingsClaimFactory(region=region)
    return region


def test_the_growth_dividend_agrees_on_the_page_in_the_api_and_in_the_csv(client, world, region):
    manager = world["people"]["manager"]
    client.force_login(manager)
    exported = rows(client.get(f"/resources/{region.code}/growth-dividend.csv"))
    assert [(r["Year"], r["Due (£)"], r["Allocated (£)"], r["Gap (£)"]) for r in exported] == [
        ("2019", "1000000.00", "0.00", "1000000.00"),
        ("2020", "942133.27", "0.00", "942133.27"),
        ("2021", "1008480.93", "500000.01", "508480.92"),
    ]
    assert exported[2]["Formula"] == "£1,000,000.00 × 56,483 / 56,008"
    api = APIClient()
    api.force_authenticate(manager)
    (rule,) = api.get("/api/v1/growth-dividend-rules/").json()["results"]
    assert [(d["due"], d["allocated"], d["gap"]) for d in rule["dividends"]] == [
        (r["Due (£)"], r["Allocated (£)"], r["Gap (£)"]) for r in exported
    ]
    page = client.get(f"/resources/{region.code}/").content.decode()
    for shown in ("£1,008,480.93", "£500,000.01", "£508,480.92", "£942,133.27"):
        assert shown in page


def test_the_savings_agree_on_the_page_in_the_api_and_in_the_csv(client, world, region):
    manager = world["people"]["manager"]
    client.force_login(manager)
    (row,) = rows(client.get(f"/resources/{region.code}/savings-claims.csv"))
    assert (row["Gross (£)"], row["Net (£)"], row["Remitted (£)"]) == ("20160.00", "8064.00", "2016.00")
    assert (row["Quantity"], row["Unit cost (£)"], row["Share (%)"]) == ("480.00", "42.00", "25.00")
    api = APIClient()
    api.force_authenticate(manager)
    (claim,) = api.get("/api/v1/savings-claims/").json()["results"]
    figures = claim["figures"]
    assert (figures["gross"], figures["net"], figures["remitted"]) == (
        row["Gross (£)"], row["Net (£)"], row["Remitted (£)"],
    )  # fmt: skip
    page = client.get(f"/resources/{region.code}/").content.decode()
    assert "£20,160.00" in page and "£8,064.00" in page and "£2,016.00" in page


def test_another_regions_exports_are_not_found(client, world, region):
    other = world["units"]["b"].region
    client.force_login(world["people"]["manager"])
    assert client.get(f"/resources/{other.code}/growth-dividend.csv").status_code == 404
    assert client.get(f"/resources/{other.code}/savings-claims.csv").status_code == 404
