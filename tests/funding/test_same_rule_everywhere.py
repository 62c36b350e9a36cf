"""One rule, one message: the allocation form, the API and the 360Giving import all apply
funding.rules (and the amount field's own check of how an amount is written), so the same bad grant
is refused with the same message on the same field wherever it was typed."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from coprod.funding import rules
from coprod.funding.imports import grants_import
from coprod.funding.models import Allocation
from tests.funding.factories import InitiativeFactory

BASE = {"amount": "250.00", "date": "2026-05-01", "category": "capacity_building", "state": "committed"}


@pytest.fixture
def initiative(world):
    return InitiativeFactory(region=world["units"]["a"].region)


def refusals(client, world, initiative, amount: str) -> tuple[list[str], list[str], list[tuple]]:
    """What the form page, the API and the import each say of a grant of this amount."""
    manager = world["people"]["manager"]
    client.force_login(manager)
    page = client.post(f"/funding/initiatives/{initiative.slug}/allocations/new/", {**BASE, "amount": amount})
    assert page.status_code == 400

    api = APIClient()
    api.force_authenticate(manager)
    body = {**BASE, "amount": amount, "initiative": initiative.slug}
    response = api.post("/api/v1/allocations/", body, format="json")
    assert response.status_code == 400, response.content

    source = io.BytesIO(
        f"Identifier,Currency,Amount Awarded,Award Date\n360G-x-1,GBP,{amount},2026-05-01\n".encode()
    )
    summary = grants_import(actor=manager, initiative=initiative, source=source)
    assert (summary.created, summary.updated, summary.rejected) == (0, 0, 1)
    errors = [(e.line, e.column, e.value, e.reason) for e in summary.errors]

    assert not Allocation.objects.exists()
    return page.context["form"].errors["amount"], response.json()["amount"], errors


@pytest.mark.parametrize("amount", ["0", "-25", "-0.01"])
def test_the_form_the_api_and_the_import_refuse_a_value_with_the_same_message(
    client, world, initiative, amount
):
    form, api, errors = refusals(client, world, initiative, amount)
    assert form == api == [rules.AMOUNT]
    assert errors == [(2, "Amount Awarded", amount, rules.AMOUNT)]


def field_message(amount: str) -> str:
    """What the ledger's amount field says of how an amount is written."""
    with pytest.raises(ValidationError) as refused:
        Allocation._meta.get_field("amount").run_validators(Decimal(amount))
    return refused.value.messages[0]


@pytest.mark.parametrize("amount", ["12.345", "1000000000000", "-1.234"])
def test_an_amount_written_wrongly_is_refused_with_the_fields_message_everywhere(
    client, world, initiative, amount
):
    form, api, errors = refusals(client, world, initiative, amount)
    message = field_message(amount)
    assert form == api == [message]
    assert errors == [(2, "Amount Awarded", amount, message)]


def test_a_good_grant_is_recorded_by_each_channel(client, world, initiative):
    """The base values break no rule, so each refusal above is the bad amount's alone."""
    manager = world["people"]["manager"]
    client.force_login(manager)
    page = client.post(f"/funding/initiatives/{initiative.slug}/allocations/new/", BASE)
    assert page.status_code == 302
    api = APIClient()
    api.force_authenticate(manager)
    body = {**BASE, "initiative": initiative.slug}
    assert api.post("/api/v1/allocations/", body, format="json").status_code == 201
    source = io.BytesIO(b"Identifier,Currency,Amount Awarded,Award Date\n360G-x-1,GBP,250.00,2026-05-01\n")
    assert grants_import(actor=manager, initiative=initiative, source=source).created == 1
    assert Allocation.objects.count() == 3


def test_the_import_reads_an_amount_with_surplus_zeros_as_pounds_and_pence(world, initiative):
    """5000.000 is exactly £5,000.00: the import tidies it, where the form and the API ask again."""
    source = io.BytesIO(b"Identifier,Currency,Amount Awarded,Award Date\n360G-x-1,GBP,5000.000,2026-05-01\n")
    assert grants_import(actor=None, initiative=initiative, source=source).created == 1
    assert Allocation.objects.get().amount == Decimal("5000.00")


@pytest.mark.parametrize("amount", ["-1", "-0.01"])
def test_a_proposal_seeking_less_than_nothing_gets_the_same_message_on_the_page_and_the_api(
    client, world, amount
):
    lead, team, hood = world["people"]["lead"], world["teams"]["a1"], world["hoods"]["a1"]
    client.force_login(lead)
    body = {"team": team.pk, "title": "Pocket park", "neighbourhood": hood.pk, "amount_sought": amount}
    page = client.post("/funding/proposals/new/", body)
    assert page.status_code == 400
    api = APIClient()
    api.force_authenticate(lead)
    response = api.post(
        "/api/v1/proposals/",
        {**body, "team": team.slug, "neighbourhood": hood.slug},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert page.context["form"].errors["amount_sought"] == response.json()["amount_sought"]
    assert response.json()["amount_sought"] == [rules.NOT_NEGATIVE]


@pytest.mark.parametrize(
    "capital, revenue, field, message",
    [("-5", "100", "capital", rules.NOT_NEGATIVE), ("0", "-1", "revenue", rules.NOT_NEGATIVE),
     ("0", "0", "capital", rules.BUDGET)],
)  # fmt: skip
def test_an_initiative_budget_below_nothing_gets_the_same_message_on_the_page_and_the_api(
    client, world, capital, revenue, field, message
):
    manager, region = world["people"]["manager"], world["units"]["a"].region
    stream = InitiativeFactory(region=region).funding_stream
    body = {
        "title": "Valley fund", "funding_stream": stream.pk, "lead_body": "Combined authority",
        "capital": capital, "revenue": revenue, "start": "2026-04-01", "end": "2027-03-31", "status": "open",
    }  # fmt: skip
    client.force_login(manager)
    page = client.post("/funding/initiatives/new/", {**body, "region": region.pk})
    assert page.status_code == 400
    api = APIClient()
    api.force_authenticate(manager)
    response = api.post(
        "/api/v1/initiatives/", {**body, "region": region.code, "funding_stream": stream.slug}, format="json"
    )
    assert response.status_code == 400, response.content
    assert page.context["form"].errors[field] == response.json()[field] == [message]
