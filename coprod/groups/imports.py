"""Importing a team's community groups from CSV: validate every row, keep the valid ones, report the rest.

Columns are found by header name (see COLUMNS and README). Rows are matched to existing groups of the
team by organisation identifier (given, or derived from a charity or company number), else by
normalised name, so importing the same file twice creates nothing new. Everything happens in one
transaction; a dry run does all of it and rolls back, so its counts are exactly what would happen.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from coprod.core.csvimport import Column, ImportSummary, Row, parse_decimal_str, parse_int, read_rows
from coprod.core.models import bulk_update_stamped
from coprod.core.text import normalise_name
from coprod.groups import choices
from coprod.groups.models import (
    CHARITY_NUMBER,
    COMPANY_NUMBER,
    ORG_IDENTIFIER,
    POSTCODE,
    AreaOfWork,
    CommunityGroup,
    GroupChange,
    PossibleDuplicate,
)
from coprod.groups.selectors import own_teams
from coprod.groups.services import local_identifier, normalise_identifiers, search_name_for
from coprod.places.models import LSOA
from coprod.units.models import Team
from coprod.units.selectors import UserLike

BATCH = 2000

# (field, header pattern, label shown in docs and errors, required)
COLUMNS = [
    Column("name", r"name", "name"),
    Column("other_names", r"other names?", "other_names", required=False),
    Column("legal_form", r"legal form", "legal_form", required=False),
    Column("charity_number", r"charity (number|no\.?)", "charity_number", required=False),
    Column("company_number", r"company (number|no\.?)", "company_number", required=False),
    Column(
        "org_identifier", r"(org(anisation|anization)? )?identifier|org id", "org_identifier", required=False
    ),
    Column("income_band", r"income band", "income_band", required=False),
    Column("full_time_staff", r"full[ -]time staff", "full_time_staff", required=False),
    Column("volunteers", r"volunteers", "volunteers", required=False),
    Column("volunteer_hours_week", r"volunteer hours( a| per)? week", "volunteer_hours_week", required=False),
    Column("volunteer_estimate_on", r"volunteer estimate (on|date)", "volunteer_estimate_on", required=False),
    Column(
        "volunteer_estimate_source", r"volunteer estimate source", "volunteer_estimate_source", required=False
    ),
    Column("areas_of_work", r"areas? of work", "areas_of_work", required=False),
    Column("spatial_focus", r"spatial focus", "spatial_focus", required=False),
    Column("neighbourhoods", r"neighbourhoods?( served)?", "neighbourhoods", required=False),
    Column("base_postcode", r"(base )?postcode", "base_postcode", required=False),
    Column("base_lsoa", r"(base )?lsoa", "base_lsoa", required=False),
    Column("statutory_relationship", r"(statutory )?relationship", "statutory_relationship", required=False),
    Column("user_group_kind", r"user group( kind)?", "user_group_kind", required=False),
    Column("social_enterprise", r"social enterprise", "social_enterprise", required=False),
    Column("premises", r"premises", "premises", required=False),
    Column("status", r"status", "status", required=False),
    Column("founded_year", r"founded( year)?", "founded_year", required=False),
    Column("support_intensity", r"support intensity", "support_intensity", required=False),
    Column(
        "anonymous_in_publications",
        r"anonymous( in publications)?",
        "anonymous_in_publications",
        required=False,
    ),
]
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
TRUE, FALSE = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
REGEX_FIELDS = {
    "charity_number": CHARITY_NUMBER,
    "company_number": COMPANY_NUMBER,
    "org_identifier": ORG_IDENTIFIER,
    "base_postcode": POSTCODE,
}
COMPARED = [
    "name", "other_names", "legal_form", "charity_number", "company_number", "org_identifier", "income_band",
    "full_time_staff", "volunteers", "volunteer_hours_week", "volunteer_estimate_on",
    "volunteer_estimate_source", "spatial_focus", "base_postcode", "base_lsoa_id", "statutory_relationship",
    "user_group_kind", "social_enterprise", "premises", "status", "founded_year", "support_intensity",
    "anonymous_in_publications",
]  # fmt: skip


def _choice_lookup(choice_class) -> dict[str, str]:
    lookup = {}
    for value, label in choice_class.choices:
        lookup[value.lower()] = value
        lookup[label.lower()] = value
        lookup[normalise_name(label)] = value
    return lookup


CHOICE_LOOKUPS = {field: _choice_lookup(cls) for field, cls in CHOICE_FIELDS.items()}


def _parse_date(text: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("a date is written 2026-03-31 or 31/03/2026")


@dataclass
class ParsedRow:
    line: int
    values: dict
    areas: list[int]
    neighbourhoods: list[int]


class _Context:
    """What rows are checked against: the team's neighbourhoods, the areas of work, known LSOAs."""

    def __init__(self, team: Team):
        self.team = team
        self.areas: dict[str, int] = {}
        for pk, slug, name in AreaOfWork.objects.values_list("pk", "slug", "name"):
            self.areas[slug] = self.areas[name.lower()] = self.areas[normalise_name(name)] = pk
        self.neighbourhoods: dict[str, int] = {}
        for pk, slug, name in team.neighbourhoods.values_list("pk", "slug", "name"):
            self.neighbourhoods[slug] = self.neighbourhoods[normalise_name(name)] = pk
        self.lsoas = dict(LSOA.objects.values_list("code", "pk"))


def _parse(row: Row, ctx: _Context) -> ParsedRow:
    """Parse one row, raising ValidationError({field: message}) at the first bad value."""
    v = row.values
    values: dict = {}

    def fail(field: str, reason: str):
        raise ValidationError({field: reason})

    if not v.get("name"):
        fail("name", "a name is required")
    values["name"] = v["name"][:200]
    values["other_names"] = "\n".join(n.strip() for n in v.get("other_names", "").split(";") if n.strip())
    for field, lookup in CHOICE_LOOKUPS.items():
        text = v.get(field, "")
        if not text:
            continue
        key = text.lower() if text.lower() in lookup else normalise_name(text)
        if key not in lookup:
            fail(field, "not one of: " + ", ".join(c for c, _ in CHOICE_FIELDS[field].choices))
        values[field] = lookup[key]
    for field in ("charity_number", "company_number", "org_identifier", "base_postcode"):
        if v.get(field):
            values[field] = v[field]
    values = normalise_identifiers(values)
    for field, validator in REGEX_FIELDS.items():
        if values.get(field):
            try:
                validator(values[field])
            except ValidationError as exc:
                fail(field, exc.messages[0])
    for field in ("full_time_staff", "volunteers", "founded_year"):
        if v.get(field):
            try:
                number = parse_int(v[field])
            except ValueError as exc:
                fail(field, str(exc))
            if number < 0:
                fail(field, "cannot be negative")
            values[field] = number
    if values.get("founded_year") is not None and not 1500 <= values["founded_year"] <= 2100:
        fail("founded_year", "enter a year like 1998")
    if v.get("volunteer_hours_week"):
        try:
            hours = parse_decimal_str(v["volunteer_hours_week"])
        except ValueError as exc:
            fail("volunteer_hours_week", str(exc))
        if hours.startswith("-"):
            fail("volunteer_hours_week", "cannot be negative")
        values["volunteer_hours_week"] = Decimal(hours).quantize(Decimal("0.1"))
    if v.get("volunteer_estimate_on"):
        try:
            values["volunteer_estimate_on"] = _parse_date(v["volunteer_estimate_on"])
        except ValueError as exc:
            fail("volunteer_estimate_on", str(exc))
    if ("volunteers" in values or "volunteer_hours_week" in values) and not (
        values.get("volunteer_estimate_on") and values.get("volunteer_estimate_source")
    ):
        fail("volunteer_estimate_on", "give the date and source of the volunteer estimate")
    for field in ("social_enterprise", "anonymous_in_publications"):
        if field not in v:
            continue
        text = v[field].lower()
        if text not in TRUE | FALSE:
            fail(field, "answer yes or no")
        values[field] = text in TRUE
    if v.get("base_lsoa"):
        if v["base_lsoa"].upper() not in ctx.lsoas:
            fail("base_lsoa", "unknown LSOA code")
        values["base_lsoa_id"] = ctx.lsoas[v["base_lsoa"].upper()]
    areas, hoods = [], []
    for part in filter(None, (p.strip() for p in v.get("areas_of_work", "").split(";"))):
        pk = ctx.areas.get(part) or ctx.areas.get(part.lower()) or ctx.areas.get(normalise_name(part))
        if pk is None:
            fail("areas_of_work", f"unknown area of work '{part}'")
        areas.append(pk)
    for part in filter(None, (p.strip() for p in v.get("neighbourhoods", "").split(";"))):
        pk = ctx.neighbourhoods.get(part) or ctx.neighbourhoods.get(normalise_name(part))
        if pk is None:
            fail("neighbourhoods", f"'{part}' is not a neighbourhood of {ctx.team}")
        hoods.append(pk)
    return ParsedRow(row.line, values, areas, hoods)


def _defaults(team: Team, today: datetime.date) -> dict:
    """The values a new group gets for columns the file leaves out (the model's defaults)."""
    fields = {f.name: f for f in CommunityGroup._meta.concrete_fields}
    values = {name: fields[name].get_default() for name in COMPARED if name in fields}
    values.update(base_lsoa_id=None, status_since=today, support_intensity_since=today)
    return values


@transaction.atomic
def groups_import(
    *, actor: UserLike | None, team: Team, source: str | Path | io.IOBase, dry_run: bool = False
) -> ImportSummary:
    """Import groups into a team's directory. With actor None (the command line), no role check."""
    if actor is not None and not own_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied("Only the team's workers and lead can import into its directory.")
    headers, rows = read_rows(source, COLUMNS)
    lists = [name for name in ("areas_of_work", "neighbourhoods") if name in headers]
    ctx = _Context(team)
    today = timezone.localdate()
    summary = ImportSummary()

    existing = list(CommunityGroup.objects.filter(team=team).only(*COMPARED, "pk", "team_id"))
    by_identifier = {g.org_identifier: g for g in existing if g.org_identifier}
    by_name = {normalise_name(g.name): g for g in existing}
    current_lists = {"areas_of_work": {}, "neighbourhoods": {}}
    for name, other in (("areas_of_work", "areaofwork_id"), ("neighbourhoods", "neighbourhood_id")):
        through = getattr(CommunityGroup, name).through
        for group_id, item in through.objects.filter(communitygroup__team=team).values_list(
            "communitygroup_id", other
        ):
            current_lists[name].setdefault(group_id, set()).add(item)
    seen_identifier: dict[str, int] = {}
    seen_name: dict[str, int] = {}
    new: list[tuple[CommunityGroup, ParsedRow]] = []
    changed: list[tuple[CommunityGroup, ParsedRow, dict]] = []
    unchanged: list[tuple[CommunityGroup, ParsedRow]] = []

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
        key = normalise_name(parsed.values["name"])
        repeat = seen_identifier.get(identifier) if identifier else None
        repeat = repeat or seen_name.get(key)
        if repeat:
            summary.errors.append(row.error("name", f"this group is already on line {repeat}"))
            continue
        if identifier:
            seen_identifier[identifier] = row.line
        seen_name[key] = row.line
        match = by_identifier.get(identifier) if identifier else None
        match = match or by_name.get(key)
        if match is None:
            values = {**_defaults(team, today), **parsed.values}
            group = CommunityGroup(team=team, local_authority_id=team.host_authority_id, **values)
            new.append((group, parsed))
            summary.created += 1
            continue
        before = {"status": match.status, "support_intensity": match.support_intensity}
        diff = {f: val for f, val in parsed.values.items() if str(getattr(match, f)) != str(val)}
        lists_differ = any(
            current_lists[name].get(match.pk, set())
            != set(parsed.areas if name == "areas_of_work" else parsed.neighbourhoods)
            for name in lists
        )
        if diff or lists_differ:
            for field, value in diff.items():
                setattr(match, field, value)
            for field, since in (
                ("status", "status_since"),
                ("support_intensity", "support_intensity_since"),
            ):
                if field in diff:
                    setattr(match, since, today)
            changed.append((match, parsed, before))
            summary.updated += 1
        else:
            unchanged.append((match, parsed))
            summary.unchanged += 1

    lsoa_authorities = dict(LSOA.objects.filter(
        pk__in={g.base_lsoa_id for g, _ in new if g.base_lsoa_id}
        | {g.base_lsoa_id for g, _, _ in changed if g.base_lsoa_id}
    ).values_list("pk", "local_authority_id"))  # fmt: skip
    for group in [g for g, _ in new] + [g for g, _, _ in changed]:
        if group.base_lsoa_id:
            group.local_authority_id = lsoa_authorities[group.base_lsoa_id]
        group.search_name = search_name_for(group)

    CommunityGroup.objects.bulk_create([g for g, _ in new], batch_size=BATCH)
    local = [g for g, _ in new if not g.org_identifier]
    for group in local:
        group.org_identifier = local_identifier(group)
    CommunityGroup.objects.bulk_update(local, ["org_identifier"], batch_size=BATCH)
    tracked = ["status_since", "support_intensity_since", "search_name", "local_authority_id"]
    bulk_update_stamped(CommunityGroup, [g for g, _, _ in changed], COMPARED + tracked, batch_size=BATCH)

    # Areas of work and neighbourhoods: the file's lists replace the group's when the column is there.
    touched = [(g, p) for g, p in new] + [(g, p) for g, p, _ in changed]
    ids = [g.pk for g, _ in touched]
    for name, other in (("areas_of_work", "areaofwork_id"), ("neighbourhoods", "neighbourhood_id")):
        if name not in lists:
            continue
        through = getattr(CommunityGroup, name).through
        through.objects.filter(communitygroup_id__in=ids).delete()
        through.objects.bulk_create(
            [
                through(communitygroup_id=g.pk, **{other: item})
                for g, p in touched
                for item in set(p.areas if name == "areas_of_work" else p.neighbourhoods)
            ],
            batch_size=BATCH,
        )

    # History: the first status and support intensity of new groups, and every change.
    history = []
    for group, _ in new:
        history.append(
            GroupChange(group=group, field="status", value=group.status, on=today, recorded_by=actor)
        )
        history.append(
            GroupChange(
                group=group,
                field="support_intensity",
                value=group.support_intensity,
                on=today,
                recorded_by=actor,
            )
        )
    for group, _, before in changed:
        for field in ("status", "support_intensity"):
            if before[field] != getattr(group, field):
                history.append(
                    GroupChange(
                        group=group, field=field, value=getattr(group, field), on=today, recorded_by=actor
                    )
                )
    GroupChange.objects.bulk_create(history, batch_size=BATCH)

    _flag_duplicates_in_bulk([g for g, _ in new])
    if dry_run:
        transaction.set_rollback(True)
    return summary


def _flag_duplicates_in_bulk(groups: list[CommunityGroup]) -> None:
    """Flag new groups that share a registration number, identifier, or exact name in their authority.

    The fuzzy name check of a single new group would be too slow for 100,000 rows; exact normalised
    names and identifiers are matched with one query each.
    """
    if not groups:
        return
    new_ids = {g.pk for g in groups}
    flags: dict[tuple[int, int], str] = {}
    for field in ("charity_number", "company_number", "org_identifier"):
        wanted = {getattr(g, field) for g in groups if getattr(g, field)}
        if field == "org_identifier":
            wanted = {w for w in wanted if re.match(r"GB-(CHC|COH|SC)-", w)}
        if not wanted:
            continue
        holders: dict[str, list[int]] = {}
        for pk, value in CommunityGroup.objects.filter(**{f"{field}__in": wanted}).values_list("pk", field):
            holders.setdefault(value, []).append(pk)
        for group in groups:
            for other in holders.get(getattr(group, field), []):
                if other != group.pk and (other not in new_ids or other < group.pk):
                    flags.setdefault((group.pk, other), "the same registration number or identifier")
    names: dict[tuple[int | None, str], list[int]] = {}
    authorities = {g.local_authority_id for g in groups}
    for pk, authority, name in CommunityGroup.objects.filter(local_authority_id__in=authorities).values_list(
        "pk", "local_authority_id", "name"
    ):
        names.setdefault((authority, normalise_name(name)), []).append(pk)
    for group in groups:
        for other in names.get((group.local_authority_id, normalise_name(group.name)), []):
            if other != group.pk and (other not in new_ids or other < group.pk):
                flags.setdefault((group.pk, other), "the same name in the same authority")
    PossibleDuplicate.objects.bulk_create(
        [PossibleDuplicate(group_id=a, other_id=b, reason=r) for (a, b), r in flags.items()],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
