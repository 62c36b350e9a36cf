"""The imports of public services: public bodies, and referral counts.

The public bodies import: primary care networks (or other bodies) of a region from a CSV in the
NHS Organisation Data Service shape.

Columns, found by header name: the body's ODS code (`code`, `organisation code`, `pcn code`) and name
(`name`, `organisation name`, `pcn name`) are required; `kind` (default: primary care network) and
`areas` (the local authorities it covers, by code or name, separated by semicolons) are optional.
Every row goes through publicservices.services.public_body_save, so the rules are the form's and the
API's. A body already in the region with the same code is updated; a row the same as what is held
changes nothing, so a second run changes nothing. Every rejected row is reported with its line.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from coprod.audit.services import record_import, records_unlogged
from coprod.core.csvimport import (
    Column,
    ImportFileError,
    ImportSummary,
    RowError,
    normalise_header,
    parse_date,
    parse_int,
    read_rows,
)
from coprod.core.text import normalise_name
from coprod.places.choices import BodyKind
from coprod.places.models import LocalAuthority, PublicBody, Region
from coprod.publicservices.choices import ReferralSource
from coprod.publicservices.models import Offer, ReferralCount
from coprod.publicservices.policy import REFERRAL_COUNT
from coprod.publicservices.rules import (
    NHS_VALUE,
    PERSONAL_COLUMN,
    looks_like_nhs_number,
    looks_personal_header,
)
from coprod.publicservices.services import public_body_save, referral_count_save
from coprod.units.models import Team

COLUMNS = [
    Column("ods_code", r"code|organisation code|org code|pcn code|ods code", "code"),
    Column("name", r"name|organisation name|org name|pcn name", "name"),
    Column("kind", r"kind|type", "kind", required=False),
    Column("areas", r"areas?|local authorit(y|ies)|authorit(y|ies)", "areas", required=False),
]
KINDS = {
    **{k.lower(): k for k in BodyKind.values},
    **{str(label).lower(): k for k, label in BodyKind.choices},
}


@transaction.atomic
def public_bodies_import(*, source: str | Path | io.IOBase, region: Region) -> ImportSummary:
    headers, rows = read_rows(source, COLUMNS)
    summary = ImportSummary()
    summary.ignore_columns(headers)
    authorities = {}
    for authority in LocalAuthority.objects.filter(region=region):
        authorities[authority.code.lower()] = authority
        authorities[authority.name.lower()] = authority
    held = {b.ods_code: b for b in PublicBody.objects.filter(region=region).exclude(ods_code="")}
    seen: dict[str, int] = {}
    for row in rows:
        if row.problem:
            summary.errors.append(row.shape_error())
            continue
        values = row.values
        code = values["ods_code"].upper()
        if code in seen:
            summary.errors.append(row.error("ods_code", f"this body is already on line {seen[code]}"))
            continue
        kind = KINDS.get(values.get("kind", "").lower()) if values.get("kind") else BodyKind.PCN
        if kind is None:
            kinds = ", ".join(BodyKind.values)
            summary.errors.append(row.error("kind", f"not a kind of body: give one of {kinds}"))
            continue
        areas = [a.strip() for a in values.get("areas", "").split(";") if a.strip()]
        unknown = [a for a in areas if a.lower() not in authorities]
        if unknown:
            names = ", ".join(unknown)
            summary.errors.append(row.error("areas", f"not an authority of {region.name}: {names}"))
            continue
        chosen = sorted({authorities[a.lower()] for a in areas}, key=lambda a: a.pk)
        body = held.get(code)
        if (
            body is not None
            and (body.name, body.kind) == (values["name"], kind)
            and (not areas or sorted(body.authorities.values_list("pk", flat=True)) == [a.pk for a in chosen])
        ):
            summary.unchanged += 1
            seen[code] = row.line
            continue
        try:
            with transaction.atomic(), records_unlogged():
                saved = public_body_save(
                    actor=None,
                    region=region if body is None else None,
                    body=body,
                    authorities=chosen if areas else None,
                    kind=kind,
                    name=values["name"],
                    ods_code=code,
                )
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            summary.errors.append(row.error(field if field in row.values else "ods_code", messages[0]))
            continue
        seen[code] = row.line
        held[code] = saved
        if body is None:
            summary.created += 1
        else:
            summary.updated += 1
    unit = getattr(region, "unit", None)
    record_import(model=PublicBody, source=source, summary=summary, unit_id=getattr(unit, "pk", None))
    return summary


# Referral counts ----------------------------------------------------------------------------------------

REFERRAL_COLUMNS = [
    Column("offer", r"offer([ _](name|id))?", "offer"),
    Column("group", r"group([ _]name)?", "group", required=False),
    Column("source", r"(referral[ _])?source|referred[ _]by|referrer", "source"),
    Column("period_start", r"(period[ _])?(start|from)", "period start"),
    Column("period_end", r"(period[ _])?(end|to)", "period end"),
    Column("received", r"(referrals[ _])?received|referrals", "received"),
    Column("accepted", r"accepted", "accepted", required=False),
    Column(
        "declined_full",
        r"declined[ _](because[ _])?(the[ _]offer[ _]was[ _])?full",
        "declined full",
        required=False,
    ),
    Column("declined_other", r"declined[ _](for[ _])?other([ _]reasons)?", "declined other", required=False),
]
SOURCES = {
    **{normalise_name(k): k for k in ReferralSource.values},
    **{normalise_name(str(label)): k for k, label in ReferralSource.choices},
}
COUNTS = ("received", "accepted", "declined_full", "declined_other")


class _Offers:
    """The team's offers, found by id or by name (with the group's name where two share one)."""

    def __init__(self, team: Team):
        self.by_pk = {o.pk: o for o in Offer.objects.filter(group__team=team).select_related("group")}
        self.by_name: dict[str, list[Offer]] = {}
        for offer in self.by_pk.values():
            self.by_name.setdefault(normalise_name(offer.name), []).append(offer)

    def find(self, text: str, group: str) -> Offer:
        if text.isdigit() and int(text) in self.by_pk:
            return self.by_pk[int(text)]
        found = self.by_name.get(normalise_name(text), [])
        if group:
            found = [o for o in found if normalise_name(o.group.name) == normalise_name(group)]
        if not found:
            raise ValueError("not one of the team's offers: give its name or its id (on the offer's page)")
        if len(found) > 1:
            raise ValueError(
                "more than one of the team's offers has this name: add a group column, or give its id"
            )
        return found[0]


def _refuse_personal_columns(headers) -> None:
    """A file with a column for a referred person's details is refused whole, before any row is read."""
    personal = [h for h in headers.ignored if looks_personal_header(normalise_header(h))]
    if personal:
        names = ", ".join(repr(h) for h in personal)
        raise ImportFileError(f"column {names} {PERSONAL_COLUMN}")


def _referral_values(values: dict, offers: _Offers, row) -> tuple[Offer, dict] | RowError:
    try:
        offer = offers.find(values["offer"], values.get("group", ""))
    except ValueError as exc:
        return row.error("offer", str(exc))
    source = SOURCES.get(normalise_name(values["source"]))
    if source is None:
        return row.error("source", "not a referral source: give one of " + ", ".join(ReferralSource.values))
    parsed: dict = {"source": source}
    for name in ("period_start", "period_end"):
        try:
            parsed[name] = parse_date(values[name])
        except ValueError as exc:
            return row.error(name, str(exc))
    for name in COUNTS:
        try:
            parsed[name] = parse_int(values.get(name) or "0")
        except ValueError as exc:
            return row.error(name, str(exc))
    return offer, parsed


@transaction.atomic
def referrals_import(
    *, actor, team: Team, source: str | Path | io.IOBase, dry_run: bool = False
) -> ImportSummary:
    """Referral counts for the team's offers, each row through referral_count_save (the form's and the
    API's rules, in their words). A row for an offer, source and period already held corrects it, so
    a second run changes nothing; a file with a column for a person's details is refused whole."""
    REFERRAL_COUNT.require("create", actor, team, "import its referral counts")
    headers, rows = read_rows(source, REFERRAL_COLUMNS)
    _refuse_personal_columns(headers)
    summary = ImportSummary()
    summary.ignore_columns(headers)
    offers = _Offers(team)
    held = {
        (c.offer_id, c.source, c.period_start, c.period_end): c
        for c in ReferralCount.objects.filter(offer__group__team=team)
    }
    seen: dict[tuple, int] = {}
    for row in _rows_with_values(rows):
        if isinstance(row, RowError):
            summary.errors.append(row)
            continue
        found = _referral_values(row.values, offers, row)
        if isinstance(found, RowError):
            summary.errors.append(found)
            continue
        offer, values = found
        key = (offer.pk, values["source"], values["period_start"], values["period_end"])
        if key in seen:
            summary.errors.append(
                row.error("offer", f"the same offer, source and period is on line {seen[key]}")
            )
            continue
        seen[key] = row.line
        count = held.get(key)
        if count is not None and all(getattr(count, n) == values[n] for n in COUNTS):
            summary.unchanged += 1
            continue
        try:
            with transaction.atomic(), records_unlogged():
                held[key] = referral_count_save(
                    actor=actor, offer=None if count else offer, count=count, **values
                )
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            summary.errors.append(row.error(field if field in row.values else "received", messages[0]))
            continue
        if count is None:
            summary.created += 1
        else:
            summary.updated += 1
    if dry_run:
        transaction.set_rollback(True)
    else:
        record_import(model=ReferralCount, source=source, summary=summary, actor=actor, team_id=team.pk)
    return summary


def _rows_with_values(rows):
    """The file's rows; a row with a shape problem, or with a value shaped like an NHS number in any
    column, as its RowError, which never repeats that value."""
    for row in rows:
        if row.problem:
            yield row.shape_error()
            continue
        cells = [(row.headers.get(name, name), value) for name, value in row.values.items()]
        flagged = [
            header for header, value in cells + list(row.others.items()) if looks_like_nhs_number(value)
        ]
        if flagged:
            yield RowError(row.line, flagged[0], "", NHS_VALUE)
            continue
        yield row
