"""An allocation's fields, declared once: which the services set, which the API shows and takes, the
allocation CSV's columns, and which a 360Giving grant fills (and the import compares, to tell a
changed grant from one it has already recorded).

Adding a field is one line here, the model's field and a migration; tests/funding/test_fields.py holds
the form, the API, the services, the import and the export to it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from coprod.funding.models import Proposal


@dataclass(frozen=True)
class AllocationField:
    """One of an allocation's fields as people set and read it.

    - export: its column in the allocation CSV;
    - giving: the 360Giving column a grant fills it from ("" for none);
    - value: set through the services as a value (the neighbourhoods and groups are lists apart);
    - form: on the allocation form (identifiers come with grants, from their 360Giving files).
    """

    name: str
    export: str
    giving: str = ""
    value: bool = True
    form: bool = True


FIELDS: tuple[AllocationField, ...] = (
    AllocationField("date", "Date", giving="Award Date"),
    AllocationField("category", "Category"),
    AllocationField("state", "State"),
    AllocationField("amount", "Amount (£)", giving="Amount Awarded"),
    AllocationField("title", "Title", giving="Title"),
    AllocationField("recipient_name", "Recipient", giving="Recipient Org:Name"),
    AllocationField(
        "recipient_identifier", "Recipient identifier", giving="Recipient Org:Identifier", form=False
    ),
    AllocationField("neighbourhoods", "Neighbourhoods", value=False),
    AllocationField("groups", "Groups", value=False),
    AllocationField("proposal", "Proposal"),
    AllocationField("grant_identifier", "360Giving grant identifier", giving="Identifier", form=False),
    AllocationField("grant_programme", "Grant programme", giving="Grant Programme:Title", form=False),
    AllocationField(
        "recipient_postcode", "Recipient postcode", giving="Recipient Org:Postal Code", form=False
    ),
)

# What each door takes, derived from FIELDS.
SERVICE_FIELDS = frozenset(f.name for f in FIELDS if f.value)
API_FIELDS = [f.name for f in FIELDS]
FORM_FIELDS = [f.name for f in FIELDS if f.form]
EXPORTED = [f.name for f in FIELDS]
EXPORT_TITLES = [f.export for f in FIELDS]
# A grant already recorded is changed only when one of these differs (its identifier is the key).
COMPARED = tuple(f.name for f in FIELDS if f.giving and f.name != "grant_identifier")


class AllocationValues(TypedDict, total=False):
    """What allocation_save takes as values: SERVICE_FIELDS, typed (tests/funding/test_fields.py holds
    them equal)."""

    date: datetime.date
    category: str
    state: str
    amount: Decimal
    title: str
    recipient_name: str
    recipient_identifier: str
    proposal: Proposal | None
    grant_identifier: str
    grant_programme: str
    recipient_postcode: str
