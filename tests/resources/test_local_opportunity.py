"""Local opportunity: jobs and placements ring-fenced for residents of priority neighbourhoods and
spend with local social enterprises, with worked figures, the rules that refuse a bad record naming
the field (and the database's checks behind them), and a share never rounded up to 100%."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from coprod.resources import rules
from coprod.resources.models import LocalOpportunity
from coprod.resources.selectors import (
    LocalOpportunityFigures,
    local_opportunity_by_initiative,
    local_opportunity_figures,
)
from coprod.resources.services import local_opportunity_save
from tests.funding.factories import InitiativeFactory


@pytest.fixture
def place(world):
    region = world["units"]["a"].region
    return {
        "manager": world["people"]["manager"],
        "region": region,
        "initiative": InitiativeFactory(region=region),
    }


def values(**changes):
    return {
        "period_start": datetime.date(2026, 4, 1), "period_end": datetime.date(2027, 3, 31),
        "jobs_offered": 40, "jobs_filled": 12, "placements_offered": 8, "placements_filled": 8,
        "local_spend": Decimal("250000.00"), "total_spend": Decimal("2000000.00"),
    } | changes  # fmt: skip


def test_the_worked_figures(place):
    record = local_opportunity_save(actor=place["manager"], initiative=place["initiative"], **values())
    figures = local_opportunity_figures([record])
    assert figures.jobs_share == Decimal(30) and figures.jobs_label == "30.0%"
    assert figures.jobs_formula == "12 ÷ 40 × 100"
    assert figures.spend_share == Decimal("12.5") and figures.spend_label == "12.5%"
    assert figures.spend_formula == "£250,000.00 ÷ £2,000,000.00 × 100"
    assert figures.placements_label == "100.0%"
    assert figures.as_json()["jobs_filled_percent"] == "30.0"


def test_a_region_adds_counts_and_pounds_before_dividing(place):
    other = InitiativeFactory(region=place["region"], title="B initiative")
    first = local_opportunity_save(actor=place["manager"], initiative=place["initiative"], **values())
    second = local_opportunity_save(
        actor=place["manager"], initiative=other,
        **values(jobs_offered=10, jobs_filled=10, local_spend=Decimal("0"), total_spend=Decimal("0")),
    )  # fmt: skip
    rows = local_opportunity_by_initiative([first, second])
    # By title: "B initiative" before "Initiative n".
    assert [(i.pk, f.jobs_label) for i, f in rows] == [
        (other.pk, "100.0%"),
        (place["initiative"].pk, "30.0%"),
    ]
    assert rows[0][1].spend_label is None  # no spend: no share
    total = local_opportunity_figures([first, second])
    assert (total.jobs_filled, total.jobs_offered) == (22, 50) and total.jobs_label == "44.0%"
    assert total.spend_label == "12.5%"


def test_a_share_just_short_of_all_never_reads_as_100_percent():
    figures = LocalOpportunityFigures(jobs_offered=100000, jobs_filled=99999)
    assert figures.jobs_label == "99.999%"
    figures = LocalOpportunityFigures(local_spend=Decimal("1999999.99"), total_spend=Decimal("2000000.00"))
    assert figures.spend_label != "100.0%" and not figures.spend_label.startswith("100")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"jobs_filled": 41}, "jobs_filled", rules.JOBS_FILLED),
        ({"placements_filled": 9}, "placements_filled", rules.PLACEMENTS_FILLED),
        ({"local_spend": Decimal("2000000.01")}, "local_spend", rules.LOCAL_SPEND),
        ({"period_end": datetime.date(2026, 3, 31)}, "period_end", rules.PERIOD),
    ],
)
def test_a_bad_record_is_refused_naming_the_field(place, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        local_opportunity_save(actor=place["manager"], initiative=place["initiative"], **values(**changes))
    assert refused.value.message_dict == {field: [message]}
    assert not LocalOpportunity.objects.exists()


@pytest.mark.parametrize("field", ["jobs_filled", "local_spend"])
def test_the_api_refuses_naming_the_field(place, field):
    api = APIClient()
    api.force_authenticate(place["manager"])
    body = {
        "initiative": place["initiative"].slug, "period_start": "2026-04-01", "period_end": "2027-03-31",
        "jobs_offered": 40, "jobs_filled": 12, "local_spend": "250000.00", "total_spend": "2000000.00",
    }  # fmt: skip
    over = {"jobs_filled": 41, "local_spend": "2000001.00"}[field]
    response = api.post("/api/v1/local-opportunities/", body | {field: over}, format="json")
    assert response.status_code == 400 and list(response.json()) == [field]
    response = api.post("/api/v1/local-opportunities/", body, format="json")
    assert response.status_code == 201
    figures = response.json()["figures"]
    assert figures["jobs_filled_percent"] == "30.0" and figures["local_spend_percent"] == "12.5"


def test_the_database_refuses_what_the_rules_refuse(place):
    record = local_opportunity_save(actor=place["manager"], initiative=place["initiative"], **values())
    with transaction.atomic(), pytest.raises(IntegrityError):
        LocalOpportunity.objects.filter(pk=record.pk).update(jobs_filled=41)
    with transaction.atomic(), pytest.raises(IntegrityError):
        LocalOpportunity.objects.filter(pk=record.pk).update(local_spend=Decimal("2000000.01"))


def test_the_csv_agrees_with_the_page_and_never_reads_100_for_a_share_short_of_all(client, world, place):
    """Two initiatives' records: each row as its record, then the region's total with the counts and
    pounds added before dividing; 999 of 1,000 placements filled is 99.9, not 100."""
    import csv
    import io

    first = local_opportunity_save(actor=place["manager"], initiative=place["initiative"], **values())
    second = local_opportunity_save(
        actor=place["manager"],
        initiative=InitiativeFactory(region=place["region"]),
        **values(jobs_offered=10, jobs_filled=10, placements_offered=1000, placements_filled=999),
    )
    client.force_login(world["people"]["director"])
    response = client.get(f"/resources/{place['region'].code}/local-opportunity.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["Record id"] for r in rows] == sorted([str(first.pk), str(second.pk)]) + [""]
    by_id = {r["Record id"]: r for r in rows}
    assert by_id[str(first.pk)]["Jobs filled (%)"] == "30.0"
    assert by_id[str(second.pk)]["Placements filled (%)"] == "99.9"
    total = by_id[""]
    assert total["Initiative"] == "All initiatives"
    assert (total["Jobs offered"], total["Jobs filled"], total["Jobs filled (%)"]) == ("50", "22", "44.0")
    assert total["Local spend (£)"] == "500000.00" and total["Local spend (%)"] == "12.5"
    page = client.get(f"/resources/{place['region'].code}/").content.decode()
    assert "local-opportunity.csv" in page
    client.force_login(world["people"]["worker_b"])
    assert client.get(f"/resources/{place['region'].code}/local-opportunity.csv").status_code == 404
