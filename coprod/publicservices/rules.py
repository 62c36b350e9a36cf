"""The rules of offers, their capacity and the referrals they receive, in one place.

Plain functions of plain values: the models' clean(), the services and the figures all call these.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_FLOOR, Decimal

from coprod.core.periods import Quarter

FUNDED = "Places funded cannot be more than the places a week."
COUNTS = "Accepted and declined referrals together cannot be more than those received."
ONE_QUARTER = (
    "Give a period of one financial quarter at most (April to June, July to September, "
    "October to December or January to March), so each quarter's figures add up."
)
ORDER = "The period cannot end before it starts."
YEARS = "Give dates from 2000 to 2100, the years coprod reports on."
FIRST_YEAR, LAST_YEAR = 2000, 2100
READING_TWICE = "There is a reading of this offer for that day already: change it instead."
COUNTED_TWICE = "Referrals from this source for this period are recorded already: change them instead."


HOURS = "Give hours from 0 to 10,000, to one decimal place."
MAX_FRONTLINE_HOURS = 10_000


# Referral counts hold numbers only. A CSV column whose header names a person's details is refused with
# the whole file, and a value shaped like an NHS number (ten digits, 3-3-4) in a column coprod does not
# import refuses its row, so nothing about a referred person is read, kept, or reported back.
PERSONAL_HEADER = (
    r"(.*\b(first|last|given|family|full|patient|person|client|referee|service user)s?'?s? names?\b.*)"
    r"|names?|surname|forenames?|patient|person|client|(.*\bnhs\b.*)|(.*\b(date of birth|dob|birth date)\b.*)"
    r"|(.*\b(postcode|post code|address|e-?mail|phone|mobile|telephone)\b.*)"
    r"|(.*\b(person|people|patient|client)s? referred\b.*)"
    r"|(.*\breferred (person|people|patient|client)s?\b.*)"
)
PERSONAL_COLUMN = (
    "looks like it holds a referred person's details: referral counts hold numbers only, so remove "
    "the column and import the file again"
)
NHS_NUMBER = r"\d{3}[ -]?\d{3}[ -]?\d{4}"
NHS_VALUE = "holds what looks like an NHS number (not shown here): referral counts hold numbers only"


def looks_personal_header(header: str) -> bool:
    """Whether a column's header (normalised: lower case, single spaces) names a person's details."""
    return re.fullmatch(PERSONAL_HEADER, header.replace("_", " ")) is not None


def looks_like_nhs_number(value: str) -> bool:
    return re.fullmatch(NHS_NUMBER, value.strip()) is not None


def period_errors(period_start: datetime.date, period_end: datetime.date) -> dict[str, str]:
    """A counted period: within the years reported on, in order, and within one financial quarter."""
    errors: dict[str, str] = {}
    for name, day in (("period_start", period_start), ("period_end", period_end)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            errors[name] = YEARS
    if not errors and period_end < period_start:
        errors["period_end"] = ORDER
    elif not errors and period_end > Quarter.containing(period_start).end:
        errors["period_end"] = ONE_QUARTER
    return errors


def offer_errors(*, places_week: int, places_funded: int) -> dict[str, str]:
    return {"places_funded": FUNDED} if places_funded > places_week else {}


def referral_errors(
    *,
    period_start: datetime.date,
    period_end: datetime.date,
    received: int,
    accepted: int,
    declined_full: int,
    declined_other: int,
) -> dict[str, str]:
    errors = period_errors(period_start, period_end)
    if accepted + declined_full + declined_other > received:
        errors["received"] = COUNTS
    return errors


def at_capacity(*, places_week: int, filled: int, waiting: int) -> bool:
    """An offer is at capacity when its places are all taken, or people wait for one."""
    return filled >= places_week or waiting > 0


def places_available(*, places_week: int, filled: int, waiting: int) -> int:
    """Places free a week: none once at capacity (at_capacity), else those not filled."""
    return 0 if at_capacity(places_week=places_week, filled=filled, waiting=waiting) else places_week - filled


def share_percent(part: int, whole: int) -> Decimal | None:
    """part of whole as a percentage to one decimal place, rounded down (so 29.99% never reads 30.0%);
    None when there is no whole."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
