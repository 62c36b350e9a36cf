"""The API under /api/v1/: login required, scoped like the pages, writes through services."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coprod.neighbourhoods.models import Neighbourhood
from tests.units.factories import UserFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/regions/",
        "/api/v1/authorities/",
        "/api/v1/wards/",
        "/api/v1/lsoas/",
        "/api/v1/neighbourhoods/",
    ],
)
def test_every_endpoint_requires_login_and_a_membership(api, db, url):
    assert api.get(url).status_code in (401, 403)
    api.force_authenticate(UserFactory())
    assert api.get(url).status_code == 403


def test_token_authentication(api, world):
    token = Token.objects.create(user=world["people"]["worker"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/neighbourhoods/")
    assert response.status_code == 200
    assert [n["slug"] for n in response.json()["results"]] == [world["hoods"]["a1"].slug]


def test_other_teams_neighbourhood_is_404_by_api(api, world):
    api.force_authenticate(world["people"]["worker"])
    assert api.get(f"/api/v1/neighbourhoods/{world['hoods']['a1'].slug}/").status_code == 200
    for key in ("a2", "b1"):
        slug = world["hoods"][key].slug
        assert api.get(f"/api/v1/neighbourhoods/{slug}/").status_code == 404
        assert (
            api.patch(f"/api/v1/neighbourhoods/{slug}/", {"name": "Taken"}, format="json").status_code == 404
        )
    assert not Neighbourhood.objects.filter(name="Taken").exists()


def test_lsoa_filters_by_authority_ward_and_decile(api, stoke):
    api.force_authenticate(stoke["worker"])
    response = api.get("/api/v1/lsoas/", {"authority": "E06000021", "decile": 1, "page_size": 500})
    assert response.json()["count"] == 51
    first = response.json()["results"][0]
    assert first["deprivation"]["decile"] == 1 and first["local_authority"] == "E06000021"
    ward = api.get("/api/v1/lsoas/", {"ward": "E05008716"}).json()
    assert ward["count"] == 7
    assert api.get("/api/v1/authorities/E06000021/").json()["tier"] == "unitary"
    assert api.get("/api/v1/wards/", {"authority": "E06000003"}).json()["count"] > 0
    assert api.get("/api/v1/regions/E12000001/").json()["name"] == "North East"


def test_lead_creates_and_updates_through_the_api(api, stoke):
    api.force_authenticate(stoke["lead"])
    response = api.post(
        "/api/v1/neighbourhoods/",
        {"name": "Bentilee", "team": stoke["team"].slug, "wards": ["E05008716"], "priority": True},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["figures"]["lsoa_count"] == 7 and body["figures"]["decile_1_count"] == 6
    slug = body["slug"]
    response = api.patch(f"/api/v1/neighbourhoods/{slug}/", {"lsoas": ["E01014226"]}, format="json")
    assert response.status_code == 200 and response.json()["lsoas"] == ["E01014226"]

    refused = api.post(
        "/api/v1/neighbourhoods/",
        {"name": "Redcar bit", "team": stoke["team"].slug, "lsoas": ["E01012141"]},
        format="json",
    )
    assert refused.status_code == 400 and "E01012141" in str(refused.json())


def test_worker_cannot_create_and_cannot_name_another_team(api, stoke, world):
    api.force_authenticate(stoke["worker"])
    response = api.post(
        "/api/v1/neighbourhoods/",
        {"name": "X", "team": stoke["team"].slug, "wards": ["E05008716"]},
        format="json",
    )
    assert response.status_code == 403
    api.force_authenticate(stoke["lead"])
    response = api.post(
        "/api/v1/neighbourhoods/",
        {"name": "X", "team": world["teams"]["b1"].slug, "wards": ["E05008716"]},
        format="json",
    )
    assert response.status_code == 400 and "team" in response.json()
    assert not Neighbourhood.objects.filter(name="X").exists()


def test_schema_and_docs_are_served(client, world):
    client.force_login(world["people"]["worker"])
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200 and b"/api/v1/neighbourhoods/" in schema.content
    assert client.get("/api/v1/docs/").status_code == 200


def test_schema_and_docs_need_a_member(client, db):
    assert client.get("/api/v1/schema/").status_code in (401, 403)
    assert client.get("/api/v1/docs/").status_code in (401, 403)


def test_a_neighbourhood_of_all_stoke_has_the_authoritys_figures(api, stoke):
    from coprod.places.models import Ward

    api.force_authenticate(stoke["lead"])
    wards = list(Ward.objects.filter(local_authority__code="E06000021").values_list("code", flat=True))
    response = api.post(
        "/api/v1/neighbourhoods/",
        {"name": "All Stoke", "team": stoke["team"].slug, "wards": wards},
        format="json",
    )
    assert response.status_code == 201
    figures = response.json()["figures"]
    assert (figures["lsoa_count"], figures["decile_1_count"], figures["decile_1_share"]) == (159, 51, "32.1")
    listed = api.get("/api/v1/neighbourhoods/", {"decile_1_share_min": 32, "decile_1_share_max": 32.2}).json()
    assert [n["name"] for n in listed["results"]] == ["All Stoke"]


def test_codes_repeated_in_a_newer_vintage_pick_the_current_boundaries(api, stoke, client):
    from coprod.places.services import geography_import
    from tests.places.test_imports import csv_bytes

    newer = geography_import(
        source=csv_bytes(
            "LSOA21CD,LSOA21NM,WD22CD,WD22NM,LAD22CD,LAD22NM",
            "E01014226,Stoke-on-Trent 014D,E05008716,Bentilee and Ubberley,E06000021,Stoke-on-Trent",
        )
    )
    assert newer.created == 1
    api.force_authenticate(stoke["lead"])
    response = api.post(
        "/api/v1/neighbourhoods/",
        {"name": "Two codes", "team": stoke["team"].slug, "lsoas": ["E01014226"], "wards": ["E05008716"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    client.force_login(stoke["worker"])
    page = client.get("/authorities/E06000021/").content.decode()
    assert ">159<" in page and "51 (32.1%)" in page
