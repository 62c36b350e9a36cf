"""A community group's fields, declared once: which the form, the API, the services, the CSV import
(its headers and what it compares) and the CSV export use, and in what order.

Adding a field to the directory is one line here, the model's field and a migration; every door then
takes it as this says. The rules of the values are in groups.rules.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from django.db import models

from coprod.groups.models import CommunityGroup
from coprod.places.models import LSOA
from coprod.units.models import Team


@dataclass(frozen=True)
class GroupField:
    """One of a group's fields (or relations), as people set and read it.

    - header: the CSV import's header pattern (spaces also match underscores); "" for a field the
      import does not read;
    - export: the CSV export's column title; "" for a field it leaves out; export_from, the attribute
      the export reads where it is not the field (names of related records);
    - form: on the group form (the base LSOA is typed there as a code instead).
    """

    name: str
    header: str = ""
    export: str = ""
    export_from: str = ""
    form: bool = True


FIELDS: tuple[GroupField, ...] = (
    GroupField("name", r"name", "Name"),
    GroupField("other_names", r"other names?", "Other names"),
    GroupField("legal_form", r"legal form", "Legal form"),
    GroupField("charity_number", r"charity (number|no\.?)", "Charity number"),
    GroupField("company_number", r"company (number|no\.?)", "Company number"),
    GroupField(
        "org_identifier", r"(org(anisation|anization)? )?identifier|org id", "Organisation identifier"
    ),
    GroupField("income_band", r"income band", "Income band"),
    GroupField("full_time_staff", r"full.?time staff", "Full-time staff"),
    GroupField("volunteers", r"volunteers", "Volunteers"),
    GroupField("volunteer_hours_week", r"volunteer hours( a| per)? week", "Volunteer hours a week"),
    GroupField("volunteer_estimate_on", r"volunteer estimate (on|date)", "Volunteer estimate date"),
    GroupField("volunteer_estimate_source", r"volunteer estimate source", "Volunteer estimate source"),
    GroupField("areas_of_work", r"areas? of work", "Areas of work", export_from="areas"),
    GroupField("spatial_focus", r"spatial focus", "Spatial focus"),
    GroupField(
        "neighbourhoods", r"neighbourhoods?( served)?", "Neighbourhoods", export_from="neighbourhood_names"
    ),
    GroupField("base_postcode", r"(base )?postcode", "Base postcode"),
    GroupField("base_lsoa", r"(base )?lsoa", form=False),
    GroupField("statutory_relationship", r"(statutory )?relationship", "Relationship with statutory bodies"),
    GroupField("user_group_kind", r"user group( kind)?", "Public-service user group"),
    GroupField("social_enterprise", r"social enterprise", "Social enterprise"),
    GroupField("premises", r"premises", "Premises"),
    GroupField("status", r"status", "Status"),
    GroupField("status_since", export="Status since"),
    GroupField("founded_year", r"founded( year)?", "Founded"),
    GroupField("started_with_team"),
    GroupField("started_with_team_on"),
    GroupField("support_intensity", r"support intensity", "Support intensity"),
    GroupField("support_intensity_since", export="Support intensity since"),
    GroupField("anonymous_in_publications", r"anonymous( in publications)?"),
    GroupField("notes"),
)


def _many(name: str) -> bool:
    return bool(CommunityGroup._meta.get_field(name).many_to_many)


def _column(name: str) -> str:
    """The field's column name as values() reads it (base_lsoa_id for the base LSOA)."""
    field = CommunityGroup._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field.attname


# What each door takes, derived from FIELDS.
FORM_FIELDS = [f.name for f in FIELDS if f.form]
API_FIELDS = [f.name for f in FIELDS]
# The services take these as values, and the lists (areas of work, neighbourhoods) apart.
SERVICE_FIELDS = frozenset(f.name for f in FIELDS if not _many(f.name))
IMPORTED = [f for f in FIELDS if f.header]
# What the import compares to tell a changed group from an unchanged one (the lists apart).
COMPARED = [_column(f.name) for f in IMPORTED if not _many(f.name)]
# The export's columns: the group's identifier first, as in 360Giving and HSDS files, then in order.
EXPORTED = sorted(
    ((f.export_from or f.name, f.export) for f in FIELDS if f.export),
    key=lambda column: column[0] != "org_identifier",
)


class GroupValues(TypedDict, total=False):
    """What group_create and group_update take as values: SERVICE_FIELDS, typed (tests/groups/
    test_fields.py holds them equal)."""

    name: str
    other_names: str
    legal_form: str
    charity_number: str
    company_number: str
    org_identifier: str
    income_band: str
    full_time_staff: int | None
    volunteers: int | None
    volunteer_hours_week: Decimal | None
    volunteer_estimate_on: datetime.date | None
    volunteer_estimate_source: str
    spatial_focus: str
    base_postcode: str
    base_lsoa: LSOA | None
    statutory_relationship: str
    user_group_kind: str
    social_enterprise: bool
    premises: str
    status: str
    status_since: datetime.date
    founded_year: int | None
    started_with_team: Team | None
    started_with_team_on: datetime.date | None
    support_intensity: str
    support_intensity_since: datetime.date
    anonymous_in_publications: bool
    notes: str
