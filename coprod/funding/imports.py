"""Importing grants published in the 360Giving Data Standard, as allocations of one initiative.

Both of the standard's forms are read: the JSON package ({"grants": [...]}, field names such as
amountAwarded and recipientOrganization/0/id) and the spreadsheet form's CSV with its column
titles ("Amount Awarded", "Recipient Org:Identifier", "Beneficiary Location:Geographic Code"...).
Same rules as the other imports: every rejected grant is reported with where it is, its identifier,
the field, the value and why; valid grants are kept; one transaction; a grant already imported
(by its 360Giving identifier) is 'unchanged', or 'updated' when the publisher changed its amount,
date, title or recipient. A recipient or location that matches nothing in the region is reported
too: by default the grant is still imported (the money counts towards the ledger either way);
with require_match it is rejected instead.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.dateparse import parse_date

from coprod.audit.services import record_import, records_unlogged
from coprod.core.csvimport import (
    Column,
    ImportFileError,
    ImportSummary,
    RowError,
    normalise_header,
    open_text,
    read_rows,
)
from coprod.funding import services
from coprod.funding.choices import AllocationState, Category
from coprod.funding.fields import COMPARED
from coprod.funding.models import Allocation, RegionalInitiative
from coprod.funding.rules import allocation_errors
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood

COLUMNS = [
    Column("id", r"identifier", "Identifier"),
    Column("title", r"title", "Title", required=False),
    Column("description", r"description", "Description", required=False),
    Column("currency", r"currency", "Currency"),
    Column("amount", r"amount awarded", "Amount Awarded"),
    Column("award_date", r"award date", "Award Date"),
    Column("recipient_id", r"recipient org:identifier", "Recipient Org:Identifier", required=False),
    Column("recipient_name", r"recipient org:name", "Recipient Org:Name", required=False),
    Column("charity_number", r"recipient org:charity number", "Recipient Org:Charity Number", required=False),
    Column("company_number", r"recipient org:company number", "Recipient Org:Company Number", required=False),
    Column("funder_id", r"funding org:identifier", "Funding Org:Identifier", required=False),
    Column("funder_name", r"funding org:name", "Funding Org:Name", required=False),
    Column("geo_code", r"beneficiary location:geographic code", "Beneficiary Location:Geographic Code",
           required=False),
    Column("geo_type", r"beneficiary location:geographic code type",
           "Beneficiary Location:Geographic Code Type", required=False),
    Column("location_name", r"beneficiary location:name", "Beneficiary Location:Name", required=False),
    Column("programme", r"grant programme:(0:)?title", "Grant Programme:Title", required=False),
    Column("postcode", r"recipient org:(0:)?postal code", "Recipient Org:Postal Code", required=False),
]  # fmt: skip
# Each column's title as the standard writes it: a value is named by it in every report, whether the
# file has that column or not.
LABELS = {column.name: column.label for column in COLUMNS}
# The flattened form the standard's own tools write for a grant's several beneficiary locations:
# "Beneficiary Location:0:Geographic Code", "Beneficiary Location:1:Name" and so on.
NUMBERED = re.compile(r"beneficiary location:(\d+):(geographic code type|geographic code|name)")
NUMBERED_FIELDS = {"geographic code": "geo_code", "geographic code type": "geo_type", "name": "location_name"}
# Where each value sits in a grant of the JSON package, to name it in a message.
JSON_PATHS = {
    "id": "id",
    "title": "title",
    "description": "description",
    "currency": "currency",
    "amount": "amountAwarded",
    "award_date": "awardDate",
    "recipient_id": "recipientOrganization/0/id",
    "recipient_name": "recipientOrganization/0/name",
    "charity_number": "recipientOrganization/0/charityNumber",
    "company_number": "recipientOrganization/0/companyNumber",
    "funder_id": "fundingOrganization/0/id",
    "funder_name": "fundingOrganization/0/name",
    "geo_code": "beneficiaryLocation/*/geoCode",
    "geo_type": "beneficiaryLocation/*/geoCodeType",
    "location_name": "beneficiaryLocation/*/name",
    "programme": "grantProgramme/0/title",
    "postcode": "recipientOrganization/0/postalCode",
}
PENNY = Decimal("0.01")


def _amount_field() -> models.DecimalField:
    field = Allocation._meta.get_field("amount")
    assert isinstance(field, models.DecimalField)
    return field


AMOUNT_FIELD = _amount_field()
AREA_PREFIXES = {
    "E01": "lsoa", "W01": "lsoa", "E05": "ward", "W05": "ward",
    "E06": "authority", "E07": "authority", "E08": "authority", "E09": "authority", "W06": "authority",
}  # fmt: skip


@dataclass(frozen=True)
class GrantError(RowError):
    """A problem with one grant: its place in the file (line, or position in the JSON), its identifier."""

    grant_id: str = ""
    where: str = "line"

    def __str__(self) -> str:
        grant = f" (grant '{self.grant_id}')" if self.grant_id else ""
        return f"{self.where} {self.line}{grant}, column '{self.column}', value '{self.value}': {self.reason}"


@dataclass
class Grant:
    """One grant, from either form: its place, its values by field name, and the names as written."""

    position: int
    where: str
    values: dict[str, str]
    columns: dict[str, str]
    codes: list[str]
    problem: str | None = None

    def error(self, name: str, reason: str, value: str | None = None) -> GrantError:
        return GrantError(
            line=self.position,
            column=self.columns.get(name, name),
            value=self.values.get(name, "") if value is None else value,
            reason=reason,
            grant_id=self.values.get("id", ""),
            where=self.where,
        )


def _numbered(headers: list[str]) -> dict[str, tuple[int, str]]:
    """The numbered beneficiary location columns among the headers: header -> (number, field)."""
    found = {}
    for header in headers:
        match = NUMBERED.fullmatch(normalise_header(header))
        if match:
            found[header] = (int(match.group(1)), NUMBERED_FIELDS[match.group(2)])
    return found


def _csv_grants(source) -> tuple[list[str], Iterator[Grant]]:
    headers, rows = read_rows(source, COLUMNS)
    numbered = _numbered(headers.ignored)
    ignored = [h for h in headers.ignored if h not in numbered]
    columns = LABELS | dict(headers)
    for name in NUMBERED_FIELDS.values():  # a value is named by its first numbered column, if only those
        first = sorted((number, header) for header, (number, field) in numbered.items() if field == name)
        if name not in headers and first:
            columns[name] = first[0][1]
    in_order = sorted(numbered.items(), key=lambda item: item[1])

    def grants() -> Iterator[Grant]:
        for row in rows:
            values = dict(row.values)
            codes = [c.strip() for c in values.get("geo_code", "").split(";") if c.strip()]
            names = [n.strip() for n in values.get("location_name", "").split(";") if n.strip()]
            for header, (_number, name) in in_order:
                value = row.others.get(header, "").strip()
                if value and name == "geo_code":
                    codes.append(value)
                elif value and name == "location_name":
                    names.append(value)
            values["geo_code"] = "; ".join(codes)
            values["location_name"] = "; ".join(names)
            yield Grant(row.line, "line", values, columns, codes, row.problem)

    return ignored, grants()


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _first(grant: dict, key: str) -> dict:
    items = grant.get(key)
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return items[0]
    return {}


def _json_grants(text: str) -> tuple[list[str], Iterator[Grant]]:
    try:
        # Amounts are read as Decimal, never as float, so no penny is lost on the way in.
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"line {exc.lineno}: not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("grants"), list):
        raise ImportFileError('not a 360Giving package: expected {"grants": [...]}')

    def grants() -> Iterator[Grant]:
        for position, grant in enumerate(data["grants"], start=1):
            if not isinstance(grant, dict):
                yield Grant(position, "grant", {}, JSON_PATHS, [], "a grant must be a JSON object")
                continue
            recipient, funder = _first(grant, "recipientOrganization"), _first(grant, "fundingOrganization")
            locations = [x for x in grant.get("beneficiaryLocation") or [] if isinstance(x, dict)]
            codes = [_text(x.get("geoCode")) for x in locations if _text(x.get("geoCode"))]
            values = {
                "id": _text(grant.get("id")),
                "title": _text(grant.get("title")),
                "description": _text(grant.get("description")),
                "currency": _text(grant.get("currency")),
                "amount": _text(grant.get("amountAwarded")),
                "award_date": _text(grant.get("awardDate")),
                "recipient_id": _text(recipient.get("id")),
                "recipient_name": _text(recipient.get("name")),
                "charity_number": _text(recipient.get("charityNumber")),
                "company_number": _text(recipient.get("companyNumber")),
                "funder_id": _text(funder.get("id")),
                "funder_name": _text(funder.get("name")),
                "geo_code": "; ".join(codes),
                "location_name": "; ".join(_text(x.get("name")) for x in locations if x.get("name")),
                "programme": _text(_first(grant, "grantProgramme").get("title")),
                "postcode": _text(recipient.get("postalCode")),
            }
            yield Grant(position, "grant", values, JSON_PATHS, codes)

    return [], grants()


def read_grants(source: str | Path | io.IOBase) -> tuple[list[str], Iterator[Grant]]:
    """The grants of a 360Giving JSON package or CSV file, whichever the file is."""
    handle = open_text(source)
    text = handle.read()
    if text.lstrip().startswith(("{", "[")):
        return _json_grants(text)
    return _csv_grants(io.StringIO(text, newline=""))


class _Region:
    """The region's directory and neighbourhoods, looked up once for the whole file."""

    def __init__(self, initiative: RegionalInitiative):
        region = initiative.region
        self.region = region
        self.groups: dict[str, set[int]] = {}
        groups = CommunityGroup.objects.filter(team__unit__region=region).select_related("team__unit")
        self.group_objects = {g.pk: g for g in groups}
        for g in groups:
            for key in filter(None, [
                g.org_identifier.upper(),
                f"GB-CHC-{g.charity_number}" if g.charity_number else "",
                f"GB-SC-{g.charity_number}" if g.charity_number.startswith("SC") else "",
                f"GB-COH-{g.company_number}" if g.company_number else "",
            ]):  # fmt: skip
                self.groups.setdefault(key.upper(), set()).add(g.pk)
        hoods = Neighbourhood.objects.filter(team__unit__region=region).select_related("team__unit")
        self.hood_objects = {n.pk: n for n in hoods}
        self.areas: dict[str, set[int]] = {}
        through = Neighbourhood.lsoas.through.objects.filter(neighbourhood__in=hoods)
        for hood, lsoa, ward, authority in through.values_list(
            "neighbourhood_id", "lsoa__code", "lsoa__ward__code", "lsoa__local_authority__code"
        ):
            for code in (lsoa, ward, authority):
                if code:
                    self.areas.setdefault(code, set()).add(hood)

    def match_groups(self, grant: Grant) -> list[CommunityGroup]:
        v = grant.values
        keys = [v.get("recipient_id", "").upper()]
        if v.get("charity_number"):
            keys.append(f"GB-CHC-{v['charity_number']}".upper())
        if v.get("company_number"):
            keys.append(f"GB-COH-{v['company_number']}".upper())
        found: set[int] = set()
        for key in filter(None, keys):
            found |= self.groups.get(key, set())
        return [self.group_objects[pk] for pk in sorted(found)]

    def match_area(self, code: str) -> tuple[list[Neighbourhood], str | None]:
        kind = AREA_PREFIXES.get(code[:3].upper())
        if kind is None or not re.fullmatch(r"[EW]\d{8}", code.upper()):
            return [], "not an ONS code for an LSOA (E01), ward (E05) or local authority (E06 to E09)"
        found = self.areas.get(code.upper(), set())
        if not found:
            return [], f"no neighbourhood in {self.region} covers this {kind}"
        return [self.hood_objects[pk] for pk in sorted(found)], None


class _Bad(Exception):
    def __init__(self, name: str, reason: str):
        self.name, self.reason = name, reason


def _amount(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace("£", "").strip()
    if not cleaned:
        raise _Bad("amount", "an amount awarded is required")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise _Bad("amount", "not a number") from None
    if not amount.is_finite():
        raise _Bad("amount", "not a number")
    if isinstance(exponent := amount.as_tuple().exponent, int) and exponent < -2:
        # 5000.000 is £5,000.00 written with a zero too many; 12.345 stays for the field to refuse.
        try:
            if amount == (pence := amount.quantize(PENNY)):
                amount = pence
        except InvalidOperation:
            pass
    try:
        # How an amount is written, as the form and the API check it: the field's own validators.
        AMOUNT_FIELD.run_validators(amount)
    except ValidationError as exc:
        raise _Bad("amount", exc.messages[0]) from None
    return amount.quantize(PENNY)  # more than £0 is a rule of funding.rules


def _date(text: str):
    day = None
    if text:
        try:
            day = parse_date(text[:10])
        except ValueError:
            day = None
        if day is None and re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            d, m, y = (int(x) for x in text.split("/"))
            try:
                day = datetime.date(y, m, d)
            except ValueError:
                day = None
    if day is None:
        raise _Bad("award_date", "a date is written 2026-03-31 (or 31/03/2026)")
    return day


def _parse(grant: Grant) -> dict:
    v = grant.values
    if not v.get("id"):
        raise _Bad("id", "every grant needs its 360Giving identifier")
    currency = v.get("currency", "").upper()
    if not currency:
        raise _Bad("currency", "a currency is required (GBP)")
    if currency != "GBP":
        raise _Bad("currency", "only grants in pounds sterling (GBP) can be recorded in the ledger")
    amount = _amount(v.get("amount", ""))
    day = _date(v.get("award_date", ""))
    title = v.get("title") or v.get("description", "")
    if len(title) > 300:
        raise _Bad("title", "longer than 300 characters")
    if len(v.get("id", "")) > 120:
        raise _Bad("id", "longer than 120 characters")
    # Refused rather than cut short: what a file says is kept whole or reported.
    if len(v.get("recipient_name", "")) > 200:
        raise _Bad("recipient_name", "longer than 200 characters")
    if len(v.get("recipient_id", "")) > 80:
        raise _Bad("recipient_id", "longer than 80 characters")
    if len(v.get("programme", "")) > 200:
        raise _Bad("programme", "longer than 200 characters")
    if len(v.get("postcode", "")) > 10:
        raise _Bad("postcode", "longer than 10 characters: not a postcode")
    # The rules of the values themselves, as the form and the API apply them (funding.rules).
    if broken := allocation_errors(amount=amount):
        raise _Bad(*next(iter(broken.items())))
    return {
        "amount": amount,
        "date": day,
        "title": title,
        "recipient_name": v.get("recipient_name", ""),
        "recipient_identifier": v.get("recipient_id", ""),
        "grant_programme": v.get("programme", ""),
        "recipient_postcode": v.get("postcode", "").upper(),
    }


@transaction.atomic
def grants_import(
    *,
    actor,
    initiative: RegionalInitiative,
    source: str | Path | io.IOBase,
    category: str = Category.OTHER,
    state: str = AllocationState.COMMITTED,
    require_match: bool = False,
    dry_run: bool = False,
) -> ImportSummary:
    """Import 360Giving grants as allocations of an initiative. Actor None is the command line."""
    if actor is not None:
        services.require_region_manager(actor, initiative.region, "import its grants")
    if category not in Category.values:
        raise ImportFileError(f"unknown category '{category}': use one of {', '.join(Category.values)}")
    if state not in AllocationState.values:
        raise ImportFileError(f"unknown state '{state}': use one of {', '.join(AllocationState.values)}")
    ignored, grants = read_grants(source)
    summary = ImportSummary()
    if ignored:
        summary.warnings.append("columns not imported: " + ", ".join(repr(h) for h in ignored))
    region = _Region(initiative)
    existing = {
        a.grant_identifier: a
        for a in Allocation.objects.filter(grant_identifier__gt="").select_related("initiative")
    }
    seen: dict[str, int] = {}
    for grant in grants:
        if grant.problem:
            summary.errors.append(grant.error("id", grant.problem, ""))
            continue
        try:
            values = _parse(grant)
        except _Bad as bad:
            summary.errors.append(grant.error(bad.name, bad.reason))
            continue
        grant_id = grant.values["id"]
        if grant_id in seen:
            summary.errors.append(grant.error("id", f"this grant repeats {grant.where} {seen[grant_id]}"))
            continue
        seen[grant_id] = grant.position
        earlier = existing.get(grant_id)
        if earlier is not None and earlier.initiative_id != initiative.pk:
            summary.errors.append(
                grant.error("id", f"already recorded as an allocation of '{earlier.initiative}'")
            )
            continue

        notes: list[GrantError] = []
        groups = region.match_groups(grant)
        if not groups:
            reason = (
                f"no community group in the directories of {region.region} has this identifier"
                if grant.values.get("recipient_id")
                else "no recipient organisation identifier"
            )
            notes.append(grant.error("recipient_id", reason))
        hoods: dict[int, Neighbourhood] = {}
        if not grant.codes:
            notes.append(grant.error("geo_code", "no beneficiary location code"))
        for code in grant.codes:
            found, refusal = region.match_area(code)
            if refusal:
                notes.append(grant.error("geo_code", refusal, code))
            hoods.update((n.pk, n) for n in found)
        if notes and require_match:
            summary.errors.extend(notes)
            continue

        # Said on every run, not only the first: the grant still matches nothing in the region.
        said = [f"{n}; the grant is recorded all the same" for n in notes]
        if earlier is not None and all(getattr(earlier, k) == values[k] for k in COMPARED):
            summary.warnings.extend(said)
            summary.unchanged += 1
            continue
        try:
            with transaction.atomic(), records_unlogged():
                services.allocation_save(
                    actor=None,
                    initiative=initiative,
                    allocation=earlier,
                    neighbourhoods=list(hoods.values()),
                    groups=groups,
                    grant_identifier=grant_id,
                    **(values if earlier else {**values, "category": category, "state": state}),
                )
        except ValidationError as exc:
            name, messages = (
                next(iter(exc.message_dict.items())) if hasattr(exc, "error_dict") else ("id", exc.messages)
            )
            summary.errors.append(grant.error(name if name in JSON_PATHS else "id", messages[0]))
            continue
        summary.warnings.extend(said)
        if earlier is None:
            summary.created += 1
        else:
            summary.updated += 1
    if dry_run:
        transaction.set_rollback(True)
    else:
        record_import(
            model=Allocation,
            source=source,
            summary=summary,
            actor=actor,
            unit_id=getattr(getattr(initiative.region, "unit", None), "pk", None),
        )
    return summary
