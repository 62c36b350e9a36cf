"""CSV output that spreadsheets cannot mistake for formulas (CSV or formula injection)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

# A cell starting with one of these, even after spaces, is read by spreadsheets as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe; numbers pass."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """A file that hands back what is written to it, so csv.writer makes one line at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The lines of a CSV file, one at a time, every cell neutralised: a streamed export holds one row
    in memory, whatever the number of rows."""
    writer = csv.writer(_Line())
    yield writer.writerow([neutralise(h) for h in header])
    for row in rows:
        yield writer.writerow(["" if v is None else neutralise(v) for v in row])


def write_csv(handle: SupportsWrite[str], header: list[str], rows: Iterable[Iterable[object]]) -> None:
    for line in csv_lines(header, rows):
        handle.write(line)
