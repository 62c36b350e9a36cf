"""The HSDS exports (the directory's organizations, the offers' services with their capacity) validate
against the published HSDS 3.0 and 3.1 schemas, vendored with their licence, and a broken record fails."""

import copy
import datetime
import json
import uuid

import pytest

from coprod.groups.services import group_create
from coprod.publicservices.services import capacity_reading_save, offer_save
from tests.standards.hsds import VERSIONS, problems

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def published(world):
    """A charity with an offer read at capacity, an anonymous group with an offer never read, and a
    group with no lists at all."""
    lead, team = world["people"]["lead"], world["teams"]["a1"]
    charity = group_create(
        actor=lead,
        team=team,
        name="Bentilee Lunch Club",
        other_names="Bentilee Luncheon\nThe Tuesday Club",
        charity_number="1123456",
        org_identifier="GB-CHC-1123456",
        founded_year=1998,
    )
    shy = group_create(actor=lead, team=team, name="Quiet Carers Circle", anonymous_in_publications=True)
    group_create(actor=lead, team=team, name="Plain Group")
    lunch = offer_save(
        actor=lead,
        group=charity,
        name="Tuesday lunch",
        neighbourhood=world["hoods"]["a1"],
        schedule="Tuesdays 12:00 to 14:00",
        who_for="Older people living alone",
        places_week=20,
        places_funded=10,
    )
    capacity_reading_save(actor=lead, offer=lunch, on=TODAY, places_filled=20, waiting_list=6)
    offer_save(actor=lead, group=shy, name="Carers' coffee", places_week=8)
    return {"charity": charity, "shy": shy, "lunch": lunch}


def _download(client, world, url):
    client.force_login(world["people"]["lead"])
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.parametrize("version", VERSIONS)
def test_the_directory_organizations_validate(client, world, published, version):
    organizations = _download(client, world, "/groups/export.json")
    assert len(organizations) == 3
    for organization in organizations:
        assert problems(organization, "organization", version=version) == []
    charity = next(o for o in organizations if o["name"] == "Bentilee Lunch Club")
    assert {(i["identifier_scheme"], i["identifier"]) for i in charity["organization_identifiers"]} == {
        ("GB-CHC", "1123456")
    }  # the charity number and the organisation identifier name it once
    assert charity["alternate_name"] == "Bentilee Luncheon; The Tuesday Club"
    plain = next(o for o in organizations if o["name"] == "Plain Group")
    assert None not in plain.values() and "" not in plain.values()  # left out, never null


def test_the_offers_validate_as_services_with_their_capacity(client, world, published):
    """Services are HSDS 3.1, the version that publishes a service's capacity; without it they are
    HSDS 3.0 as well."""
    services = _download(client, world, "/offers/export.json")
    assert [s["name"] for s in services] == ["Carers' coffee", "Tuesday lunch"]
    for service in services:
        assert problems(service, "service", version="3.1") == []
        without = {k: v for k, v in service.items() if k != "capacities"}
        assert problems(without, "service", version="3.0") == []
    lunch = services[1]
    (capacity,) = lunch["capacities"]
    assert (capacity["available"], capacity["maximum"], capacity["unit"]["name"]) == (0, 20, "Places a week")
    assert "20 of 20 places a week filled, 6 waiting; 10 of them funded" in capacity["description"]
    assert lunch["eligibility_description"] == "Older people living alone"
    assert lunch["schedules"][0]["description"] == "Tuesdays 12:00 to 14:00"
    assert lunch["organization"]["name"] == "Bentilee Lunch Club"
    assert lunch["organization_id"] == lunch["organization"]["id"]
    coffee = services[0]
    assert "capacities" not in coffee  # never read: no capacity is claimed
    assert coffee["organization"]["name"] == "Anonymous group"


def test_ids_are_uuids_stable_between_exports_except_an_anonymous_groups(client, world, published):
    first = _download(client, world, "/offers/export.json")
    second = _download(client, world, "/offers/export.json")
    assert (
        first[1]["id"] == second[1]["id"]
        and first[1]["organization"]["id"] == second[1]["organization"]["id"]
    )
    assert uuid.UUID(first[1]["id"]).version == 5
    assert first[0]["organization"]["id"] != second[0]["organization"]["id"]  # the anonymous group
    assert first[0]["organization_id"] == first[0]["organization"]["id"]
    body = json.dumps(first)
    assert "Quiet Carers" not in body


@pytest.mark.parametrize(
    "break_it, found",
    [
        (lambda s: s.update(id="offer-17"), "is not a 'uuid'"),
        (lambda s: s.update(status="open"), "is not one of"),
        (lambda s: s["capacities"][0].pop("available"), "'available' is a required property"),
        (lambda s: s["capacities"][0].update(updated="yesterday"), "is not a 'date-time'"),
        (lambda s: s["organization"].update(alternate_name=None), "None is not of type 'string'"),
        (lambda s: s["organization"]["organization_identifiers"][0].pop("id"), "'id' is a required"),
        (lambda s: s.update(places_week=20), "places_week: not a field of HSDS 3.1"),
    ],
)
def test_a_broken_service_fails(client, world, published, break_it, found):
    lunch = _download(client, world, "/offers/export.json")[1]
    assert problems(lunch, "service", version="3.1") == []
    broken = copy.deepcopy(lunch)
    break_it(broken)
    assert any(found in p for p in problems(broken, "service", version="3.1")), problems(
        broken, "service", version="3.1"
    )


def test_the_offers_export_is_scoped(client, world, published):
    client.force_login(world["people"]["worker_b"])
    assert json.loads(client.get("/offers/export.json").content) == []
