"""Importing survey results (and other measurements) for many neighbourhoods from one CSV.

Same rules as the other imports: columns found by header name, every rejected row reported with its
line, column, value and reason, valid rows kept, one transaction. Each row's values are judged by
outcomes.rules, then the row goes through the same service as the form, so a row is refused for the
same reasons, in the same words; a row for an indicator, neighbourhood and period already recorded
updates it, so importing a file again changes nothing.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coprod.audit.services import record_import, records_unlogged
from coprod.core.csvimport import MAX_INT, ImportSummary, parse_date, parse_int, read_rows
from coprod.core.text import normalise_name
from coprod.outcomes.choices import Level, Source, SurveyMethod
from coprod.outcomes.fields import COLUMNS
from coprod.outcomes.models import Indicator, Measurement
from coprod.outcomes.policy import MEASUREMENT
from coprod.outcomes.rules import measurement_errors
from coprod.outcomes.services import measurement_record
from coprod.units.models import Team


class _Bad(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _date(text: str, field: str) -> datetime.date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise _Bad(field, str(exc)) from None


def _lookup(pairs) -> dict:
    table = {}
    for value, *names in pairs:
        for name in names:
            table[normalise_name(str(name))] = value
    return table


def _parse(values: dict, *, hoods: dict, indicators: dict, methods: dict) -> dict:
    hood = hoods.get(normalise_name(values["neighbourhood"]))
    if hood is None:
        raise _Bad("neighbourhood", "not one of the team's neighbourhoods")
    indicator = indicators.get(normalise_name(values["indicator"]))
    if indicator is None:
        raise _Bad("indicator", "no neighbourhood indicator has this code or name")
    try:
        value = Decimal(values["value"].replace(",", "").rstrip("%").strip())
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise _Bad("value", "not a number") from None
    sample = None
    if values.get("sample_size"):
        try:
            # How small a sample may be is a rule of outcomes.rules.
            sample = parse_int(values["sample_size"], minimum=-MAX_INT)
        except ValueError as exc:
            raise _Bad("sample_size", str(exc)) from None
    method = ""
    if values.get("method"):
        found = methods.get(normalise_name(values["method"]))
        if found is None:
            raise _Bad("method", "not a survey method: " + ", ".join(c.label.lower() for c in SurveyMethod))
        method = found
    parsed = {
        "neighbourhood": hood,
        "indicator": indicator,
        "period_start": _date(values["period_start"], "period_start"),
        "period_end": _date(values["period_end"], "period_end"),
        "value": value,
        "sample_size": sample,
        "method": method,
        "source": values["source"],
    }
    # The rules of the values themselves, as the form and the API apply them (outcomes.rules).
    broken = measurement_errors(
        period_start=parsed["period_start"],
        period_end=parsed["period_end"],
        value=value,
        unit=indicator.unit,
        survey=indicator.source == Source.COMMUNITY_LIFE_SURVEY,
        sample_size=sample,
        today=timezone.localdate(),
    )
    if broken:
        raise _Bad(*next(iter(broken.items())))
    return parsed


def _same(m: Measurement, parsed: dict) -> bool:
    return (m.value, m.sample_size, m.method, m.source) == (
        parsed["value"],
        parsed["sample_size"],
        parsed["method"],
        parsed["source"],
    )


@transaction.atomic
def measurements_import(
    *, actor, team: Team, source: str | Path | io.IOBase, dry_run: bool = False
) -> ImportSummary:
    """Import measurements for the team's neighbourhoods. The actor is the person recording them; from
    the command line, pass the team lead or any team member (see the command)."""
    MEASUREMENT.require("create", actor, team, "import its survey results")
    headers, rows = read_rows(source, COLUMNS)
    summary = ImportSummary()
    summary.ignore_columns(headers)
    hoods = _lookup(team.neighbourhoods.values_list("pk", "slug", "name"))
    hood_objects = {h.pk: h for h in team.neighbourhoods.select_related("team")}
    indicators = {}
    for indicator in Indicator.objects.filter(level=Level.NEIGHBOURHOOD).filter(
        Q(team__isnull=True) | Q(team=team)
    ):
        indicators[normalise_name(indicator.code)] = indicators[normalise_name(indicator.name)] = indicator
    methods = _lookup((c.value, c.value, c.label) for c in SurveyMethod)
    for row in rows:
        if row.problem:
            summary.errors.append(row.shape_error())
            continue
        try:
            parsed = _parse(row.values, hoods=hoods, indicators=indicators, methods=methods)
        except _Bad as exc:
            summary.errors.append(row.error(exc.field, str(exc)))
            continue
        parsed["neighbourhood"] = hood_objects[parsed["neighbourhood"]]
        existing = Measurement.objects.filter(
            indicator=parsed["indicator"],
            neighbourhood=parsed["neighbourhood"],
            period_start=parsed["period_start"],
            period_end=parsed["period_end"],
        ).first()
        if existing is not None and _same(existing, parsed):
            summary.unchanged += 1
            continue
        try:
            with transaction.atomic(), records_unlogged():
                measurement_record(actor=actor, **parsed)
        except ValidationError as exc:
            field, messages = (
                next(iter(exc.message_dict.items()))
                if hasattr(exc, "error_dict")
                else ("value", exc.messages)
            )
            column = field if field in row.values else "value"
            summary.errors.append(row.error(column, messages[0]))
            continue
        except PermissionDenied as exc:
            summary.errors.append(row.error("neighbourhood", str(exc)))
            continue
        if existing is None:
            summary.created += 1
        else:
            summary.updated += 1
    if dry_run:
        transaction.set_rollback(True)
    else:
        record_import(model=Measurement, source=source, summary=summary, actor=actor, team_id=team.pk)
    return summary
