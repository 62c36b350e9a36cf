"""A number past what a database column holds, given to a list's filter, is refused as invalid (400,
saying which filter) in the API and left out of a page's filter, never a server error; one within
the range still filters."""

import pytest
from rest_framework.test import APIClient

HUGE = "17588119092993261043712"


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/engagements/?group={HUGE}",  # a filterset of our own
        f"/api/v1/gva/?year={HUGE}",  # one built from a view's filterset_fields
        f"/api/v1/engagements/?group=-{HUGE}",
    ],
)
def test_a_number_too_large_for_the_database_is_refused_as_invalid(world, url):
    api = APIClient()
    api.force_authenticate(world["people"]["manager"])
    response = api.get(url)
    assert response.status_code == 400, response.content[:300]
    (field,) = response.json()
    assert field in ("group", "year") and "Ensure this value is" in response.json()[field][0]


def test_the_largest_number_a_column_holds_still_filters(world):
    api = APIClient()
    api.force_authenticate(world["people"]["manager"])
    response = api.get(f"/api/v1/engagements/?group={2**63 - 1}")
    assert response.status_code == 200 and response.json()["results"] == []


def test_the_log_page_leaves_the_number_out_rather_than_failing(client, world):
    client.force_login(world["people"]["worker"])
    assert client.get(f"/log/?group={HUGE}").status_code == 200
