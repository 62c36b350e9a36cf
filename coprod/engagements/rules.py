"""The rules of a logged contact's values, in one place.

Plain functions of plain values, with no database: the model's clean() (and so the quick-log form,
the API and every service), and the CSV import after it has read a row's text, all call
engagement_errors, so a bad value is refused everywhere with the same message. What needs the
database (a neighbourhood or work programme of the contact's own team, groups of its directory) is
checked by the model and the service; the import can only find the team's own.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from coprod.engagements.choices import Partner

# A single contact longer than a long day is a typing error.
MAX_MINUTES = 16 * 60
MAX_TAG_LENGTH = 40

MINUTES = f"Enter from 1 to {MAX_MINUTES} minutes."
NEW_NOT_MORE_THAN_PRESENT = "New people are counted among the people present, so cannot be more."
NOT_YET = "A contact cannot be logged for a day that has not come yet."
TAGS = f"Tags are short words or phrases ({MAX_TAG_LENGTH} characters at most)."


def tidy_tags(tags: object) -> object:
    """'Food bank, food BANK,youth' -> ['food bank', 'youth']; anything odd is left for the rules."""
    if isinstance(tags, str):
        tags = tags.split(",")
    if isinstance(tags, list) and all(isinstance(t, str) for t in tags):
        return sorted({t.strip().lower() for t in tags if t.strip()})
    return tags


def engagement_errors(
    *,
    date: datetime.date | None,
    minutes: int | None,
    people_present: int | None,
    new_people: int | None,
    partners: Iterable[object] | None,
    tags: object,
    today: datetime.date,
) -> dict[str, str]:
    """{field: message} for every rule a contact's values break (empty when they keep them all).

    A value still missing (None) is left to the field's own "required" check."""
    errors: dict[str, str] = {}
    if date is not None and date > today:
        errors["date"] = NOT_YET
    if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = MINUTES
    if new_people is not None and people_present is not None and new_people > people_present:
        errors["new_people"] = NEW_NOT_MORE_THAN_PRESENT
    unknown = [p for p in partners or [] if p not in Partner.values]
    if unknown:
        errors["partners"] = f"Unknown partners: {', '.join(map(str, unknown))}."
    if not isinstance(tags, list) or any(not isinstance(t, str) or len(t) > MAX_TAG_LENGTH for t in tags):
        errors["tags"] = TAGS
    return errors
