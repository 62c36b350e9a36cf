"""Rollups of the engagement log, kept equal to the contacts they sum.

- ContactDay and ContactMonth: professional minutes, new people and contacts by team, neighbourhood
  and day or month;
- EngagedGroupMonth and EngagedGroupQuarter: the groups a team engaged, by neighbourhood and month
  or financial quarter, one row each, which the volunteer-hour ratio of any period reads instead of
  de-duplicating its contacts;
- QuarterGroups and QuarterReturns: for each team and financial quarter, the groups it engaged and
  their returns summed by the returns' dates, by team and by neighbourhood, which a quarter's (or a
  quarter to date's) ratio reads in two small queries; the unit adds its teams and takes away
  each group that two of them engaged (only a group of another team's directory can be).

Every write to contacts (the services, the import) and every merge of groups calls refresh() for the
team-months it touched (a new contact logged calls add_contact(), which adds it to the same rows in a
few small writes under the same lock instead of reading its team-month again), and a return saved or
deleted, a group deleted or moved to another team calls refresh_quarters() (engagements.receivers), in
the writer's transaction. refresh() first locks the teams' rows (coprod.units.services.lock_teams), then
recomputes the months from the contacts and writes only the difference: a second writer of the same team
waits for the first to commit and then reads its contacts, so no interleaving of writers can leave a
rollup that differs from the records, and each table's unique key makes a second row for one key
impossible. add_contact() takes the same lock before it adds: a refresh that holds the lock cannot see
the new contact (not yet committed) and the addition lands after it; one that waits reads it committed
with its addition. rebuild() recomputes everything (after contacts are loaded by other means).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from coprod.core.periods import month_end, month_start, quarter_end, quarter_start
from coprod.core.rollup import sync_rows
from coprod.engagements.models import (
    ContactDay,
    ContactMonth,
    EngagedGroupMonth,
    EngagedGroupQuarter,
    Engagement,
    QuarterGroups,
    QuarterReturns,
    VolunteerHourReturn,
)
from coprod.engagements.selectors import tenths_of
from coprod.groups.models import CommunityGroup
from coprod.units.models import Team
from coprod.units.services import lock_teams


def _in_months(field: str, months: Iterable[datetime.date]) -> Q:
    where = Q()
    for month in months:
        where |= Q(**{f"{field}__gte": month, f"{field}__lte": month_end(month)})
    return where


def _refresh_team(team_id: int, months: set[datetime.date]) -> None:
    """Recompute one team's rollups for some months (first days), and the quarters whose groups
    changed with them."""
    # Summed by the database, by neighbourhood and day: the team's history never crosses into Python.
    contacts = Engagement.objects.filter(_in_months("date", months), team=team_id).order_by()
    days: dict[tuple, tuple[int, int]] = {}
    by_month: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for hood, day, minutes, new, count in (
        contacts.values("neighbourhood", "date")
        .annotate(m=Sum("minutes"), n=Sum("new_people"), c=Count("pk"))
        .values_list("neighbourhood", "date", "m", "n", "c")
    ):
        days[(team_id, hood, day)] = (minutes, new)
        total = by_month[(team_id, hood, month_start(day))]
        total[0], total[1], total[2] = total[0] + minutes, total[1] + new, total[2] + count
    sync_rows(
        ContactDay,
        ContactDay.objects.filter(_in_months("day", months), team=team_id),
        key=("team_id", "neighbourhood_id", "day"),
        values=("minutes", "new_people"),
        desired=days,
    )
    sync_rows(
        ContactMonth,
        ContactMonth.objects.filter(team=team_id, month__in=months),
        key=("team_id", "neighbourhood_id", "month"),
        values=("minutes", "new_people", "contacts"),
        desired={k: tuple(v) for k, v in by_month.items()},
    )
    # The contacts' groups by neighbourhood and month, each pair once, made distinct by the database.
    links = (
        Engagement.groups.through.objects.filter(
            _in_months("engagement__date", months), engagement__team=team_id
        )
        .order_by()
        .values_list("engagement__neighbourhood", "communitygroup", TruncMonth("engagement__date"))
        .distinct()
    )
    engaged = {(team_id, hood, group, month) for hood, group, month in links}
    changed = sync_rows(
        EngagedGroupMonth,
        EngagedGroupMonth.objects.filter(team=team_id, month__in=months),
        key=("team_id", "neighbourhood_id", "group_id", "month"),
        desired=dict.fromkeys(engaged, ()),
    )
    # A quarter's groups, and so its counts and returns, change only when its months' groups do.
    for quarter in sorted({quarter_start(month) for _, _, _, month in changed}):
        _refresh_quarter(team_id, quarter)


def _refresh_quarter(team_id: int, quarter: datetime.date) -> None:
    """Recompute one team's groups of a quarter from its months, and their counts and returns."""
    in_quarter = EngagedGroupMonth.objects.filter(
        team=team_id, month__gte=quarter, month__lte=quarter_end(quarter)
    ).order_by()
    pairs = set(in_quarter.values_list("neighbourhood", "group"))
    groups = {group for _, group in pairs}
    others = set(
        CommunityGroup.objects.filter(pk__in=groups).exclude(team=team_id).values_list("pk", flat=True)
    )
    sync_rows(
        EngagedGroupQuarter,
        EngagedGroupQuarter.objects.filter(team=team_id, quarter=quarter),
        key=("team_id", "neighbourhood_id", "group_id", "quarter"),
        values=("foreign",),
        desired={(team_id, hood, group, quarter): (group in others,) for hood, group in pairs},
    )
    # The team (level 1) counts each group once, each neighbourhood (level 2) each of its groups once;
    # a group's returns that overlap the quarter are summed by their dates, in whole tenths of hours.
    keys: dict[tuple, set[int]] = defaultdict(set)
    for hood, group in pairs:
        keys[(1, None)].add(group)
        keys[(2, hood)].add(group)
    returns_of: dict[int, list[tuple]] = defaultdict(list)
    for group, r_start, r_end, hours in VolunteerHourReturn.objects.filter(
        group__in=groups, start__lte=quarter_end(quarter), end__gte=quarter
    ).values_list("group", "start", "end", "hours"):
        returns_of[group].append((r_start, r_end, tenths_of(hours)))
    counts: dict[tuple, tuple[int]] = {}
    sums: defaultdict[tuple, int] = defaultdict(int)
    for (level, hood), found in keys.items():
        counts[(team_id, quarter, level, hood)] = (len(found),)
        for group in found:
            for r_start, r_end, tenths in returns_of[group]:
                sums[(team_id, quarter, level, hood, r_start, r_end)] += tenths
    scope = {"team": team_id, "quarter": quarter}
    sync_rows(
        QuarterGroups,
        QuarterGroups.objects.filter(**scope),
        key=("team_id", "quarter", "level", "neighbourhood_id"),
        values=("groups",),
        desired=counts,
    )
    sync_rows(
        QuarterReturns,
        QuarterReturns.objects.filter(**scope),
        key=("team_id", "quarter", "level", "neighbourhood_id", "return_start", "return_end"),
        values=("tenths",),
        desired={k: (v,) for k, v in sums.items()},
    )


def _bump(model, key: dict, **add: int) -> None:
    """Add to one rollup row, making it if there is none; the caller holds the team's lock, so no
    other writer can make or change the row in between."""
    if not model.objects.filter(**key).update(**{name: F(name) + n for name, n in add.items()}):
        model.objects.create(**key, **add)


@transaction.atomic
def add_contact(engagement: Engagement, group_ids: Iterable[int]) -> None:
    """Add one newly logged contact (and its groups) to its team's rollups, under the team's lock.

    The same rows refresh() would compute, reached by adding rather than by re-reading the
    team-month's contacts: the log's everyday write costs a few small writes whatever the team's
    history."""
    team_id, hood_id, day = engagement.team_id, engagement.neighbourhood_id, engagement.date
    lock_teams([team_id])
    minutes, new = engagement.minutes, engagement.new_people
    at = {"team_id": team_id, "neighbourhood_id": hood_id}
    _bump(ContactDay, at | {"day": day}, minutes=minutes, new_people=new)
    month = month_start(day)
    _bump(ContactMonth, at | {"month": month}, minutes=minutes, new_people=new, contacts=1)
    group_ids = set(group_ids)
    in_month = EngagedGroupMonth.objects.filter(**at, month=month, group__in=group_ids)
    new_in_month = group_ids - set(in_month.values_list("group", flat=True))
    if new_in_month:
        EngagedGroupMonth.objects.bulk_create(
            [EngagedGroupMonth(**at, group_id=group, month=month) for group in sorted(new_in_month)]
        )
        _add_to_quarter(team_id, hood_id, quarter_start(day), new_in_month)


def _add_to_quarter(team_id: int, hood_id: int | None, quarter: datetime.date, group_ids: set[int]) -> None:
    """Add groups newly engaged in a neighbourhood in a month to the team's quarter, as
    _refresh_quarter would count them: each group once for its neighbourhood (level 2) and once for
    the team (level 1), with its returns that overlap the quarter."""
    in_quarter = EngagedGroupQuarter.objects.filter(team=team_id, quarter=quarter, group__in=group_ids)
    seen = set(in_quarter.values_list("neighbourhood", "group"))
    new_here = {g for g in group_ids if (hood_id, g) not in seen}
    if not new_here:
        return
    new_to_team = new_here - {g for _, g in seen}
    others = set(
        CommunityGroup.objects.filter(pk__in=new_here).exclude(team=team_id).values_list("pk", flat=True)
    )
    EngagedGroupQuarter.objects.bulk_create(
        [
            EngagedGroupQuarter(
                team_id=team_id, neighbourhood_id=hood_id, group_id=g, quarter=quarter, foreign=g in others
            )
            for g in sorted(new_here)
        ]
    )
    levels = [(2, hood_id, new_here), (1, None, new_to_team)]
    returns = VolunteerHourReturn.objects.filter(
        group__in=new_here, start__lte=quarter_end(quarter), end__gte=quarter
    ).values_list("group", "start", "end", "hours")
    sums: defaultdict[tuple, int] = defaultdict(int)
    for group, r_start, r_end, hours in returns:
        for level, hood, groups in levels:
            if group in groups:
                sums[(level, hood, r_start, r_end)] += tenths_of(hours)
    at = {"team_id": team_id, "quarter": quarter}
    for level, hood, groups in levels:
        if groups:
            _bump(QuarterGroups, at | {"level": level, "neighbourhood_id": hood}, groups=len(groups))
    for (level, hood, r_start, r_end), tenths in sorted(sums.items(), key=str):
        key = at | {"level": level, "neighbourhood_id": hood, "return_start": r_start, "return_end": r_end}
        _bump(QuarterReturns, key, tenths=tenths)


@transaction.atomic
def refresh_quarters(team_quarters: Iterable[tuple[int, datetime.date]]) -> None:
    """Recompute the quarters (team, any day of the quarter) whose groups' returns or owners changed,
    under the teams' locks."""
    quarters: dict[int, set[datetime.date]] = defaultdict(set)
    for team_id, day in team_quarters:
        quarters[team_id].add(quarter_start(day))
    for team_id in lock_teams(quarters):
        for quarter in sorted(quarters[team_id]):
            _refresh_quarter(team_id, quarter)


def quarters_of_groups(
    group_ids: Iterable[int], spans: Iterable[tuple[datetime.date, datetime.date]] = ()
) -> set[tuple[int, datetime.date]]:
    """The (team, quarter) pairs in which these groups were engaged, overlapping `spans` if given."""
    engaged = EngagedGroupQuarter.objects.filter(group__in=list(group_ids)).order_by()
    spans = list(spans)
    if spans:
        within = Q()
        for first, last in spans:
            within |= Q(quarter__gte=quarter_start(first), quarter__lte=last)
        engaged = engaged.filter(within)
    return set(engaged.values_list("team", "quarter").distinct())


@transaction.atomic
def refresh(team_days: Iterable[tuple[int, datetime.date]]) -> None:
    """Recompute the rollups of each (team, month) given by a team and any day of the month, under
    the teams' locks, which the caller's transaction keeps until it commits."""
    months_by_team: dict[int, set[datetime.date]] = defaultdict(set)
    for team_id, day in team_days:
        months_by_team[team_id].add(month_start(day))
    for team_id in lock_teams(months_by_team):
        _refresh_team(team_id, months_by_team[team_id])


def refresh_groups(group_ids: Iterable[int]) -> None:
    """Recompute the months in which any contact is linked to these groups (after a merge moved
    contacts from one group to another)."""
    links = Engagement.groups.through.objects.filter(communitygroup__in=list(group_ids)).order_by()
    refresh(links.values_list("engagement__team", "engagement__date").distinct())


@transaction.atomic
def rebuild(team_ids: Iterable[int] | None = None) -> None:
    """Recompute the rollups of some teams (all by default) over every month they have contacts."""
    tables = (ContactDay, ContactMonth, EngagedGroupMonth, EngagedGroupQuarter, QuarterGroups, QuarterReturns)
    contacts = Engagement.objects.order_by()
    if team_ids is not None:
        contacts = contacts.filter(team__in=lock_teams(team_ids))
    else:
        lock_teams(Team.objects.values_list("pk", flat=True))
    for table in tables:
        rows = table.objects.all() if team_ids is None else table.objects.filter(team__in=team_ids)
        rows.delete()
    refresh(contacts.values_list("team", "date").distinct())
