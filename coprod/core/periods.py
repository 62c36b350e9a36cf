"""Reporting periods: financial-year quarters and years (April to March) and months, with their bounds,
labels and parsing. Nothing else in coprod does date arithmetic for reporting.

A financial year is named by the year it starts in: 2026/27 runs from 1 April 2026 to 31 March 2027.
Its Q1 is April to June 2026, Q2 July to September, Q3 October to December, Q4 January to March 2027.
A quarter is written `2026/27 Q3` for people (with its months, "October to December 2026") and
`2026-27-Q3` in URLs, the API and commands.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

FIRST_MONTH = 4  # April
ACCEPTED = "a financial-year quarter written like 2026-27-Q3 (Q1 is April to June, Q4 January to March)"
_CODE = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2})\s*[-\s]\s*Q(\d)\s*$", re.IGNORECASE)


class PeriodError(ValueError):
    """A period that cannot be read; the message says what was given and what is accepted."""


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return month_start(day) + relativedelta(months=1) - datetime.timedelta(days=1)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of every month from start's to end's, both included."""
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month += relativedelta(months=1)
    return months


def financial_year_of(day: datetime.date) -> int:
    """The year a day's financial year starts in: 2026 for any day from April 2026 to March 2027."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


@dataclass(frozen=True, order=True)
class Quarter:
    """A financial-year quarter: `year` is the year its financial year starts in, `number` 1 to 4."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise PeriodError(f"A quarter is numbered 1 to 4, not {self.number}.")

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        return cls(financial_year_of(day), (day.month - FIRST_MONTH) % 12 // 3 + 1)

    @classmethod
    def parse(cls, text: object) -> Quarter:
        """`2026-27-Q3` (or the label, `2026/27 Q3`); anything else is refused, saying what is accepted."""
        found = _CODE.match(str(text or ""))
        if not found:
            raise PeriodError(f"'{text}' is not a period coprod can read: give {ACCEPTED}.")
        year, second, number = int(found[1]), int(found[2]), int(found[3])
        if second != (year + 1) % 100:
            raise PeriodError(
                f"'{text}' is not a financial year: {year} is followed by {(year + 1) % 100:02d}; "
                f"give {ACCEPTED}."
            )
        if not 1 <= number <= 4:
            raise PeriodError(f"'{text}' has no quarter {number}: give {ACCEPTED}.")
        if not 2000 <= year <= 2100:
            raise PeriodError(f"'{text}' is outside the years coprod reports on (2000 to 2100).")
        return cls(year, number)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, FIRST_MONTH, 1) + relativedelta(months=3 * (self.number - 1))

    @property
    def end(self) -> datetime.date:
        return self.start + relativedelta(months=3) - datetime.timedelta(days=1)

    @property
    def code(self) -> str:
        """The form for URLs, the API and commands: 2026-27-Q3."""
        return f"{self.year}-{(self.year + 1) % 100:02d}-Q{self.number}"

    @property
    def label(self) -> str:
        """The form for people: 2026/27 Q3."""
        return f"{financial_year_label(self.year)} Q{self.number}"

    @property
    def months_label(self) -> str:
        """ "October to December 2026"; "January to March 2027"."""
        return f"{self.start:%B} to {self.end:%B %Y}"

    @property
    def long_label(self) -> str:
        return f"{self.label} ({self.months_label})"

    def previous(self) -> Quarter:
        return Quarter.containing(self.start - datetime.timedelta(days=1))

    def next(self) -> Quarter:
        return Quarter.containing(self.end + datetime.timedelta(days=1))

    def __str__(self) -> str:
        return self.code


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the financial quarter a day falls in."""
    return Quarter.containing(day).start


def quarter_end(day: datetime.date) -> datetime.date:
    """The last day of the financial quarter a day falls in."""
    return Quarter.containing(day).end


def last_closed_quarter(today: datetime.date) -> Quarter:
    return Quarter.containing(today).previous()


def recent_quarters(today: datetime.date, count: int) -> list[Quarter]:
    """The current quarter and the `count - 1` before it, newest first."""
    quarters = [Quarter.containing(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


def period_label(start: datetime.date, end: datetime.date) -> str:
    """ "2026/27 Q3" for a whole quarter, "2026/27 Q3 to 21 November 2026" for a quarter to date,
    otherwise the dates themselves."""
    quarter = Quarter.containing(start)
    if (quarter.start, quarter.end) == (start, end):
        return quarter.label
    if start == quarter.start and end < quarter.end:
        return f"{quarter.label} to {end:%-d %B %Y}"
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


def period_months(start: datetime.date, end: datetime.date) -> str:
    """A whole quarter's months ("October to December 2026"), or nothing for any other period."""
    quarter = Quarter.containing(start)
    return quarter.months_label if (quarter.start, quarter.end) == (start, end) else ""


@dataclass(frozen=True)
class Split:
    """A period cut into what rollups can read whole: financial quarters, months outside them (first
    days), and spans of days outside both."""

    quarters: tuple[datetime.date, ...]
    months: tuple[datetime.date, ...]
    days: tuple[tuple[datetime.date, datetime.date], ...]

    @property
    def all_months(self) -> tuple[datetime.date, ...]:
        """The whole months, those of the whole quarters included."""
        inside = [q + relativedelta(months=i) for q in self.quarters for i in range(3)]
        return tuple(sorted([*inside, *self.months]))


def split(start: datetime.date, end: datetime.date) -> Split:
    whole, days = [], []
    for month in months_between(start, end):
        if month >= start and month_end(month) <= end:
            whole.append(month)
        else:
            days.append((max(start, month), min(end, month_end(month))))
    quarters = sorted(
        {
            quarter_start(m)
            for m in whole
            if all(quarter_start(m) + relativedelta(months=i) in whole for i in range(3))
        }
    )
    months = [m for m in whole if quarter_start(m) not in quarters]
    return Split(tuple(quarters), tuple(months), tuple(days))
