"""The rules of a community group's values, in one place.

Plain functions of plain values, with no database: the model (its field validators and clean(), and
so the forms, the API and every service) and the CSV import, after it has read a row's text, all call
these, so a bad value is refused everywhere with the same message. How a value is tidied as people
type it (registration numbers, postcodes, the 360Giving identifier they imply) is here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.core.validators import RegexValidator
from rapidfuzz import fuzz, process

CHARITY_NUMBER = RegexValidator(
    r"^(\d{6,8}(-\d{1,2})?|SC\d{6})$", "A charity number is 6 to 8 digits (or SC and 6 digits in Scotland)."
)
COMPANY_NUMBER = RegexValidator(
    r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$", "A company number is 8 characters, e.g. 01234567 or SC123456."
)
ORG_IDENTIFIER = RegexValidator(
    r"^(GB-CHC-\d{6,8}|GB-SC-SC\d{6}|GB-COH-[A-Z0-9]{8}|GB-[A-Z]{2,6}-[A-Za-z0-9-]+|360G-[A-Za-z0-9-]+|XI-[A-Za-z0-9-]+)$",
    "An identifier looks like GB-CHC-1234567, GB-COH-01234567, or a local one like 360G-coprod-42.",
)
POSTCODE = RegexValidator(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", "Enter a UK postcode, like ST1 4HH.")

# More than every hour of a week for 10,000 volunteers is a typing error.
MAX_VOLUNTEER_HOURS_WEEK = 24 * 7 * 10_000
FOUNDED_FROM, FOUNDED_TO = 1500, 2100

ESTIMATE = "Give the date and source of the volunteer estimate."
HOURS = (
    f"Enter from 0 to {MAX_VOLUNTEER_HOURS_WEEK:,} hours a week "
    "(more than every hour of a week for 10,000 people is a typing error)."
)
STARTED = "Give both the team that helped start the group and the date."
FOUNDED = f"Enter a year from {FOUNDED_FROM} to {FOUNDED_TO}, like 1998."
IDENTIFIER_MISMATCH = "The identifier does not match the registration number."


def normalise_postcode(value: str) -> str:
    """'st14hh' -> 'ST1 4HH'; anything else is left for the validator to explain."""
    code = value.replace(" ", "").upper()
    return f"{code[:-3]} {code[-3:]}" if len(code) > 3 else code


def normalise_identifiers(given: Mapping[str, Any]) -> dict[str, Any]:
    """Tidy registration numbers as people type them, and derive the 360Giving identifier."""
    values = dict(given)
    if values.get("charity_number"):
        values["charity_number"] = values["charity_number"].replace(" ", "").upper()
    if values.get("company_number"):
        number = values["company_number"].replace(" ", "").upper()
        values["company_number"] = number.zfill(8) if number.isdigit() else number
    if values.get("base_postcode"):
        values["base_postcode"] = normalise_postcode(values["base_postcode"])
    if not values.get("org_identifier"):
        charity = values.get("charity_number") or ""
        if charity.isdigit():
            values["org_identifier"] = f"GB-CHC-{charity}"
        elif charity.startswith("SC"):
            values["org_identifier"] = f"GB-SC-{charity}"
        elif values.get("company_number"):
            values["org_identifier"] = f"GB-COH-{values['company_number']}"
    return values


# Identifiers a group may make for itself (360Giving's local ones, and XI- ones from lists that are not
# registers): two groups can hold the same one without being one organisation.
LOCAL_IDENTIFIER_PREFIXES = ("360G-", "XI-")


def registered_identifier(value: str) -> bool:
    """Whether an organisation identifier names a registered organisation, so two groups holding it
    are probably one: the duplicate rule compares these, for a single new group and an import alike."""
    return bool(value) and not value.startswith(LOCAL_IDENTIFIER_PREFIXES)


# The name part of the duplicate rule. Two groups in the same authority may be one when some name of
# one (its name or an other name, normalised as search_name holds them) scores at least SIMILAR_NAME
# against some name of the other, by rapidfuzz's token_sort_ratio, and the two names hold the same
# numbers: "1st Bentilee Scouts" and "2nd Bentilee Scouts" are two troops, "Park Group 12" and "Park
# Group 13" two groups. A new group is flagged beside its MOST_SIMILAR closest, the best first and,
# between equals, the one added first.
SIMILAR_NAME = 88
MOST_SIMILAR = 20
_NUMBERS = re.compile(r"\d+")
SAME_NUMBER = "the same registration number or identifier"
SAME_NAME = "the same name in the same authority"


def similar_name_reason(score: float) -> str:
    """The flag's reason for a name score; rounded down, so 99.6 never reads as the same name."""
    return SAME_NAME if score >= 100 else f"a similar name in the same authority ({int(score)}%)"


@lru_cache(maxsize=1024)  # an import asks twice for each row: to flag it, then to hold it
@lru_cache(maxsize=1024)  # an import asks for a new name's forms twice, to compare it and to hold it
def _name_forms(search_name: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Each name of a search_name as (its numbers, its words sorted)."""
    forms = []
    for name in search_name.split(" | "):
        if name.strip():
            forms.append((tuple(sorted(_NUMBERS.findall(name))), " ".join(sorted(name.split()))))
    return tuple(forms)


class SimilarNames:
    """The names of groups, held for the duplicate rule's name part: a single new group asks it of the
    groups of its authority, an import of every group at once and then of each earlier row of its file,
    so both give the same answers.

    Names are kept in blocks of one authority and one set of numbers, since names with other numbers
    never match; each name is kept with its words sorted, so token_sort_ratio is a plain ratio.
    """

    def __init__(self) -> None:
        self._blocks: dict[tuple[int, tuple[str, ...]], tuple[list[str], list[int]]] = {}

    def add(self, pk: int, authority: int | None, search_name: str) -> None:
        if authority is None:
            return
        for numbers, name in _name_forms(search_name):
            names, pks = self._blocks.setdefault((authority, numbers), ([], []))
            names.append(name)
            pks.append(pk)

    def similar(self, authority: int | None, search_name: str) -> list[tuple[int, float]]:
        """(group, score) of the groups held whose names match a name in the authority, closest first."""
        if authority is None:
            return []
        best: dict[int, float] = {}
        for numbers, name in _name_forms(search_name):
            block = self._blocks.get((authority, numbers))
            if block is None:
                continue
            names, pks = block
            for _, score, i in process.extract(
                name, names, scorer=fuzz.ratio, score_cutoff=SIMILAR_NAME, limit=None
            ):
                best[pks[i]] = max(score, best.get(pks[i], 0.0))
        ranked = sorted(best.items(), key=lambda pair: (-pair[1], pair[0]))
        return ranked[:MOST_SIMILAR]


def identifier_mismatch(values: Mapping[str, object]) -> str | None:
    """Why a 360Giving identifier contradicts the registration numbers given with it, if it does."""
    identifier = str(values.get("org_identifier") or "")
    expected = {
        "GB-CHC-": values.get("charity_number"),
        "GB-SC-": values.get("charity_number"),
        "GB-COH-": values.get("company_number"),
    }
    for prefix, number in expected.items():
        if number and identifier.startswith(prefix) and identifier != f"{prefix}{number}":
            return IDENTIFIER_MISMATCH
    return None


def group_errors(values: Mapping[str, object]) -> dict[str, str]:
    """{field: message} for every rule a group's values break, together (empty when they keep them).

    `values` holds field names (a missing one counts as empty); `started_with_team` is anything true
    when a team is named."""
    errors: dict[str, str] = {}
    hours = values.get("volunteer_hours_week")
    if (values.get("volunteers") is not None or hours is not None) and not (
        values.get("volunteer_estimate_on") and values.get("volunteer_estimate_source")
    ):
        errors["volunteer_estimate_on"] = ESTIMATE
    if hours is not None and not 0 <= Decimal(str(hours)) <= MAX_VOLUNTEER_HOURS_WEEK:
        errors["volunteer_hours_week"] = HOURS
    if bool(values.get("started_with_team")) != bool(values.get("started_with_team_on")):
        errors["started_with_team_on"] = STARTED
    if problem := identifier_mismatch(values):
        errors["org_identifier"] = problem
    founded = values.get("founded_year")
    if founded is not None and not FOUNDED_FROM <= int(str(founded)) <= FOUNDED_TO:
        errors["founded_year"] = FOUNDED
    return errors
