"""Who sees and changes the ledger: a region's members read it, its managers write it, other regions
and people with no current membership see nothing, in pages, API, counts and exports alike."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from coprod.funding.models import Allocation, Proposal, RegionalInitiative
from coprod.funding.services import allocation_save, initiative_save, proposal_save
from tests.funding.factories import InitiativeFactory
from tests.units.factories import UserFactory


@pytest.fixture
def ledgers(world):
    ours = InitiativeFactory(region=world["units"]["a"].region, title="Our Towns Fund", slug="ours")
    theirs = InitiativeFactory(region=world["units"]["b"].region, title="Sentinel Fund", slug="sentinel")
    allocation_save(
        actor=world["people"]["admin"],
        initiative=theirs,
        amount=Decimal("777.77"),
        date=datetime.date(2026, 5, 1),
        category="capacity_building",
        title="Sentinel allocation",
    )
    allocation_save(
        actor=world["people"]["manager"],
        initiative=ours,
        amount=Decimal("100.00"),
        date=datetime.date(2026, 5, 1),
        category="capacity_building",
        title="Our allocation",
    )
    proposal = proposal_save(
        actor=world["people"]["worker_b"],
        team=world["teams"]["b1"],
        title="Sentinel proposal",
        neighbourhood=world["hoods"]["b1"],
        amount_sought=Decimal("5"),
    )
    return {"ours": ours, "theirs": theirs, "proposal": proposal}


NEW = {
    "funding_stream": "levelling-up-fund",
    "lead_body": "Council",
    "capital": "100.00",
    "start": "2026-04-01",
    "end": "2027-03-31",
}
PAGES = ["/funding/", "/funding/proposals/", "/funding/allocations.csv", "/funding/ledger.csv?by=region"]


@pytest.mark.parametrize("who", ["worker", "lead", "worker_a2", "manager", "director"])
def test_another_regions_ledger_never_shows(client, world, ledgers, who):
    client.force_login(world["people"][who])
    for url in PAGES:
        body = client.get(url).content.decode()
        assert "Sentinel" not in body and "777.77" not in body, url
    assert "Our Towns Fund" in client.get("/funding/").content.decode()
    assert client.get("/funding/initiatives/sentinel/").status_code == 404
    assert client.get(f"/funding/proposals/{ledgers['proposal'].pk}/").status_code == 404
    theirs = Allocation.objects.get(initiative=ledgers["theirs"])
    assert client.get(f"/funding/allocations/{theirs.pk}/edit/").status_code == 404

    api = APIClient()
    api.force_authenticate(world["people"][who])
    assert [i["slug"] for i in api.get("/api/v1/initiatives/").json()["results"]] == ["ours"]
    assert api.get("/api/v1/allocations/").json()["count"] == 1
    assert api.get("/api/v1/proposals/").json()["count"] == 0
    assert api.get("/api/v1/initiatives/sentinel/").status_code == 404
    assert api.get(f"/api/v1/allocations/{theirs.pk}/").status_code == 404
    assert api.delete(f"/api/v1/allocations/{theirs.pk}/").status_code == 404
    assert (
        api.post(f"/api/v1/proposals/{ledgers['proposal'].pk}/move/", {"to": "withdrawn"}).status_code == 404
    )
    ledger = api.get("/api/v1/ten-percent/", {"by": "region"}).json()
    assert [row["label"] for row in ledger] == [world["units"]["a"].region.name]
    assert sum(row["count"] for row in api.get("/api/v1/proposals/pipeline/").json()) == 0


def test_global_administrator_sees_every_region(world, ledgers):
    api = APIClient()
    api.force_authenticate(world["people"]["admin"])
    assert api.get("/api/v1/initiatives/").json()["count"] == 2
    assert len(api.get("/api/v1/ten-percent/", {"by": "region"}).json()) == 2


def test_no_current_membership_sees_nothing(client, world, ledgers):
    nobody = UserFactory()
    client.force_login(nobody)
    for url in PAGES:
        body = client.get(url).content.decode()
        for secret in ("Our Towns Fund", "Sentinel", "£100.00", "777.77", "Our allocation"):
            assert secret not in body, (url, secret)
    api = APIClient()
    api.force_authenticate(nobody)
    assert api.get("/api/v1/initiatives/").status_code == 403
    assert api.get("/api/v1/ten-percent/").status_code == 403


def test_only_the_regions_managers_write_initiatives_and_allocations(world, ledgers):
    ours = ledgers["ours"]
    for who in ("worker", "lead", "director", "worker_b"):
        with pytest.raises(PermissionDenied):
            allocation_save(
                actor=world["people"][who],
                initiative=ours,
                amount=Decimal("1"),
                date=datetime.date(2026, 5, 1),
                category="other",
            )
        with pytest.raises(PermissionDenied):
            initiative_save(actor=world["people"][who], region=ours.region, initiative=ours, title="Renamed")
    api = APIClient()
    api.force_authenticate(world["people"]["director"])
    response = api.patch("/api/v1/initiatives/ours/", {"title": "Renamed"}, format="json")
    assert response.status_code in (400, 403)
    ours.refresh_from_db()
    assert ours.title == "Our Towns Fund"

    api.force_authenticate(world["people"]["manager"])
    response = api.post(
        "/api/v1/allocations/",
        {"initiative": "sentinel", "amount": "5.00", "date": "2026-05-01", "category": "other"},
        format="json",
    )
    assert response.status_code == 400 and "initiative" in response.json()
    response = api.post(
        "/api/v1/allocations/",
        {
            "initiative": "ours", "amount": "5.05", "date": "2026-05-01", "category": "community_proposed",
            "neighbourhoods": [world["hoods"]["a2"].slug],
        },
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "5.05"
    response = api.post(
        "/api/v1/initiatives/",
        {**NEW, "region": world["units"]["a"].region.code, "title": "Levelling up", "revenue": "0.01"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["ten_percent"]["budget"] == "100.01"
    assert response.json()["ten_percent"]["shortfall"] == "10.01"
    response = api.post(
        "/api/v1/initiatives/",
        {**NEW, "region": world["units"]["b"].region.code, "title": "Not mine"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert not RegionalInitiative.objects.filter(title="Not mine").exists()


def test_proposals_are_the_facilitating_teams_to_add(world):
    with pytest.raises(PermissionDenied):
        proposal_save(
            actor=world["people"]["worker_a2"],
            team=world["teams"]["a1"],
            title="Not my team's",
            neighbourhood=world["hoods"]["a1"],
            amount_sought=Decimal("1"),
        )
    with pytest.raises(PermissionDenied):
        proposal_save(
            actor=world["people"]["director"],
            team=world["teams"]["a1"],
            title="A director's",
            neighbourhood=world["hoods"]["a1"],
            amount_sought=Decimal("1"),
        )
    proposal = proposal_save(
        actor=world["people"]["manager"],
        team=world["teams"]["a1"],
        title="The manager's",
        neighbourhood=world["hoods"]["a1"],
        amount_sought=Decimal("1"),
    )
    assert Proposal.objects.get().pk == proposal.pk
    api = APIClient()
    api.force_authenticate(world["people"]["director"])
    assert api.get(f"/api/v1/proposals/{proposal.pk}/").json()["title"] == "The manager's"


def test_the_api_names_only_the_neighbourhoods_and_groups_of_teams_the_reader_reaches(world):
    """Everyone in a region reads its ledger and proposals; the neighbourhoods and groups they name are
    their teams'. A worker of team A2 reads an allocation to team A1's neighbourhood and group with
    neither listed (only counted), and A1's proposal with neither; A1's worker and the manager see both."""
    from tests.groups.factories import GroupFactory

    hood, group = world["hoods"]["a1"], GroupFactory(team=world["teams"]["a1"])
    hood.slug = "sentinel-hood-a1"
    hood.save(update_fields=["slug"])
    initiative = InitiativeFactory(region=world["units"]["a"].region)
    allocation = allocation_save(
        actor=world["people"]["manager"], initiative=initiative, amount=Decimal("500.00"),
        date=datetime.date(2026, 5, 1), category="community_proposed", title="To A1 and A2",
        neighbourhoods=[hood, world["hoods"]["a2"]], groups=[group],
    )  # fmt: skip
    proposal = proposal_save(
        actor=world["people"]["worker"], team=world["teams"]["a1"], title="A1's proposal",
        neighbourhood=hood, groups=[group], amount_sought=Decimal("900.00"),
    )  # fmt: skip

    for who, reaches in (("worker_a2", False), ("worker", True), ("manager", True)):
        api = APIClient()
        api.force_authenticate(world["people"][who])
        sent = api.get(f"/api/v1/allocations/{allocation.pk}/").json()
        listed = api.get("/api/v1/allocations/").json()["results"]
        assert [a for a in listed if a["id"] == allocation.pk] == [sent], who
        a2 = world["hoods"]["a2"].slug
        if reaches and who == "manager":
            assert sorted(sent["neighbourhoods"]) == sorted([hood.slug, a2]) and sent["groups"] == [group.pk]
        elif reaches:  # team A1's worker: A1's own, and A2's counted
            assert (sent["neighbourhoods"], sent["groups"]) == ([hood.slug], [group.pk])
            assert (sent["other_teams_neighbourhoods"], sent["other_teams_groups"]) == (1, 0)
        else:
            assert (sent["neighbourhoods"], sent["groups"]) == ([a2], [])
            assert (sent["other_teams_neighbourhoods"], sent["other_teams_groups"]) == (1, 1)
        shown = api.get(f"/api/v1/proposals/{proposal.pk}/").json()
        assert (shown["neighbourhood"], shown["groups"]) == (
            (hood.slug, [group.pk]) if reaches else (None, [])
        ), who
        assert ("sentinel-hood-a1" in str(api.get("/api/v1/proposals/").json())) is reaches, who
