"""The daily, monthly and quarterly rollups always equal the contacts they sum, through every way
these change (the figures built on them equal the contacts and returns read directly); and each is
what the figures are read from where it can be."""

import datetime
import io
import random
from decimal import Decimal

from coprod.engagements import rollups
from coprod.engagements.imports import engagements_import
from coprod.engagements.models import (
    ActivityType,
    ContactDay,
    ContactMonth,
    EngagedGroupQuarter,
    Engagement,
    QuarterGroups,
    QuarterReturns,
    VolunteerHourReturn,
)
from coprod.engagements.selectors import (
    Volunteering,
    ratio_of,
    team_figures,
    team_months,
    tenths_of,
    volunteer_ratios_by,
)
from coprod.engagements.services import (
    engagement_delete,
    engagement_log,
    engagement_update,
    volunteer_return_record,
)
from coprod.groups.services import group_delete, group_merge
from tests.groups.factories import GroupFactory

D = datetime.date
PERIODS = [
    (D(2026, 7, 1), D(2026, 9, 30)),  # a whole quarter
    (D(2026, 7, 15), D(2026, 10, 10)),  # ragged at both ends
    (D(2026, 10, 1), D(2026, 11, 21)),  # a quarter to date
    (D(2026, 8, 3), D(2026, 8, 20)),  # inside one month
]


def live(team_ids, by, start, end):
    contacts = Engagement.objects.filter(team__in=team_ids)
    ratios = volunteer_ratios_by(contacts, by=by, start=start, end=end)
    return {
        k: (r.professional_hours, r.volunteer_hours, r.groups_engaged, r.ratio) for k, r in ratios.items()
    }


def rolled(team_ids, by, start, end):
    ratios = team_figures(team_ids, by=by, start=start, end=end).ratios
    return {
        k: (r.professional_hours, r.volunteer_hours, r.groups_engaged, r.ratio) for k, r in ratios.items()
    }


def assert_equal(world):
    all_ids = [t.pk for t in world["teams"].values()]
    for team_ids in (all_ids, all_ids[:1], all_ids[1:2]):
        for start, end in PERIODS:
            for by in (None, "team", "neighbourhood"):
                expected = live(team_ids, by, start, end)
                assert rolled(team_ids, by, start, end) == expected, (team_ids, by, start, end)
    team_ids = all_ids
    contacts = Engagement.objects.filter(
        team__in=team_ids, date__gte=D(2026, 6, 1), date__lte=D(2026, 11, 21)
    )
    by_month = {}
    for e in contacts:
        m, n = by_month.get(e.date.replace(day=1), (0, 0))
        by_month[e.date.replace(day=1)] = (m + e.minutes, n + e.new_people)
    assert team_months(team_ids, start=D(2026, 6, 1), end=D(2026, 11, 21)) == by_month


def test_rollups_equal_the_contacts_after_logs_edits_deletes_imports_and_merges(world):
    rng = random.Random(7)
    activity = ActivityType.objects.first()
    teams = [("a1", "worker"), ("a2", "worker_a2")]
    groups = {key: GroupFactory.create_batch(4, team=world["teams"][key]) for key, _ in teams}
    for key, _ in teams:
        for group in groups[key]:
            for first in (D(2026, 6, 1), D(2026, 7, 1) + datetime.timedelta(days=rng.randint(0, 60))):
                volunteer_return_record(
                    actor=world["people"]["worker" if key == "a1" else "worker_a2"], group=group,
                    start=first, end=first + datetime.timedelta(days=rng.randint(0, 200)),
                    hours=Decimal(rng.randint(1, 3000)) / 10, volunteers=5, source="estimate",
                )  # fmt: skip
    logged = []
    for _ in range(60):
        key, person = rng.choice(teams)
        contact, _ = engagement_log(
            worker=world["people"][person], team=world["teams"][key],
            date=D(2026, 6, 1) + datetime.timedelta(days=rng.randint(0, 170)), activity_type=activity,
            dimension="groups", minutes=rng.choice([15, 30, 45, 60, 90]), people_present=5,
            new_people=rng.randint(0, 3), neighbourhood=rng.choice([world["hoods"][key], None]),
            groups=rng.sample(groups[key], rng.randint(0, 2)),
        )  # fmt: skip
        logged.append((contact, person))
    assert ContactMonth.objects.exists()
    assert_equal(world)

    # Edits that move contacts across months and neighbourhoods, and change their groups.
    for contact, person in rng.sample(logged, 15):
        key = "a1" if contact.team_id == world["teams"]["a1"].pk else "a2"
        engagement_update(
            actor=world["people"][person], engagement=contact,
            date=D(2026, 6, 1) + datetime.timedelta(days=rng.randint(0, 170)), minutes=rng.choice([20, 120]),
            neighbourhood=None, groups=rng.sample(groups[key], 1),
        )  # fmt: skip
    assert_equal(world)

    for contact, person in rng.sample(logged, 10):
        if Engagement.objects.filter(pk=contact.pk).exists():
            engagement_delete(actor=world["people"][person], engagement=contact)
    assert_equal(world)

    team = world["teams"]["a1"]
    csv = (
        "date,worker,activity_type,dimension,minutes,neighbourhood,groups,new_people,people_present\n"
        + "".join(
            f"2026-0{m}-1{d},{world['people']['worker'].username},{activity.slug},groups,{15 * d + m},"
            f"{world['hoods']['a1'].slug},{groups['a1'][d % 4].org_identifier},1,3\n"
            for m in (7, 8, 9)
            for d in range(1, 6)
        )
    )
    summary = engagements_import(actor=None, team=team, source=io.BytesIO(csv.encode()))
    assert summary.created == 15
    assert_equal(world)

    survivor, merged = groups["a1"][0], groups["a1"][1]
    group_merge(actor=world["people"]["lead"], survivor=survivor, merged=merged)
    assert_equal(world)

    # Returns edited, moved to another group and to other dates, and deleted (as the admin would).
    for item in rng.sample(list(VolunteerHourReturn.objects.all()), 6):
        item.hours = Decimal(rng.randint(1, 3000)) / 10
        item.start = D(2026, 5, 1) + datetime.timedelta(days=rng.randint(0, 150))
        item.end = item.start + datetime.timedelta(days=rng.randint(0, 120))
        item.group = rng.choice(
            groups["a2"] if item.group.team_id == world["teams"]["a2"].pk else groups["a1"][2:]
        )
        item.save()
        assert_equal(world)
    for item in rng.sample(list(VolunteerHourReturn.objects.all()), 3):
        item.delete()
    assert_equal(world)

    group_delete(actor=world["people"]["lead"], group=groups["a1"][3])
    assert_equal(world)


def test_a_group_engaged_by_two_teams_counts_once_for_both(world):
    """Groups belong to one team's directory, so the services never link another team's group; if the
    records say so all the same (a group moved between directories), the teams together count it
    once, and its returns once, as the live query does."""
    activity = ActivityType.objects.first()
    group = GroupFactory(team=world["teams"]["a1"])
    volunteer_return_record(
        actor=world["people"]["worker"], group=group, start=D(2026, 7, 1), end=D(2026, 9, 30),
        hours=Decimal("91.5"), volunteers=3, source="estimate",
    )  # fmt: skip
    for key, person in (("a1", "worker"), ("a2", "worker_a2")):
        contact, _ = engagement_log(
            worker=world["people"][person], team=world["teams"][key], date=D(2026, 8, 3),
            activity_type=activity, dimension="groups", minutes=60, people_present=2,
            neighbourhood=world["hoods"][key],
        )  # fmt: skip
        contact.groups.add(group)
        rollups.refresh([(contact.team_id, contact.date)])
    a1, a2 = world["teams"]["a1"].pk, world["teams"]["a2"].pk
    assert set(EngagedGroupQuarter.objects.filter(group=group).values_list("team", flat=True)) == {a1, a2}
    together = rolled([a1, a2], None, D(2026, 7, 1), D(2026, 9, 30))[None]
    assert together == live([a1, a2], None, D(2026, 7, 1), D(2026, 9, 30))[None]
    assert together[1:3] == (Decimal("91.5"), 1)  # one group and its 91.5 hours, not two
    assert rolled([a1, a2], "team", D(2026, 7, 1), D(2026, 9, 30))[a2][1:3] == (Decimal("91.5"), 1)

    contact.groups.clear()  # team A2 no longer engaged the group: it is no longer shared
    rollups.refresh([(contact.team_id, contact.date)])
    assert list(EngagedGroupQuarter.objects.filter(group=group).values_list("team", flat=True)) == [a1]
    assert rolled([a1, a2], None, D(2026, 7, 1), D(2026, 9, 30)) == live(
        [a1, a2], None, D(2026, 7, 1), D(2026, 9, 30)
    )


def test_a_quarter_is_read_from_the_quarterly_sums(world):
    """The teams' quarterly sums are what a quarter's ratio is read from (altering them alters it),
    unless a contact falls after the period inside its quarter, when the months and days are read."""
    activity = ActivityType.objects.first()
    group = GroupFactory(team=world["teams"]["a1"])
    volunteer_return_record(
        actor=world["people"]["worker"], group=group, start=D(2026, 7, 1), end=D(2026, 7, 10),
        hours=Decimal("10.0"), volunteers=3, source="estimate",
    )  # fmt: skip
    engagement_log(
        worker=world["people"]["worker"], team=world["teams"]["a1"], date=D(2026, 7, 2),
        activity_type=activity, dimension="groups", minutes=60, people_present=2, groups=[group],
    )  # fmt: skip
    a1 = [world["teams"]["a1"].pk]
    quarter, to_date = (D(2026, 7, 1), D(2026, 9, 30)), (D(2026, 7, 1), D(2026, 7, 5))
    assert rolled(a1, None, *quarter)[None][1:3] == (Decimal("10.0"), 1)
    assert rolled(a1, None, *to_date)[None][1:3] == (Decimal("5.0"), 1)  # 5 of the return's 10 days
    QuarterReturns.objects.update(tenths=200)
    QuarterGroups.objects.filter(level=1).update(groups=3)
    assert rolled(a1, None, *quarter)[None][1:3] == (Decimal("20.0"), 3)
    assert rolled(a1, None, *to_date)[None][1:3] == (Decimal("10.0"), 3)
    engagement_log(
        worker=world["people"]["worker"], team=world["teams"]["a1"], date=D(2026, 7, 20),
        activity_type=activity, dimension="groups", minutes=60, people_present=2,
    )  # fmt: skip
    # A contact with no group leaves the quarter's groups, and so its sums, as they were.
    assert rolled(a1, None, *quarter)[None][1:3] == (Decimal("20.0"), 3)
    rollups.rebuild()
    assert rolled(a1, None, *quarter)[None][1:3] == (Decimal("10.0"), 1)
    QuarterReturns.objects.update(tenths=200)
    # With a contact after 5 July, the days of the quarter to date are read instead.
    assert rolled(a1, None, *to_date)[None][1:3] == (Decimal("5.0"), 1)
    assert rolled(a1, None, *quarter)[None][1] == Decimal("20.0")
    # A period that holds the quarter and more reads the quarter's groups from EngagedGroupQuarter.
    longer = (D(2026, 6, 1), D(2026, 9, 30))
    assert rolled(a1, None, *longer)[None][1:3] == (Decimal("10.0"), 1)
    EngagedGroupQuarter.objects.all().delete()
    assert rolled(a1, None, *longer)[None][1:3] == (Decimal("0.0"), 0)


def test_rebuild_recomputes_from_the_contacts(world):
    activity = ActivityType.objects.first()
    engagement_log(
        worker=world["people"]["worker"], team=world["teams"]["a1"], date=D(2026, 8, 1),
        activity_type=activity, dimension="groups", minutes=50, people_present=2, new_people=1,
    )  # fmt: skip
    ContactMonth.objects.update(minutes=1)  # as if written by something else
    stale = GroupFactory(team=world["teams"]["a2"])
    EngagedGroupQuarter.objects.create(team=world["teams"]["a2"], quarter=D(2026, 4, 1), group=stale)
    rollups.rebuild()
    assert list(ContactMonth.objects.values_list("minutes", flat=True)) == [50]
    assert not EngagedGroupQuarter.objects.filter(team=world["teams"]["a2"]).exists()


def test_volunteer_hours_are_exact_until_rounded_half_up():
    """Three returns of 0.1 h over six days, each sharing one day with the period, make exactly
    0.05 h, which rounds up to 0.1; the parts are kept as whole numbers, so order does not matter."""
    period = (D(2026, 7, 1), D(2026, 7, 1))
    volunteering = Volunteering()
    for _ in range(3):
        volunteering.add(tenths_of(Decimal("0.1")), D(2026, 6, 26), D(2026, 7, 1), *period)
    assert volunteering.hours == Decimal("0.1")
    assert str(volunteering.hours) == "0.1"
    below = Volunteering()
    below.add(tenths_of(Decimal("0.1")), D(2026, 6, 21), D(2026, 7, 1), *period)  # 1/110 h
    assert str(below.hours) == "0.0"
    whole = Volunteering()
    whole.add(tenths_of(Decimal("123.4")), D(2026, 1, 1), D(2026, 12, 31), D(2026, 1, 1), D(2026, 12, 31))
    assert str(whole.hours) == "123.4"


def test_a_month_to_date_is_read_from_the_monthly_rollup(world):
    """A period ending inside a month it covers from the first reads that month's rollup when no
    contact falls later in the month (none can be logged for days to come); otherwise the daily one."""
    activity = ActivityType.objects.first()
    a1 = [world["teams"]["a1"].pk]

    def log(day):
        engagement_log(
            worker=world["people"]["worker"], team=world["teams"]["a1"], date=day,
            activity_type=activity, dimension="groups", minutes=60, people_present=2,
        )  # fmt: skip

    log(D(2026, 10, 2))
    period = (D(2026, 10, 1), D(2026, 10, 5))
    assert rolled(a1, None, *period)[None][0] == Decimal("1.0")
    ContactMonth.objects.update(minutes=120)
    assert rolled(a1, None, *period)[None][0] == Decimal("2.0")
    assert team_months(a1, start=period[0], end=period[1]) == {D(2026, 10, 1): (120, 0)}
    log(D(2026, 10, 20))  # later in the month: the rollup is refreshed, and the contacts are read
    ContactMonth.objects.update(minutes=600)
    assert rolled(a1, None, *period) == live(a1, None, *period)
    assert rolled(a1, None, *period)[None][0] == Decimal("1.0")
    assert team_months(a1, start=period[0], end=period[1]) == {D(2026, 10, 1): (60, 0)}
    ContactDay.objects.filter(day=D(2026, 10, 2)).update(minutes=90)  # days outside whole months
    assert rolled(a1, None, *period)[None][0] == Decimal("1.5")
    assert team_months(a1, start=period[0], end=period[1]) == {D(2026, 10, 1): (90, 0)}


def test_the_ratio_is_rounded_from_the_exact_quotient():
    """0.2 volunteer hours over 16 professional minutes is exactly 0.75, so it reads 0.8; a Decimal
    division by 16/60 (0.2666...67) gives 0.7499... and read 0.7."""
    assert ratio_of(Decimal("0.2"), 16) == Decimal("0.8")
    assert ratio_of(Decimal("0.2"), 17) == Decimal("0.7")  # 0.70588...
    assert ratio_of(Decimal("15.0"), 60) == Decimal("15.0")
    assert ratio_of(Decimal("1.0"), 0) is None
