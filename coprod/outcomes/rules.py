"""The rules of a measurement's values, in one place.

Plain functions of plain values, with no database: Measurement.clean() (and so measurement_record and
measurement_update, which the survey form and the API go through) and the survey import, after it has
read a row's text, all call measurement_errors, so a bad value is refused everywhere with the same
message. What needs the database (a computed indicator, the indicator's level, another team's
indicator, one subject) is checked by the service.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from coprod.outcomes.choices import Unit

NON_NEGATIVE_UNITS = frozenset({Unit.PERCENT, Unit.COUNT, Unit.PER_1000, Unit.RATIO, Unit.HOURS})
MIN_SAMPLE_SIZE = 1

PERIOD = "The period cannot end before it starts."
SURVEY_SAMPLE = "A survey result needs the number of people who answered."
SAMPLE_SIZE = f"A sample size is the number of people who answered: {MIN_SAMPLE_SIZE} or more."
# Filled in with str.format: the value as shown(), the unit's name, the day.
PERCENT = "{value} is not a percentage between 0 and 100."
NEGATIVE = "{value} cannot be negative for {unit}."
FUTURE = "{day:%d %B %Y} is in the future."


def shown(value: Decimal | int) -> str:
    """A value as a message shows it, without the zeros a channel pads it with: 150.00 -> '150'."""
    return f"{Decimal(value).normalize():f}"


def in_future(day: datetime.date | None, today: datetime.date) -> str | None:
    """Why a day cannot be recorded yet, if it cannot."""
    if day is not None and day > today:
        return FUTURE.format(day=day)
    return None


def value_error(unit: str, value: Decimal | int | None) -> str | None:
    """Why a value makes no sense in an indicator's unit (a percentage within 0 to 100, counts not
    negative), if it does not."""
    if value is None:
        return None
    if unit == Unit.PERCENT and not (0 <= value <= 100):
        return PERCENT.format(value=shown(value))
    if unit in NON_NEGATIVE_UNITS and value < 0:
        return NEGATIVE.format(value=shown(value), unit=Unit(unit).label.lower())
    return None


def measurement_errors(
    *,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    value: Decimal | int | None,
    unit: str | None,
    survey: bool,
    sample_size: int | None,
    today: datetime.date,
) -> dict[str, str]:
    """{field: message} for every rule a measurement's values break (empty when they keep them all).

    `unit` is the indicator's unit and `survey` whether it is a Community Life Survey item (None and
    False when there is no indicator yet). A value still missing (None) is left to the field's own
    "required" check."""
    errors: dict[str, str] = {}
    if period_start is not None and period_end is not None and period_end < period_start:
        errors["period_end"] = PERIOD
    elif problem := in_future(period_end, today):
        errors["period_end"] = problem
    if unit is not None and (problem := value_error(unit, value)):
        errors["value"] = problem
    if sample_size is not None and sample_size < MIN_SAMPLE_SIZE:
        errors["sample_size"] = SAMPLE_SIZE
    elif survey and sample_size is None:
        errors["sample_size"] = SURVEY_SAMPLE
    return errors
