"""Sentinel records: what another team or another region holds never appears to the users of team A1,
or of unit A, in any list, search, count, dashboard or export; and more of it changes nothing they see.

Every planted record carries its team's marker (tests/trust/conftest.py). The sweep reads every page
without a record in its address, each with the searches and filters that take free text, every list
of the API, and the exports, as each user, and looks for the markers they must never meet.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from coprod.funding.selectors import BREAKDOWNS
from tests.trust.conftest import MARKERS, MONEY, PERSONAL, plant_team
from tests.trust.test_access_matrix import RULES, page_names, schema_operations

SEARCHES = ["SENTINEL", "sentinel", "Pantry", "PERSONAL"]
# Who must never meet which team's records: team A1's people never meet A2's or B1's; unit A's
# managers never meet B1's. Nobody outside a team meets the personal notes and contacts it keeps.
NEVER = {
    "worker": ["a2", "b1"],
    "team_lead": ["a2", "b1"],
    "unit_manager": ["b1"],
    "regional_director": ["b1"],
}


def forbidden_texts(role: str) -> list[str]:
    texts = [MARKERS[key] for key in NEVER[role]] + [PERSONAL[key] for key in NEVER[role]]
    texts += [MONEY["b1"]]
    if role in ("unit_manager", "regional_director"):
        texts += [PERSONAL["a1"], PERSONAL["a2"]]
    return texts


def page_urls() -> list[str]:
    """Every page that names no record in its address (lists, searches, figures, exports, dashboards),
    with the free-text searches and the breakdowns they take."""
    urls = []
    for name in page_names():
        rule = RULES["pages"][name]
        if rule.get("record") or rule.get("method") == "post" or name in ("login", "logout", "healthz"):
            continue
        url = reverse(name)
        urls.append(url)
        urls += [f"{url}?q={word}" for word in SEARCHES]
    urls += [reverse("group-export-csv") + "?personal=1", reverse("funding-ledger-export") + "?by=region"]
    urls += [reverse("dashboard") + f"?trend=quarter&period={p}" for p in ("2024-25-Q4",)]
    return urls


def api_urls() -> list[str]:
    urls = []
    for method, path in schema_operations():
        if method != "get" or "{" in path:
            continue
        urls.append(path)
        urls += [f"{path}?q={word}&search={word}" for word in SEARCHES]
    urls += [f"/api/v1/ten-percent/?by={by}" for by in BREAKDOWNS]
    return urls


def body_of(response) -> str:
    content = b"".join(response) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def sweep(planted, role: str) -> dict[str, str]:
    """Every page, export and API list as the role sees them: url -> body."""
    user = planted["roles"][role]
    pages, api = Client(), APIClient()
    pages.force_login(user)
    api.force_authenticate(user)
    seen = {}
    for url in page_urls():
        response = pages.get(url)
        assert response.status_code in (200, 403), (role, url, response.status_code)
        seen[url] = body_of(response)
    for url in api_urls():
        response = api.get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        seen[url] = body_of(response)
    return seen


def normalised(body: str) -> str:
    """A body without what changes between two requests: CSRF tokens and CSP nonces."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    body = re.sub(r'name="idempotency_key" value="[^"]+"', "", body)
    return re.sub(r'nonce="[^"]+"', "", body)


@pytest.mark.parametrize("role", list(NEVER))
def test_sentinels_never_appear_and_more_of_them_changes_nothing(planted, role):
    before = sweep(planted, role)
    assert len(before) > 150
    leaks = [(url, text) for url, body in before.items() for text in forbidden_texts(role) if text in body]
    assert leaks == [], "\n".join(f"{url}: {text}" for url, text in leaks)
    # The sweep can see: the user's own team's records are there to be found.
    assert MARKERS["a1"] in before[reverse("group-list")]
    assert MARKERS["a1"] in before["/api/v1/groups/"]

    # Pages of the region's money and proposals are read across the region; the other team's
    # neighbourhoods and groups they name stay unnamed to people outside that team.
    other = planted["records"]["other_team"]
    pages = Client()
    pages.force_login(planted["roles"][role])
    for url in (
        reverse("funding-proposal", args=[other["proposal"].pk]),
        reverse("funding-initiative", args=[other["initiative"].slug]),
    ):
        response = pages.get(url)
        assert response.status_code == 200
        assert [t for t in forbidden_texts(role) if t in body_of(response)] == [], url

    # A second batch of every kind of record in the teams the user must not reach, with the same
    # markers: every count, figure and list the user sees stays exactly as it was. (The region's money
    # and proposals are read across the region, so only another region gets more of them.)
    world = planted["world"]
    for key in NEVER[role]:
        team = world["teams"][key]
        plant_team(
            key,
            team,
            world["hoods"][key],
            lead=planted["leads"][key],
            worker=planted["workers"][key],
            manager=planted["roles"]["administrator"],
            suffix="again",
            money=key == "b1",
        )
    after = sweep(planted, role)
    # The audit trail grows by the sweep's own exports between the two sweeps, so it is left out of
    # this comparison; the leak check above reads it like every other page.
    trail = reverse("audit-list")
    changed = [
        url
        for url in before
        if not url.startswith(trail) and normalised(before[url]) != normalised(after[url])
    ]
    assert changed == []
