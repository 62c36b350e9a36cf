"""Nobody raises their own reach: no serializer or form lets a user change their own role, team, unit
or the fields that say who owns a record (worker, recorded_by, written_by, requested_by, team, unit,
region). Each attempt is refused, or the field is ignored; either way what is stored stays as it was.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from coprod.engagements.models import Engagement
from coprod.reporting.models import Report
from coprod.units.choices import Role
from coprod.units.models import Membership, Team


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def snapshot(record, fields):
    record.refresh_from_db()
    return {name: getattr(record, name + "_id", None) or getattr(record, name) for name in fields}


def test_memberships_units_and_teams_cannot_be_written_through_the_api(planted):
    people, world = planted["world"]["people"], planted["world"]
    before = sorted(Membership.objects.values_list("pk", "user", "role", "team", "unit", "end_date"))
    for role in ("worker", "team_lead", "unit_manager", "administrator"):
        api = api_as(planted["roles"][role])
        own = Membership.objects.filter(user=planted["roles"][role]).first()
        units, teams = world["units"], world["teams"]
        answers = [
            api.post("/api/v1/memberships/", {"user": own.user.username, "role": "administrator"}),
            api.patch(f"/api/v1/memberships/{own.pk}/", {"role": "administrator", "team": ""}),
            api.put(f"/api/v1/memberships/{own.pk}/", {"role": Role.UNIT_MANAGER}),
            api.delete(f"/api/v1/memberships/{own.pk}/"),
            api.patch(f"/api/v1/teams/{teams['a1'].slug}/", {"unit": units["b"].slug}),
            api.post("/api/v1/teams/", {"name": "Mine", "unit": units["a"].slug}),
            api.patch(f"/api/v1/units/{units['a'].slug}/", {"name": "Mine"}),
        ]
        answers = [response.status_code for response in answers]
        # The API adds people to teams and ends memberships (units.services): asking it for a role of
        # one's own is refused, as invalid (400) where the request names no team the asker may staff.
        assert set(answers) <= {400, 403, 404, 405}, (role, answers)
    assert sorted(Membership.objects.values_list("pk", "user", "role", "team", "unit", "end_date")) == before
    assert Team.objects.get(pk=world["teams"]["a1"].pk).unit == world["units"]["a"]
    assert people["worker"].is_staff is False


# (who acts, API path of the record, the record, what the request tries to set, stored fields to keep)
def attempts(planted):
    own, other, far = (planted["records"][s] for s in ("own_team", "other_team", "other_region"))
    lead_b = planted["leads"]["b1"].username
    yield "worker", "groups", own["group"], {"team": other["team"].slug}, ["team"]
    yield "worker", "groups", own["group"], {"team": far["team"].slug, "name": "Moved"}, ["team", "name"]
    yield "worker", "venues", own["venue"], {"team": other["team"].slug}, ["team"]
    yield "worker", "engagements", own["engagement"], {"worker": lead_b}, ["worker", "team"]
    yield "worker", "engagements", own["engagement"], {"team": other["team"].slug}, ["worker", "team"]
    yield "worker", "measurements", own["measurement"], {"recorded_by": lead_b}, ["recorded_by"]
    yield (
        "worker",
        "measurements",
        own["measurement"],
        {"neighbourhood": other["neighbourhood"].slug},
        ["neighbourhood"],
    )
    yield "worker", "group-outcomes", own["group_outcome"], {"recorded_by": lead_b}, ["recorded_by", "group"]
    yield "worker", "group-outcomes", own["group_outcome"], {"group": other["group"].pk}, ["group"]
    yield "worker", "stories", own["story"], {"written_by": lead_b}, ["written_by"]
    yield "worker", "stories", own["story"], {"neighbourhood": other["neighbourhood"].slug}, ["neighbourhood"]
    yield (
        "worker",
        "involvement",
        own["involvement"],
        {"neighbourhood": far["neighbourhood"].slug},
        ["neighbourhood"],
    )
    yield "worker", "proposals", own["proposal"], {"team": other["team"].slug}, ["team"]
    yield "worker", "proposals", own["proposal"], {"status": "funded"}, ["status"]
    yield "team_lead", "indicators", own["indicator"], {"team": other["team"].slug}, ["team"]
    yield "team_lead", "indicators", own["indicator"], {"level": "group"}, ["level", "team"]
    yield (
        "team_lead",
        "targets",
        own["target"],
        {"work_programme": other["work_programme"].pk},
        ["work_programme"],
    )
    yield "team_lead", "neighbourhoods", own["neighbourhood"], {"team": other["team"].slug}, ["team"]
    yield (
        "unit_manager",
        "initiatives",
        own["initiative"],
        {"region": far["team"].unit.region.code},
        ["region"],
    )
    yield (
        "unit_manager",
        "allocations",
        own["allocation"],
        {"initiative": far["initiative"].slug},
        ["initiative"],
    )


def test_ownership_fields_cannot_be_changed_through_the_api(planted):
    tried = 0
    for role, resource, record, change, kept in attempts(planted):
        api = api_as(planted["roles"][role])
        key = record.slug if resource in ("neighbourhoods", "initiatives") else record.pk
        before = snapshot(record, kept)
        for method in ("patch", "put"):
            body = change
            if method == "put":  # a whole record, as it is now, with the change
                body = api.get(f"/api/v1/{resource}/{key}/").json() | change
                body = {k: v for k, v in body.items() if v is not None}
            response = getattr(api, method)(f"/api/v1/{resource}/{key}/", body, format="json")
            assert response.status_code in (200, 400, 403), (role, resource, change, response.content)
            assert snapshot(record, kept) == before, (role, resource, method, change)
            tried += 1
    assert tried == 40


def test_a_new_record_belongs_to_whoever_makes_it(planted):
    worker, lead_b = planted["roles"]["worker"], planted["leads"]["b1"]
    own = planted["records"]["own_team"]
    api = api_as(worker)
    response = api.post(
        "/api/v1/engagements/",
        {"team": own["team"].slug, "activity_type": "outreach", "dimension": "groups", "minutes": 20,
         "worker": lead_b.username},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert Engagement.objects.get(pk=response.json()["id"]).worker == worker
    response = api.post(
        "/api/v1/stories/",
        {
            "neighbourhood": own["neighbourhood"].slug,
            "title": "Ours",
            "body": "b",
            "told_on": "2025-06-01",
            "written_by": lead_b.username,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["written_by"] == worker.username


def test_forms_keep_the_team_and_the_author(client, planted):
    world = planted["world"]
    own, other = planted["records"]["own_team"], planted["records"]["other_team"]
    worker = planted["roles"]["worker"]
    # Someone working in two teams still cannot move a record from one to the other through a form.
    Membership.objects.create(
        user=worker, role=Role.WORKER, team=world["teams"]["a2"], start_date="2020-01-01"
    )
    client.force_login(worker)
    group = own["group"]
    client.post(reverse("group-edit", args=[group.pk]), {"team": other["team"].pk, "name": "Moved group"})
    group.refresh_from_db()
    assert group.team == own["team"]
    engagement = own["engagement"]
    client.post(
        reverse("engagement-edit", args=[engagement.pk]),
        {"team": other["team"].pk, "worker": planted["leads"]["b1"].pk, "date": str(engagement.date),
         "activity_type": engagement.activity_type_id, "dimension": "groups", "minutes": 30},
    )  # fmt: skip
    engagement.refresh_from_db()
    assert (engagement.team, engagement.worker) == (own["team"], worker)
    venue = own["venue"]
    client.post(
        reverse("venue-edit", args=[venue.pk]),
        {"team": other["team"].pk, "name": venue.name, "kind": venue.kind, "status": venue.status},
    )
    venue.refresh_from_db()
    assert venue.team == own["team"]

    manager = planted["roles"]["unit_manager"]
    client.force_login(manager)
    client.post(reverse("report-request"), {"unit": world["units"]["a"].slug, "period": "2025-26-Q2",
                                             "requested_by": worker.pk})  # fmt: skip
    assert Report.objects.get(unit=world["units"]["a"], period="2025-26-Q2").requested_by == manager


@pytest.mark.parametrize("role", ["worker", "team_lead", "unit_manager", "regional_director"])
def test_only_global_administrators_reach_the_admin_where_roles_are_given(client, planted, role):
    client.force_login(planted["roles"][role])
    response = client.get("/admin/units/membership/")
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/admin/login/" in response["Location"]
