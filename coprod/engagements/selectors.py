"""Reads of the engagement log: who sees which contacts and notes, and the figures built on them."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncQuarter

from coprod.core.periods import Quarter, Split, month_end, month_start, quarter_end, split
from coprod.engagements.models import (
    ActivityType,
    ContactDay,
    ContactMonth,
    EngagedGroupMonth,
    EngagedGroupQuarter,
    Engagement,
    FollowUp,
    QuarterGroups,
    QuarterReturns,
    Theme,
    VolunteerHourReturn,
    WorkProgramme,
)
from coprod.groups.models import CommunityGroup
from coprod.units.permissions import as_user
from coprod.units.selectors import (
    UserLike,
    is_member,
    led_teams,
    own_teams,
    team_reach,
    teams_for_user,
)

# One professional hour produced about 15 hours of volunteering in Wrexham (DOMAIN.md).
VOLUNTEER_RATIO_BENCHMARK = Decimal("15")


def engagements_for_user(user: UserLike) -> QuerySet[Engagement]:
    """A worker's own log; a team lead's team log; a unit's logs for its managers and directors;
    everything administrators reach. Notes have a rule of their own (NotesPolicy).

    The teams are resolved to ids first (units.selectors.team_reach), so the query is `team_id IN (...)
    OR (worker_id = me AND team_id IN (...))`, which the indexes on (team, date, id) and (worker, date,
    id) serve in the list's order."""
    if not is_member(user):
        return Engagement.objects.none()
    reach = team_reach(user)
    scope = Q(team_id__in=sorted(reach.whole)) | Q(worker=user, team_id__in=sorted(reach.own_only))
    return Engagement.objects.filter(scope)


def log_rows(engagements: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """What a list of engagements needs, fetched in a fixed number of queries whatever its length."""
    return engagements.select_related("worker", "team", "neighbourhood", "activity_type").prefetch_related(
        "groups", "themes"
    )


class NotesPolicy:
    """Who reads an engagement's notes: the team's; for a sensitive one, its author and the team lead.

    Two queries per user, then a check per engagement, for lists, pages and the API alike.
    """

    def __init__(self, user: UserLike):
        self.user = user
        self.own = set(own_teams(user).values_list("pk", flat=True))
        self.led = set(led_teams(user).values_list("pk", flat=True))

    def visible(self, engagement: Engagement) -> bool:
        if engagement.team_id not in self.own:
            return False
        return (
            not engagement.sensitive or engagement.worker_id == self.user.pk or engagement.team_id in self.led
        )


def follow_ups_for_user(user: UserLike) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(team__in=own_teams(user)).select_related("assigned_to", "engagement")


def my_follow_ups(user: UserLike, *, today: datetime.date) -> list[FollowUp]:
    """Open follow-ups assigned to the user: overdue ones first, then by due date."""
    open_ones = list(
        follow_ups_for_user(user).filter(assigned_to=as_user(user), done=False).order_by("due", "pk")
    )
    return sorted(open_ones, key=lambda f: (f.due >= today, f.due, f.pk))


def work_programmes_for_user(user: UserLike) -> QuerySet[WorkProgramme]:
    return WorkProgramme.objects.filter(team__in=teams_for_user(user)).select_related("team")


def work_programme_progress(programme: WorkProgramme) -> tuple[Decimal, Decimal | None]:
    """Logged hours against planned hours, as (hours, percent of plan)."""
    minutes = programme.engagements.aggregate(m=Sum("minutes"))["m"] or 0
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    percent = None
    if programme.planned_hours:
        percent = (hours * 100 / programme.planned_hours).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return hours, percent


def volunteer_returns_for_user(user: UserLike) -> QuerySet[VolunteerHourReturn]:
    return VolunteerHourReturn.objects.filter(group__team__in=teams_for_user(user)).select_related("group")


def activity_types_for_user(user: UserLike) -> QuerySet[ActivityType]:
    return ActivityType.objects.all() if is_member(user) else ActivityType.objects.none()


def themes_for_user(user: UserLike) -> QuerySet[Theme]:
    return Theme.objects.all() if is_member(user) else Theme.objects.none()


BREAKDOWNS = {
    "worker": "worker__username",
    "team": "team__name",
    "neighbourhood": "neighbourhood__name",
    "activity_type": "activity_type__name",
    "dimension": "dimension",
    "month": "month",
    "quarter": "quarter",
}


def professional_hours(engagements: QuerySet[Engagement], *, by: str) -> list[tuple[object, Decimal]]:
    """Professional hours by worker, team, neighbourhood, activity type, dimension, month or quarter."""
    if by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {', '.join(BREAKDOWNS)}")
    rows = engagements.order_by()
    if by == "month":
        rows = rows.annotate(month=TruncMonth("date"))
    elif by == "quarter":
        rows = rows.annotate(quarter=TruncQuarter("date"))
    key = BREAKDOWNS[by]
    result = rows.values(key).annotate(minutes=Sum("minutes")).order_by(key)
    if by == "quarter":  # the database's quarters start in the months financial quarters start in
        return [(Quarter.containing(_day(row[key])).label, hours_of(row["minutes"])) for row in result]
    return [(row[key], hours_of(row["minutes"])) for row in result]


def hours_of(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class VolunteerRatio:
    """Volunteer hours of the groups engaged in a period over the professional hours in it.

    ratio = Σ volunteer hours of engaged groups in the period ÷ Σ professional hours in the period.
    A group's return that covers part of the period counts in proportion to the days it shares.
    """

    start: datetime.date
    end: datetime.date
    professional_hours: Decimal
    volunteer_hours: Decimal
    groups_engaged: int
    ratio: Decimal | None
    benchmark: Decimal = VOLUNTEER_RATIO_BENCHMARK


class Volunteering:
    """Volunteer hours that a period shares with returns, kept exact until they are shown.

    A return counts for the share of its days that fall in the period: hours × shared days ÷ its days.
    The parts are kept as whole tenths of an hour × shared days, by the return's length in days, so
    sums are exact whatever their order; `hours` rounds the total half up to one decimal place.
    """

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: dict[int, int] = defaultdict(int)  # days of a return -> tenths × shared days

    def add(self, tenths: int, r_start: datetime.date, r_end: datetime.date, start, end) -> None:
        days = (r_end - r_start).days + 1
        shared = (min(r_end, end) - max(r_start, start)).days + 1
        self.parts[days] += tenths * shared

    def merge(self, other: Volunteering) -> None:
        for days, n in other.parts.items():
            self.parts[days] += n

    @property
    def hours(self) -> Decimal:
        # The exact sum of n / (10 × days), in tenths and rounded halves up: over the days' least
        # common multiple L, it is floor(Σ n × L / days / L + 1/2), all in integers.
        if not self.parts:
            return Decimal("0.0")
        common = math.lcm(*self.parts)
        tenths = sum(n * (common // days) for days, n in self.parts.items())
        return Decimal((2 * tenths + common) // (2 * common)).scaleb(-1)


def tenths_of(hours: Decimal) -> int:
    """A return's hours (one decimal place) as whole tenths."""
    return int(hours * 10)


def prorated_volunteer_hours(groups, *, start: datetime.date, end: datetime.date) -> dict[int, Volunteering]:
    """Each group's volunteering in the period: a return counts for the days it shares with it.

    `groups` is a collection of group ids, or a Q on the returns' group (a subquery, for many)."""
    found: dict[int, Volunteering] = defaultdict(Volunteering)
    where = groups if isinstance(groups, Q) else Q(group__in=groups)
    returns = VolunteerHourReturn.objects.filter(where, start__lte=end, end__gte=start).order_by()
    for group_id, r_start, r_end, r_hours in returns.values_list("group_id", "start", "end", "hours"):
        found[group_id].add(tenths_of(r_hours), r_start, r_end, start, end)
    return found


def ratio_of(volunteer_hours: Decimal, minutes: int) -> Decimal | None:
    """Volunteer hours per professional hour, to one decimal place, halves up; None with no
    professional time. Worked in exact fractions: 0.2 h over 16 minutes is exactly 0.75, which a
    Decimal division by 16/60 (0.2666...67) would make 0.7499... and round down."""
    if not minutes:
        return None
    # hours × 60 / minutes in tenths, halves up: floor(10 × n/d × 60/minutes + 1/2), in integers.
    n, d = volunteer_hours.as_integer_ratio()
    return Decimal((1200 * n + d * minutes) // (2 * d * minutes)).scaleb(-1)


def _ratios(
    minutes: dict, engaged: dict, *, start: datetime.date, end: datetime.date
) -> dict[object, VolunteerRatio]:
    """The ratio for each key from its professional minutes and its (groups engaged, Volunteering)."""
    ratios = {}
    for k in set(minutes) | set(engaged):
        groups, volunteering = engaged.get(k, (0, None))
        volunteer = volunteering.hours if volunteering is not None else Decimal("0.0")
        m = minutes.get(k) or 0
        ratios[k] = VolunteerRatio(
            start=start,
            end=end,
            professional_hours=hours_of(m),
            volunteer_hours=volunteer,
            groups_engaged=groups,
            ratio=ratio_of(volunteer, m),
        )
    return ratios


def _engaged_from_pairs(pairs: set, *, start: datetime.date, end: datetime.date) -> dict:
    """(groups engaged, Volunteering) by key, from (key, group) pairs, reading the groups' returns."""
    group_hours = prorated_volunteer_hours({g for _, g in pairs}, start=start, end=end)
    by_key: dict[object, set[int]] = defaultdict(set)
    for k, group_id in pairs:
        by_key[k].add(group_id)
    engaged = {}
    for k, groups in by_key.items():
        total = Volunteering()
        for g in groups:
            if g in group_hours:
                total.merge(group_hours[g])
        engaged[k] = (len(groups), total)
    return engaged


def _live_parts(in_period: QuerySet[Engagement], key: str | None) -> tuple[dict, set, dict]:
    """Minutes, (key, group) pairs engaged, and new people, by key, read from the contacts."""
    in_period = in_period.order_by()
    if key:
        sums = in_period.values_list(key).annotate(m=Sum("minutes"), n=Sum("new_people"))
        minutes, new = {}, {}
        for k, m, n in sums.values_list(key, "m", "n"):
            minutes[k], new[k] = m, n
        pairs = set(in_period.filter(groups__isnull=False).values_list(key, "groups").distinct())
    else:
        totals = in_period.aggregate(m=Sum("minutes"), n=Sum("new_people"))
        minutes, new = {None: totals["m"] or 0}, {None: totals["n"] or 0}
        pairs = {(None, g) for g in in_period.filter(groups__isnull=False).values_list("groups", flat=True)}
    return minutes, pairs, new


def volunteer_ratios_by(
    engagements: QuerySet[Engagement], *, by: str | None, start: datetime.date, end: datetime.date
) -> dict[object, VolunteerRatio]:
    """The volunteer-hour ratio for each value of a field of the contacts (e.g. "team" or
    "neighbourhood"), or for all of them under the key None when `by` is None.

    Three queries whatever the number of keys; volunteer_hour_ratio is this with by=None, so a ratio
    is the same figure on every page and in every report.
    """
    minutes, pairs, _ = _live_parts(engagements.filter(date__gte=start, date__lte=end), by or None)
    return _ratios(minutes, _engaged_from_pairs(pairs, start=start, end=end), start=start, end=end)


@dataclass(frozen=True)
class TeamFigures:
    """Professional time, volunteering and new people of whole teams, by team, neighbourhood or all."""

    ratios: dict[object, VolunteerRatio]
    new_people: dict[object, int]


LEVELS = {None: 0, "team": 1, "neighbourhood": 2}


def read_through(team_ids: list[int], end: datetime.date) -> datetime.date:
    """How far the rollups may be read for a period that ends on `end`: to the end of its quarter, or
    of its month, when the teams have no contact after `end` within it (contacts cannot be logged for
    days to come, so a quarter or month to date usually reads whole)."""
    later = Engagement.objects.filter(team__in=team_ids, date__gt=end, date__lte=quarter_end(end))
    first_later = later.order_by().aggregate(first=Min("date"))["first"]
    if first_later is None:
        return quarter_end(end)
    return month_end(end) if first_later > month_end(end) else end


@dataclass(frozen=True)
class EngagedRow:
    """Groups engaged (`groups`), or their returns with one pair of dates summed in whole tenths of
    hours (`tenths`), for the teams together (level 0, key None), a team (1) or a neighbourhood (2)."""

    level: int
    key: int | None
    groups: int | None = None
    return_start: datetime.date | None = None
    return_end: datetime.date | None = None
    tenths: int | None = None


def engaged_rows(
    team_ids: list[int], pieces: Split, *, start: datetime.date, end: datetime.date
) -> list[EngagedRow]:
    """Groups engaged and their returns for the teams together, by team and by neighbourhood.

    The (team, neighbourhood, group) triples engaged come from the quarterly rollup for whole
    quarters, the monthly one for whole months and the contacts for the days outside them; each level
    counts a group once per key, and the returns that overlap the period are summed in the database
    by their dates, so a few hundred rows come back whatever the number of groups. Written in SQL
    because it reads a de-duplicated union; the same on SQLite and PostgreSQL."""
    ids = ", ".join(["%s"] * len(team_ids))
    parts: list[str] = []
    params: list[int | datetime.date] = []
    for table, column, firsts in (
        (EngagedGroupQuarter._meta.db_table, "quarter", pieces.quarters),
        (EngagedGroupMonth._meta.db_table, "month", pieces.months),
    ):
        if firsts:
            marks = ", ".join(["%s"] * len(firsts))
            parts.append(
                f"SELECT team_id, neighbourhood_id, group_id FROM {table} "  # noqa: S608
                f"WHERE team_id IN ({ids}) AND {column} IN ({marks})"
            )
            params += [*team_ids, *firsts]
    contacts, through = Engagement._meta.db_table, Engagement.groups.through._meta.db_table
    for edge_start, edge_end in pieces.days:
        parts.append(
            f"SELECT e.team_id, e.neighbourhood_id, l.communitygroup_id FROM {contacts} e "  # noqa: S608
            f"JOIN {through} l ON l.engagement_id = e.id "
            f"WHERE e.team_id IN ({ids}) AND e.date >= %s AND e.date <= %s"
        )
        params += [*team_ids, edge_start, edge_end]
    if not parts:
        return []
    returns = VolunteerHourReturn._meta.db_table
    sql = f"""
        WITH pairs (team_id, neighbourhood_id, group_id) AS ({" UNION ALL ".join(parts)}),
        levels (level, k, group_id) AS (
            SELECT DISTINCT 0, 0, group_id FROM pairs
            UNION ALL SELECT DISTINCT 1, team_id, group_id FROM pairs
            UNION ALL SELECT DISTINCT 2, neighbourhood_id, group_id FROM pairs
        )
        SELECT level, k, COUNT(*), NULL, NULL, NULL FROM levels GROUP BY level, k
        UNION ALL
        SELECT l.level, l.k, NULL, r.start, r."end", SUM(CAST(ROUND(r.hours * 10) AS BIGINT))
        FROM levels l JOIN {returns} r ON r.group_id = l.group_id
        WHERE r.start <= %s AND r."end" >= %s
        GROUP BY l.level, l.k, r.start, r."end"
    """  # noqa: S608 (table names from the models, every value a parameter)
    params += [end, start]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            EngagedRow(level, None if level == 0 else k, groups, _day(r_start), _day(r_end), tenths)
            for level, k, groups, r_start, r_end, tenths in cursor.fetchall()
        ]


def _quarter_rows(team_ids: list[int], quarter: datetime.date) -> list[EngagedRow]:
    """engaged_rows for one whole quarter, read from the teams' sums (QuarterGroups, QuarterReturns)
    in four small queries: the teams' rows are added up for the teams together, less each group
    that more than one of them engaged, counted once and its returns once."""
    rows = []
    for team, level, hood, groups in (
        QuarterGroups.objects.filter(quarter=quarter, team__in=team_ids)
        .order_by()
        .values_list("team", "level", "neighbourhood", "groups")
    ):
        rows.append(EngagedRow(level, team if level == 1 else hood, groups))
        if level == 1:
            rows.append(EngagedRow(0, None, groups))
    for team, level, hood, r_start, r_end, tenths in (
        QuarterReturns.objects.filter(quarter=quarter, team__in=team_ids)
        .order_by()
        .values_list("team", "level", "neighbourhood", "return_start", "return_end", "tenths")
    ):
        rows.append(EngagedRow(level, team if level == 1 else hood, None, r_start, r_end, tenths))
        if level == 1:
            rows.append(EngagedRow(0, None, None, r_start, r_end, tenths))
    in_quarter = EngagedGroupQuarter.objects.filter(quarter=quarter, team__in=team_ids).order_by()
    candidates = in_quarter.filter(foreign=True).values("group")
    teams_of: dict[int, set[int]] = defaultdict(set)
    for group, team in in_quarter.filter(group__in=candidates).values_list("group", "team").distinct():
        teams_of[group].add(team)
    extra = {group: len(teams) - 1 for group, teams in teams_of.items() if len(teams) > 1}
    if extra:
        rows += [EngagedRow(0, None, -n) for n in extra.values()]
        returns = VolunteerHourReturn.objects.filter(
            group__in=list(extra), start__lte=quarter_end(quarter), end__gte=quarter
        ).order_by()
        for group, r_start, r_end, hours in returns.values_list("group", "start", "end", "hours"):
            rows.append(EngagedRow(0, None, None, r_start, r_end, -extra[group] * tenths_of(hours)))
    return rows


def _fold(rows: list[EngagedRow], *, start: datetime.date, end: datetime.date) -> dict[str | None, dict]:
    """(groups engaged, Volunteering) by level name and key; a negative count or sum takes away, and
    a key whose groups all cancel out is not there at all, as in the live query."""
    found: dict[str | None, dict] = {by: {} for by in LEVELS}
    name = {level: by for by, level in LEVELS.items()}
    for row in rows:
        n, volunteering = found[name[row.level]].setdefault(row.key, (0, Volunteering()))
        if row.groups is not None:
            found[name[row.level]][row.key] = (n + row.groups, volunteering)
        else:
            # A row of returns: its dates and tenths are there.
            assert row.return_start is not None and row.return_end is not None and row.tenths is not None
            if row.return_start <= end and row.return_end >= start:
                volunteering.add(int(row.tenths), row.return_start, row.return_end, start, end)
    return {by: {k: v for k, v in keys.items() if v[0]} for by, keys in found.items()}


def _day(value) -> datetime.date:
    """A date as the database driver gave it: a date, a datetime, or (SQLite, raw SQL) a string."""
    if isinstance(value, datetime.datetime):
        return value.date()
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _contact_sums(team_ids: list[int], pieces: Split) -> dict[tuple, list[int]]:
    """Professional minutes and new people by (team, neighbourhood), from the monthly and daily rollups,
    in one query (the whole months and the edge days, united) whatever the period."""
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    # An edge of more than half its month is read as the whole month less the days outside it, so the
    # days read are never more than half a month's (a rolling three months to today reads one day, not
    # twenty-nine): sums can be taken away, where the groups engaged (engaged_rows) cannot.
    months, add_days, less_days = list(pieces.all_months), [], []
    day = datetime.timedelta(days=1)
    for edge_start, edge_end in pieces.days:
        first, last = month_start(edge_start), month_end(edge_start)
        inside = (edge_end - edge_start).days + 1
        if inside * 2 > (last - first).days + 1:
            months.append(first)
            outside = ((first, edge_start - day), (edge_end + day, last))
            less_days += [(a, b) for a, b in outside if a <= b]
        else:
            add_days.append((edge_start, edge_end))
    reads: list[tuple[int, QuerySet[ContactMonth] | QuerySet[ContactDay]]] = []
    if months:
        reads.append((1, ContactMonth.objects.filter(team__in=team_ids, month__in=months)))
    for sign, spans in ((1, add_days), (-1, less_days)):
        for day_start, day_end in spans:
            days = ContactDay.objects.filter(team__in=team_ids, day__gte=day_start, day__lte=day_end)
            reads.append((sign, days))
    grouped = [
        rows.order_by()
        .values_list("team", "neighbourhood")
        .annotate(m=Sum("minutes") * sign, n=Sum("new_people") * sign)
        .values_list("team", "neighbourhood", "m", "n")
        for sign, rows in reads
    ]
    if not grouped:
        return sums
    for team, hood, m, n in grouped[0].union(*grouped[1:], all=True) if len(grouped) > 1 else grouped[0]:
        sums[(team, hood)][0] += int(m or 0)  # PostgreSQL's sum of a bigint, times a sign, is numeric
        sums[(team, hood)][1] += int(n or 0)
    # A key whose days taken away leave nothing had no contact in the period (every contact has a
    # minute at least), and is not there, as when its days were read.
    return {k: v for k, v in sums.items() if v != [0, 0]}


def team_figures_many(
    team_ids,
    *,
    bys: tuple[str | None, ...],
    start: datetime.date,
    end: datetime.date,
    volunteering: bool = True,
) -> dict[str | None, TeamFigures]:
    """The same figures as volunteer_ratios_by over the teams' contacts, for each of `bys` ("team",
    "neighbourhood" or None for all), read from the rollups: whole quarters, whole months and days
    (a test holds them equal to the contacts). One pass serves every `by`."""
    team_ids = list(team_ids)
    pieces = split(start, read_through(team_ids, end)) if team_ids else split(start, end)
    sums = _contact_sums(team_ids, pieces) if team_ids else {}
    engaged: dict[str | None, dict] = {by: {} for by in LEVELS}
    if volunteering and team_ids:
        if pieces.quarters == (start,) and not pieces.months and not pieces.days:
            rows = _quarter_rows(team_ids, start)  # a quarter, or a quarter to date read whole
        else:
            rows = engaged_rows(team_ids, pieces, start=start, end=end)
        engaged = _fold(rows, start=start, end=end)
    position = {"team": 0, "neighbourhood": 1}
    result = {}
    for by in bys:
        minutes: dict = defaultdict(int)
        new: dict = defaultdict(int)
        for key, (m, n) in sums.items():
            k = key[position[by]] if by else None
            minutes[k] += m
            new[k] += n
        if not by:
            minutes.setdefault(None, 0)
            new.setdefault(None, 0)
        result[by] = TeamFigures(_ratios(dict(minutes), engaged[by], start=start, end=end), dict(new))
    return result


def team_figures(team_ids, *, by: str | None, start: datetime.date, end: datetime.date) -> TeamFigures:
    return team_figures_many(team_ids, bys=(by,), start=start, end=end)[by]


def team_months(
    team_ids, *, start: datetime.date, end: datetime.date
) -> dict[datetime.date, tuple[int, int]]:
    """Professional minutes and new people by month (first day), from the monthly rollup (and the
    daily one for the days of a month outside the period)."""
    team_ids = list(team_ids)
    pieces = split(start, read_through(team_ids, end))
    found: dict[datetime.date, list[int]] = defaultdict(lambda: [0, 0])
    if pieces.all_months:
        rows = (
            ContactMonth.objects.filter(team__in=team_ids, month__in=pieces.all_months)
            .order_by()
            .values_list("month")
            .annotate(m=Sum("minutes"), n=Sum("new_people"))
            .values_list("month", "m", "n")
        )
        for month, m, n in rows:
            found[month][0] += m
            found[month][1] += n
    for edge_start, edge_end in pieces.days:
        totals = ContactDay.objects.filter(
            team__in=team_ids, day__gte=edge_start, day__lte=edge_end
        ).aggregate(m=Sum("minutes"), n=Sum("new_people"))
        found[month_start(edge_start)][0] += totals["m"] or 0
        found[month_start(edge_start)][1] += totals["n"] or 0
    return {month: (m, n) for month, (m, n) in found.items()}


def volunteer_hour_ratio(
    engagements: QuerySet[Engagement], *, start: datetime.date, end: datetime.date
) -> VolunteerRatio:
    return volunteer_ratios_by(engagements, by=None, start=start, end=end)[None]


def new_people_drawn_in(engagements: QuerySet[Engagement]) -> int:
    return engagements.order_by().aggregate(n=Sum("new_people"))["n"] or 0


def groups_engaged_by_intensity(engagements: QuerySet[Engagement]) -> dict[str, int]:
    """Distinct groups engaged, counted by the team's current support intensity."""
    groups = CommunityGroup.objects.filter(pk__in=engagements.order_by().values("groups"))
    return {
        row["support_intensity"]: row["n"]
        for row in groups.values("support_intensity").annotate(n=Count("pk"))
    }
