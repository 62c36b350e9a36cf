"""A sentinel group in another team never shows: not in pages, search, API, counts or exports."""

import pytest
from rest_framework.test import APIClient

from coprod.groups.services import contact_add, group_create


@pytest.fixture
def sentinel(world):
    group = group_create(
        actor=world["people"]["worker_b"], team=world["teams"]["b1"], name="Sentinel Tenants Association"
    )
    contact_add(actor=world["people"]["worker_b"], group=group, name="Secret Person")
    return group


@pytest.fixture
def ours(world):
    return group_create(
        actor=world["people"]["worker"], team=world["teams"]["a1"], name="Our Tenants Association"
    )


def test_pages_and_search(client, world, sentinel, ours):
    client.force_login(world["people"]["worker"])
    for url in ("/groups/", "/groups/?q=Sentinel", "/groups/?q=Sentinal+Tenants", "/groups/?q=tenants"):
        body = client.get(url).content.decode()
        assert "Sentinel Tenants Association" not in body, url
        assert "Secret Person" not in body, url
    assert "Our Tenants Association" in client.get("/groups/?q=tenants").content.decode()
    assert client.get(f"/groups/{sentinel.pk}/").status_code == 404
    assert client.get(f"/groups/{sentinel.pk}/edit/").status_code == 404
    assert client.post(f"/groups/{sentinel.pk}/delete/").status_code == 404
    assert client.post(f"/groups/{sentinel.pk}/contacts/", {"name": "x"}).status_code == 404


def test_api_list_search_detail_and_writes(world, sentinel, ours):
    api = APIClient()
    api.force_authenticate(world["people"]["worker"])
    listed = api.get("/api/v1/groups/").json()
    assert [g["name"] for g in listed["results"]] == ["Our Tenants Association"]
    assert listed["count"] == 1
    assert api.get("/api/v1/groups/", {"q": "Sentinel"}).json()["count"] == 0
    assert api.get(f"/api/v1/groups/{sentinel.pk}/").status_code == 404
    assert api.patch(f"/api/v1/groups/{sentinel.pk}/", {"name": "Mine"}, format="json").status_code == 404
    assert api.delete(f"/api/v1/groups/{sentinel.pk}/").status_code == 404
    sentinel.refresh_from_db()
    assert sentinel.name == "Sentinel Tenants Association"


def test_manager_sees_the_units_groups_but_not_their_people(world, sentinel, ours):
    api = APIClient()
    api.force_authenticate(world["people"]["manager"])
    data = api.get(f"/api/v1/groups/{ours.pk}/").json()
    assert data["name"] == "Our Tenants Association"
    assert data["contacts"] is None and data["notes"] is None
    assert api.get(f"/api/v1/groups/{sentinel.pk}/").status_code == 404


def test_team_sees_its_contacts_in_the_api(world, ours):
    contact_add(actor=world["people"]["worker"], group=ours, name="Visible Person")
    api = APIClient()
    api.force_authenticate(world["people"]["worker"])
    assert [c["name"] for c in api.get(f"/api/v1/groups/{ours.pk}/").json()["contacts"]] == ["Visible Person"]


def test_duplicate_flags_need_both_groups_visible(client, world):
    group_create(
        actor=world["people"]["worker"], team=world["teams"]["a1"], name="Same", charity_number="1123456"
    )
    group_create(
        actor=world["people"]["worker_b"], team=world["teams"]["b1"], name="Hidden", charity_number="1123456"
    )
    client.force_login(world["people"]["worker_b"])
    body = client.get("/groups/duplicates/").content.decode()
    assert "Nothing to review" in body and "Same" not in body
