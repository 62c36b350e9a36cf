"""Units, teams and memberships in the API: read-only and scoped."""

from rest_framework.test import APIClient


def test_teams_units_and_memberships_are_scoped(world):
    api = APIClient()
    api.force_authenticate(world["people"]["worker"])
    teams = [t["slug"] for t in api.get("/api/v1/teams/").json()["results"]]
    assert teams == [world["teams"]["a1"].slug]
    assert api.get(f"/api/v1/teams/{world['teams']['b1'].slug}/").status_code == 404
    assert [u["slug"] for u in api.get("/api/v1/units/").json()["results"]] == [world["units"]["a"].slug]
    members = {m["user"] for m in api.get("/api/v1/memberships/").json()["results"]}
    assert world["people"]["lead"].username in members
    assert world["people"]["worker_b"].username not in members
    assert world["people"]["worker_a2"].username not in members
    assert api.post("/api/v1/teams/", {"name": "New"}, format="json").status_code == 405


def test_manager_sees_every_team_of_the_unit(world):
    api = APIClient()
    api.force_authenticate(world["people"]["manager"])
    teams = {t["slug"] for t in api.get("/api/v1/teams/").json()["results"]}
    assert teams == {world["teams"]["a1"].slug, world["teams"]["a2"].slug}
