"""Writes to outcomes; the pages, the API, the survey import and the demo all come here.

Who may write: a neighbourhood's or group's own team (workers and lead) records measurements, group
outcomes, resident involvement and stories; the team lead defines community indicators and sets targets.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coprod.core.values import keys_of, refuse_unknown
from coprod.engagements.models import WorkProgramme
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.outcomes import rules
from coprod.outcomes.choices import Level, Source
from coprod.outcomes.fields import MeasurementChanges
from coprod.outcomes.models import (
    GroupOutcome,
    Indicator,
    Measurement,
    Milestone,
    ResidentInvolvement,
    Story,
    Target,
)
from coprod.outcomes.policy import GROUP_OUTCOME, INDICATOR, INVOLVEMENT, MEASUREMENT, STORY, TARGET
from coprod.units.models import Team
from coprod.units.permissions import as_user
from coprod.units.selectors import UserLike


def _not_in_future(field: str, day: datetime.date | None) -> None:
    if problem := rules.in_future(day, timezone.localdate()):
        raise ValidationError({field: problem})


def _set_fields(record, fields: Mapping[str, object], allowed: Any) -> None:
    """Set a change's fields on a record, refusing (by name) any its TypedDict does not declare."""
    refuse_unknown(fields, allowed, saying="These fields cannot be changed here")
    for key, value in fields.items():
        setattr(record, key, value)


class IndicatorChanges(TypedDict, total=False):
    name: str
    definition: str
    unit: str
    direction: str


class TargetChanges(TypedDict, total=False):
    baseline_value: Decimal
    baseline_on: datetime.date
    target_value: Decimal
    target_on: datetime.date
    notes: str


class GroupOutcomeChanges(TypedDict, total=False):
    category: str
    achieved_on: datetime.date
    evidence: str


class InvolvementCounts(TypedDict, total=False):
    intensive: int
    regular: int
    occasional: int
    service_users: int


class StoryChanges(TypedDict, total=False):
    title: str
    body: str
    told_on: datetime.date


def _save_dated(record, field: str) -> None:
    """Validate and save a record of something that happened, which cannot have happened yet."""
    _not_in_future(field, getattr(record, field))
    record.full_clean()
    record.save()


def check_value(indicator: Indicator, value: Decimal, field: str = "value") -> None:
    """A value must make sense in the indicator's unit (outcomes.rules.value_error)."""
    if problem := rules.value_error(indicator.unit, value):
        raise ValidationError({field: problem})


# Indicators --------------------------------------------------------------------------------------------


@transaction.atomic
def indicator_define(
    *,
    actor: UserLike,
    team: Team,
    name: str,
    definition: str,
    unit: str,
    direction: str,
    level: str = Level.NEIGHBOURHOOD,
) -> Indicator:
    """A community-defined indicator, beside the national ones, owned by the team whose community chose it."""
    INDICATOR.require("create", actor, team, "define the community's own indicators")
    base = slugify(f"{team.slug}-{name}")[:55] or f"{team.slug}-indicator"
    code, n = base, 2
    while Indicator.objects.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    indicator = Indicator(
        code=code,
        name=name,
        definition=definition,
        unit=unit,
        direction=direction,
        level=level,
        source=Source.COMMUNITY_DEFINED,
        team=team,
        position=500,
    )
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_update(
    *, actor: UserLike, indicator: Indicator, **fields: Unpack[IndicatorChanges]
) -> Indicator:
    team = indicator.team
    if team is None:
        raise PermissionDenied("National indicators are changed by administrators in the admin.")
    INDICATOR.require("update", actor, indicator, "change the community's own indicators")
    _set_fields(indicator, fields, IndicatorChanges)
    indicator.full_clean()
    indicator.save()
    return indicator


# Measurements -------------------------------------------------------------------------------------------


def _check_measurement(m: Measurement) -> None:
    """What needs the database; the rules of the values themselves are Measurement.clean()'s
    (outcomes.rules), which full_clean applies."""
    indicator = m.indicator
    if indicator.computed:
        raise ValidationError(
            {"indicator": f"{indicator.name} is computed from coprod's records and cannot be entered."}
        )
    if (m.neighbourhood is None) == (m.group is None):
        raise ValidationError("A measurement is of one neighbourhood or one group, not both and not neither.")
    wanted = Level.NEIGHBOURHOOD if m.neighbourhood is not None else Level.GROUP
    if indicator.level != wanted:
        raise ValidationError(
            {"indicator": f"{indicator.name} is measured for a {indicator.get_level_display().lower()}."}
        )
    team_id = m.subject.team_id
    if indicator.team_id is not None and indicator.team_id != team_id:
        raise ValidationError({"indicator": f"{indicator.name} belongs to another team's community."})


@transaction.atomic
def measurement_record(
    *,
    actor: UserLike,
    indicator: Indicator,
    neighbourhood: Neighbourhood | None = None,
    group: CommunityGroup | None = None,
    period_start: datetime.date,
    period_end: datetime.date,
    value: Decimal,
    source: str,
    sample_size: int | None = None,
    method: str = "",
) -> tuple[Measurement, bool]:
    """Record a value (a survey result, a count); the same indicator, subject and period is updated.

    Returns (measurement, created)."""
    subject = neighbourhood or group
    if subject is not None:
        MEASUREMENT.require("create", actor, subject.team_id, "record the team's measurements")
    existing = Measurement.objects.filter(
        indicator=indicator,
        neighbourhood=neighbourhood,
        group=group,
        period_start=period_start,
        period_end=period_end,
    ).first()
    m = existing or Measurement(indicator=indicator, neighbourhood=neighbourhood, group=group)
    m.period_start, m.period_end, m.value = period_start, period_end, Decimal(value)
    m.source, m.sample_size, m.method = source, sample_size, method or ""
    m.recorded_by = as_user(actor)
    _check_measurement(m)
    m.full_clean()
    m.save()
    return m, existing is None


@transaction.atomic
def measurement_update(
    *, actor: UserLike, measurement: Measurement, **fields: Unpack[MeasurementChanges]
) -> Measurement:
    MEASUREMENT.require("update", actor, measurement, "change the team's measurements")
    _set_fields(measurement, fields, MeasurementChanges)
    measurement.recorded_by = as_user(actor)
    _check_measurement(measurement)
    measurement.full_clean()
    measurement.save()
    return measurement


@transaction.atomic
def measurement_delete(*, actor: UserLike, measurement: Measurement) -> None:
    MEASUREMENT.require("delete", actor, measurement, "remove the team's measurements")
    measurement.delete()


# Targets ------------------------------------------------------------------------------------------------


def _check_target(target: Target, milestones: list[tuple[datetime.date, Decimal]]) -> None:
    programme = target.work_programme
    if target.neighbourhood.team_id != programme.team_id:
        raise ValidationError({"neighbourhood": f"{target.neighbourhood} is not one of {programme.team}'s."})
    chosen = list(programme.neighbourhoods.values_list("pk", flat=True))
    if chosen and target.neighbourhood_id not in chosen:
        raise ValidationError({"neighbourhood": f"{target.neighbourhood} is not in the work programme."})
    if target.indicator.level != Level.NEIGHBOURHOOD:
        raise ValidationError({"indicator": f"{target.indicator.name} is not measured for neighbourhoods."})
    if target.indicator.team_id not in (None, programme.team_id):
        raise ValidationError({"indicator": f"{target.indicator.name} belongs to another team's community."})
    if target.target_on <= target.baseline_on:
        raise ValidationError({"target_on": "The target date must come after the baseline date."})
    check_value(target.indicator, target.baseline_value, "baseline_value")
    check_value(target.indicator, target.target_value, "target_value")
    for due_on, value in milestones:
        if not (target.baseline_on < due_on < target.target_on):
            message = f"A milestone dated {due_on} must fall between the baseline and the target dates."
            raise ValidationError({"milestones": message})
        check_value(target.indicator, value, "milestones")
    if len({d for d, _ in milestones}) != len(milestones):
        raise ValidationError({"milestones": "Two milestones share a date."})


@transaction.atomic
def target_set(
    *,
    actor: UserLike,
    work_programme: WorkProgramme,
    indicator: Indicator,
    neighbourhood: Neighbourhood,
    baseline_value: Decimal,
    baseline_on: datetime.date,
    target_value: Decimal,
    target_on: datetime.date,
    milestones: Iterable[tuple[datetime.date, Decimal]] = (),
    notes: str = "",
) -> Target:
    TARGET.require("create", actor, work_programme.team_id, "set the work programme's targets")
    milestones = list(milestones)
    target = Target(
        work_programme=work_programme,
        indicator=indicator,
        neighbourhood=neighbourhood,
        baseline_value=Decimal(baseline_value),
        baseline_on=baseline_on,
        target_value=Decimal(target_value),
        target_on=target_on,
        notes=notes,
    )
    _check_target(target, milestones)
    target.full_clean()
    target.save()
    Milestone.objects.bulk_create(Milestone(target=target, due_on=d, value=v) for d, v in milestones)
    return target


@transaction.atomic
def target_update(
    *,
    actor: UserLike,
    target: Target,
    milestones: Iterable[tuple[datetime.date, Decimal]] | None = None,
    **fields: Unpack[TargetChanges],
) -> Target:
    TARGET.require("update", actor, target, "change the work programme's targets")
    _set_fields(target, fields, TargetChanges)
    kept = (
        list(milestones) if milestones is not None else [(m.due_on, m.value) for m in target.milestones.all()]
    )
    _check_target(target, kept)
    target.full_clean()
    target.save()
    if milestones is not None:
        target.milestones.all().delete()
        Milestone.objects.bulk_create(Milestone(target=target, due_on=d, value=v) for d, v in kept)
    return target


@transaction.atomic
def target_delete(*, actor: UserLike, target: Target) -> None:
    TARGET.require("delete", actor, target, "remove the work programme's targets")
    target.delete()


# Group outcomes ----------------------------------------------------------------------------------------


@transaction.atomic
def group_outcome_record(
    *, actor: UserLike, group: CommunityGroup, category: str, achieved_on: datetime.date, evidence: str
) -> GroupOutcome:
    GROUP_OUTCOME.require("create", actor, group.team_id, "record the group's outcomes")
    outcome = GroupOutcome(
        group=group, category=category, achieved_on=achieved_on, evidence=evidence, recorded_by=as_user(actor)
    )
    _save_dated(outcome, "achieved_on")
    return outcome


@transaction.atomic
def group_outcome_update(
    *, actor: UserLike, outcome: GroupOutcome, **fields: Unpack[GroupOutcomeChanges]
) -> GroupOutcome:
    GROUP_OUTCOME.require("update", actor, outcome, "change the group's outcomes")
    _set_fields(outcome, fields, GroupOutcomeChanges)
    _save_dated(outcome, "achieved_on")
    return outcome


@transaction.atomic
def group_outcome_delete(*, actor: UserLike, outcome: GroupOutcome) -> None:
    GROUP_OUTCOME.require("delete", actor, outcome, "remove the group's outcomes")
    outcome.delete()


# Resident involvement --------------------------------------------------------------------------------


@transaction.atomic
def involvement_record(
    *,
    actor: UserLike,
    neighbourhood: Neighbourhood,
    period_start: datetime.date,
    period_end: datetime.date,
    **counts: Unpack[InvolvementCounts],
) -> ResidentInvolvement:
    """Record how many residents took part in a period; the same period again is updated."""
    INVOLVEMENT.require("create", actor, neighbourhood.team_id, "record the neighbourhood's involvement")
    unknown = set(counts) - keys_of(InvolvementCounts)
    if unknown:
        raise ValidationError(f"Unknown counts: {', '.join(sorted(unknown))}")
    if period_end < period_start:
        raise ValidationError({"period_end": rules.PERIOD})
    _not_in_future("period_end", period_end)
    record = ResidentInvolvement.objects.filter(
        neighbourhood=neighbourhood, period_start=period_start, period_end=period_end
    ).first() or ResidentInvolvement(
        neighbourhood=neighbourhood, period_start=period_start, period_end=period_end
    )
    for key, value in counts.items():
        setattr(record, key, value)
    record.recorded_by = as_user(actor)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def involvement_delete(*, actor: UserLike, record: ResidentInvolvement) -> None:
    INVOLVEMENT.require("delete", actor, record, "remove the neighbourhood's involvement")
    record.delete()


# Stories ----------------------------------------------------------------------------------------------


@transaction.atomic
def story_write(
    *,
    actor: UserLike,
    neighbourhood: Neighbourhood,
    title: str,
    body: str,
    told_on: datetime.date | None = None,
) -> Story:
    STORY.require("create", actor, neighbourhood.team_id, "write the neighbourhood's stories")
    story = Story(
        neighbourhood=neighbourhood,
        title=title,
        body=body,
        told_on=told_on or timezone.localdate(),
        written_by=as_user(actor),
    )
    _save_dated(story, "told_on")
    return story


@transaction.atomic
def story_update(*, actor: UserLike, story: Story, **fields: Unpack[StoryChanges]) -> Story:
    STORY.require("update", actor, story, "change it")
    _set_fields(story, fields, StoryChanges)
    _save_dated(story, "told_on")
    return story


@transaction.atomic
def story_delete(*, actor: UserLike, story: Story) -> None:
    STORY.require("delete", actor, story, "remove it")
    story.delete()
