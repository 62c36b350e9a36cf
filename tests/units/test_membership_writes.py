"""A team's people through the API and the admin, on the services the pages use: a unit manager adds a
new worker through the API, the worker gets a token and logs a contact, and ending the membership (its
only change) stops their access from the next day; the admin gives memberships through
membership_grant and only ends them through membership_end; nobody gives themselves a role anywhere."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from rest_framework.test import APIClient

from coprod.audit.models import AuditEntry
from coprod.units import admin as units_admin
from coprod.units import services
from coprod.units.models import Membership

NEW_PASSWORD = "a-long-new-worker-password"


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_manager_adds_a_worker_through_the_api_who_logs_until_the_membership_ends(world):
    today = timezone.localdate()
    team, manager = world["teams"]["a1"], world["people"]["manager"]
    added = api_for(manager).post(
        "/api/v1/memberships/",
        {"team": team.slug, "role": "worker", "username": "ana.api", "first_name": "Ana",
         "password": NEW_PASSWORD, "start_date": (today - datetime.timedelta(days=7)).isoformat()},
        format="json",
    )  # fmt: skip
    assert added.status_code == 201, added.json()
    sent = added.json()
    assert (sent["user"], sent["role"], sent["team"], sent["end_date"]) == (
        "ana.api",
        "worker",
        team.slug,
        None,
    )
    assert "password" not in sent
    membership = Membership.objects.get(pk=sent["id"])
    kind = ContentType.objects.get_for_model(Membership)
    assert AuditEntry.objects.get(content_type=kind, object_pk=str(membership.pk)).actor == manager

    token = APIClient().post("/api/v1/auth/token/", {"username": "ana.api", "password": NEW_PASSWORD})
    assert token.status_code == 200
    worker = APIClient()
    worker.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    logged = worker.post(
        "/api/v1/engagements/",
        {"team": team.slug, "neighbourhood": world["hoods"]["a1"].slug, "activity_type": "outreach",
         "dimension": "groups", "minutes": 30},
        format="json",
    )  # fmt: skip
    assert logged.status_code == 201, logged.json()

    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    refused = api_for(manager).patch(
        f"/api/v1/memberships/{membership.pk}/", {"role": "team_lead", "end_date": yesterday}, format="json"
    )
    assert refused.status_code == 400 and "not role" in refused.json()["end_date"][0]
    missing = api_for(manager).patch(f"/api/v1/memberships/{membership.pk}/", {}, format="json")
    assert missing.status_code == 400 and "end_date" in missing.json()
    ended = api_for(manager).patch(
        f"/api/v1/memberships/{membership.pk}/", {"end_date": yesterday}, format="json"
    )
    assert ended.status_code == 200 and ended.json()["end_date"] == yesterday
    membership.refresh_from_db()
    assert membership.role == "worker" and membership.end_date.isoformat() == yesterday
    assert worker.get("/api/v1/engagements/").status_code == 403  # no current membership: nothing


def test_nobody_adds_themselves_and_only_the_units_managers_add_or_end(world):
    today = timezone.localdate().isoformat()
    team, manager = world["teams"]["a1"], world["people"]["manager"]
    itself = api_for(manager).post(
        "/api/v1/memberships/",
        {"team": team.slug, "role": "team_lead", "username": manager.username, "start_date": today},
        format="json",
    )
    assert itself.status_code == 400 and itself.json()["username"] == [services.NOT_YOURSELF]
    body = {
        "team": team.slug,
        "role": "worker",
        "username": "x.new",
        "password": NEW_PASSWORD,
        "start_date": today,
    }
    assert (
        api_for(world["people"]["lead"]).post("/api/v1/memberships/", body, format="json").status_code == 403
    )
    assert (
        api_for(world["people"]["director"]).post("/api/v1/memberships/", body, format="json").status_code
        == 403
    )
    worker = world["people"]["worker"].memberships.get()
    patch = {"end_date": today}
    assert (
        api_for(world["people"]["lead"]).patch(f"/api/v1/memberships/{worker.pk}/", patch).status_code == 403
    )
    assert (
        api_for(world["people"]["worker_b"]).patch(f"/api/v1/memberships/{worker.pk}/", patch).status_code
        == 404
    )
    assert api_for(manager).delete(f"/api/v1/memberships/{worker.pk}/").status_code == 405
    assert api_for(manager).put(f"/api/v1/memberships/{worker.pk}/", patch).status_code == 405
    worker.refresh_from_db()
    assert worker.end_date is None


def test_the_admin_gives_through_membership_grant_and_only_ends_through_membership_end(
    client, world, monkeypatch
):
    calls = []
    for name in ("membership_grant", "membership_end"):
        real = getattr(services, name)
        monkeypatch.setattr(
            units_admin, name, lambda *a, _real=real, _name=name, **kw: calls.append(_name) or _real(*a, **kw)
        )
    admin, worker = world["people"]["admin"], world["people"]["worker_b"]
    client.force_login(admin)
    added = client.post(
        "/admin/units/membership/add/",
        {"user": worker.pk, "role": "team_lead", "team": world["teams"]["a2"].pk, "start_date": "2026-04-01"},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    given = Membership.objects.get(user=worker, team=world["teams"]["a2"])
    assert calls == ["membership_grant"] and given.role == "team_lead"
    kind = ContentType.objects.get_for_model(Membership)
    assert AuditEntry.objects.get(content_type=kind, object_pk=str(given.pk)).actor == admin

    change = f"/admin/units/membership/{given.pk}/change/"
    page = client.get(change).content.decode()
    assert 'name="end_date"' in page and 'name="role"' not in page  # a membership is only ended
    ended = client.post(change, {"role": "worker", "team": world["teams"]["a1"].pk, "end_date": "2026-09-30"})
    assert ended.status_code == 302
    given.refresh_from_db()
    assert calls == ["membership_grant", "membership_end"]
    assert (given.role, given.team, given.end_date) == (
        "team_lead",
        world["teams"]["a2"],
        datetime.date(2026, 9, 30),
    )
