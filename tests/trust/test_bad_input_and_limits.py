"""Bodies and requests built to hurt the server get a 4xx saying what is allowed: JSON nested thousands
deep (which made Python's decoder raise RecursionError, a 500, even on the token endpoint) or past the
depth limit, a body past the size limit; the API's rate limits per person and per address answer 429
with Retry-After; and a password made of the username is refused."""

import json

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import override_settings
from rest_framework.test import APIClient

from coprod.core.parsers import depth_of
from coprod.units.passwords import MESSAGE
from tests.units.factories import UserFactory


def post_raw(api: APIClient, url: str, body: str):
    return api.generic("POST", url, body, content_type="application/json")


@pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/api/v1/groups/"])
def test_json_nested_thousands_deep_is_refused_not_a_server_error(world, url):
    api = APIClient()
    if url != "/api/v1/auth/token/":
        api.force_authenticate(world["people"]["lead"])
    response = post_raw(api, url, "[" * 5000 + "]" * 5000)
    assert response.status_code == 400 and "nest at most 32 levels" in response.json()["detail"]


def test_the_depth_limit_counts_levels(world):
    api = APIClient()
    api.force_authenticate(world["people"]["lead"])
    team = world["teams"]["a1"].slug
    within = {"team": team, "name": "Deep enough", "areas_of_work": []}
    assert depth_of(within) == 2 and depth_of([[[1]]]) == 3 and depth_of(7) == 0
    too_deep = {"team": team, "name": "Too deep", "notes": json.loads("[" * 40 + "]" * 40)}
    response = post_raw(api, "/api/v1/groups/", json.dumps(too_deep))
    assert response.status_code == 400 and "32 levels" in response.json()["detail"]


@override_settings(COPROD_API_MAX_JSON_BYTES=1000)
def test_a_body_past_the_size_limit_is_refused(world):
    api = APIClient()
    api.force_authenticate(world["people"]["lead"])
    body = json.dumps({"team": world["teams"]["a1"].slug, "name": "x" * 2000})
    response = post_raw(api, "/api/v1/groups/", body)
    assert response.status_code == 413 and "at most 1,000 bytes" in response.json()["detail"]


@pytest.fixture
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@override_settings(COPROD_API_RATES={"person": "3/minute", "address": None})
def test_each_person_has_a_rate_limit_answered_with_retry_after(world, fresh_counts):
    ana, ben = APIClient(), APIClient()
    ana.force_authenticate(world["people"]["worker"])
    ben.force_authenticate(world["people"]["lead"])
    answers = [ana.get("/api/v1/teams/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = ana.get("/api/v1/teams/")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    assert ben.get("/api/v1/teams/").status_code == 200  # another person has a count of their own


@override_settings(COPROD_API_RATES={"person": None, "address": "2/minute"})
def test_one_address_shares_one_limit_whoever_signs_in(world, fresh_counts):
    ana, ben = APIClient(REMOTE_ADDR="203.0.113.7"), APIClient(REMOTE_ADDR="203.0.113.7")
    ana.force_authenticate(world["people"]["worker"])
    ben.force_authenticate(world["people"]["lead"])
    assert [ana.get("/api/v1/teams/").status_code, ben.get("/api/v1/teams/").status_code] == [200, 200]
    assert ben.get("/api/v1/teams/").status_code == 429
    elsewhere = APIClient(REMOTE_ADDR="198.51.100.1")
    elsewhere.force_authenticate(world["people"]["lead"])
    assert elsewhere.get("/api/v1/teams/").status_code == 200


@pytest.mark.parametrize(
    "password",
    ["stoke.worker-stoke.worker", "Stoke.Worker2026!", "workerstokeworker1", "STOKE-stoke-STOKE-worker"],
)
def test_a_password_made_of_the_username_is_refused(db, password):
    user = UserFactory.build(username="stoke.worker")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert MESSAGE in refused.value.messages


@pytest.mark.parametrize("password", ["stoke.worker-likes-blue-herons", "correct-horse-battery"])
def test_a_password_with_enough_of_its_own_passes(db, password):
    validate_password(password, UserFactory.build(username="stoke.worker"))


@pytest.mark.parametrize("name", ["Nul\x00group", "Lone \ud800 surrogate"])
def test_nul_and_lone_surrogates_are_refused_naming_the_field(world, name):
    api = APIClient()
    api.force_authenticate(world["people"]["lead"])
    body = json.dumps({"team": world["teams"]["a1"].slug, "name": name})  # \ud800 written as its escape
    response = post_raw(api, "/api/v1/groups/", body)
    assert response.status_code == 400 and "name" in response.json(), response.content[:300]
