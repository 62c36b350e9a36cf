"""The public bodies import: primary care networks (or other bodies) of a region from a CSV in the
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
from coprod.core.csvimport import Column, ImportSummary, read_rows
from coprod.places.models import LocalAuthority, Region
from coprod.publicservices.choices import BodyKind
from coprod.publicservices.models import PublicBody
from coprod.publicservices.services import public_body_save

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
