"""coprod's 360Giving export, validated against the standard's published 1.4 schemas (vendored with
their licence): an initiative's allocations as a data package, valid, failing on a broken record, read
back by the 360Giving import to the same money, places, programme and recipients."""

import copy
import datetime
import json
from decimal import Decimal

import pytest

from coprod.funding.imports import grants_import
from coprod.funding.models import Allocation
from coprod.funding.services import allocation_save
from tests.funding.factories import InitiativeFactory
from tests.groups.factories import GroupFactory
from tests.standards.threesixty import problems


@pytest.fixture
def initiative(world):
    manager = world["people"]["manager"]
    region = world["units"]["a"].region
    initiative = InitiativeFactory(
        region=region, slug="towns-fund", lead_body="Tees Valley Combined Authority"
    )
    charity = GroupFactory(team=world["teams"]["a1"], org_identifier="GB-CHC-1234567", name="Eston Pantry")
    quiet = GroupFactory(
        team=world["teams"]["a1"], name="Quietly Named Pantry", charity_number="7654321",
        anonymous_in_publications=True,
    )  # fmt: skip
    allocation_save(
        actor=manager, initiative=initiative, amount=Decimal("1234.56"), date=datetime.date(2026, 5, 1),
        category="capacity_building", state="committed", title="Kitchen", groups=[charity],
        neighbourhoods=[world["hoods"]["a1"]], grant_programme="Communities Fund",
        recipient_postcode="TS6 9AB",
    )  # fmt: skip
    allocation_save(
        actor=manager, initiative=initiative, amount=Decimal("99.99"), date=datetime.date(2026, 6, 2),
        category="community_proposed", state="spent", groups=[quiet], neighbourhoods=[world["hoods"]["a2"]],
    )  # fmt: skip
    return initiative


def _package(client, user, initiative) -> dict:
    client.force_login(user)
    response = client.get(f"/funding/initiatives/{initiative.slug}/360giving.json")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_the_export_is_a_valid_360giving_package_and_a_broken_one_is_caught(client, world, initiative):
    package = _package(client, world["people"]["manager"], initiative)
    assert len(package["grants"]) == 2
    assert problems(package) == []
    first = package["grants"][0]
    assert (first["amountAwarded"], first["currency"], first["awardDate"]) == (
        1234.56,
        "GBP",
        "2026-05-01T00:00:00+00:00",
    )
    assert first["recipientOrganization"][0] == {
        "id": "GB-CHC-1234567",
        "name": "Eston Pantry",
        "postalCode": "TS6 9AB",
    }
    assert first["grantProgramme"] == [{"title": "Communities Fund"}]

    broken = copy.deepcopy(package)
    del broken["grants"][0]["amountAwarded"]
    broken["grants"][1]["awardDate"] = "next week"
    broken["grants"][1]["coprodNote"] = "not in the standard"
    found = " | ".join(problems(broken))
    assert (
        "'amountAwarded' is a required property" in found
        or "is not valid under any of the given schemas" in found
    )
    assert "/grants/1/awardDate" in found and "/grants/1/coprodNote: not a field of the standard" in found


def test_an_anonymous_group_is_neither_named_nor_identified(client, world, initiative):
    text = json.dumps(_package(client, world["people"]["manager"], initiative))
    assert "Quietly Named Pantry" not in text and "7654321" not in text
    assert "Anonymous group" in text


def test_another_teams_neighbourhoods_are_left_out_for_a_worker(client, world, initiative):
    package = _package(client, world["people"]["worker"], initiative)
    assert problems(package) == []
    own = {loc["geoCode"] for loc in package["grants"][0]["beneficiaryLocation"]}
    assert own == set(world["hoods"]["a1"].lsoas.values_list("code", flat=True))
    assert "beneficiaryLocation" not in package["grants"][1]  # team A2's neighbourhood


def test_the_export_reads_back_through_the_import_to_the_same_grants(client, world, initiative, tmp_path):
    path = tmp_path / "grants.json"
    package = _package(client, world["people"]["manager"], initiative)
    assert problems(package) == []  # what the import reads here is valid 360Giving
    path.write_text(json.dumps(package))
    other = InitiativeFactory(region=world["units"]["a"].region, slug="second-fund")
    Allocation.objects.filter(initiative=initiative).update(grant_identifier="")  # read as new grants
    summary = grants_import(actor=None, initiative=other, source=path)
    assert (summary.created, summary.errors) == (2, [])
    kitchen = Allocation.objects.get(initiative=other, amount=Decimal("1234.56"))
    assert [h.pk for h in kitchen.neighbourhoods.all()] == [world["hoods"]["a1"].pk]
    assert (kitchen.grant_programme, kitchen.recipient_postcode, kitchen.title) == (
        "Communities Fund",
        "TS6 9AB",
        "Kitchen",
    )
    assert [g.name for g in kitchen.groups.all()] == ["Eston Pantry"]
    assert Allocation.objects.get(initiative=other, amount=Decimal("99.99")).date == datetime.date(2026, 6, 2)


def test_an_initiative_with_nothing_allocated_has_no_package(client, world):
    empty = InitiativeFactory(region=world["units"]["a"].region, slug="empty-fund")
    client.force_login(world["people"]["manager"])
    assert client.get(f"/funding/initiatives/{empty.slug}/360giving.json").status_code == 404
    client.force_login(world["people"]["worker_b"])
    assert client.get("/funding/initiatives/towns-fund/360giving.json").status_code == 404
