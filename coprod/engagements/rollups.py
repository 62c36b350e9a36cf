"""Rollups of the engagement log, kept equal to the contacts and returns they sum.

- ContactMonth and EngagedGroupMonth: contacts and groups engaged by team, neighbourhood and month;
  ContactDay: contacts by team, neighbourhood and day, for the days of a period outside whole months.
- EngagedQuarter and SharedGroupQuarter: groups engaged in a quarter and their volunteer-hour returns
  by team and by neighbourhood, which the volunteer-hour ratio of a quarter (or a quarter to date)
  reads instead of de-duplicating the quarter's groups on every request.

Every write to contacts (the services, the import) calls refresh() for the team-months it touched, and
every change to a return, a group's deletion and a merge call refresh_groups() (engagements.receivers),
in the same transaction, so the rollups never differ from what they sum. The dashboard reads the
monthly and quarterly rows for whole months and quarters (and a month or quarter to date) and the daily
ones for the other days; tests hold each way equal to the contacts. rebuild() recomputes everything
(after loading contacts by other means).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from coprod.engagements.models import (
    ContactDay,
    ContactMonth,
    EngagedGroupMonth,
    EngagedQuarter,
    Engagement,
    SharedGroupQuarter,
)
from coprod.engagements.selectors import _engaged_rows, quarter_end, quarter_start


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def refresh(team_days: Iterable[tuple[int, datetime.date]]) -> None:
    """Recompute the rollups of each (team, month) given by a team and any day of the month."""
    months_by_team: dict[int, set[datetime.date]] = defaultdict(set)
    for team_id, day in team_days:
        months_by_team[team_id].add(month_of(day))
    for team_id, months in months_by_team.items():
        first, last = min(months), max(months) + relativedelta(months=1) - datetime.timedelta(days=1)
        contacts = Engagement.objects.filter(team=team_id, date__gte=first, date__lte=last).order_by()
        sums = (
            contacts.annotate(month=TruncMonth("date"))
            .values("neighbourhood", "month")
            .annotate(minutes=Sum("minutes"), new_people=Sum("new_people"), contacts=Count("pk"))
        )
        engaged = (
            Engagement.groups.through.objects.filter(
                engagement__team=team_id, engagement__date__gte=first, engagement__date__lte=last
            )
            .annotate(month=TruncMonth("engagement__date"))
            .values_list("engagement__neighbourhood", "communitygroup", "month")
            .distinct()
        )
        in_months = Q()
        for month in months:
            in_months |= Q(day__gte=month, day__lt=month + relativedelta(months=1))
        ContactDay.objects.filter(in_months, team=team_id).delete()
        ContactDay.objects.bulk_create(
            (
                ContactDay(
                    team_id=team_id, neighbourhood_id=hood, day=day, minutes=minutes, new_people=new_people
                )
                for hood, day, minutes, new_people in contacts.values_list("neighbourhood", "date").annotate(
                    m=Sum("minutes"), n=Sum("new_people")
                )
                if month_of(day) in months
            ),
            batch_size=5000,
        )
        ContactMonth.objects.filter(team=team_id, month__in=months).delete()
        EngagedGroupMonth.objects.filter(team=team_id, month__in=months).delete()
        ContactMonth.objects.bulk_create(
            (
                ContactMonth(
                    team_id=team_id,
                    neighbourhood_id=row["neighbourhood"],
                    month=_as_date(row["month"]),
                    minutes=row["minutes"],
                    new_people=row["new_people"],
                    contacts=row["contacts"],
                )
                for row in sums
                if _as_date(row["month"]) in months
            ),
            batch_size=2000,
        )
        EngagedGroupMonth.objects.bulk_create(
            (
                EngagedGroupMonth(
                    team_id=team_id, neighbourhood_id=hood, group_id=group, month=_as_date(month)
                )
                for hood, group, month in engaged
                if _as_date(month) in months
            ),
            batch_size=5000,
        )
    refresh_quarters(
        {(team_id, quarter_start(month)) for team_id, months in months_by_team.items() for month in months}
    )


def refresh_quarters(team_quarters: Iterable[tuple[int, datetime.date]]) -> None:
    """Recompute the quarterly rollups of each (team, first day of a quarter) from the monthly one."""
    for team_id, quarter in sorted(set(team_quarters)):
        last = quarter_end(quarter)
        rows = _engaged_rows([team_id], (quarter, last.replace(day=1)), [], start=quarter, end=last)
        EngagedQuarter.objects.filter(team=team_id, quarter=quarter).delete()
        EngagedQuarter.objects.bulk_create(
            (
                EngagedQuarter(
                    team_id=team_id,
                    quarter=quarter,
                    level=level,
                    neighbourhood_id=key if level == EngagedQuarter.NEIGHBOURHOOD else None,
                    groups=groups,
                    return_start=r_start,
                    return_end=r_end,
                    tenths=tenths,
                )
                for level, key, groups, r_start, r_end, tenths in rows
                if level in (EngagedQuarter.TEAM, EngagedQuarter.NEIGHBOURHOOD)
            ),
            batch_size=2000,
        )
        # The groups whose sharing may have changed: those the team engages now or shared before,
        # named one by one so that the other teams' rows are found through the group index.
        in_quarter = EngagedGroupMonth.objects.filter(month__gte=quarter, month__lte=last).order_by()
        touched = set(in_quarter.filter(team=team_id).values_list("group", flat=True).distinct())
        touched |= set(
            SharedGroupQuarter.objects.filter(quarter=quarter, team=team_id).values_list("group", flat=True)
        )
        SharedGroupQuarter.objects.filter(quarter=quarter, group__in=touched).delete()
        teams_of: dict[int, set[int]] = defaultdict(set)
        for group, team in in_quarter.filter(group__in=touched).values_list("group", "team").distinct():
            teams_of[group].add(team)
        SharedGroupQuarter.objects.bulk_create(
            SharedGroupQuarter(quarter=quarter, group_id=group, team_id=team)
            for group, teams in teams_of.items()
            if len(teams) > 1
            for team in teams
        )


def refresh_groups(
    group_ids: Iterable[int], spans: Iterable[tuple[datetime.date, datetime.date]] = ()
) -> None:
    """Recompute the quarters in which these groups were engaged, after their returns changed (within
    `spans`, or at any time when no span is given) or the groups were merged or deleted."""
    engaged = EngagedGroupMonth.objects.filter(group__in=list(group_ids)).order_by()
    spans = list(spans)
    if spans:
        within = Q()
        for first, last in spans:
            within |= Q(month__gte=quarter_start(first), month__lte=quarter_end(quarter_start(last)))
        engaged = engaged.filter(within)
    refresh_quarters(
        (team, quarter_start(_as_date(month)))
        for team, month in engaged.values_list("team", "month").distinct()
    )


def rebuild(team_ids: Iterable[int] | None = None) -> None:
    """Recompute the rollups of some teams (all by default) over every month they have contacts."""
    contacts = Engagement.objects.order_by()
    stale_sums, stale_groups = ContactMonth.objects.all(), EngagedGroupMonth.objects.all()
    stale_days = ContactDay.objects.all()
    if team_ids is not None:
        team_ids = list(team_ids)
        contacts = contacts.filter(team__in=team_ids)
        stale_sums, stale_groups = (
            stale_sums.filter(team__in=team_ids),
            stale_groups.filter(team__in=team_ids),
        )
        stale_days = stale_days.filter(team__in=team_ids)
    stale_days.delete()
    stale_quarters = EngagedQuarter.objects.all()
    if team_ids is not None:
        stale_quarters = stale_quarters.filter(team__in=team_ids)
    # Quarters that had rows and now have no contacts are recomputed too, so their rows go.
    had_rows = set(stale_quarters.values_list("team", "quarter").distinct())
    stale_sums.delete()
    stale_groups.delete()
    stale_quarters.delete()
    pairs = contacts.annotate(month=TruncMonth("date")).values_list("team", "month").distinct()
    pairs = [(team, _as_date(month)) for team, month in pairs]
    refresh(pairs)
    refresh_quarters(had_rows - {(team, quarter_start(month)) for team, month in pairs})
