"""The dashboard's figures equal a plain recomputation from the raw records, whatever the writes.

A property test. Hypothesis draws a sequence of the writes that move the unit dashboard's figures:
contacts logged, resent with their idempotency key, edited (minutes, new people, day, month,
neighbourhood, groups), refused a move to another team's neighbourhood or groups, deleted, and
imported with the import_engagements command; volunteer-hour returns recorded, edited and deleted;
groups changed, merged, deleted and moved to another team's directory. They go through the services,
except the returns' edits and deletions and the group moves, which no service makes: those save or
delete the model, as the admin would, and the receivers follow.

After each sequence every figure of reporting.selectors.unit_figures (which reads the rollups) is
compared with the same figure computed here in plain Python from the Engagement, VolunteerHourReturn
and CommunityGroup rows: for the unit, each team and each neighbourhood, professional hours, volunteer
hours, the ratio, groups engaged, new people, active groups by support intensity and group density,
and the trend (by quarter with its ratios, or by month). Periods: January to March, April to June
and July to September 2026, October to date (every contact falls by then, so the quarterly rollup
answers it as the whole quarter), a quarter to date ending on a drawn contact's day (answered by the
quarterly rollup only when no contact falls later in its quarter), a whole quarter and a period from
one contact's day to another's (days outside whole months); views: the whole unit, and a team lead's
part of it.

The recomputation applies the documented rules with exact fractions and calls none of the
selectors' helpers: professional hours are the minutes ÷ 60 rounded half up to 0.1; new people a
sum; groups engaged the distinct groups linked to the period's contacts (per unit, team,
neighbourhood); volunteer hours, for each engaged group, each of its returns that overlaps the period
counted for hours × shared days ÷ the return's days, summed exactly, then rounded half up to 0.1; the
ratio those volunteer hours ÷ the professional hours (minutes ÷ 60), rounded half up to 0.1, None
with no professional time; density the active groups serving a neighbourhood per 1,000 residents,
rounded half up to 0.01.

Each example runs in a savepoint that is rolled back, so every one starts from the same small world:
unit A with teams A1 (three neighbourhoods, four groups) and A2 (two, three), unit B with team B1
(one, two), whose writes must not reach unit A. Derandomized, so every run draws the same examples;
COPROD_FIGURES_EXAMPLES draws more for a longer hunt.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import math
import os
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, Phase, event, given, note, settings
from hypothesis import strategies as st

from coprod.engagements import rollups
from coprod.engagements.models import ActivityType, Engagement, VolunteerHourReturn
from coprod.engagements.rules import MAX_MINUTES
from coprod.engagements.services import (
    engagement_delete,
    engagement_log,
    engagement_update,
    volunteer_return_record,
)
from coprod.groups import rollups as group_rollups
from coprod.groups.choices import GroupStatus, SupportIntensity
from coprod.groups.models import CommunityGroup
from coprod.groups.services import group_create, group_delete, group_merge, group_update
from coprod.neighbourhoods.models import Neighbourhood
from coprod.reporting.selectors import unit_figures
from coprod.units.choices import Role
from coprod.units.models import CoProductionUnit, Team
from tests.engagements.rollup_rows import rows as rollup_rows
from tests.neighbourhoods.factories import NeighbourhoodFactory
from tests.units.factories import member

D = datetime.date
EXAMPLES = int(os.environ.get("COPROD_FIGURES_EXAMPLES", "25"))
FIRST_DAY, TODAY = D(2026, 1, 1), D(2026, 11, 21)  # contacts fall in 2026, up to the "today" shown
QUARTERS = [(D(2026, m, 1), D(2026, m, 1) + relativedelta(months=3, days=-1)) for m in (1, 4, 7, 10)]
EDGES = [
    D(2026, 1, 1), D(2026, 1, 31), D(2026, 2, 1), D(2026, 3, 31), D(2026, 4, 1), D(2026, 6, 30),
    D(2026, 7, 1), D(2026, 7, 31), D(2026, 8, 15), D(2026, 9, 30), D(2026, 10, 1), D(2026, 11, 1), TODAY,
]  # fmt: skip
POPULATIONS = {"a1": [1600, 3200, 4800], "a2": [1600, 2400], "b1": [1600]}  # one per neighbourhood
GROUPS_PER_TEAM = {"a1": 4, "a2": 3, "b1": 2}
INTENSITIES = [v for v, _ in SupportIntensity.choices]
STATUSES = [v for v, _ in GroupStatus.choices]
KEEP = "keep"


# The writes -------------------------------------------------------------------------------------------
# Records are named by position (modulo how many there are when the write is applied), so that every
# drawn sequence applies whatever came before it, and a failing one shrinks.


@dataclass(frozen=True)
class Log:
    team: str
    by_lead: bool
    day: datetime.date
    minutes: int
    people: tuple[int, int]  # (present, new)
    hood: int | None  # one of the team's neighbourhoods, or none
    groups: tuple[int, ...]  # some of the groups in the team's directory


@dataclass(frozen=True)
class Resend:
    """The phone sends a logged contact again with its idempotency key: nothing new is logged."""

    nth: int


@dataclass(frozen=True)
class Edit:
    nth: int
    by_lead: bool  # the team lead edits it, or its author
    minutes: int | None = None
    people: tuple[int, int] | None = None
    day: datetime.date | None = None
    hood: object = KEEP  # KEEP, None or one of the team's neighbourhoods
    groups: tuple[int, ...] | None = None


@dataclass(frozen=True)
class MoveElsewhere:
    """Moving a contact to another team's neighbourhood, or linking another team's group: refused."""

    nth: int
    what: str  # "neighbourhood" or "groups"
    other: int


@dataclass(frozen=True)
class Delete:
    nth: int
    by_lead: bool


@dataclass(frozen=True)
class ImportRow:
    day: datetime.date
    uk_date: bool  # 31/03/2026 rather than 2026-03-31
    by_lead: bool
    minutes: int
    people: tuple[int, int]
    hood: int | None
    groups: tuple[int, ...]
    by_name: bool  # the neighbourhood and groups by name rather than slug and identifier


@dataclass(frozen=True)
class Import:
    team: str
    rows: tuple[ImportRow, ...]
    twice: bool  # the same file again: every row unchanged


@dataclass(frozen=True)
class ReturnAdd:
    """A return of any group of any team from `start`; or, with of_engaged, of the group of the
    group-th link of a contact to a group, over days that include the contact's."""

    group: int
    of_engaged: bool
    start: datetime.date
    days: int
    tenths: int


@dataclass(frozen=True)
class ReturnEdit:
    nth: int
    group: int | None = None
    start: datetime.date | None = None
    days: int | None = None
    tenths: int | None = None


@dataclass(frozen=True)
class ReturnDelete:
    nth: int


@dataclass(frozen=True)
class GroupEdit:
    team: str
    nth: int
    intensity: str | None
    status: str | None
    hoods: tuple[int, ...] | None  # the neighbourhoods it serves


@dataclass(frozen=True)
class Merge:
    """Two groups of a team's directory merged; with of_engaged, one that contacts engaged into one
    they did not (when there are such), so that its links all move to the survivor."""

    team: str
    survivor: int
    merged: int
    of_engaged: bool


@dataclass(frozen=True)
class GroupDelete:
    team: str
    nth: int


@dataclass(frozen=True)
class GroupMove:
    """A group (one that contacts engaged, when there is one) moved to another team's directory. The
    contacts that engaged it stay with their team, so a team can have engaged a group of another
    directory; with alongside, the other team then logs a contact with it on the day of its first
    one, so that two teams engaged it in a quarter, which the unit counts once."""

    team: str
    nth: int
    to: int  # one of the other two teams
    alongside: bool


def _indices(top: int, *, min_size: int = 0):
    return st.lists(st.integers(0, top), min_size=min_size, max_size=3).map(lambda i: tuple(sorted(set(i))))


teams = st.sampled_from(["a1", "a1", "a2", "b1"])
days = st.one_of(st.sampled_from(EDGES), st.dates(FIRST_DAY, TODAY))
minutes = st.one_of(st.sampled_from([15, 30, 45, 60, 90, 120, 480]), st.integers(1, MAX_MINUTES))
people = st.tuples(st.integers(0, 6), st.integers(0, 6)).map(lambda p: (max(p), min(p)))
hood = st.one_of(st.none(), st.integers(0, 2))
nth = st.integers(0, 30)
tenths = st.one_of(st.sampled_from([1, 25, 100, 915, 1234]), st.integers(0, 5000))
return_days = st.one_of(st.sampled_from([1, 30, 91, 120, 365]), st.integers(1, 200))
return_starts = st.one_of(st.sampled_from(EDGES), st.dates(D(2025, 11, 1), D(2026, 12, 31)))


def _logs(groups):
    return st.builds(
        Log, team=teams, by_lead=st.booleans(), day=days, minutes=minutes, people=people, hood=hood,
        groups=groups,
    )  # fmt: skip


engaging_logs = _logs(_indices(3, min_size=1))
return_adds = st.builds(
    ReturnAdd, group=nth, of_engaged=st.sampled_from([True, True, False]), start=return_starts,
    days=return_days, tenths=tenths,
)  # fmt: skip
edits = st.builds(
    Edit, nth=nth, by_lead=st.booleans(), minutes=st.none() | minutes, people=st.none() | people,
    day=st.none() | days, hood=st.just(KEEP) | hood, groups=st.none() | _indices(3),
)  # fmt: skip
import_rows = st.builds(
    ImportRow, day=days, uk_date=st.booleans(), by_lead=st.booleans(), minutes=minutes, people=people,
    hood=hood, groups=_indices(3), by_name=st.booleans(),
)  # fmt: skip
imports = st.builds(
    Import, team=teams, rows=st.lists(import_rows, min_size=1, max_size=4).map(tuple), twice=st.booleans()
)
merges = st.builds(
    Merge, team=teams, survivor=nth, merged=nth, of_engaged=st.sampled_from([True, True, False])
)
moves = st.builds(  # mostly to the unit's other team, and engaged by it too
    GroupMove,
    team=teams,
    nth=nth,
    to=st.sampled_from([0, 0, 1]),
    alongside=st.sampled_from([True, True, False]),
)
KINDS = [  # merges and moves are listed twice: they are the writes whose mistakes need most to find

    _logs(_indices(3)),
    st.builds(Resend, nth=nth),
    edits,
    st.builds(MoveElsewhere, nth=nth, what=st.sampled_from(["neighbourhood", "groups"]), other=nth),
    st.builds(Delete, nth=nth, by_lead=st.booleans()),
    imports,
    return_adds,
    st.builds(ReturnEdit, nth=nth, group=st.none() | nth, start=st.none() | return_starts,
              days=st.none() | return_days, tenths=st.none() | tenths),
    st.builds(ReturnDelete, nth=nth),
    st.builds(GroupEdit, team=teams, nth=nth, intensity=st.none() | st.sampled_from(INTENSITIES),
              status=st.none() | st.sampled_from(STATUSES), hoods=st.none() | _indices(2)),
    merges,
    merges,
    st.builds(GroupDelete, team=teams, nth=nth),
    moves,
    moves,
]  # fmt: skip
# Every sequence opens with contacts that engage groups and returns (mostly of the groups engaged, on
# their days), so that the writes after them have figures to move; then six different kinds of write
# in a drawn order (so that each kind is in about half of the examples), up to two of any kind, and
# more returns, which the writes before may have deleted with their groups.
sequences = st.tuples(
    st.lists(engaging_logs, min_size=2, max_size=5),
    st.lists(return_adds, min_size=1, max_size=2),
    st.tuples(st.permutations(range(len(KINDS))), st.integers(0, len(KINDS) - 1)).flatmap(
        # rotated by a drawn offset: Hypothesis draws permutations near the identity more often
        lambda drawn: st.tuples(*(KINDS[(i + drawn[1]) % len(KINDS)] for i in drawn[0][:6]))
    ),
    st.lists(st.one_of(KINDS), max_size=2),
    st.lists(return_adds, min_size=1, max_size=2),
).map(lambda parts: [op for part in parts for op in part])


class World:
    """The small world's fixed records by key; the changing ones are read afresh for every write."""

    def __init__(self, world, tmp_dir):
        self.unit_pks = {k: u.pk for k, u in world["units"].items()}
        self.team_pks = {k: t.pk for k, t in world["teams"].items()}
        people = world["people"]
        self.people = {  # (worker, team lead)
            "a1": (people["worker"], people["lead"]),
            "a2": (people["worker_a2"], member(Role.TEAM_LEAD, team=world["teams"]["a2"])),
            "b1": (people["worker_b"], member(Role.TEAM_LEAD, team=world["teams"]["b1"])),
        }
        self.hoods = {key: [world["hoods"][key]] for key in POPULATIONS}
        for key, populations in POPULATIONS.items():
            while len(self.hoods[key]) < len(populations):
                self.hoods[key].append(NeighbourhoodFactory(team=world["teams"][key]))
            for neighbourhood, population in zip(self.hoods[key], populations, strict=True):
                Neighbourhood.objects.filter(pk=neighbourhood.pk).update(population_entered=population)
        for key, n in GROUPS_PER_TEAM.items():
            for i in range(n):
                group_create(
                    actor=self.people[key][0], team=world["teams"][key], name=f"{key.upper()} Residents {i}",
                    support_intensity=INTENSITIES[i % len(INTENSITIES)],
                    neighbourhoods=self.hoods[key][: i % (len(self.hoods[key]) + 1)],
                )  # fmt: skip
        self.activity = ActivityType.objects.order_by("pk").first()
        self.tmp_dir = tmp_dir
        self.files = itertools.count()

    def team_key(self, team_id: int) -> str:
        return next(k for k, pk in self.team_pks.items() if pk == team_id)

    def team(self, key: str) -> Team:
        return Team.objects.get(pk=self.team_pks[key])

    def hood(self, key: str, index: int | None) -> Neighbourhood | None:
        if index is None:
            return None
        return Neighbourhood.objects.get(pk=self.hoods[key][index % len(self.hoods[key])].pk)

    def groups(self, key: str) -> list[CommunityGroup]:
        return list(CommunityGroup.objects.filter(team=self.team_pks[key]).order_by("pk"))

    def all_groups(self) -> list[CommunityGroup]:
        return [g for key in self.team_pks for g in self.groups(key)]

    def some_groups(self, key: str, indices) -> list[CommunityGroup]:
        groups = self.groups(key)
        return list({g.pk: g for g in (groups[i % len(groups)] for i in indices)}.values()) if groups else []

    def person(self, key: str, by_lead: bool):
        return self.people[key][1 if by_lead else 0]

    @staticmethod
    def nth(queryset, n):
        rows = list(queryset.order_by("pk"))
        return rows[n % len(rows)] if rows else None


def _log(w: World, op: Log):
    groups = w.some_groups(op.team, op.groups)
    contact, _ = engagement_log(
        worker=w.person(op.team, op.by_lead), team=w.team(op.team), date=op.day, activity_type=w.activity,
        dimension="groups", minutes=op.minutes, people_present=op.people[0], new_people=op.people[1],
        neighbourhood=w.hood(op.team, op.hood), groups=groups, idempotency_key=uuid.uuid4(),
    )  # fmt: skip
    return (
        f"logged contact {contact.pk}: team {op.team}, {op.day}, {op.minutes} min, {op.people[1]} new, "
        f"neighbourhood {contact.neighbourhood_id}, groups {[g.pk for g in groups]}"
    )


def _resend(w: World, op: Resend):
    contact = w.nth(Engagement.objects.filter(idempotency_key__isnull=False), op.nth)
    if contact is None:
        return None
    again, _ = engagement_log(
        worker=contact.worker, team=contact.team, date=contact.date, activity_type=w.activity,
        dimension="groups", minutes=max(1, contact.minutes - 1), idempotency_key=contact.idempotency_key,
    )  # fmt: skip
    return f"resent contact {contact.pk} with its key (answered with contact {again.pk})"


def _edit(w: World, op: Edit):
    contact = w.nth(Engagement.objects.all(), op.nth)
    if contact is None:
        return None
    key = w.team_key(contact.team_id)
    values = {}
    if op.minutes is not None:
        values["minutes"] = op.minutes
    if op.people is not None:
        values["people_present"], values["new_people"] = op.people
    if op.day is not None:
        values["date"] = op.day
    if op.hood != KEEP:
        values["neighbourhood"] = w.hood(key, op.hood)
    groups = None if op.groups is None else w.some_groups(key, op.groups)
    actor = w.person(key, True) if op.by_lead else contact.worker
    engagement_update(actor=actor, engagement=contact, groups=groups, **values)
    changed = {k: getattr(v, "pk", v) for k, v in values.items()}
    return f"edited contact {contact.pk}: {changed}, groups {groups and [g.pk for g in groups]}"


def _move_elsewhere(w: World, op: MoveElsewhere):
    contact = w.nth(Engagement.objects.all(), op.nth)
    if contact is None:
        return None
    other = next(k for k in w.team_pks if k != w.team_key(contact.team_id))
    if op.what == "neighbourhood":
        change = {"neighbourhood": w.hood(other, op.other)}
    else:
        change = {"groups": w.some_groups(other, [op.other])}
        if not change["groups"]:
            return None
    with pytest.raises(ValidationError):
        engagement_update(actor=contact.worker, engagement=contact, **change)
    return f"refused moving contact {contact.pk} to team {other}'s {op.what}"


def _delete(w: World, op: Delete):
    contact = w.nth(Engagement.objects.all(), op.nth)
    if contact is None:
        return None
    actor = w.person(w.team_key(contact.team_id), True) if op.by_lead else contact.worker
    what = f"deleted contact {contact.pk} ({contact.date}, {contact.minutes} min)"
    engagement_delete(actor=actor, engagement=contact)
    return what


def _import(w: World, op: Import):
    lines = {}  # a row repeated in one file is rejected, so each is written once
    for row in op.rows:
        neighbourhood = w.hood(op.team, row.hood)
        groups = w.some_groups(op.team, row.groups)
        line = (
            row.day.strftime("%d/%m/%Y") if row.uk_date else row.day.isoformat(),
            w.person(op.team, row.by_lead).username,
            w.activity.slug,
            "groups",
            str(row.minutes),
            "" if neighbourhood is None else (neighbourhood.name if row.by_name else neighbourhood.slug),
            ";".join(g.name if row.by_name else g.org_identifier for g in groups),
            str(row.people[0]),
            str(row.people[1]),
        )
        lines[line] = None
    path = w.tmp_dir / f"contacts-{next(w.files)}.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            ["date", "worker", "activity_type", "dimension", "minutes", "neighbourhood", "groups",
             "people_present", "new_people"]
        )  # fmt: skip
        out.writerows(lines)
    for _ in range(2 if op.twice else 1):
        call_command(
            "import_engagements", str(path), "--team", w.team(op.team).slug, stdout=io.StringIO(),
            stderr=io.StringIO(),
        )  # fmt: skip
    return f"imported into team {op.team}{' twice' if op.twice else ''}: {list(lines)}"


def _return_add(w: World, op: ReturnAdd):
    all_groups = w.all_groups()
    if not all_groups:
        return None
    group, start = all_groups[op.group % len(all_groups)], op.start
    links = list(
        Engagement.groups.through.objects.order_by("pk").values_list("communitygroup", "engagement__date")
    )
    if op.of_engaged and links:
        group_id, day = links[op.group % len(links)]
        group = next(g for g in all_groups if g.pk == group_id)
        start = day - datetime.timedelta(days=(op.start - D(2025, 11, 1)).days % op.days)
    item = volunteer_return_record(
        actor=w.person(w.team_key(group.team_id), False), group=group, start=start,
        end=start + datetime.timedelta(days=op.days - 1), hours=Decimal(op.tenths) / 10, volunteers=3,
        source="estimate",
    )  # fmt: skip
    return f"recorded return {item.pk}: group {group.pk}, {item.start} to {item.end}, {item.hours} h"


def _return_edit(w: World, op: ReturnEdit):
    item, all_groups = w.nth(VolunteerHourReturn.objects.all(), op.nth), w.all_groups()
    if item is None or not all_groups:
        return None
    before = f"group {item.group_id}, {item.start} to {item.end}, {item.hours} h"
    length = (item.end - item.start).days + 1 if op.days is None else op.days
    if op.group is not None:
        item.group = all_groups[op.group % len(all_groups)]
    if op.start is not None:
        item.start = op.start
    item.end = item.start + datetime.timedelta(days=length - 1)
    if op.tenths is not None:
        item.hours = Decimal(op.tenths) / 10
    item.full_clean()
    item.save()  # no service edits a return: the model is saved, as the admin would
    after = f"group {item.group_id}, {item.start} to {item.end}, {item.hours} h"
    return f"edited return {item.pk}: {before} -> {after}"


def _return_delete(w: World, op: ReturnDelete):
    item = w.nth(VolunteerHourReturn.objects.all(), op.nth)
    if item is None:
        return None
    what = f"deleted return {item.pk} (group {item.group_id}, {item.start} to {item.end}, {item.hours} h)"
    item.delete()  # no service deletes a return: the model is deleted, as the admin would
    return what


def _group_edit(w: World, op: GroupEdit):
    groups = w.groups(op.team)
    if not groups:
        return None
    group = groups[op.nth % len(groups)]
    values = {}
    if op.intensity is not None:
        values["support_intensity"] = op.intensity
    if op.status is not None:
        values["status"] = op.status
    hoods = (
        None if op.hoods is None else list({h.pk: h for h in (w.hood(op.team, i) for i in op.hoods)}.values())
    )
    group_update(actor=w.person(op.team, False), group=group, neighbourhoods=hoods, **values)
    return f"changed group {group.pk}: {values}, neighbourhoods {hoods and [h.pk for h in hoods]}"


def _engaged_first(groups: list[CommunityGroup]) -> list[CommunityGroup]:
    """The groups that contacts engaged, or all of them when none was."""
    engaged = set(Engagement.groups.through.objects.values_list("communitygroup", flat=True))
    return [g for g in groups if g.pk in engaged] or groups


def _merge(w: World, op: Merge):
    groups = w.groups(op.team)
    if len(groups) < 2:
        return None
    candidates = _engaged_first(groups) if op.of_engaged else groups
    merged = candidates[op.merged % len(candidates)]
    others = [g for g in groups if g.pk != merged.pk]
    if op.of_engaged:  # into a group that no contact engaged, when there is one: its links are all new
        engaged = set(Engagement.groups.through.objects.values_list("communitygroup", flat=True))
        others = [g for g in others if g.pk not in engaged] or others
    survivor = others[op.survivor % len(others)]
    what = f"merged group {merged.pk} into group {survivor.pk}"
    group_merge(actor=w.person(op.team, True), survivor=survivor, merged=merged)
    return what


def _group_delete(w: World, op: GroupDelete):
    groups = w.groups(op.team)
    if not groups:
        return None
    group = groups[op.nth % len(groups)]
    what = f"deleted group {group.pk}"
    group_delete(actor=w.person(op.team, True), group=group)
    return what


def _group_move(w: World, op: GroupMove):
    groups = _engaged_first(w.groups(op.team))
    if not groups:
        return None
    group, to = groups[op.nth % len(groups)], [k for k in w.team_pks if k != op.team][op.to]
    group.team = w.team(to)
    group.save()  # no service moves a group: the model is saved, which the receivers follow
    done = f"moved group {group.pk} from team {op.team}'s directory to team {to}'s"
    first = group.engagements.order_by("date", "pk").first()
    if op.alongside and first is not None:
        contact, _ = engagement_log(
            worker=w.person(to, False), team=w.team(to), date=first.date, activity_type=w.activity,
            dimension="groups", minutes=30, groups=[group],
        )  # fmt: skip
        done += f"; team {to} logged contact {contact.pk} with it on {first.date}, 30 min"
    return done


WRITES = {
    Log: _log, Resend: _resend, Edit: _edit, MoveElsewhere: _move_elsewhere, Delete: _delete,
    Import: _import, ReturnAdd: _return_add, ReturnEdit: _return_edit, ReturnDelete: _return_delete,
    GroupEdit: _group_edit, Merge: _merge, GroupDelete: _group_delete, GroupMove: _group_move,
}  # fmt: skip


# The plain recomputation ------------------------------------------------------------------------------


def half_up(value: Fraction, places: int) -> str:
    """A fraction (not negative) rounded half up to `places` decimal places, written with that many."""
    digits = str(math.floor(value * 10**places + Fraction(1, 2))).rjust(places + 1, "0")
    return f"{digits[:-places]}.{digits[-places:]}"


NOTHING = {"professional_hours": "0.0", "volunteer_hours": "0.0", "ratio": None, "groups_engaged": 0,
           "new_people": 0}  # fmt: skip


class Records:
    """Every raw row the figures are made of, read once after the writes."""

    def __init__(self):
        self.contacts = list(
            Engagement.objects.values_list(
                "pk", "team_id", "neighbourhood_id", "date", "minutes", "new_people"
            )
        )
        self.links = defaultdict(set)
        for contact, group in Engagement.groups.through.objects.values_list(
            "engagement_id", "communitygroup_id"
        ):
            self.links[contact].add(group)
        self.returns = defaultdict(list)
        for group, start, end, hours in VolunteerHourReturn.objects.values_list(
            "group_id", "start", "end", "hours"
        ):
            self.returns[group].append((start, end, Fraction(hours)))
        self.groups = list(CommunityGroup.objects.values_list("pk", "team_id", "status", "support_intensity"))
        self.serves = defaultdict(set)
        for group, neighbourhood in CommunityGroup.neighbourhoods.through.objects.values_list(
            "communitygroup_id", "neighbourhood_id"
        ):
            self.serves[group].add(neighbourhood)
        self.hoods = list(Neighbourhood.objects.values_list("pk", "team_id", "slug", "population_entered"))
        self.team_slugs = dict(Team.objects.values_list("pk", "slug"))

    def flows(self, team_ids, start, end) -> dict[tuple, dict]:
        """Professional time, new people, groups engaged, volunteer hours and the ratio for the teams
        together ("total", None), each team ("team", pk) and each neighbourhood ("neighbourhood", pk)."""
        areas = defaultdict(lambda: {"minutes": 0, "new": 0, "groups": set()})
        areas[("total", None)]  # noqa: B018 (the total is there with no contacts)
        for pk, team, neighbourhood, day, m, new in self.contacts:
            if team not in team_ids or not start <= day <= end:
                continue
            keys = [("total", None), ("team", team)] + (
                [("neighbourhood", neighbourhood)] if neighbourhood else []
            )
            for key in keys:
                areas[key]["minutes"] += m
                areas[key]["new"] += new
                areas[key]["groups"] |= self.links[pk]
        found = {}
        for key, area in areas.items():
            volunteering = Fraction(0)
            for group in area["groups"]:
                for r_start, r_end, hours in self.returns[group]:
                    shared = (min(r_end, end) - max(r_start, start)).days + 1
                    if shared > 0:
                        volunteering += hours * shared / ((r_end - r_start).days + 1)
            volunteer_hours = half_up(volunteering, 1)
            professional = Fraction(area["minutes"], 60)
            found[key] = {
                "professional_hours": half_up(professional, 1),
                "volunteer_hours": volunteer_hours,
                "ratio": half_up(Fraction(volunteer_hours) / professional, 1) if area["minutes"] else None,
                "groups_engaged": len(area["groups"]),
                "new_people": area["new"],
            }
        return found

    def rows(self, team_ids, start, end) -> dict[tuple, dict]:
        """Every row of the dashboard for these teams and the period, as the records say it should be:
        the flows, the active groups of each team's directory by support intensity, those serving each
        neighbourhood (whichever directory they are in) and its group density."""
        flows = self.flows(team_ids, start, end)
        rows = {("total", None): flows[("total", None)] | {"intensity": {}}}
        for pk in team_ids:
            rows[("team", self.team_slugs[pk])] = flows.get(("team", pk), NOTHING) | {"intensity": {}}
        serving = defaultdict(lambda: defaultdict(int))
        for group, team, status, intensity in self.groups:
            if status != GroupStatus.ACTIVE:
                continue
            for neighbourhood in self.serves[group]:
                serving[neighbourhood][intensity] += 1
            if team in team_ids:
                for row in (rows[("team", self.team_slugs[team])], rows[("total", None)]):
                    row["intensity"][intensity] = row["intensity"].get(intensity, 0) + 1
        for pk, team, slug, population in self.hoods:
            if team in team_ids:
                active = sum(serving[pk].values())
                rows[("neighbourhood", slug)] = flows.get(("neighbourhood", pk), NOTHING) | {
                    "intensity": dict(serving[pk]),
                    "density": half_up(Fraction(active * 1000, population), 2) if population else None,
                }
        return rows

    def trend(self, team_ids, end, by: str) -> list[tuple]:
        """The trend beside the figures, oldest first: professional hours and new people in each of the
        last 12 months, or of the last 4 quarters with their ratios, the last cut at the period's end.
        Not the labels: the figures are what this test holds equal to the records."""
        step = 1 if by == "month" else 3
        bucket = end.replace(day=1) - relativedelta(months=11)
        if by == "quarter":
            bucket = D(end.year, 3 * ((end.month - 1) // 3) + 1, 1) - relativedelta(months=9)
        points = []
        while bucket <= end:
            total = self.flows(team_ids, bucket, min(bucket + relativedelta(months=step, days=-1), end))
            total = total[("total", None)]
            points.append(
                (total["professional_hours"], total["new_people"], total["ratio"] if step == 3 else None)
            )
            bucket += relativedelta(months=step)
        return points


def shown(figures) -> tuple[dict[tuple, dict], list[tuple]]:
    """The dashboard's rows and trend as the same plain values (figures as the strings it prints)."""

    def row(area, *, hood: bool):
        values = {
            "professional_hours": str(area.professional_hours),
            "volunteer_hours": str(area.volunteer_hours),
            "ratio": None if area.ratio is None else str(area.ratio),
            "groups_engaged": area.groups_engaged,
            "new_people": area.new_people,
            "intensity": dict(area.intensity),
        }
        if hood:
            values["density"] = None if area.density is None else str(area.density)
        return values

    rows = {("total", None): row(figures.total, hood=False)}
    rows |= {("team", t.key): row(t, hood=False) for t in figures.teams}
    rows |= {("neighbourhood", n.key): row(n, hood=True) for n in figures.neighbourhoods}
    trend = [
        (str(p.professional_hours), p.new_people, None if p.ratio is None else str(p.ratio))
        for p in figures.trend
    ]
    return rows, trend


def differences(expected: dict, got: dict) -> list[str]:
    lines = []
    for key in sorted(set(expected) | set(got), key=str):
        if key not in got or key not in expected:
            lines.append(f"  {key}: expected {expected.get(key)}, dashboard {got.get(key)}")
            continue
        for name in sorted(set(expected[key]) | set(got[key])):
            if expected[key].get(name) != got[key].get(name):
                lines.append(
                    f"  {key} {name}: expected {expected[key].get(name)!r}, dashboard {got[key].get(name)!r}"
                )
    return lines


# The test ---------------------------------------------------------------------------------------------


@pytest.fixture
def small_world(world, tmp_path_factory):
    return World(world, tmp_path_factory.mktemp("contacts"))


def contact_days(team_ids) -> list[datetime.date]:
    return sorted(set(Engagement.objects.filter(team__in=team_ids).values_list("date", flat=True)))


def quarter_to_date(team_ids, n: int) -> tuple[datetime.date, datetime.date]:
    """A quarter to date ending on the day of one of the teams' contacts: read from the quarterly
    rollup when no contact falls later in its quarter, otherwise from the monthly and daily ones."""
    found = contact_days(team_ids) or [D(2026, 8, 15)]
    end = found[n % len(found)]
    return QUARTERS[(end.month - 1) // 3][0], end


def from_day_to_day(team_ids, n: tuple[int, int]) -> tuple[datetime.date, datetime.date]:
    """From the day of one of the teams' contacts to another's: mostly days outside whole months."""
    found = contact_days(team_ids) or [D(2026, 2, 10), D(2026, 8, 20)]
    first, last = sorted([found[n[0] % len(found)], found[n[1] % len(found)]])
    return first, last


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # No explain phase: it reruns a failing sequence hundreds of times to annotate it (minutes here).
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=sequences, to_date=nth, ragged=st.tuples(nth, nth))
def test_dashboard_figures_equal_a_plain_recomputation(small_world, ops, to_date, ragged):
    w = small_world
    # The drawn arguments as well as what each write did: the schemathesis pytest plugin (installed for
    # tests/trust) blanks the arguments in Hypothesis's "Failing test case".
    note(f"drawn: ops={ops!r}, to_date={to_date!r}, ragged={ragged!r}")
    problems = []
    with transaction.atomic():
        for op in ops:
            done = WRITES[type(op)](w, op)
            if done:
                note(done)
                event(f"applied {type(op).__name__}")
        records = Records()
        unit = CoProductionUnit.objects.get(pk=w.unit_pks["a"])
        a1, a2 = w.team_pks["a1"], w.team_pks["a2"]
        # Seven reads of the whole dashboard (each some seventy milliseconds on SQLite): the unit for
        # January to March, April to June, July to September, October to date (all its contacts, so
        # read from the quarterly rollup as the whole quarter is) and a drawn quarter to date, with the
        # trend by quarter (the four quarters' totals and ratios); a team lead's part of it from one of
        # the team's contact days to another, with the trend by month, and for a whole quarter.
        to_date = quarter_to_date([a1, a2], to_date)
        ragged = from_day_to_day([a1], ragged)
        views = [
            ("unit A", [a1, a2], None, "quarter", [*QUARTERS[:3], (QUARTERS[3][0], TODAY), to_date]),
            ("team A1's part", [a1], [a1], "month", [ragged]),
            ("team A2's part", [a2], [a2], "quarter", [QUARTERS[(to_date[0].month - 1) // 3]]),
        ]
        for name, team_ids, narrowed, trend_by, periods in views:
            part = None if narrowed is None else Team.objects.filter(pk__in=narrowed)
            for start, end in periods:
                figures = unit_figures(unit, start=start, end=end, today=TODAY, teams=part, trend_by=trend_by)
                rows, trend = shown(figures)
                expected = records.rows(team_ids, start, end)
                if expected[("total", None)]["volunteer_hours"] != "0.0":
                    event("volunteer hours to compare")
                lines = differences(expected, rows)
                expected_trend = records.trend(team_ids, end, trend_by)
                if trend != expected_trend:
                    lines.append(f"  trend by {trend_by}: expected {expected_trend}, dashboard {trend}")
                if lines:
                    problems.append(f"{name}, {start} to {end}:\n" + "\n".join(lines))
        # The rollups the writes kept (adding new contacts, recomputing the rest) are the rows that
        # rebuilding them from the records makes.
        kept = rollup_rows()
        rollups.rebuild()
        group_rollups.rebuild()
        rebuilt = rollup_rows()
        for model in kept:
            if kept[model] != rebuilt[model]:
                problems.append(f"{model.__name__}: kept {kept[model]}, rebuilt {rebuilt[model]}")
        transaction.set_rollback(True)
    assert not problems, "the dashboard differs from the records:\n" + "\n".join(problems)
