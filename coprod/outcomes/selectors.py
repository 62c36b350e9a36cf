"""Reads of outcomes, scoped to the user, and the progress rule.

The progress rule: a target's line runs straight from its baseline (date, value) to its target (date,
value), through any interim milestones in date order. The latest value reads
- achieved when it is at least as good as the target value;
- on track when it is at least as good as the line's value on the latest value's date (after the target
  date, the line stays at the target value);
- behind otherwise;
- not yet measured when there is no value dated after the baseline.
"At least as good" means greater or equal when higher is better, less or equal when lower is better.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from coprod.core.periods import recent_quarters
from coprod.groups.selectors import groups_for_user
from coprod.neighbourhoods.models import Baseline, Neighbourhood
from coprod.neighbourhoods.selectors import neighbourhoods_for_user
from coprod.outcomes.choices import Direction, Level, OutcomeCategory, Reading
from coprod.outcomes.computed import COMPUTED, compute, compute_many
from coprod.outcomes.models import (
    GroupOutcome,
    Indicator,
    Measurement,
    Milestone,
    ResidentInvolvement,
    Story,
    Target,
)
from coprod.units.selectors import UserLike, is_member, teams_for_user

# Computed flows (hours, new people, the ratio) are read over the three months up to a day.
ROLLING_MONTHS = 3
TREND_QUARTERS = 8


# Scoping --------------------------------------------------------------------------------------------


def indicators_for_user(user: UserLike) -> QuerySet[Indicator]:
    """National indicators for every member; community-defined ones for the teams the user reaches."""
    if not is_member(user):
        return Indicator.objects.none()
    return Indicator.objects.filter(Q(team__isnull=True) | Q(team__in=teams_for_user(user))).select_related(
        "team"
    )


def measurements_for_user(user: UserLike) -> QuerySet[Measurement]:
    return Measurement.objects.filter(
        Q(neighbourhood__in=neighbourhoods_for_user(user)) | Q(group__in=groups_for_user(user))
    ).select_related("indicator", "neighbourhood", "group", "recorded_by")


def targets_for_user(user: UserLike) -> QuerySet[Target]:
    return (
        Target.objects.filter(neighbourhood__in=neighbourhoods_for_user(user))
        .select_related("indicator", "neighbourhood", "work_programme")
        .prefetch_related("milestones")
    )


def group_outcomes_for_user(user: UserLike) -> QuerySet[GroupOutcome]:
    return GroupOutcome.objects.filter(group__in=groups_for_user(user)).select_related("group", "recorded_by")


def involvement_for_user(user: UserLike) -> QuerySet[ResidentInvolvement]:
    return ResidentInvolvement.objects.filter(neighbourhood__in=neighbourhoods_for_user(user)).select_related(
        "neighbourhood"
    )


def latest_involvement(neighbourhoods, *, on: datetime.date) -> dict[int, ResidentInvolvement]:
    """The resident involvement that stood for each neighbourhood on a day: {neighbourhood: record}.

    That is the record whose period ended last on or before the day (a count is only complete once its
    period is over, so a record running past the day does not count yet); of two ending the same day,
    the one that started later, covering the more recent stretch. A neighbourhood with no such record
    is left out. One query, however many neighbourhoods and records.
    """
    latest = (
        ResidentInvolvement.objects.filter(neighbourhood=OuterRef("neighbourhood"), period_end__lte=on)
        .order_by("-period_end", "-period_start", "-pk")
        .values("pk")[:1]
    )
    records = ResidentInvolvement.objects.filter(
        neighbourhood__in=neighbourhoods, period_end__lte=on, pk=Subquery(latest)
    ).order_by()
    return {record.neighbourhood_id: record for record in records}


def stories_for_user(user: UserLike) -> QuerySet[Story]:
    return Story.objects.filter(neighbourhood__in=neighbourhoods_for_user(user)).select_related(
        "neighbourhood", "written_by"
    )


# The progress rule ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    on: datetime.date
    value: Decimal
    label: str = ""


@dataclass(frozen=True)
class Progress:
    reading: str
    latest: Point | None
    expected: Decimal | None

    @property
    def reading_label(self) -> str:
        return Reading(self.reading).label


def _at_least_as_good(value: Decimal, than: Decimal, direction: str) -> bool:
    return value >= than if direction == Direction.HIGHER else value <= than


def expected_on(line: list[Point], on: datetime.date) -> Decimal:
    """The value the line from baseline to target (through milestones) reaches on a day."""
    if on <= line[0].on:
        return line[0].value
    for before, after in zip(line, line[1:], strict=False):
        if on <= after.on:
            span = (after.on - before.on).days
            share = Decimal((on - before.on).days) / Decimal(span)
            return before.value + (after.value - before.value) * share
    return line[-1].value


def progress(
    *,
    direction: str,
    baseline: Point,
    target: Point,
    latest: Point | None,
    milestones: Sequence[Point] = (),
) -> Progress:
    """Read a target's progress: achieved, on track, behind or not yet measured (see the module)."""
    if latest is None or latest.on <= baseline.on:
        return Progress(Reading.NO_DATA, latest, None)
    line = [
        baseline,
        *sorted((m for m in milestones if baseline.on < m.on < target.on), key=lambda m: m.on),
        target,
    ]
    expected = expected_on(line, latest.on).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if _at_least_as_good(latest.value, target.value, direction):
        reading = Reading.ACHIEVED
    elif _at_least_as_good(latest.value, expected, direction):
        reading = Reading.ON_TRACK
    else:
        reading = Reading.BEHIND
    return Progress(reading, latest, expected)


# Values ----------------------------------------------------------------------------------------------


def rolling_period(end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The three months up to and including a day."""
    return end - relativedelta(months=ROLLING_MONTHS) + datetime.timedelta(days=1), end


def values_on(
    pairs: Sequence[tuple[Indicator | _Ref, Neighbourhood | _Ref]],
    on: datetime.date,
    *,
    neighbourhoods: QuerySet[Neighbourhood] | None = None,
) -> dict[tuple[int, int], Point | None]:
    """Each (indicator, neighbourhood)'s value as it stood on a day, in a few queries for any number.

    Computed indicators are calculated (flows over the three months up to the day); others are the
    latest measurement whose period ended by then. `neighbourhoods`, a queryset holding every pair's
    neighbourhood, lets hundreds be read through a subquery rather than a list of ids.
    """
    values: dict[tuple[int, int], Point | None] = {(i.pk, n.pk): None for i, n in pairs}
    measured = [(i, n) for i, n in pairs if not i.computed]
    if measured:
        rows = (
            Measurement.objects.filter(
                indicator__in={i.pk for i, _ in measured},
                neighbourhood__in=neighbourhoods
                if neighbourhoods is not None
                else {n.pk for _, n in measured},
                period_end__lte=on,
            )
            .order_by("period_end", "pk")
            .values_list("indicator_id", "neighbourhood_id", "period_end", "value")
        )
        for indicator_id, hood_id, period_end, value in rows:  # the latest comes last
            if (indicator_id, hood_id) in values:
                values[(indicator_id, hood_id)] = Point(period_end, value)
    start, end = rolling_period(on)
    by_code: dict[str, set[int]] = defaultdict(set)
    indicator_of: dict[str, Indicator | _Ref] = {}
    for indicator, hood in pairs:
        if indicator.computed:
            by_code[indicator.code].add(hood.pk)
            indicator_of[indicator.code] = indicator
    for code, hood_pks in by_code.items():
        hoods = (
            neighbourhoods if neighbourhoods is not None else Neighbourhood.objects.filter(pk__in=hood_pks)
        )
        computed = compute_many(code, hoods, start, end)
        for hood_pk in hood_pks:
            found = computed.get(hood_pk)
            values[(indicator_of[code].pk, hood_pk)] = None if found is None else Point(on, found)
    return values


def value_on(indicator: Indicator, neighbourhood: Neighbourhood, on: datetime.date) -> Point | None:
    """The indicator's value for a neighbourhood as it stood on a day (see values_on)."""
    return values_on([(indicator, neighbourhood)], on)[(indicator.pk, neighbourhood.pk)]


def target_progress(target: Target, *, today: datetime.date) -> Progress:
    """A target's reading (target_readings reads many at once by the same rule)."""
    return _progress_of(target, value_on(target.indicator, target.neighbourhood, today))


def _progress_of(target: Target, latest: Point | None) -> Progress:
    return progress(
        direction=target.indicator.direction,
        baseline=Point(target.baseline_on, target.baseline_value),
        target=Point(target.target_on, target.target_value),
        latest=latest,
        milestones=[Point(m.due_on, m.value) for m in target.milestones.all()],
    )


@dataclass(frozen=True)
class _Ref:
    """Just what values_on reads of an indicator or a neighbourhood."""

    pk: int
    code: str = ""
    computed: bool = False


def target_readings(targets: QuerySet[Target], *, today: datetime.date) -> list[tuple[int, int, str]]:
    """(target, neighbourhood, reading) for many targets by the progress rule, reading plain values
    rather than whole records, in a fixed number of queries; the dashboard reads hundreds."""
    rows = list(
        targets.order_by().values_list(
            "pk", "neighbourhood_id", "indicator_id", "indicator__code", "indicator__computed",
            "indicator__direction", "baseline_on", "baseline_value", "target_on", "target_value",
        )
    )  # fmt: skip
    milestones: dict[int, list[Point]] = defaultdict(list)
    for target_id, due_on, value in Milestone.objects.filter(target__in=targets.values("pk")).values_list(
        "target_id", "due_on", "value"
    ):
        milestones[target_id].append(Point(due_on, value))
    latest = values_on(
        [(_Ref(r[2], r[3], r[4]), _Ref(r[1])) for r in rows],
        today,
        neighbourhoods=Neighbourhood.objects.filter(pk__in=targets.values("neighbourhood_id")),
    )
    readings = []
    for (
        pk,
        hood_id,
        indicator_id,
        _,
        _,
        direction,
        baseline_on,
        baseline_value,
        target_on,
        target_value,
    ) in rows:
        reading = progress(
            direction=direction,
            baseline=Point(baseline_on, baseline_value),
            target=Point(target_on, target_value),
            latest=latest[(indicator_id, hood_id)],
            milestones=milestones[pk],
        ).reading
        readings.append((pk, hood_id, reading))
    return readings


def indicator_snapshot(neighbourhood: Neighbourhood, taken_on: datetime.date, options: dict) -> dict:
    """What a baseline freezes: each chosen indicator's value on the baseline's date.

    With no choice made, the computed indicators and every indicator measured in the neighbourhood.
    """
    codes = options.get("indicators")
    indicators = Indicator.objects.filter(level=Level.NEIGHBOURHOOD)
    if codes is None:
        indicators = indicators.filter(
            Q(computed=True) | Q(measurements__neighbourhood=neighbourhood)
        ).distinct()
    else:
        indicators = indicators.filter(code__in=codes)
    frozen = {}
    for indicator in indicators.order_by("position", "name"):
        point = value_on(indicator, neighbourhood, taken_on)
        frozen[indicator.code] = {
            "name": indicator.name,
            "value": None if point is None else str(point.value),
            "as_at": None if point is None else point.on.isoformat(),
        }
    return frozen


def baseline_values(baseline: Baseline | None) -> dict[str, Point]:
    """The indicator values a baseline froze, by indicator code."""
    if baseline is None:
        return {}
    return snapshot_values(baseline.snapshot)


def snapshot_values(snapshot: dict) -> dict[str, Point]:
    """The indicator values in a baseline's frozen snapshot, by indicator code."""
    values = {}
    for code, item in (snapshot.get("indicators") or {}).items():
        if item.get("value") is not None:
            values[code] = Point(datetime.date.fromisoformat(item["as_at"]), Decimal(item["value"]))
    return values


# The neighbourhood outcome page ------------------------------------------------------------------------


@dataclass
class TargetRow:
    target: Target
    progress: Progress


@dataclass
class IndicatorRow:
    indicator: Indicator
    baseline: Point | None = None
    latest: Point | None = None
    targets: list[TargetRow] = field(default_factory=list)
    trend: list[Point] = field(default_factory=list)
    chart: str | None = None  # the trend drawn, for the page (outcomes.views)


def _trend(indicator, neighbourhood, today, signed_off) -> list[Point]:
    if not indicator.computed:
        return [
            Point(m.period_end, m.value, m.period_end.isoformat())
            for m in Measurement.objects.filter(indicator=indicator, neighbourhood=neighbourhood).order_by(
                "period_end", "pk"
            )
        ]
    if COMPUTED[indicator.code].flow:
        points = []
        for quarter in reversed(recent_quarters(today, TREND_QUARTERS)):
            end = min(quarter.end, today)
            value = compute(indicator.code, neighbourhood, quarter.start, end)
            if value is not None:
                label = quarter.label if end == quarter.end else f"{quarter.label} to date"
                points.append(Point(end, value, label))
        return points
    points = [
        Point(baseline.taken_on, values[indicator.code].value, f"baseline {baseline.taken_on.isoformat()}")
        for baseline, values in signed_off
        if indicator.code in values
    ]
    now = value_on(indicator, neighbourhood, today)
    if now is not None:
        points.append(Point(today, now.value, "now"))
    return points


def neighbourhood_outcomes(neighbourhood: Neighbourhood, *, today: datetime.date) -> list[IndicatorRow]:
    """For each indicator the neighbourhood has (computed, measured, targeted or in its baseline):
    the current baseline's value, the latest value, each target with its reading, and a trend."""
    baselines = list(neighbourhood.baselines.filter(status="signed_off").order_by("taken_on", "pk"))
    signed_off = [(b, baseline_values(b)) for b in baselines]
    current = signed_off[-1][1] if signed_off else {}
    targets = defaultdict(list)
    for target in (
        Target.objects.filter(neighbourhood=neighbourhood)
        .select_related("indicator", "work_programme")
        .prefetch_related("milestones")
    ):
        targets[target.indicator_id].append(target)
    shown = Indicator.objects.filter(
        Q(level=Level.NEIGHBOURHOOD, computed=True)
        | Q(measurements__neighbourhood=neighbourhood)
        | Q(pk__in=list(targets))
        | Q(code__in=list(current))
    ).distinct()
    rows = []
    indicators = list(shown.order_by("position", "name"))
    latest = values_on([(indicator, neighbourhood) for indicator in indicators], today)
    for indicator in indicators:
        row = IndicatorRow(indicator, baseline=current.get(indicator.code))
        row.latest = latest[(indicator.pk, neighbourhood.pk)]
        row.targets = [TargetRow(t, _progress_of(t, row.latest)) for t in targets[indicator.pk]]
        row.trend = _trend(indicator, neighbourhood, today, signed_off)
        rows.append(row)
    return rows


# Group outcomes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeCounts:
    """Groups with at least one outcome in each category (a group counts once per category)."""

    groups: int
    by_category: dict[str, int]

    def rows(self) -> list[tuple[str, str, int]]:
        return [(c.value, c.label, self.by_category.get(c.value, 0)) for c in OutcomeCategory]


def group_outcome_counts(
    outcomes: QuerySet[GroupOutcome],
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> OutcomeCounts:
    if start is not None:
        outcomes = outcomes.filter(achieved_on__gte=start)
    if end is not None:
        outcomes = outcomes.filter(achieved_on__lte=end)
    outcomes = outcomes.order_by()
    by_category = {
        row["category"]: row["n"]
        for row in outcomes.values("category").annotate(n=Count("group", distinct=True))
    }
    return OutcomeCounts(groups=outcomes.values("group").distinct().count(), by_category=by_category)
