"""Importing historical contacts from CSV, for a team moving from another system.

Same rules as the other imports: columns found by header name, every rejected row reported with
its line, column, value and reason, valid rows kept, one transaction, and a second import of the same
file creating nothing (each row's content gives it an idempotency key, so a row seen before is
'unchanged'). On PostgreSQL the rows stream into COPY while the file is still being read.
"""

from __future__ import annotations

import datetime
import io
import uuid
from array import array
from hashlib import sha1
from operator import itemgetter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coprod.audit.services import record_import
from coprod.core.bulk import RowStream, insert_rows, paused_gc
from coprod.core.csvimport import MAX_INT, ImportSummary, Row, parse_date, parse_int, read_rows
from coprod.core.text import normalise_name
from coprod.engagements import rollups
from coprod.engagements.choices import Dimension, Partner
from coprod.engagements.fields import COLUMNS
from coprod.engagements.models import ActivityType, Engagement, Theme
from coprod.engagements.policy import ENGAGEMENT
from coprod.engagements.rules import engagement_errors, tidy_tags
from coprod.places.models import PublicBody
from coprod.units.models import Team

INSERT_COLUMNS = [
    "date", "worker_id", "team_id", "neighbourhood_id", "activity_type_id", "dimension", "minutes",
    "people_present", "new_people", "partners", "tags", "notes", "sensitive", "work_programme_id",
    "idempotency_key", "created_at", "updated_at",
]  # fmt: skip
insert_values = itemgetter(*INSERT_COLUMNS)
NAMESPACE = uuid.UUID("6f1c3f5e-1d2b-4c8e-9a71-3d0c2b7e5a10")
# A contact's links, in the order _parse gives them: the relation and its through table's column.
LINKS = {"groups": "communitygroup_id", "themes": "theme_id", "public_bodies": "publicbody_id"}


class _Bad(Exception):
    pass


def _lookup(pairs) -> dict[str, object]:
    table: dict[str, object] = {}
    for value, *names in pairs:
        for name in names:
            table[str(name)] = table[str(name).lower()] = table[normalise_name(str(name))] = value
    return table


class _Context:
    def __init__(self, team: Team):
        self.team = team
        users = (
            get_user_model()
            .objects.filter(memberships__team=team, memberships__role__in=["worker", "team_lead"])
            .distinct()
        )
        self.workers = {u.username.lower(): u.pk for u in users}
        self.activities = _lookup(ActivityType.objects.values_list("pk", "slug", "name"))
        self.themes = _lookup(Theme.objects.values_list("pk", "slug", "name"))
        self.dimensions = _lookup((v, v, label) for v, label in Dimension.choices)
        self.partners = _lookup((v, v, label) for v, label in Partner.choices)
        self.neighbourhoods = _lookup(team.neighbourhoods.values_list("pk", "slug", "name"))
        self.groups = _lookup(team.groups.values_list("pk", "org_identifier", "name"))
        # Any body of the team's region, the services' rule (the quick log offers those serving its area).
        self.bodies = _lookup(
            PublicBody.objects.filter(region=team.unit.region_id).values_list("pk", "ods_code", "name")
        )
        self.today = timezone.localdate()


def _find(table: dict, text: str, what: str):
    value = table.get(text) or table.get(text.lower()) or table.get(normalise_name(text))
    if value is None:
        raise _Bad(f"unknown {what} '{text}'")
    return value


def _number(text: str, maximum: int = MAX_INT) -> int:
    if not text:
        return 0
    try:
        return parse_int(text, minimum=0, maximum=maximum)
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _parse(row: Row, ctx: _Context) -> tuple[dict, tuple[list[int], list[int], list[int]]]:
    v = row.values
    field = "date"
    try:
        try:
            date = parse_date(v["date"])
        except ValueError as exc:
            raise _Bad(str(exc)) from None
        field = "worker"
        worker = ctx.workers.get(v["worker"].lower())
        if worker is None:
            raise _Bad(f"not a worker or lead of {ctx.team}")
        field = "activity_type"
        activity = _find(ctx.activities, v["activity_type"], "kind of contact")
        field = "dimension"
        dimension = _find(ctx.dimensions, v["dimension"], "dimension")
        field = "minutes"
        minutes = _number(v["minutes"])
        field = "people_present"
        present = _number(v.get("people_present", ""))
        field = "new_people"
        new = _number(v.get("new_people", ""))
        field = "neighbourhood"
        hood = (
            _find(ctx.neighbourhoods, v["neighbourhood"], "neighbourhood") if v.get("neighbourhood") else None
        )
        field = "partners"
        partners = [
            _find(ctx.partners, p.strip(), "partner") for p in v.get("partners", "").split(";") if p.strip()
        ]
        field = "tags"
        tags = tidy_tags(v.get("tags", "").split(";"))
        field = "sensitive"
        text = v.get("sensitive", "").lower()
        if text not in {"", "yes", "no", "y", "n", "true", "false", "1", "0"}:
            raise _Bad("answer yes or no")
        sensitive = text in {"yes", "y", "true", "1"}
        field = "groups"
        groups = [_find(ctx.groups, g.strip(), "group") for g in v.get("groups", "").split(";") if g.strip()]
        field = "themes"
        themes = [_find(ctx.themes, t.strip(), "theme") for t in v.get("themes", "").split(";") if t.strip()]
        field = "public_bodies"
        bodies = [
            _find(ctx.bodies, b.strip(), "public body of the team's region")
            for b in v.get("public_bodies", "").split(";")
            if b.strip()
        ]
    except _Bad as exc:
        raise ValidationError({field: str(exc)}) from None
    # The rules of the values themselves, as the form and the API apply them (engagements.rules).
    broken = engagement_errors(
        date=date,
        minutes=minutes,
        people_present=present,
        new_people=new,
        partners=partners,
        tags=tags,
        today=ctx.today,
    )
    if broken:
        raise ValidationError(dict([next(iter(broken.items()))]))
    values = {
        "date": date,
        "worker_id": worker,
        "neighbourhood_id": hood,
        "activity_type_id": activity,
        "dimension": dimension,
        "minutes": minutes,
        "people_present": present,
        "new_people": new,
        "partners": partners,
        "tags": tags,
        "notes": v.get("notes", ""),
        "sensitive": sensitive,
    }
    return values, (sorted(set(groups)), sorted(set(themes)), sorted(set(bodies)))


def row_key(team: Team, row: Row) -> bytes:
    """The same row of the same team's file always gets the same key: the 16 bytes of a name-based
    UUID (version 5) over the team and the row's values, made without a UUID object per row."""
    text = "\x1f".join([f"{k}={v}" for k, v in sorted(row.values.items())])
    name = NAMESPACE.bytes + f"{team.pk}\x1e{text}".encode()
    digest = bytearray(sha1(name, usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    return bytes(digest)


@transaction.atomic
@paused_gc()
def engagements_import(
    *, actor, team: Team, source: str | Path | io.IOBase, dry_run: bool = False
) -> ImportSummary:
    """Import historical contacts into a team's log. With actor None (the command line), no role check."""
    if actor is not None:
        ENGAGEMENT.require("create", actor, team, "import its contacts")
    headers, rows = read_rows(source, COLUMNS)
    ctx = _Context(team)
    summary = ImportSummary()
    summary.ignore_columns(headers)
    # The keys of the team's imported contacts, each with the line of this file that gave it again (0
    # until one does), and the new rows' keys with their lines: one entry a row, a million in about
    # 130 MB.
    known: dict[bytes, int] = {
        k.bytes: 0
        for k in Engagement.objects.filter(team=team, idempotency_key__isnull=False)
        .values_list("idempotency_key", flat=True)
        .iterator(chunk_size=20_000)  # a server-side cursor on PostgreSQL: the keys are not held twice
        if k is not None
    }
    seen: dict[bytes, int] = {}
    months: set[datetime.date] = set()
    # Each link as two numbers, the contact's place in the stream and the linked record's id, in two
    # arrays: a million contacts' links held in a few megabytes rather than as a tuple and lists each.
    links = {name: (array("q"), array("q")) for name in LINKS}
    now = timezone.now()
    with RowStream(Engagement, INSERT_COLUMNS, ids=True) as stream:
        for row in rows:
            if row.problem:
                summary.errors.append(row.shape_error())
                continue
            key = row_key(team, row)
            lines = known if key in known else seen
            if lines.get(key):
                summary.errors.append(row.error("date", f"this row repeats line {lines[key]}"))
                continue
            lines[key] = row.line
            if lines is known:
                summary.unchanged += 1
                continue
            try:
                values, linked = _parse(row, ctx)
            except ValidationError as exc:
                name, messages = next(iter(exc.message_dict.items()))
                summary.errors.append(row.error(name, messages[0]))
                continue
            values.update(
                team_id=team.pk,
                work_programme_id=None,
                idempotency_key=uuid.UUID(bytes=key),
                created_at=now,
                updated_at=now,
            )
            place = stream.write(insert_values(values))
            months.add(values["date"].replace(day=1))
            for name, found in zip(LINKS, linked, strict=True):
                if found:
                    places, others = links[name]
                    places.extend([place] * len(found))
                    others.extend(found)
            summary.created += 1
    ids = stream.ids
    for name, (places, others) in links.items():
        through = getattr(Engagement, name).through
        insert_rows(
            through, ["engagement_id", LINKS[name]], zip((ids[p] for p in places), others, strict=True)
        )
    if not dry_run:
        rollups.refresh((team.pk, month) for month in months)
        record_import(model=Engagement, source=source, summary=summary, actor=actor, team_id=team.pk)
    if dry_run:
        transaction.set_rollback(True)
    return summary
