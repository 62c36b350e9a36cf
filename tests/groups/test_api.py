"""The group API: create, read, update and delete, through the services, with the pages' filters."""

from rest_framework.test import APIClient

from coprod.groups.models import CommunityGroup


def test_crud_through_the_api(world):
    api = APIClient()
    api.force_authenticate(world["people"]["worker"])
    hood = world["hoods"]["a1"]
    response = api.post(
        "/api/v1/groups/",
        {
            "team": world["teams"]["a1"].slug,
            "name": "Bentilee Food Pantry",
            "neighbourhoods": [hood.slug],
            "areas_of_work": ["health-wellbeing"],
            "income_band": "micro",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["org_identifier"].startswith("360G-coprod-")
    response = api.patch(f"/api/v1/groups/{pk}/", {"status": "dormant"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "dormant"
    assert CommunityGroup.objects.get(pk=pk).changes.get().value == "dormant"
    filtered = api.get("/api/v1/groups/", {"neighbourhood": hood.slug, "status": "dormant"}).json()
    assert [g["id"] for g in filtered["results"]] == [pk]
    assert api.get("/api/v1/groups/", {"status": "active"}).json()["count"] == 0
    assert api.delete(f"/api/v1/groups/{pk}/").status_code == 403
    api.force_authenticate(world["people"]["lead"])
    assert api.delete(f"/api/v1/groups/{pk}/").status_code == 204
    assert not CommunityGroup.objects.filter(pk=pk).exists()


def test_bad_input_is_a_400_naming_the_field(world):
    api = APIClient()
    api.force_authenticate(world["people"]["worker"])
    response = api.post(
        "/api/v1/groups/",
        {"team": world["teams"]["a1"].slug, "name": "X", "charity_number": "12AB"},
        format="json",
    )
    assert response.status_code == 400 and "charity_number" in response.json()
    response = api.post(
        "/api/v1/groups/",
        {"team": world["teams"]["a1"].slug, "name": "X", "volunteers": 4},
        format="json",
    )
    assert response.status_code == 400 and "volunteer_estimate_on" in response.json()


def test_cannot_create_in_or_move_to_another_team(world):
    api = APIClient()
    api.force_authenticate(world["people"]["worker"])
    response = api.post("/api/v1/groups/", {"team": world["teams"]["b1"].slug, "name": "X"}, format="json")
    assert response.status_code == 400 and "team" in response.json()
    api.force_authenticate(world["people"]["manager"])
    response = api.post("/api/v1/groups/", {"team": world["teams"]["a1"].slug, "name": "X"}, format="json")
    assert response.status_code == 400
    assert not CommunityGroup.objects.exists()


def test_venues_and_areas(world):
    api = APIClient()
    api.force_authenticate(world["people"]["worker"])
    assert len(api.get("/api/v1/areas-of-work/").json()["results"]) == 18
    response = api.post(
        "/api/v1/venues/",
        {
            "team": world["teams"]["a1"].slug,
            "name": "Bentilee Centre",
            "kind": "community_centre",
            "status": "at_risk",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert api.get("/api/v1/venues/", {"status": "at_risk"}).json()["count"] == 1
    api.force_authenticate(world["people"]["worker_b"])
    assert api.get("/api/v1/venues/").json()["count"] == 0
