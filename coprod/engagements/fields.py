"""A logged contact's fields, declared once: which the services set, which the API shows and takes,
which columns the CSV import reads (and which it must have), in that order.

Adding a field to the log is one line here, the model's field and a migration; the quick-log form is
written by hand for the phone (its order, labels and widgets), and tests/engagements/test_fields.py
holds it to this list. The rules of the values are in engagements.rules.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypedDict

from coprod.core.csvimport import Column
from coprod.engagements.models import ActivityType, WorkProgramme
from coprod.neighbourhoods.models import Neighbourhood


@dataclass(frozen=True)
class EngagementField:
    """One of a contact's fields as people set and read it.

    - header: the import's header pattern ("" for a field the import does not read); required, whether
      a file must have that column;
    - value: set through the services as a value (the team, the worker and the lists are their own
      arguments);
    - form: on the quick-log form.
    """

    name: str
    header: str = ""
    required: bool = False
    value: bool = True
    form: bool = True


FIELDS: tuple[EngagementField, ...] = (
    EngagementField("date", r"date", required=True),
    EngagementField("team", value=False),
    EngagementField("worker", r"worker|username", required=True, value=False, form=False),
    EngagementField("neighbourhood", r"neighbourhood"),
    EngagementField("groups", r"groups?", value=False),
    EngagementField("activity_type", r"activity[ _]type|type", required=True),
    EngagementField("dimension", r"dimension", required=True),
    EngagementField("minutes", r"minutes|professional[ _]minutes", required=True),
    EngagementField("people_present", r"people[ _]present"),
    EngagementField("new_people", r"new[ _]people"),
    EngagementField("partners", r"partners?"),
    EngagementField("public_bodies", r"public[ _]bodies|bodies", value=False),
    EngagementField("themes", r"themes?", value=False),
    EngagementField("tags", r"tags?"),
    EngagementField("notes", r"notes?"),
    EngagementField("sensitive", r"sensitive"),
    EngagementField("work_programme"),
)

# What each door takes, derived from FIELDS.
SERVICE_FIELDS = frozenset(f.name for f in FIELDS if f.value)
API_FIELDS = [f.name for f in FIELDS]
FORM_FIELDS = [f.name for f in FIELDS if f.form]
COLUMNS = [Column(f.name, f.header, f.name, required=f.required) for f in FIELDS if f.header]


class EngagementValues(TypedDict, total=False):
    """What engagement_log and engagement_update take as values: SERVICE_FIELDS, typed
    (tests/engagements/test_fields.py holds them equal)."""

    date: datetime.date
    neighbourhood: Neighbourhood | None
    activity_type: ActivityType
    dimension: str
    minutes: int
    people_present: int
    new_people: int
    partners: list[str]
    tags: object  # text or a list of words; engagements.rules refuses anything else, naming the field
    notes: str
    sensitive: bool
    work_programme: WorkProgramme | None
