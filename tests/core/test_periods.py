"""Financial-year quarters: bounds, labels, parsing and refusals, and the pieces a period splits into."""

import datetime

import pytest

from coprod.core.periods import (
    PeriodError,
    Quarter,
    last_closed_quarter,
    period_label,
    recent_quarters,
    split,
)

D = datetime.date


@pytest.mark.parametrize(
    ("day", "code", "start", "end"),
    [
        (D(2026, 4, 1), "2026-27-Q1", D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 9, 30), "2026-27-Q2", D(2026, 7, 1), D(2026, 9, 30)),
        (D(2026, 11, 21), "2026-27-Q3", D(2026, 10, 1), D(2026, 12, 31)),
        (D(2027, 3, 31), "2026-27-Q4", D(2027, 1, 1), D(2027, 3, 31)),
        (D(2100, 1, 15), "2099-00-Q4", D(2100, 1, 1), D(2100, 3, 31)),
    ],
)
def test_a_day_falls_in_its_financial_quarter(day, code, start, end):
    quarter = Quarter.containing(day)
    assert (quarter.code, quarter.start, quarter.end) == (code, start, end)
    assert Quarter.parse(code) == quarter


def test_labels_say_the_financial_year_and_the_months():
    q3 = Quarter.parse("2026-27-Q3")
    assert q3.label == "2026/27 Q3"
    assert q3.months_label == "October to December 2026"
    assert Quarter.parse("2026-27-Q4").months_label == "January to March 2027"
    assert Quarter.parse("2026/27 Q3") == q3  # the label reads back too
    assert period_label(q3.start, q3.end) == "2026/27 Q3"
    assert period_label(q3.start, D(2026, 11, 21)) == "2026/27 Q3 to 21 November 2026"
    assert period_label(D(2026, 8, 3), D(2026, 8, 20)) == "3 August 2026 to 20 August 2026"


@pytest.mark.parametrize("text", ["banana", "2026-27-Q9", "2026-Q3", "2026-28-Q1", "", None, "2026-27-Q0"])
def test_a_period_that_cannot_be_read_is_refused_saying_what_is_accepted(text):
    with pytest.raises(PeriodError) as refused:
        Quarter.parse(text)
    message = str(refused.value)
    assert "2026-27-Q3" in message or "followed by" in message
    assert str(text) in message


def test_quarters_step_across_financial_years():
    assert Quarter.parse("2026-27-Q1").previous() == Quarter.parse("2025-26-Q4")
    assert Quarter.parse("2025-26-Q4").next() == Quarter.parse("2026-27-Q1")
    assert last_closed_quarter(D(2026, 12, 1)).code == "2026-27-Q2"
    assert [q.code for q in recent_quarters(D(2026, 5, 2), 3)] == ["2026-27-Q1", "2025-26-Q4", "2025-26-Q3"]


def test_a_period_splits_into_whole_quarters_months_and_days():
    pieces = split(D(2026, 6, 15), D(2026, 11, 10))
    assert pieces.quarters == (D(2026, 7, 1),)
    assert pieces.months == (D(2026, 10, 1),)
    assert pieces.days == ((D(2026, 6, 15), D(2026, 6, 30)), (D(2026, 11, 1), D(2026, 11, 10)))
    assert pieces.all_months == (D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1), D(2026, 10, 1))
    inside = split(D(2026, 8, 3), D(2026, 8, 20))
    assert (inside.quarters, inside.months, inside.days) == ((), (), ((D(2026, 8, 3), D(2026, 8, 20)),))
