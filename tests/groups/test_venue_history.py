"""Venues over time: a dated status history written by the one venue service, and the groups a
venue's closing displaced."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from coprod.groups.models import GroupChange, Venue, VenueStatusChange
from coprod.groups.selectors import groups_displaced
from coprod.groups.services import venue_save
from tests.groups.factories import GroupFactory, VenueFactory


def history(venue):
    return list(venue.status_changes.values_list("from_status", "status", "on"))


def test_the_service_keeps_each_change_of_status_with_its_day(world):
    lead, team = world["people"]["lead"], world["teams"]["a1"]
    venue = venue_save(
        actor=lead, team=team, name="Hall", kind="hall", status="open", status_on=datetime.date(2025, 1, 6)
    )
    venue = venue_save(
        actor=lead, team=team, venue=venue, status="at_risk", status_on=datetime.date(2025, 5, 1)
    )
    venue = venue_save(
        actor=lead, team=team, venue=venue, owner="The parish", days_open_week=4
    )  # same status
    assert history(venue) == [
        ("", "open", datetime.date(2025, 1, 6)),
        ("open", "at_risk", datetime.date(2025, 5, 1)),
    ]
    with pytest.raises(ValidationError, match="has not come yet"):
        venue_save(
            actor=lead, team=team, venue=venue, status="closed",
            status_on=datetime.date.today() + datetime.timedelta(days=1),
        )  # fmt: skip
    assert Venue.objects.get(pk=venue.pk).status == "at_risk" and len(history(venue)) == 2


def test_the_form_takes_the_day_and_keeps_what_was_typed_when_refused(client, world):
    client.force_login(world["people"]["lead"])
    team = world["teams"]["a1"]
    typed = {"team": team.pk, "name": "Old Library", "kind": "library", "status": "closed",
             "status_on": "2999-01-01", "days_open_week": "9", "community_hire_rate": "12.50"}  # fmt: skip
    refused = client.post("/venues/new/", typed)
    page = refused.content.decode()
    assert refused.status_code == 400 and 'value="Old Library"' in page and 'value="12.50"' in page
    typed |= {"status_on": "2025-02-03", "days_open_week": "3"}
    assert client.post("/venues/new/", typed).status_code == 302
    venue = Venue.objects.get(name="Old Library")
    assert history(venue) == [("", "closed", datetime.date(2025, 2, 3))] and venue.days_open_week == 3
    assert "3 February 2025" in client.get(f"/venues/{venue.pk}/").content.decode()


def test_groups_displaced_worked_example(world):
    team = world["teams"]["a1"]
    venue = VenueFactory(team=team)
    VenueStatusChange.objects.create(venue=venue, status="closed", on=datetime.date(2025, 6, 1))
    went_dormant, too_late, before, not_a_user = (GroupFactory(team=team) for _ in range(4))
    venue.groups.add(went_dormant, too_late, before)
    for group, value, on in (
        (went_dormant, "dormant", datetime.date(2025, 9, 1)),  # within the year: displaced
        (too_late, "folded", datetime.date(2026, 6, 2)),  # 366 days on: not
        (before, "folded", datetime.date(2025, 3, 1)),  # before the closing: not
        (not_a_user, "dormant", datetime.date(2025, 7, 1)),  # never used the venue: not
    ):
        GroupChange.objects.create(group=group, field="status", from_value="active", value=value, on=on)
    assert groups_displaced(Venue.objects.filter(pk=venue.pk)) == {went_dormant.pk}
    GroupChange.objects.create(
        group=too_late, field="status", from_value="active", value="dormant", on=datetime.date(2026, 6, 1)
    )  # 365 days on: the last day that counts
    assert groups_displaced(Venue.objects.filter(pk=venue.pk)) == {went_dormant.pk, too_late.pk}


def test_venues_added_before_the_history_start_it_with_their_status(world):
    venue = VenueFactory(team=world["teams"]["a1"], status="at_risk")
    assert not venue.status_changes.exists()  # made without the service
    migration = importlib.import_module("coprod.groups.migrations.0007_venue_history_from_status")
    migration.start_histories(apps, None)
    migration.start_histories(apps, None)  # twice: nothing more
    assert history(venue) == [("", "at_risk", venue.created_at.date())]
