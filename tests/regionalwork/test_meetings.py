"""Meetings: a steering group's actions become its team's follow-ups; the seats present are the
group's own; "you said, we did" is published only once its window has closed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coprod.engagements.models import FollowUp
from coprod.regionalwork.services import (
    meeting_action_add,
    meeting_save,
    seat_add,
    steering_group_save,
    window_save,
    you_said_publish,
    you_said_save,
)

D = datetime.date


@pytest.fixture
def steering(world):
    lead = world["people"]["lead"]
    group = steering_group_save(
        actor=lead,
        team=world["teams"]["a1"],
        name="Eston SG",
        term_start=D(2026, 4, 1),
        term_end=D(2028, 3, 31),
    )
    seat = seat_add(actor=lead, steering_group=group, kind="resident", neighbourhood=world["hoods"]["a1"])
    return group, seat


def test_a_meetings_actions_become_the_teams_follow_ups(world, steering):
    group, seat = steering
    lead, worker = world["people"]["lead"], world["people"]["worker"]
    meeting = meeting_save(
        actor=lead, steering_group=group, title="June", held_on=D(2026, 6, 4), attended=[seat]
    )
    assert list(meeting.attended.all()) == [seat]
    action = meeting_action_add(
        actor=lead, meeting=meeting, what="Book the hall", assigned_to=worker, due=D(2026, 7, 1)
    )
    follow_up = FollowUp.objects.get(pk=action.follow_up_id)
    assert (follow_up.team, follow_up.assigned_to, follow_up.what) == (
        world["teams"]["a1"],
        worker,
        "Book the hall",
    )
    with pytest.raises(ValidationError, match="someone in the team"):
        meeting_action_add(
            actor=lead, meeting=meeting, what="x", assigned_to=world["people"]["worker_b"], due=D(2026, 7, 1)
        )
    with pytest.raises(PermissionDenied):
        meeting_action_add(actor=worker, meeting=meeting, what="x", assigned_to=worker, due=D(2026, 7, 1))


def test_the_seats_present_are_the_groups_own(world, steering):
    group, _seat = steering
    lead = world["people"]["lead"]
    other = steering_group_save(
        actor=lead,
        team=world["teams"]["a1"],
        name="Other SG",
        term_start=D(2026, 4, 1),
        term_end=D(2027, 3, 31),
    )
    stranger = seat_add(actor=lead, steering_group=other, kind="other", organisation="Housing trust")
    with pytest.raises(ValidationError, match="seat of the meeting's steering group"):
        meeting_save(
            actor=lead, steering_group=group, title="June", held_on=D(2026, 6, 4), attended=[stranger]
        )


def test_only_the_teams_lead_keeps_its_steering_group(world, steering):
    group, _seat = steering
    for who in ("worker", "manager", "worker_a2"):
        with pytest.raises(PermissionDenied):
            steering_group_save(actor=world["people"][who], group=group, name="Renamed")
    unit_group = steering_group_save(
        actor=world["people"]["manager"], unit=world["units"]["a"], name="Unit steering group",
        term_start=D(2026, 4, 1), term_end=D(2027, 3, 31),
    )  # fmt: skip
    assert unit_group.team is None
    with pytest.raises(PermissionDenied):
        steering_group_save(actor=world["people"]["lead"], group=unit_group, name="Renamed")


def test_you_said_is_published_once_the_window_has_closed(world, plan):
    manager, lead = world["people"]["manager"], world["people"]["lead"]
    today = datetime.date.today()
    window = window_save(
        actor=manager, plan=plan, title="Survey", opens=today - datetime.timedelta(days=10),
        closes=today + datetime.timedelta(days=5), method="survey", team=world["teams"]["a1"],
    )  # fmt: skip
    record = you_said_save(
        actor=lead, window=window, asked="What matters?", themes=[{"theme": "Buses", "count": 14}],
        changed="Earlier buses",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="once it has closed"):
        you_said_publish(actor=lead, record=record)
    with pytest.raises(PermissionDenied):
        you_said_save(actor=world["people"]["worker_a2"], window=window, asked="?")
    with pytest.raises(ValidationError, match="count as a whole number"):
        you_said_save(actor=lead, window=window, themes=[{"theme": "Parks", "count": "lots"}])


def test_a_published_record_whose_window_reopens_is_not_public_until_it_closes(world, plan, client):
    manager, lead = world["people"]["manager"], world["people"]["lead"]
    today = datetime.date.today()
    window = window_save(
        actor=manager, plan=plan, title="Survey", opens=today - datetime.timedelta(days=50),
        closes=today - datetime.timedelta(days=1), method="survey", team=world["teams"]["a1"],
    )  # fmt: skip
    record = you_said_save(actor=lead, window=window, asked="What matters?", changed="Earlier buses")
    you_said_publish(actor=lead, record=record)
    assert client.get(f"/you-said-we-did/{record.pk}/").status_code == 200
    window_save(actor=manager, window=window, closes=today + datetime.timedelta(days=7))
    assert client.get(f"/you-said-we-did/{record.pk}/").status_code == 404
