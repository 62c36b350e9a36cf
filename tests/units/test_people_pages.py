"""A unit's teams and people in the product: a unit manager adds a new worker to a team, the worker
signs in and logs a contact, and the end date of the membership stops their access from the next day.
Leads and workers see their team's people and change nothing; nobody gives themselves a role."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from coprod.audit.models import AuditEntry
from coprod.engagements.models import ActivityType, Engagement
from coprod.units import services
from coprod.units.choices import Role
from coprod.units.models import Membership

NEW_PASSWORD = "a-long-new-worker-password"


def add_person(client, team, **changes):
    values = {
        "username": "sam.new",
        "first_name": "Sam",
        "last_name": "Newman",
        "email": "sam@example.org",
        "password": NEW_PASSWORD,
        "role": Role.WORKER,
        "start_date": timezone.localdate().isoformat(),
        "end_date": "",
    }
    return client.post(f"/teams/{team.slug}/people/new/", values | changes)


def test_a_manager_adds_a_worker_who_logs_and_whose_end_date_stops_access_the_next_day(client, world):
    team, manager = world["teams"]["a1"], world["people"]["manager"]
    today = timezone.localdate()
    client.force_login(manager)
    done = add_person(client, team, start_date=(today - datetime.timedelta(days=10)).isoformat())
    assert done.status_code == 302 and done["Location"] == f"/teams/{team.slug}/"
    membership = Membership.objects.get(user__username="sam.new")
    assert (membership.team, membership.role, membership.end_date) == (team, Role.WORKER, None)
    page = client.get(f"/teams/{team.slug}/").content.decode()
    assert "Sam Newman" in page and "sam.new is in" in page  # listed, and the message says so
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Membership), object_pk=membership.pk
    )
    assert entry.actor == manager and entry.team_id == team.pk

    worker = client.__class__()  # the new worker signs in on the sign-in page, with their password
    signed_in = worker.post("/accounts/login/", {"username": "sam.new", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
    contact = {
        "team": team.pk,
        "date": today.isoformat(),
        "activity_type": ActivityType.objects.get(slug="outreach").pk,
        "dimension": "groups",
        "minutes": 30,
    }
    assert worker.post("/log/new/", contact).status_code == 302
    assert Engagement.objects.get().worker.username == "sam.new"

    # Ended today: today is their last day, so they still log today.
    ended = client.post(f"/memberships/{membership.pk}/end/", {"end_date": today.isoformat()})
    assert ended.status_code == 302
    assert worker.get("/log/new/").status_code == 200
    # The end date is the last day: from the day after it, they reach nothing.
    yesterday = today - datetime.timedelta(days=1)
    client.post(f"/memberships/{membership.pk}/end/", {"end_date": yesterday.isoformat()})
    membership.refresh_from_db()
    assert membership.end_date == yesterday
    assert worker.get("/log/new/").status_code == 403
    assert worker.get("/log/").status_code == 403
    assert Engagement.objects.count() == 1


def test_what_the_manager_typed_stays_on_the_form_with_the_reason(client, world):
    team = world["teams"]["a1"]
    client.force_login(world["people"]["manager"])
    page = add_person(client, team, password="short")
    assert page.status_code == 400
    form = page.context["form"]
    assert "password" in form.errors and "12 characters" in " ".join(form.errors["password"])
    html = page.content.decode()
    assert 'value="sam.new"' in html and 'value="Newman"' in html and 'value="sam@example.org"' in html
    assert not get_user_model().objects.filter(username="sam.new").exists()
    assert add_person(client, team, role="").status_code == 400  # a role must be chosen


def test_nobody_gives_themselves_a_role(client, world):
    manager = world["people"]["manager"]
    client.force_login(manager)
    page = add_person(client, world["teams"]["a1"], username=manager.username, role=Role.TEAM_LEAD)
    assert page.status_code == 400
    assert page.context["form"].errors["username"] == [services.NOT_YOURSELF]
    assert not Membership.objects.filter(user=manager, team__isnull=False).exists()


@pytest.mark.parametrize("who", ["lead", "worker", "director"])
def test_leads_workers_and_directors_see_the_people_and_change_nothing(client, world, who):
    team = world["teams"]["a1"]
    client.force_login(world["people"][who])
    page = client.get("/teams/").content.decode()
    assert team.name in page
    assert world["people"]["worker"].username in page
    assert "Add a person" not in page
    assert add_person(client, team).status_code == 403
    worker_membership = Membership.objects.get(user=world["people"]["worker"])
    answer = client.post(f"/memberships/{worker_membership.pk}/end/", {"end_date": "2026-01-01"})
    assert answer.status_code == 403
    worker_membership.refresh_from_db()
    assert worker_membership.end_date is None
    assert not Membership.objects.filter(user__username="sam.new").exists()


def test_a_known_person_joins_a_second_team_once(client, world):
    worker, team_a2 = world["people"]["worker"], world["teams"]["a2"]
    client.force_login(world["people"]["manager"])
    assert add_person(client, team_a2, username=worker.username, password="").status_code == 302
    assert Membership.objects.filter(user=worker).count() == 2
    again = add_person(client, team_a2, username=worker.username, password="")
    assert again.status_code == 400 and "already in" in again.context["form"].errors["username"][0]
    assert Membership.objects.filter(user=worker).count() == 2


@pytest.mark.parametrize(
    "who, sees, not_seen",
    [("worker", ["a1"], ["a2", "b1"]), ("manager", ["a1", "a2"], ["b1"]), ("admin", ["a1", "a2", "b1"], [])],
)
def test_the_team_list_holds_the_teams_a_person_reaches_and_no_others(client, world, who, sees, not_seen):
    client.force_login(world["people"][who])
    page = client.get("/teams/").content.decode()
    for key in sees:
        assert f'href="/teams/{world["teams"][key].slug}/"' in page, key
    for key in not_seen:
        assert world["teams"][key].slug not in page, key
        assert client.get(f"/teams/{world['teams'][key].slug}/").status_code == 404
