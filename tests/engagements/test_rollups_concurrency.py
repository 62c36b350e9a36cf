"""Two writers of one team at once, on two real PostgreSQL connections, interleaved on purpose: the
first holds its transaction open for a second after refreshing the rollups while the second writes
the same team, month and day. Every rollup still equals what it sums, with one row per key."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection

from coprod.engagements import rollups
from coprod.engagements.models import (
    ActivityType,
    ContactDay,
    ContactMonth,
    EngagedGroupMonth,
    EngagedGroupQuarter,
    Engagement,
)
from coprod.engagements.services import engagement_log, engagement_update, volunteer_return_record
from coprod.groups import rollups as group_rollups
from coprod.groups.models import GroupCount
from coprod.groups.services import group_create
from coprod.reporting.selectors import unit_figures
from tests.engagements.rollup_rows import rows
from tests.groups.factories import GroupFactory
from tests.interleave import HELD, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two real PostgreSQL connections"),
]

DAY = datetime.date(2026, 8, 12)


def test_two_writers_of_one_team_and_day_leave_every_rollup_equal_to_the_contacts(world):
    team, hood = world["teams"]["a1"], world["hoods"]["a1"]
    # The seeded vocabulary may have been flushed by an earlier test that commits, as this one does.
    activity, _ = ActivityType.objects.get_or_create(slug="outreach", defaults={"name": "Outreach"})
    groups = GroupFactory.create_batch(2, team=team)
    for group in groups:
        volunteer_return_record(
            actor=world["people"]["worker"], group=group, start=datetime.date(2026, 7, 1),
            end=datetime.date(2026, 9, 30), hours=Decimal("92.0"), volunteers=4, source="estimate",
        )  # fmt: skip

    def log(person, minutes, new, group):
        def write():
            engagement_log(
                worker=world["people"][person], team=team, date=DAY, activity_type=activity,
                dimension="groups", minutes=minutes, people_present=5, new_people=new,
                neighbourhood=hood, groups=[group],
            )  # fmt: skip

        return write

    done = interleave(log("worker", 45, 2, groups[0]), log("lead", 30, 1, groups[1]))
    assert done["errors"] == []
    # The second writer waited for the first: it could not refresh the team until the first committed.
    assert done["second_committed"] >= done["first_committed"]
    assert done["second_committed"] - done["second_started"] >= HELD * 0.5

    assert Engagement.objects.filter(team=team).count() == 2
    month = ContactMonth.objects.get(team=team, neighbourhood=hood)  # one row, not two
    assert (month.minutes, month.new_people, month.contacts) == (75, 3, 2)
    assert ContactDay.objects.get(team=team, day=DAY).minutes == 75
    assert EngagedGroupQuarter.objects.filter(team=team).count() == 2
    stored = rows()
    for model, counted in stored.items():
        assert all(n == 1 for n in counted.values()), f"{model.__name__} holds a key twice"
    rollups.rebuild()
    group_rollups.rebuild()
    assert rows() == stored  # the rollups equal what rebuilding them from the records gives

    figures = unit_figures(
        world["units"]["a"], start=datetime.date(2026, 7, 1), end=datetime.date(2026, 9, 30),
        today=datetime.date(2026, 12, 1),
    )  # fmt: skip
    assert (figures.total.professional_hours, figures.total.new_people) == (Decimal("1.3"), 3)
    assert figures.total.groups_engaged == 2
    assert figures.total.volunteer_hours == Decimal("184.0")


def test_two_writers_adding_groups_to_one_team_leave_the_directory_counts_exact(world):
    team = world["teams"]["a1"]

    def add(name):
        return lambda: group_create(actor=world["people"]["lead"], team=team, name=name)

    done = interleave(add("Abbey Hulton Lunch Club"), add("Bentilee Walking Group"))
    assert done["errors"] == []
    assert done["second_committed"] >= done["first_committed"]
    counted = Counter(GroupCount.objects.filter(team=team).values_list("neighbourhood", "status"))
    assert all(n == 1 for n in counted.values())
    stored = rows()[GroupCount]
    group_rollups.rebuild()
    assert rows()[GroupCount] == stored
    assert sum(n for *_, n in GroupCount.objects.filter(team=team, neighbourhood=None).values_list("n")) == 2


@pytest.mark.parametrize("held", ["log", "edit"])
def test_a_new_contact_added_beside_an_edit_of_its_month_leaves_every_rollup_exact(world, held):
    """A new contact is added to the rollups (add_contact) while another of the same team, month and
    group is edited (a whole-month refresh), whichever writer holds its transaction open."""
    team, hood = world["teams"]["a1"], world["hoods"]["a1"]
    activity, _ = ActivityType.objects.get_or_create(slug="outreach", defaults={"name": "Outreach"})
    group = GroupFactory(team=team)
    worker = world["people"]["worker"]
    values = {"team": team, "activity_type": activity, "dimension": "groups", "people_present": 5}
    values |= {"neighbourhood": hood, "groups": [group]}
    earlier, _ = engagement_log(worker=worker, date=DAY, minutes=60, new_people=1, **values)

    def log():
        engagement_log(worker=world["people"]["lead"], date=DAY + datetime.timedelta(days=1), minutes=45,
                       new_people=2, **values)  # fmt: skip

    def edit():
        engagement_update(actor=worker, engagement=Engagement.objects.get(pk=earlier.pk), minutes=90)

    done = interleave(log, edit) if held == "log" else interleave(edit, log)
    assert done["errors"] == []
    assert done["second_committed"] >= done["first_committed"]
    month = ContactMonth.objects.get(team=team, neighbourhood=hood)
    assert (month.minutes, month.new_people, month.contacts) == (135, 3, 2)
    assert EngagedGroupMonth.objects.filter(team=team).count() == 1
    stored = rows()
    rollups.rebuild()
    group_rollups.rebuild()
    assert rows() == stored
