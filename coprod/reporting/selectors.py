"""The figures of the dashboard and of the progress report, read in one place.

A unit manager's dashboard, a team lead's part of it, a worker's own figures and the quarterly PDF
all come from unit_figures, so a figure is the same wherever it appears. Every figure of every team
and neighbourhood is read in a fixed number of grouped queries, whatever the number of contacts,
groups, teams or neighbourhoods.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from coprod.core.periods import (
    Quarter,
    last_closed_quarter,
    month_start,
    months_between,
    period_label,
    period_months,
    recent_quarters,
)
from coprod.engagements.models import Engagement
from coprod.engagements.selectors import (
    VOLUNTEER_RATIO_BENCHMARK,
    TeamFigures,
    VolunteerRatio,
    hours_of,
    team_figures_many,
    team_months,
    volunteer_ratios_by,
)
from coprod.funding.models import RegionalInitiative
from coprod.funding.selectors import below_ten_percent, ledger, ledger_total
from coprod.groups.choices import GroupStatus, SupportIntensity, TrackedField
from coprod.groups.models import CommunityGroup, GroupChange
from coprod.groups.selectors import (
    ENGLAND_CHARITIES_PER_1000,
    active_group_counts,
)
from coprod.neighbourhoods.models import Baseline, Neighbourhood
from coprod.outcomes.choices import OutcomeCategory, Reading
from coprod.outcomes.computed import group_density_many
from coprod.outcomes.models import GroupOutcome, Story, Target
from coprod.outcomes.selectors import snapshot_values, target_readings
from coprod.publicservices.selectors import services_summary
from coprod.regionalwork.selectors import regional_work_figures
from coprod.reporting.figures_directory import (
    FTE_HOURS_WEEK,
    fill_groups_started,
    fill_involvement,
    fill_volunteer_hours_week,
)
from coprod.reporting.models import Report
from coprod.resources.selectors import long_haul
from coprod.units.choices import Role
from coprod.units.models import CoProductionUnit, Team
from coprod.units.permissions import as_user
from coprod.units.selectors import (
    UserLike,
    current_memberships,
    holds_unit_role,
    is_global_administrator,
    led_teams,
    own_teams,
)

INTENSITIES = [SupportIntensity.INTENSIVE, SupportIntensity.MODERATE, SupportIntensity.LIGHT]
READINGS = [Reading.ACHIEVED, Reading.ON_TRACK, Reading.BEHIND, Reading.NO_DATA]


# Periods ------------------------------------------------------------------------------------------------


def quarter_of(day: datetime.date) -> str:
    """The code of the financial quarter a day falls in: 2026-27-Q3."""
    return Quarter.containing(day).code


def quarter_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """'2026-27-Q3' -> 1 October 2026 to 31 December 2026; PeriodError (a ValueError) saying what is
    accepted for anything else."""
    quarter = Quarter.parse(period)
    return quarter.start, quarter.end


def previous_quarter(today: datetime.date) -> str:
    return last_closed_quarter(today).code


# Who sees what ----------------------------------------------------------------------------------------


def dashboard_units_for_user(user: UserLike) -> QuerySet[CoProductionUnit]:
    """Units whose whole dashboard a user reads: their unit's managers, directors and administrators."""
    if is_global_administrator(user):
        return CoProductionUnit.objects.all()
    unit_roles = [Role.UNIT_MANAGER, Role.REGIONAL_DIRECTOR, Role.ADMINISTRATOR]
    units = current_memberships(user).filter(role__in=unit_roles, unit__isnull=False).values("unit")
    return CoProductionUnit.objects.filter(pk__in=units).select_related("region")


@dataclass(frozen=True)
class DashboardScope:
    """Whose figures a person's dashboard shows: a whole unit ("unit"), some of its teams (a team
    lead's, "team", or one team a unit manager chose), or a worker's own contacts ("worker")."""

    unit: CoProductionUnit
    teams: QuerySet[Team] | None
    worker: UserLike | None
    scope: str
    units: list[CoProductionUnit]  # every unit whose whole dashboard the person reads, to choose from


def dashboard_scope(user: UserLike, *, unit: str | None = None, team: str | None = None) -> DashboardScope:
    """The dashboard a person reads (the page and the API alike): a unit's managers, directors and
    administrators the unit (`unit` names one of theirs, or the first) or one of its teams (`team`);
    a team lead the teams they lead; a worker their own contacts. PermissionDenied for anyone else,
    Http404 for a team the unit does not have."""
    units = list(dashboard_units_for_user(user).order_by("name", "pk"))
    if units:
        found = next((u for u in units if u.slug == unit), units[0])
        teams = None
        if team:
            teams = found.teams.filter(slug=team)
            if not teams.exists():
                raise Http404("No such team in this unit.")
        return DashboardScope(found, teams, None, "unit", units)
    if led_teams(user).exists():
        led = led_teams(user)
        first_led = led.first()
        assert first_led is not None
        found = first_led.unit
        return DashboardScope(found, led.filter(unit=found), None, "team", [])
    if own_teams(user).exists():
        first_own = own_teams(user).first()
        assert first_own is not None
        found = first_own.unit
        return DashboardScope(found, own_teams(user).filter(unit=found), user, "worker", [])
    raise PermissionDenied("The dashboard is for members of a unit or team.")


def report_units_for_user(user: UserLike) -> QuerySet[CoProductionUnit]:
    """Progress reports are read where the whole dashboard is: the unit's managers and directors."""
    return dashboard_units_for_user(user)


def reports_for_user(user: UserLike) -> QuerySet[Report]:
    return Report.objects.filter(unit__in=report_units_for_user(user)).select_related("unit", "requested_by")


def can_request_reports(user: UserLike, unit: CoProductionUnit) -> bool:
    if is_global_administrator(user):
        return True
    return holds_unit_role(user, Role.UNIT_MANAGER, unit.pk)


# Figures ----------------------------------------------------------------------------------------------


@dataclass
class AreaFigures:
    """The dashboard's row for a unit, a team or a neighbourhood."""

    key: str
    label: str
    kind: str  # "unit", "team", "neighbourhood" or "worker"
    team: str = ""
    professional_hours: Decimal = Decimal("0.0")
    volunteer_hours: Decimal = Decimal("0.0")
    ratio: Decimal | None = None
    groups_engaged: int = 0
    new_people: int = 0
    density: Decimal | None = None
    density_baseline: Decimal | None = None
    intensity: dict[str, int] = field(default_factory=dict)
    targets: dict[str, int] = field(default_factory=dict)
    groups_started: int = 0  # started with the team's help in the period (started_with_team_on)
    groups_added: int = 0  # added to the directory in the period (created_at)
    groups_closed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    # Resident involvement from each neighbourhood's record standing at the period's end
    # (figures_directory.fill_involvement); involvement_counted = neighbourhoods with such a record.
    residents_intensive: int = 0
    residents_regular: int = 0
    residents_occasional: int = 0
    service_users: int = 0
    involvement_counted: int = 0
    involvement_start: datetime.date | None = None  # a neighbourhood's: the period of the record counted
    involvement_end: datetime.date | None = None
    # Volunteer hours a week of the directory's active groups (their current estimates), the number of
    # groups with an estimate, and the hours as full-time equivalents of 37 hours a week.
    volunteer_hours_week: Decimal = Decimal("0.0")
    volunteer_estimates: int = 0
    volunteer_fte: int = 0

    def take_ratio(self, ratio: VolunteerRatio | None) -> None:
        if ratio is not None:
            self.professional_hours = ratio.professional_hours
            self.volunteer_hours = ratio.volunteer_hours
            self.ratio = ratio.ratio
            self.groups_engaged = ratio.groups_engaged


@dataclass
class TrendPoint:
    label: str
    professional_hours: Decimal
    new_people: int
    ratio: Decimal | None = None


@dataclass
class StoryItem:
    neighbourhood: str
    title: str
    told_on: str
    body: str


@dataclass
class UnitFigures:
    unit: str
    region: str
    period: str
    start: datetime.date
    end: datetime.date
    benchmark: Decimal
    total: AreaFigures
    teams: list[AreaFigures]
    neighbourhoods: list[AreaFigures]
    trend: list[TrendPoint]
    ten_percent: dict
    below_ten_percent: list[dict]
    stories: list[StoryItem]
    density_reference: Decimal = ENGLAND_CHARITIES_PER_1000  # England's registered charities per 1,000
    fte_hours_week: Decimal = FTE_HOURS_WEEK  # the hours a week of one full-time equivalent
    period_months: str = ""  # "October to December 2026" for a whole quarter
    # The region's resources for the long haul (resources.selectors.long_haul): the report's alone,
    # so the dashboard, which does not show them, does not wait for them.
    resources: dict = field(default_factory=dict)
    # Groups' offers to public services and their referrals (publicservices.selectors.services_summary):
    # the report's too, with the resources.
    public_services: dict = field(default_factory=dict)
    # The unit's regional work (regionalwork.selectors.regional_work_figures): plans, consultation,
    # assessments, steering groups and meetings, the report's with the resources.
    regional_work: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        """Plain JSON (money and figures as strings), the form a report freezes."""

        def plain(value):
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, datetime.date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value

        return plain(asdict(self))


class _Contacts:
    """Reads a worker's own contacts directly."""

    def __init__(self, engagements):
        self.engagements = engagements

    def figures(self, *, by: str | None, start: datetime.date, end: datetime.date) -> TeamFigures:
        in_period = self.engagements.filter(date__gte=start, date__lte=end).order_by()
        ratios = volunteer_ratios_by(self.engagements, by=by, start=start, end=end)
        if by:
            new = dict(in_period.values_list(by).annotate(n=Sum("new_people")).values_list(by, "n"))
        else:
            new = {None: in_period.aggregate(n=Sum("new_people"))["n"] or 0}
        return TeamFigures(ratios, new)

    def months(self, *, start: datetime.date, end: datetime.date) -> dict[datetime.date, tuple[int, int]]:
        rows = (
            self.engagements.filter(date__gte=start, date__lte=end)
            .order_by()
            .annotate(month=TruncMonth("date"))
            .values_list("month")
            .annotate(m=Sum("minutes"), n=Sum("new_people"))
            .values_list("month", "m", "n")
        )
        return {(m.date() if isinstance(m, datetime.datetime) else m): (mi, n) for m, mi, n in rows}


class _Rollups:
    """Reads whole teams through the monthly rollups (engagements.rollups), equal to the contacts."""

    def __init__(self, team_ids):
        self.team_ids = list(team_ids)
        self._read: dict = {}

    def figures(self, *, by: str | None, start: datetime.date, end: datetime.date) -> TeamFigures:
        if (start, end) not in self._read:  # one pass serves the unit, its teams and neighbourhoods
            self._read[(start, end)] = team_figures_many(
                self.team_ids, bys=(None, "team", "neighbourhood"), start=start, end=end
            )
        return self._read[(start, end)][by]

    def months(self, *, start: datetime.date, end: datetime.date) -> dict[datetime.date, tuple[int, int]]:
        return team_months(self.team_ids, start=start, end=end)


def _trend(reader, *, end: datetime.date, by: str) -> list[TrendPoint]:
    """Professional hours and new people by month (the last 12) or financial quarter (the last 4,
    with ratios)."""
    if by == "month":
        months = months_between(month_start(end) - relativedelta(months=11), end)
        found = reader.months(start=months[0], end=end)
        return [
            TrendPoint(m.strftime("%b %Y"), hours_of(found.get(m, (0, 0))[0]), found.get(m, (0, 0))[1])
            for m in months
        ]
    quarters = list(reversed(recent_quarters(end, 4)))
    found = reader.months(start=quarters[0].start, end=end)
    points = []
    for quarter in quarters:
        covered = [found.get(m, (0, 0)) for m in months_between(quarter.start, min(quarter.end, end))]
        ratio = reader.figures(by=None, start=quarter.start, end=min(quarter.end, end)).ratios[None].ratio
        points.append(
            TrendPoint(quarter.label, hours_of(sum(m for m, _ in covered)), sum(n for _, n in covered), ratio)
        )
    return points


def _ten_percent(unit: CoProductionUnit) -> tuple[dict, list[dict]]:
    initiatives = RegionalInitiative.objects.filter(region=unit.region_id)
    total = ledger_total(ledger(initiatives, by="region"))
    below = [
        {
            "initiative": row.label,
            "share_percent": str(row.position.share_shown),
            "shortfall": str(row.position.shortfall),
        }
        for row in below_ten_percent(ledger(initiatives, by="initiative"))
    ]
    return total.as_json() | {"initiatives": total.initiatives}, below


def unit_figures(
    unit: CoProductionUnit,
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    teams: QuerySet[Team] | None = None,
    worker: UserLike | None = None,
    trend_by: str = "month",
    with_resources: bool = False,
) -> UnitFigures:
    """Every figure of a unit's dashboard and report for a period.

    `teams` narrows it to some teams (a team lead's part); `worker` to one worker's own contacts. The
    number of queries does not grow with the data.
    """
    all_teams = list((teams if teams is not None else unit.teams.all()).filter(unit=unit).order_by("name"))
    team_pks = [t.pk for t in all_teams]
    engagements = Engagement.objects.filter(team__in=team_pks)
    if worker is not None:
        engagements = engagements.filter(worker=as_user(worker))
    hoods_qs = Neighbourhood.objects.filter(team__in=team_pks).order_by("team__name", "name")
    hoods = list(hoods_qs.values_list("pk", "slug", "name", "team__name"))

    unit_label = unit.name if worker is None else "Your own contacts"
    total = AreaFigures(key=unit.slug, label=unit_label, kind="unit" if worker is None else "worker")
    team_rows = {t.pk: AreaFigures(key=t.slug, label=t.name, kind="team") for t in all_teams}
    hood_rows = {
        pk: AreaFigures(key=slug, label=name, kind="neighbourhood", team=team_name)
        for pk, slug, name, team_name in hoods
    }

    # Professional hours, volunteer hours, the ratio and new people: grouped queries, through the
    # monthly rollups for whole teams and from the contacts for one worker's own.
    reader = _Contacts(engagements) if worker is not None else _Rollups(team_pks)
    overall = reader.figures(by=None, start=start, end=end)
    total.take_ratio(overall.ratios.get(None))
    total.new_people = overall.new_people.get(None) or 0
    for by, rows in (("team", team_rows), ("neighbourhood", hood_rows)):
        figures = reader.figures(by=by, start=start, end=end)
        for pk, row in rows.items():
            row.take_ratio(figures.ratios.get(pk))
            row.new_people = figures.new_people.get(pk) or 0

    if worker is None:
        _directory_figures(total, team_rows, hood_rows, hoods_qs, team_pks, start=start, end=end, today=today)

    ten_percent, below = _ten_percent(unit) if worker is None else ({}, [])
    stories = []
    if worker is None:
        stories = [
            StoryItem(s.neighbourhood.name, s.title, s.told_on.isoformat(), s.body)
            for s in Story.objects.filter(neighbourhood__in=hoods_qs, told_on__gte=start, told_on__lte=end)
            .select_related("neighbourhood")
            .order_by("neighbourhood__name", "told_on", "pk")
        ]
    return UnitFigures(
        unit=unit.name,
        region=unit.region.name,
        period=period_label(start, end),
        period_months=period_months(start, end),
        start=start,
        end=end,
        benchmark=VOLUNTEER_RATIO_BENCHMARK,
        total=total,
        teams=list(team_rows.values()),
        neighbourhoods=list(hood_rows.values()),
        trend=_trend(reader, end=end, by=trend_by),
        ten_percent=ten_percent,
        below_ten_percent=below,
        stories=stories,
        resources=long_haul(unit.region, start=start, end=end) if with_resources and worker is None else {},
        public_services=services_summary(team_pks, start=start, end=end, as_at=min(end, today))
        if with_resources and worker is None
        else {},
        regional_work=regional_work_figures(unit, start=start, end=end).as_json()
        if with_resources and worker is None
        else {},
    )


def _midnight(day: datetime.date) -> datetime.datetime:
    """The start of a local day, so a date range reads an indexable range of times."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _directory_figures(total, team_rows, hood_rows, hoods_qs, team_pks, *, start, end, today) -> None:
    """Density against baseline, groups by support intensity, targets, resident involvement, volunteer
    hours a week and their full-time equivalents, groups started and added, groups folded, outcomes.

    The rules of the directory's and the residents' figures are in reporting.figures_directory."""
    counts = active_group_counts(team_pks, hoods_qs)
    serving = counts.serving
    densities = group_density_many(hoods_qs, serving)
    for pk, row in hood_rows.items():
        row.density = densities.get(pk)
    # Only the density each current baseline froze is read, not the whole snapshot.
    density_frozen = KeyTransform("group-density", KeyTransform("indicators", "snapshot"))
    current = Baseline.objects.filter(
        neighbourhood__in=hoods_qs, status="signed_off", superseded_by__isnull=True
    ).values_list("neighbourhood_id", density_frozen)
    for hood_id, frozen in current:
        point = (
            snapshot_values({"indicators": {"group-density": frozen}}).get("group-density")
            if frozen
            else None
        )
        if point is not None and hood_id in hood_rows:
            hood_rows[hood_id].density_baseline = point.value
    for (hood_id, level), n in serving.items():
        if hood_id in hood_rows:
            hood_rows[hood_id].intensity[level] = n

    for (team_id, level), n in counts.by_team.items():
        team_rows[team_id].intensity[level] = n
        total.intensity[level] = total.intensity.get(level, 0) + n

    team_of = dict(hoods_qs.values_list("pk", "team_id"))
    # Targets are read as they stood at the end of the period (or today, if it is not over), so a
    # past quarter's report reads its targets as the quarter closed.
    as_at = min(end, today)
    for _, hood_id, reading in target_readings(
        Target.objects.filter(neighbourhood__in=hoods_qs), today=as_at
    ):
        for row in (hood_rows[hood_id], team_rows[team_of[hood_id]], total):
            row.targets[reading] = row.targets.get(reading, 0) + 1

    fill_involvement(total, team_rows, hood_rows, hoods_qs, team_of, end=end)
    fill_volunteer_hours_week(total, team_rows, hood_rows, counts)

    # Groups started with the teams' help in the period, and groups added to their directories in it
    # (typed in or imported, by the local day they were added): two different figures.
    fill_groups_started(total, team_rows, team_pks, start=start, end=end)
    added = CommunityGroup.objects.filter(
        team__in=team_pks,
        created_at__gte=_midnight(start),
        created_at__lt=_midnight(end + datetime.timedelta(days=1)),
    )
    for team_id, n in added.order_by().values_list("team").annotate(n=Count("pk")):
        team_rows[team_id].groups_added = n
        total.groups_added += n
    closed = GroupChange.objects.filter(
        group__team__in=team_pks,
        field=TrackedField.STATUS,
        value=GroupStatus.FOLDED,
        on__gte=start,
        on__lte=end,
    )
    for team_id, n in closed.order_by().values_list("group__team").annotate(n=Count("group", distinct=True)):
        team_rows[team_id].groups_closed = n
        total.groups_closed += n

    outcomes = GroupOutcome.objects.filter(
        group__team__in=team_pks, achieved_on__gte=start, achieved_on__lte=end
    )
    per_team: dict[int, Counter] = defaultdict(Counter)
    for team_id, category, n in (
        outcomes.order_by().values_list("group__team", "category").annotate(n=Count("group", distinct=True))
    ):
        per_team[team_id][category] = n
    unit_counts = dict(outcomes.order_by().values_list("category").annotate(n=Count("group", distinct=True)))
    for team_id, by_category in per_team.items():
        team_rows[team_id].outcomes = {c.value: by_category.get(c.value, 0) for c in OutcomeCategory}
    total.outcomes = {c.value: unit_counts.get(c.value, 0) for c in OutcomeCategory}
