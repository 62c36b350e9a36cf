"""Writes through the services and the API: the same rules and the same field names everywhere,
the savings figures as strings of pounds and pence, and the database's own checks behind them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from coprod.resources import rules
from coprod.resources.models import SavingsClaim
from coprod.resources.selectors import savings_of
from coprod.resources.services import (
    growth_rule_save,
    remittance_agreement_save,
    savings_claim_save,
    unit_cost_save,
)
from tests.resources.factories import SavingsClaimFactory, UnitCostFactory


@pytest.fixture
def costs(world):
    manager, region = world["people"]["manager"], world["units"]["a"].region
    gp = unit_cost_save(
        actor=manager, region=region, service="Primary care", unit="GP appointment", cost=Decimal("42"),
        source="Unit costs of health and social care", year=2021, price_base="2021/22 prices",
    )  # fmt: skip
    agreement = remittance_agreement_save(
        actor=manager, region=region, public_body="Integrated care board", share=Decimal("25")
    )
    return {"manager": manager, "region": region, "gp": gp, "agreement": agreement}


def claim_values(costs, **changes):
    return {
        "period_start": datetime.date(2026, 4, 1),
        "period_end": datetime.date(2026, 9, 30),
        "outcome": "Fewer GP appointments for loneliness",
        "quantity": Decimal("480"),
        "unit_cost": costs["gp"],
        "attribution": Decimal("50"),
        "attribution_evidence": "Referral records",
        "deadweight": Decimal("20"),
        "deadweight_evidence": "Comparison practices",
        "remittance_agreement": costs["agreement"],
    } | changes


def test_a_claim_saved_through_the_service_has_the_worked_figures(costs):
    claim = savings_claim_save(actor=costs["manager"], region=costs["region"], **claim_values(costs))
    savings = savings_of(SavingsClaim.objects.get(pk=claim.pk))
    assert (savings.gross, savings.net, savings.remitted) == (
        Decimal("20160.00"),
        Decimal("8064.00"),
        Decimal("2016.00"),
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("attribution", Decimal("150"), rules.ATTRIBUTION),
        ("attribution", Decimal("-1"), rules.ATTRIBUTION),
        ("deadweight", Decimal("100.01"), rules.DEADWEIGHT),
        ("deadweight", Decimal("-5"), rules.DEADWEIGHT),
    ],
)
def test_percentages_outside_0_to_100_are_refused_by_the_service_naming_the_field(
    costs, field, value, message
):
    with pytest.raises(ValidationError) as refused:
        savings_claim_save(
            actor=costs["manager"], region=costs["region"], **claim_values(costs, **{field: value})
        )
    assert refused.value.message_dict == {field: [message]}
    assert not SavingsClaim.objects.exists()


def test_the_edges_0_and_100_are_allowed(costs):
    claim = savings_claim_save(
        actor=costs["manager"],
        region=costs["region"],
        **claim_values(costs, attribution=Decimal("100"), deadweight=Decimal("0")),
    )
    assert savings_of(claim).net == Decimal("20160.00")


@pytest.mark.parametrize("field", ["attribution", "deadweight"])
def test_percentages_outside_0_to_100_are_refused_by_the_api_naming_the_field(costs, field):
    api = APIClient()
    api.force_authenticate(costs["manager"])
    body = {
        "region": costs["region"].code, "period_start": "2026-04-01", "period_end": "2026-09-30",
        "outcome": "Fewer GP appointments", "quantity": "480", "unit_cost": costs["gp"].pk,
        "attribution": "50", "deadweight": "20", "remittance_agreement": costs["agreement"].pk,
    }  # fmt: skip
    response = api.post("/api/v1/savings-claims/", body | {field: "150"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    response = api.post("/api/v1/savings-claims/", body, format="json")
    assert response.status_code == 201
    figures = response.json()["figures"]
    assert (figures["gross"], figures["net"], figures["remitted"]) == ("20160.00", "8064.00", "2016.00")
    assert figures["net_formula"] == "£20,160.00 × 50% × (1 − 20%)"


def test_the_database_refuses_what_the_rules_refuse(world):
    claim = SavingsClaimFactory(region=world["units"]["a"].region)
    with transaction.atomic(), pytest.raises(IntegrityError):
        SavingsClaim.objects.filter(pk=claim.pk).update(attribution=Decimal("150"))
    with transaction.atomic(), pytest.raises(IntegrityError):
        SavingsClaim.objects.filter(pk=claim.pk).update(deadweight=Decimal("-1"))


def test_a_claim_cannot_use_another_regions_unit_cost(costs, world):
    theirs = UnitCostFactory(region=world["units"]["b"].region)
    with pytest.raises(ValidationError) as refused:
        savings_claim_save(
            actor=costs["manager"], region=costs["region"], **claim_values(costs, unit_cost=theirs)
        )
    assert list(refused.value.message_dict) == ["unit_cost"]


def test_approving_names_the_approver(costs):
    claim = savings_claim_save(
        actor=costs["manager"],
        region=costs["region"],
        **claim_values(costs, approved_on=datetime.date(2026, 10, 1)),
    )
    assert claim.approved_by == costs["manager"]
    claim = savings_claim_save(actor=costs["manager"], claim=claim, approved_on=None)
    assert claim.approved_by is None and claim.approved_on is None


def test_only_the_regions_unit_managers_write(world, costs):
    for person in ("director", "worker"):
        with pytest.raises(PermissionDenied):
            growth_rule_save(
                actor=world["people"][person], region=costs["region"], base_year=2019,
                base_funding=Decimal("1000"), prices="current",
            )  # fmt: skip
    with pytest.raises(PermissionDenied):
        growth_rule_save(
            actor=costs["manager"], region=world["units"]["b"].region, base_year=2019,
            base_funding=Decimal("1000"), prices="current",
        )  # fmt: skip


def test_a_rule_needs_funding_above_nothing(costs):
    with pytest.raises(ValidationError) as refused:
        growth_rule_save(
            actor=costs["manager"], region=costs["region"], base_year=2019, base_funding=Decimal("0"),
            prices="current",
        )  # fmt: skip
    assert refused.value.message_dict == {"base_funding": [rules.AMOUNT]}
