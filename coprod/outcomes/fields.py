"""A measurement's fields, declared once: which the services change, which the API shows and takes,
which columns the survey-results import reads (and which it must have), in that order.

Adding a field is one line here, the model's field and a migration; the measurement form is written
by hand (labels and help for surveys), and tests/outcomes/test_fields.py holds it to this list. The
rules of the values are in outcomes.rules.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from coprod.core.csvimport import Column


@dataclass(frozen=True)
class MeasurementField:
    """One of a measurement's fields as people set and read it.

    - header: the import's header pattern ("" for a field the import does not read); required, whether
      a file must have that column;
    - changes: a value a change may set (what is measured, and where, is fixed once recorded);
    - form: on the measurement form (which is a neighbourhood's: its subject is the page's).
    """

    name: str
    header: str = ""
    required: bool = True
    changes: bool = True
    form: bool = True


FIELDS: tuple[MeasurementField, ...] = (
    MeasurementField("neighbourhood", r"neighbourhood", changes=False, form=False),
    MeasurementField("group", changes=False, form=False),
    MeasurementField("indicator", r"indicator|indicator[ _]code", changes=False),
    MeasurementField("period_start", r"period[ _]start|start"),
    MeasurementField("period_end", r"period[ _]end|end"),
    MeasurementField("value", r"value|percent|percentage"),
    MeasurementField("sample_size", r"sample[ _]size|sample|respondents", required=False),
    MeasurementField("method", r"method", required=False),
    MeasurementField("source", r"source|survey"),
)

# What each door takes, derived from FIELDS.
CHANGED_FIELDS = frozenset(f.name for f in FIELDS if f.changes)
API_FIELDS = [f.name for f in FIELDS]
FORM_FIELDS = [f.name for f in FIELDS if f.form]
COLUMNS = [Column(f.name, f.header, f.name, required=f.required) for f in FIELDS if f.header]


class MeasurementChanges(TypedDict, total=False):
    """What measurement_update takes: CHANGED_FIELDS, typed (tests/outcomes/test_fields.py holds them
    equal)."""

    period_start: datetime.date
    period_end: datetime.date
    value: Decimal
    source: str
    sample_size: int | None
    method: str
