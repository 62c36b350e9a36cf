"""One rule, one message: the group form, the API and the CSV import all apply groups.rules, so the
same bad value is refused with the same message on the same field wherever it was typed."""

import io

import pytest
from rest_framework.test import APIClient

from coprod.groups import rules
from coprod.groups.imports import groups_import
from coprod.groups.models import CommunityGroup

BASE = {
    "name": "Bentilee Knit and Natter",
    "legal_form": "informal_group",
    "income_band": "micro",
    "spatial_focus": "neighbourhood",
    "statutory_relationship": "unknown",
    "premises": "none",
    "status": "active",
    "support_intensity": "none",
}
ESTIMATE = {"volunteer_estimate_on": "2026-01-01", "volunteer_estimate_source": "estimate"}

BROKEN = [
    ({"volunteers": "12"}, "volunteer_estimate_on", rules.ESTIMATE),
    ({"volunteer_hours_week": "5000000", **ESTIMATE}, "volunteer_hours_week", rules.HOURS),
    ({"volunteer_hours_week": "-3", **ESTIMATE}, "volunteer_hours_week", rules.HOURS),
    ({"founded_year": "1400"}, "founded_year", rules.FOUNDED),
    (
        {"charity_number": "1234567", "org_identifier": "GB-CHC-7654321"},
        "org_identifier",
        rules.IDENTIFIER_MISMATCH,
    ),
    ({"charity_number": "12AB"}, "charity_number", rules.CHARITY_NUMBER.message),
]


@pytest.mark.parametrize("bad, field, message", BROKEN)
def test_the_form_the_api_and_the_import_refuse_a_value_with_the_same_message(
    client, world, bad, field, message
):
    worker, team = world["people"]["worker"], world["teams"]["a1"]

    client.force_login(worker)
    page = client.post("/groups/new/", {"team": team.pk, **BASE, **bad})
    assert page.status_code == 400
    assert page.context["form"].errors[field] == [message]

    api = APIClient()
    api.force_authenticate(worker)
    response = api.post("/api/v1/groups/", {"team": team.slug, **BASE, **bad}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()[field] == [message]

    columns = ["name", *bad]
    source = io.BytesIO((",".join(columns) + "\n" + ",".join([BASE["name"], *bad.values()]) + "\n").encode())
    summary = groups_import(actor=None, team=team, source=source)
    assert (summary.created, summary.rejected) == (0, 1)
    error = summary.errors[0]
    assert (error.line, error.column, error.reason) == (2, field, message)
    assert not CommunityGroup.objects.exists()
