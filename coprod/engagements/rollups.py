"""Rollups of the engagement log by team, neighbourhood and month, kept equal to the contacts.

Every write to contacts (the services, the import) calls refresh() for the team-months it touched, in
the same transaction, so the rollups never differ from the contacts they sum. The dashboard reads them
for whole months and the contacts themselves for the days of a month not yet over; a test holds the
two ways equal. rebuild() recomputes everything (after loading contacts by other means).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from coprod.engagements.models import ContactMonth, EngagedGroupMonth, Engagement


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


def rebuild(team_ids: Iterable[int] | None = None) -> None:
    """Recompute the rollups of some teams (all by default) over every month they have contacts."""
    contacts = Engagement.objects.order_by()
    stale_sums, stale_groups = ContactMonth.objects.all(), EngagedGroupMonth.objects.all()
    if team_ids is not None:
        team_ids = list(team_ids)
        contacts = contacts.filter(team__in=team_ids)
        stale_sums, stale_groups = (
            stale_sums.filter(team__in=team_ids),
            stale_groups.filter(team__in=team_ids),
        )
    stale_sums.delete()
    stale_groups.delete()
    pairs = contacts.annotate(month=TruncMonth("date")).values_list("team", "month").distinct()
    refresh((team, _as_date(month)) for team, month in pairs)
