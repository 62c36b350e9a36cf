"""The ledger's pages and forms: the menu link, forms that keep what was typed, per-head context."""

import datetime
from decimal import Decimal

from coprod.funding.models import Allocation, Proposal
from coprod.funding.services import allocation_save
from tests.funding.factories import InitiativeFactory


def test_funding_is_in_the_menu(client, world):
    client.force_login(world["people"]["worker"])
    assert 'href="/funding/">Funding</a>' in client.get("/").content.decode()


def test_initiative_form_keeps_what_was_typed_on_error(client, world):
    client.force_login(world["people"]["manager"])
    region = world["units"]["a"].region
    data = {
        "region": region.pk,
        "title": "Towns Fund",
        "funding_stream": "",
        "lead_body": "Council",
        "capital": "1000.55",
        "revenue": "0",
        "start": "2026-04-01",
        "end": "2025-03-31",
        "status": "open",
    }
    response = client.post("/funding/initiatives/new/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Towns Fund"' in body and 'value="1000.55"' in body
    data["funding_stream"] = "1"
    response = client.post("/funding/initiatives/new/", data)
    assert response.status_code == 400 and "The end comes after the start." in response.content.decode()
    data["end"] = "2027-03-31"
    response = client.post("/funding/initiatives/new/", data)
    assert response.status_code == 302
    assert client.get(response["Location"]).content.decode().count("£1,000.55") >= 1


def test_forms_are_for_unit_staff_only(client, world):
    initiative = InitiativeFactory(region=world["units"]["a"].region)
    client.force_login(world["people"]["director"])
    assert client.get("/funding/initiatives/new/").status_code == 403
    assert client.get(f"/funding/initiatives/{initiative.slug}/allocations/new/").status_code == 403
    assert client.get("/funding/proposals/new/").status_code == 403
    client.force_login(world["people"]["worker"])
    assert client.get("/funding/proposals/new/").status_code == 200
    assert client.get(f"/funding/initiatives/{initiative.slug}/edit/").status_code == 403


def test_allocation_and_proposal_forms(client, world):
    initiative = InitiativeFactory(region=world["units"]["a"].region)
    hood = world["hoods"]["a1"]
    client.force_login(world["people"]["manager"])
    url = f"/funding/initiatives/{initiative.slug}/allocations/new/"
    data = {"amount": "-3", "date": "2026-05-01", "category": "capacity_building", "state": "spent",
            "title": "CCB team", "neighbourhoods": [hood.pk]}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400 and 'value="CCB team"' in response.content.decode()
    data["amount"] = "12345.67"
    assert client.post(url, data).status_code == 302
    allocation = Allocation.objects.get()
    assert (allocation.amount, list(allocation.neighbourhoods.all())) == (Decimal("12345.67"), [hood])

    client.force_login(world["people"]["worker"])
    data = {"team": world["teams"]["a1"].pk, "title": "Garden", "neighbourhood": hood.pk}
    data.update(amount_sought="500", initiative=initiative.pk)
    response = client.post("/funding/proposals/new/", data)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == "idea" and proposal.transitions.count() == 1
    response = client.post(
        f"/funding/proposals/{proposal.pk}/", {"to": "in_development", "on": str(datetime.date.today())}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "in_development"


def test_per_head_context_beside_the_regions_average(client, world):
    manager = world["people"]["manager"]
    a1, a2 = world["hoods"]["a1"], world["hoods"]["a2"]
    a1.population_entered, a2.population_entered = 4000, 6000
    a1.save(), a2.save()
    first = InitiativeFactory(region=world["units"]["a"].region)
    second = InitiativeFactory(region=world["units"]["a"].region)
    for initiative, amount, hoods in (
        (first, "10000.00", [a1]),
        (second, "2000.00", [a2]),
        (second, "500.00", [a1, a2]),
    ):
        allocation_save(
            actor=manager,
            initiative=initiative,
            amount=Decimal(amount),
            date=datetime.date(2026, 5, 1),
            category="capacity_building",
            neighbourhoods=hoods,
        )
    client.force_login(world["people"]["director"])
    context = client.get(f"/funding/initiatives/{first.slug}/").context["per_head"]
    assert [(r.neighbourhood, r.per_head) for r in context.rows] == [(a1, Decimal("2.50"))]
    assert context.region_amount == Decimal("12500.00")
    assert context.region_population == 10000
    assert context.region_per_head == Decimal("1.25")
    context = client.get(f"/funding/initiatives/{second.slug}/").context["per_head"]
    assert {r.neighbourhood: r.amount for r in context.rows} == {
        a1: Decimal("500.00"),
        a2: Decimal("2500.00"),
    }
    assert context.amount == Decimal("2500.00")  # the shared allocation counts once in the total
    assert context.per_head == Decimal("0.25")
