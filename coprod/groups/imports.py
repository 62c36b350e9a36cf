"""Importing a team's community groups from CSV: validate every row, keep the valid ones, report the rest.

Columns are found by header name (see COLUMNS and README). Rows are matched to existing groups of the
team by organisation identifier (given, or derived from a charity or company number), else by
normalised name, so importing the same file twice creates nothing new. Everything happens in one
transaction; a dry run does all of it and rolls back, so its counts are exactly what would happen.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from coprod.audit.services import record_import
from coprod.core.bulk import RowStream, insert_rows, paused_gc
from coprod.core.csvimport import MAX_INT, Column, ImportSummary, Row, parse_decimal_str, parse_int, read_rows
from coprod.core.models import bulk_update_stamped
from coprod.core.policy import refuse_unless
from coprod.core.text import normalise_name
from coprod.groups import choices, rollups
from coprod.groups.fields import COMPARED, IMPORTED
from coprod.groups.models import AreaOfWork, CommunityGroup, GroupChange, PossibleDuplicate
from coprod.groups.policy import may_import
from coprod.groups.rules import (
    CHARITY_NUMBER,
    COMPANY_NUMBER,
    ORG_IDENTIFIER,
    POSTCODE,
    SAME_NUMBER,
    SimilarNames,
    group_errors,
    normalise_identifiers,
    registered_identifier,
    similar_name_reason,
)
from coprod.groups.services import local_identifier, search_name_for
from coprod.places.selectors import current_lsoas
from coprod.units.models import Team
from coprod.units.permissions import as_user
from coprod.units.policy import LEAD
from coprod.units.selectors import UserLike

BATCH = 2000
NAME_LENGTH = 200  # the name column's width

# The columns read, found by header name (groups.fields); only the name is required.
COLUMNS = [Column(f.name, f.header, f.name, required=f.name == "name") for f in IMPORTED]
for _column in COLUMNS:
    # Headers may be written with underscores (as documented) or spaces.
    object.__setattr__(_column, "pattern", _column.pattern.replace(" ", "[ _]"))

CHOICE_FIELDS = {
    "legal_form": choices.LegalForm,
    "income_band": choices.IncomeBand,
    "volunteer_estimate_source": choices.EstimateSource,
    "spatial_focus": choices.SpatialFocus,
    "statutory_relationship": choices.StatutoryRelationship,
    "user_group_kind": choices.UserGroupKind,
    "premises": choices.Premises,
    "status": choices.GroupStatus,
    "support_intensity": choices.SupportIntensity,
}
TRUE, FALSE = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}
# An empty cell leaves a group's value as it is; this word empties a list or the other names.
CLEAR = "none"
REGEX_FIELDS = {
    "charity_number": CHARITY_NUMBER,
    "company_number": COMPANY_NUMBER,
    "org_identifier": ORG_IDENTIFIER,
    "base_postcode": POSTCODE,
}


def _choice_lookup(choice_class) -> dict[str, str]:
    lookup = {}
    for value, label in choice_class.choices:
        lookup[value.lower()] = value
        lookup[label.lower()] = value
        lookup[normalise_name(label)] = value
    return lookup


CHOICE_LOOKUPS = {field: _choice_lookup(cls) for field, cls in CHOICE_FIELDS.items()}


def _parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in ("%d/%m/%Y",):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("a date is written 2026-03-31 or 31/03/2026")


@dataclass
class ParsedRow:
    """A valid row: column values (attribute names), its name key and search text, and its lists."""

    line: int
    values: dict
    key: str
    search_name: str
    lists: dict[str, list[int]]


class _Context:
    """What rows are checked against: the team's neighbourhoods, the areas of work, known LSOAs,
    and the parsers of the columns this file has."""

    def __init__(self, team: Team, headers: dict):
        self.team = team
        self.parsers = [(field, parser) for field, parser in SIMPLE_PARSERS.items() if field in headers]
        self.areas: dict[str, int] = {}
        for pk, slug, name in AreaOfWork.objects.values_list("pk", "slug", "name"):
            self.areas[slug] = self.areas[name.lower()] = self.areas[normalise_name(name)] = pk
        self.neighbourhoods: dict[str, int] = {}
        for pk, slug, name in team.neighbourhoods.values_list("pk", "slug", "name"):
            self.neighbourhoods[slug] = self.neighbourhoods[name] = self.neighbourhoods[
                normalise_name(name)
            ] = pk
        self.lsoas: dict[str, int] = {}
        self.lsoa_authority: dict[int, int] = {}
        for pk, code, authority in current_lsoas().values_list("pk", "code", "local_authority_id"):
            self.lsoas[code] = pk
            self.lsoa_authority[pk] = authority


class _Bad(Exception):
    """A value that cannot be read; the message says why."""


def _whole(minimum: int, maximum: int):
    def parse(text: str) -> int:
        if text.isascii() and text.isdigit():
            number = int(text)
        else:
            try:
                number = parse_int(text, minimum=-MAX_INT)
            except ValueError as exc:
                raise _Bad(str(exc)) from None
        if not minimum <= number <= maximum:
            raise _Bad(f"must be from {minimum:,} to {maximum:,}")
        return number

    return parse


def _choice(field: str):
    lookup, choices = CHOICE_LOOKUPS[field], CHOICE_FIELDS[field].choices

    def parse(text: str) -> str:
        value = lookup.get(text) or lookup.get(text.lower()) or lookup.get(normalise_name(text))
        if value is None:
            raise _Bad("not one of: " + ", ".join(c for c, _ in choices))
        return value

    return parse


def _yes_no(text: str) -> bool:
    text = text.lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise _Bad("answer yes or no")


def _hours(text: str) -> Decimal:
    if text.isascii() and text.isdigit():  # whole hours, the usual case
        return Decimal(f"{text}.0")
    try:
        hours = Decimal(parse_decimal_str(text))
    except (ValueError, ArithmeticError):
        raise _Bad("not a number of hours") from None
    if hours != hours.quantize(Decimal("0.1")):
        raise _Bad("give hours to one decimal place at most")
    return hours.quantize(Decimal("0.1"))  # its range is a rule of groups.rules


def _date(text: str) -> datetime.date:
    try:
        return _parse_date(text)
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _lookup_list(table: str, what: str):
    def parse(text: str, ctx: _Context) -> list[int]:
        found = []
        mapping = getattr(ctx, table)
        for part in text.split(";"):
            part = part.strip()
            if not part:
                continue
            pk = mapping.get(part) or mapping.get(part.lower()) or mapping.get(normalise_name(part))
            if pk is None:
                raise _Bad(f"'{part}' is not {what}")
            found.append(pk)
        return found

    return parse


# How each column is read: field name -> parser of its text (empty cells are left out).
SIMPLE_PARSERS = {
    **{field: _choice(field) for field in CHOICE_FIELDS},
    "full_time_staff": _whole(0, MAX_INT),
    "volunteers": _whole(0, MAX_INT),
    "founded_year": _whole(-MAX_INT, MAX_INT),  # the years allowed are a rule of groups.rules
    "volunteer_hours_week": _hours,
    "volunteer_estimate_on": _date,
}
LIST_PARSERS = {
    "areas_of_work": _lookup_list("areas", "a known area of work"),
    "neighbourhoods": _lookup_list("neighbourhoods", "a neighbourhood of this team"),
}
TEXT_FIELDS = ("charity_number", "company_number", "org_identifier", "base_postcode")


def _max_length(name: str) -> int:
    field = CommunityGroup._meta.get_field(name)
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


TEXT_LENGTHS = {name: _max_length(name) for name in TEXT_FIELDS}


def _parse(row: Row, ctx: _Context) -> ParsedRow:
    """Parse one row, raising ValidationError({field: message}) at the first bad value."""
    v = row.values
    field = "name"
    try:
        name = v.get("name")
        if not name:
            raise _Bad("a name is required")
        if len(name) > NAME_LENGTH:
            raise _Bad(f"a name is at most {NAME_LENGTH} characters")
        values: dict = {"name": name}
        if v.get("other_names"):
            text = "" if v["other_names"].lower() == CLEAR else v["other_names"]
            values["other_names"] = "\n".join(n.strip() for n in text.split(";") if n.strip())
        for field, parser in ctx.parsers:
            text = v[field]
            if text:
                values[field] = parser(text)
        for field in TEXT_FIELDS:
            if v.get(field):
                values[field] = v[field]
        values = normalise_identifiers(values)
        for field, validator in REGEX_FIELDS.items():
            if not values.get(field):
                continue
            # A validator's regex is compiled; the stubs also allow the str a class may declare.
            if not validator.regex.search(values[field]):  # type: ignore[union-attr]
                raise _Bad(str(validator.message))
            if len(values[field]) > TEXT_LENGTHS[field]:
                raise _Bad(f"at most {TEXT_LENGTHS[field]} characters")
        for field in ("social_enterprise", "anonymous_in_publications"):
            if v.get(field):
                values[field] = _yes_no(v[field])
        field = "base_lsoa"
        if v.get("base_lsoa"):
            code = v["base_lsoa"].upper()
            if code not in ctx.lsoas:
                raise _Bad("unknown LSOA code")
            values["base_lsoa_id"] = ctx.lsoas[code]
        lists = {}
        for field, parser in LIST_PARSERS.items():
            if v.get(field):
                lists[field] = [] if v[field].lower() == CLEAR else parser(v[field], ctx)
    except _Bad as exc:
        raise ValidationError({field: str(exc)}) from None
    # The rules of the values together, as the forms and the API apply them (groups.rules).
    if broken := group_errors(values):
        raise ValidationError(dict([next(iter(broken.items()))]))
    key = normalise_name(name)
    others = [normalise_name(n) for n in values.get("other_names", "").splitlines()]
    search_name = " | ".join([key, *others])[:600] if others else key
    return ParsedRow(row.line, values, key, search_name, lists)


INSERT_COLUMNS = [f.attname for f in CommunityGroup._meta.concrete_fields if not f.primary_key]
insert_values = itemgetter(*INSERT_COLUMNS)


def _new_group_defaults(team: Team, today: datetime.date, now: datetime.datetime) -> dict:
    """Every column of a new group as the model would fill it, before the file's values."""
    row = {f.attname: f.get_default() for f in CommunityGroup._meta.concrete_fields if not f.primary_key}
    row.update(
        team_id=team.pk,
        local_authority_id=team.host_authority_id,
        status_since=today,
        support_intensity_since=today,
        created_at=now,
        updated_at=now,
    )
    return row


class _Existing:
    """The team's groups and their lists, loaded once, to match rows against."""

    def __init__(self, team: Team, lists: list[str]):
        # Plain values, not model instances: a directory of 100,000 loads in a fraction of the time.
        rows = CommunityGroup.objects.filter(team=team).values("pk", *COMPARED, *TRACKED)
        self.by_identifier: dict[str, dict] = {}
        self.by_name: dict[str, dict] = {}
        for row in rows:
            if row["org_identifier"]:
                self.by_identifier[row["org_identifier"]] = row
            self.by_name.setdefault(normalise_name(row["name"]), row)
        self.lists: dict[str, dict[int, set[int]]] = {name: {} for name in lists}
        for name in lists:
            through = getattr(CommunityGroup, name).through
            pairs = through.objects.filter(communitygroup__team=team).values_list(
                "communitygroup_id", LIST_COLUMN[name]
            )
            for group_id, item in pairs:
                self.lists[name].setdefault(group_id, set()).add(item)

    def match(self, parsed: ParsedRow) -> dict | None:
        """The stored values of the group this row describes, if the directory has it."""
        identifier = parsed.values.get("org_identifier")
        return (self.by_identifier.get(identifier) if identifier else None) or self.by_name.get(parsed.key)


LIST_COLUMN = {"areas_of_work": "areaofwork_id", "neighbourhoods": "neighbourhood_id"}
# Columns an import changes besides the file's own: derived from them, or dated when they change.
TRACKED = ["status_since", "support_intensity_since", "search_name", "local_authority_id"]


@transaction.atomic
@paused_gc()
def groups_import(
    *, actor: UserLike | None, team: Team, source: str | Path | io.IOBase, dry_run: bool = False
) -> ImportSummary:
    """Import groups into a team's directory: its lead's job. With actor None (the command line), no check.

    The import makes hundreds of thousands of short-lived objects and no reference cycles, so the
    cycle collector, which would otherwise keep walking them, is paused while it runs.
    """
    if actor is not None:
        refuse_unless(may_import(actor, team), f"Only {LEAD} can import into its directory.")
    headers, rows = read_rows(source, COLUMNS)
    lists = [name for name in LIST_COLUMN if name in headers]
    ctx = _Context(team, headers)
    existing = _Existing(team, lists)
    duplicates = _DuplicateIndex()
    today, now = timezone.localdate(), timezone.now()
    defaults = _new_group_defaults(team, today, now)
    summary = ImportSummary()
    summary.ignore_columns(headers)
    seen: dict[str, int] = {}
    matched: dict[int, int] = {}
    new: list[tuple[dict, ParsedRow]] = []
    changed: list[tuple[CommunityGroup, ParsedRow, dict]] = []

    # New groups stream into the table while the rest of the file is read and checked.
    with RowStream(CommunityGroup, INSERT_COLUMNS, ids=True) as stream:
        for row in rows:
            if row.problem:
                summary.errors.append(row.shape_error())
                continue
            try:
                parsed = _parse(row, ctx)
            except ValidationError as exc:
                field, messages = next(iter(exc.message_dict.items()))
                summary.errors.append(row.error(field, messages[0]))
                continue
            identifier = parsed.values.get("org_identifier", "")
            repeat = (seen.get(identifier) if identifier else None) or seen.get(parsed.key)
            if repeat:
                summary.errors.append(row.error("name", f"this group is already on line {repeat}"))
                continue
            if identifier:
                seen[identifier] = row.line
            seen[parsed.key] = row.line
            match = existing.match(parsed)
            if match is None:
                values = {**defaults, **parsed.values, "search_name": parsed.search_name}
                values["org_identifier"] = values["org_identifier"] or local_identifier()
                if values["base_lsoa_id"]:
                    values["local_authority_id"] = ctx.lsoa_authority[values["base_lsoa_id"]]
                stream.write(insert_values(values))
                new.append((values, parsed))
                summary.created += 1
                continue
            if match["pk"] in matched:
                summary.errors.append(
                    row.error("name", f"this row describes the same group as line {matched[match['pk']]}")
                )
                continue
            matched[match["pk"]] = row.line
            before = {"status": match["status"], "support_intensity": match["support_intensity"]}
            diff = {f: val for f, val in parsed.values.items() if match[f] != val}
            lists_differ = any(
                existing.lists[name].get(match["pk"], set()) != set(items)
                for name, items in parsed.lists.items()
            )
            if not (diff or lists_differ):
                summary.unchanged += 1
                continue
            group = CommunityGroup(**{**match, **diff})
            for field, since in (
                ("status", "status_since"),
                ("support_intensity", "support_intensity_since"),
            ):
                if field in diff:
                    setattr(group, since, today)
            if group.base_lsoa_id:
                group.local_authority_id = ctx.lsoa_authority[group.base_lsoa_id]
            group.search_name = search_name_for(group)
            changed.append((group, parsed, before))
            summary.updated += 1

    bulk_update_stamped(CommunityGroup, [g for g, _, _ in changed], COMPARED + TRACKED, batch_size=BATCH)
    created = [(pk, values, parsed) for pk, (values, parsed) in zip(stream.ids, new, strict=True)]

    # Areas of work and neighbourhoods: a filled cell replaces the group's list; an empty one keeps it.
    touched = [(pk, parsed) for pk, _, parsed in created] + [(g.pk, parsed) for g, parsed, _ in changed]
    for name in lists:
        through = getattr(CommunityGroup, name).through
        replaced = [g.pk for g, parsed, _ in changed if name in parsed.lists]
        through.objects.filter(communitygroup_id__in=replaced).delete()
        insert_rows(
            through,
            ["communitygroup_id", LIST_COLUMN[name]],
            [(pk, item) for pk, parsed in touched for item in sorted(set(parsed.lists.get(name, ())))],
        )

    # History: each change of status or support intensity, with the value it replaced.
    GroupChange.objects.bulk_create(
        [
            GroupChange(
                group=group,
                field=field,
                from_value=before[field],
                value=getattr(group, field),
                on=today,
                recorded_by=as_user(actor),
            )
            for group, _, before in changed
            for field in ("status", "support_intensity")
            if before[field] != getattr(group, field)
        ],
        batch_size=BATCH,
    )
    duplicates.flag(created)
    rollups.refresh_teams([team.pk])  # the import writes in bulk, which sends no signals
    if dry_run:
        transaction.set_rollback(True)
    else:
        record_import(model=CommunityGroup, source=source, summary=summary, actor=actor, team_id=team.pk)
    return summary


class _DuplicateIndex:
    """The duplicate rule (groups.selectors.possible_duplicates_of) for a whole file at once.

    Every group's registration numbers, identifiers and names are read once, before the new rows go
    in; each new row is then flagged as a single new group would be, against the groups before it and
    the earlier rows of its file, which join the index as they are flagged. The names are held by
    groups.rules.SimilarNames, the same rule a single new group asks.
    """

    FIELDS = ("charity_number", "company_number", "org_identifier")

    def __init__(self):
        self.holders: dict[tuple[str, str], list[int]] = {}
        registered = CommunityGroup.objects.exclude(charity_number="", company_number="", org_identifier="")
        for pk, *numbers in registered.order_by("pk").values_list("pk", *self.FIELDS):
            for field, value in zip(self.FIELDS, numbers, strict=True):
                if value and self._comparable(field, value):
                    self.holders.setdefault((field, value), []).append(pk)
        self.names = SimilarNames()
        named = CommunityGroup.objects.filter(local_authority__isnull=False).order_by("pk")
        for pk, authority, search_name in named.values_list("pk", "local_authority_id", "search_name"):
            self.names.add(pk, authority, search_name)

    @staticmethod
    def _comparable(field: str, value: str) -> bool:
        return field != "org_identifier" or registered_identifier(value)

    def flag(self, created: list[tuple[int, dict, ParsedRow]]) -> None:
        flags: dict[tuple[int, int], str] = {}
        for pk, values, parsed in created:
            for field in self.FIELDS:
                if values[field] and self._comparable(field, values[field]):
                    holders = self.holders.setdefault((field, values[field]), [])
                    for other in holders:
                        flags.setdefault((pk, other), SAME_NUMBER)
                    holders.append(pk)
            authority = values["local_authority_id"]
            for other, score in self.names.similar(authority, parsed.search_name):
                flags.setdefault((pk, other), similar_name_reason(score))
            self.names.add(pk, authority, parsed.search_name)
        now = timezone.now()
        insert_rows(
            PossibleDuplicate,
            ["group_id", "other_id", "reason", "status", "flagged_at"],
            [(a, b, r, "open", now) for (a, b), r in flags.items()],
        )
