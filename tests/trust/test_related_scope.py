"""Scope in every representation: each API list, read as each role, names only the neighbourhoods and
groups that role reaches, wherever they appear in an answer (an allocation's beneficiaries, a
proposal's neighbourhood, a claim's, a venue's groups...), not only the records at the top level."""

import pytest
from rest_framework.test import APIClient

from coprod.groups.selectors import groups_for_user
from coprod.neighbourhoods.selectors import neighbourhoods_for_user
from tests.trust.test_access_matrix import schema_operations

HOOD_KEYS, GROUP_KEYS = {"neighbourhood", "neighbourhoods"}, {"group", "groups"}
# Lists whose own records are neighbourhoods or groups (their scoping is the matrix's business), and
# lists that name a neighbourhood or group by something else than its slug or id.
OWN = {"/api/v1/neighbourhoods/", "/api/v1/groups/"}


def named(value, keys: set[str], found: list, path: str = "") -> None:
    """Every value under one of `keys`, anywhere in an answer, with where it was."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in keys and item is not None:
                found.extend((f"{path}.{key}", v) for v in (item if isinstance(item, list) else [item]))
            else:
                named(item, keys, found, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            named(item, keys, found, f"{path}[{i}]")


@pytest.mark.parametrize("role", ["worker", "team_lead", "regional_director", "unit_manager"])
def test_answers_name_only_the_neighbourhoods_and_groups_the_reader_reaches(planted, role):
    user = planted["roles"][role]
    api = APIClient()
    api.force_authenticate(user)
    reached = neighbourhoods_for_user(user)
    # The API names a neighbourhood by its slug, and the figures (a story's place) by its name.
    hoods = set(reached.values_list("slug", flat=True)) | set(reached.values_list("name", flat=True))
    groups = set(groups_for_user(user).values_list("pk", flat=True))
    lists = sorted({path for method, path in schema_operations() if method == "get" and "{" not in path})
    checked, outside = 0, []
    for path in lists:
        if path in OWN:
            continue
        response = api.get(path, {"page_size": 200})
        if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
            continue
        body = response.json()
        for where, slug in _named(body, HOOD_KEYS):
            checked += 1
            if isinstance(slug, str) and slug not in hoods:
                outside.append(f"{path}{where}: neighbourhood {slug}")
        for where, pk in _named(body, GROUP_KEYS):
            checked += 1
            if isinstance(pk, int) and pk not in groups:
                outside.append(f"{path}{where}: group {pk}")
    assert checked > 10, f"{role}: only {checked} related names were checked"
    assert outside == [], "\n".join(outside)


def _named(body, keys):
    found: list = []
    named(body, keys, found)
    return found
