"""Reading reference CSV files robustly: headers found by name, every bad row reported with its place.

Files from ONS and MHCLG arrive with or without a byte order mark, with CR, LF or CRLF line ends,
numbers quoted with thousands separators and stray spaces in headers. Importers describe the columns
they need as regular expressions over normalised header names, and get back rows keyed by their own
field names plus the physical line number, so a message can say exactly where a value was.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class RowError:
    """One rejected row: where it is, which column, what value, and why."""

    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, column '{self.column}', value '{self.value}': {self.reason}"


@dataclass
class ImportSummary:
    """Counts for the closing line of an import, and every rejected row."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def ignore_columns(self, headers: Headers) -> None:
        """Say which columns of the file were not imported, so nothing is dropped unannounced."""
        if headers.ignored:
            self.warnings.append("columns not imported: " + ", ".join(repr(h) for h in headers.ignored))

    @property
    def rejected(self) -> int:
        return len(self.errors)

    def line(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}"
        )


class Headers(dict[str, str]):
    """Matched headers (field name -> header as written), and the headers no column wanted."""

    ignored: list[str]


class ImportFileError(Exception):
    """The file as a whole cannot be imported (empty, unreadable, or headers missing)."""


@dataclass(frozen=True)
class Column:
    """A column an importer wants: its field name and a pattern for the normalised header."""

    name: str
    pattern: str
    label: str
    required: bool = True

    def matches(self, header: str) -> bool:
        return re.fullmatch(self.pattern, header) is not None


@dataclass
class Row:
    """One data row: its first physical line, its values by field name, and any problem with its shape."""

    line: int
    values: dict[str, str]
    headers: dict[str, str]
    problem: str | None = None
    others: dict[str, str] = field(default_factory=dict)  # values of the columns not imported, by header

    def shape_error(self) -> RowError:
        """A row whose shape is wrong (too many values, a runaway quote) cannot be read field by field.

        Only for a row with a problem: importers ask when row.problem is set."""
        assert self.problem
        return RowError(self.line, "(whole row)", "", self.problem)

    def error(self, name: str, reason: str) -> RowError:
        return RowError(self.line, self.headers.get(name, name), self.values.get(name, ""), reason)


def normalise_header(header: str) -> str:
    return re.sub(r"\s+", " ", header.replace("\ufeff", "")).strip().lower()


def _not_utf8(line: int, byte: int) -> ImportFileError:
    return ImportFileError(
        f"line {line}: the file is not UTF-8 text (byte {byte:#04x}); save it as 'CSV UTF-8' and try again"
    )


def open_text(source: str | Path | io.IOBase) -> io.TextIOBase:
    """Read a path or stream as UTF-8 text (byte order mark dropped), line ends left to the CSV reader.

    The whole file is decoded at once, so a byte that is not UTF-8 is reported at its real line: for
    files read more than once (a header to look at first). read_rows streams instead.
    """
    if isinstance(source, io.TextIOBase):
        return source
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        data = source.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _not_utf8(data[: exc.start].count(b"\n") + 1, data[exc.start]) from None
    return io.StringIO(text, newline="")


_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def _raw_lines(source: str | Path | io.IOBase) -> Iterator[bytes]:
    """A file's bytes a line (to LF) at a time; a path is opened and closed here."""
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            yield from handle
    elif isinstance(source, io.IOBase):
        yield from source
    else:  # a file-like object (an upload) that is not an io stream
        yield from iter(source.readline, b"")


def stream_text(source: str | Path | io.IOBase) -> Iterator[str]:
    """A path or binary stream as UTF-8 lines, decoded as they are read so a file of any size takes
    constant memory: the byte order mark dropped, lines ending at CR, LF or CRLF as the CSV reader
    counts them, and a byte that is not UTF-8 reported at its line (no UTF-8 character holds LF, so a
    line at a time decodes exactly as the whole would)."""
    line = 0  # lines given so far
    for number, raw in enumerate(_raw_lines(source)):
        if number == 0 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _not_utf8(line + raw.count(b"\r", 0, exc.start) + 1, raw[exc.start]) from None
        if not text:  # a file of a byte order mark alone
            continue
        if "\r" in text:
            for part in _LONE_CR.split(text):
                if part:
                    line += 1
                    yield part
        else:
            line += 1
            yield text


def read_rows(source: str | Path | io.IOBase, columns: list[Column]) -> tuple[Headers, Iterator[Row]]:
    """Match the header row to the wanted columns and iterate the data rows.

    Returns the matched headers (field name -> header as written) and an iterator of rows. Raises
    ImportFileError naming every missing required header, or saying the file is empty.
    """
    reader = csv.reader(source if isinstance(source, io.TextIOBase) else stream_text(source))
    try:
        raw_headers = next(reader)
    except StopIteration:
        raise ImportFileError("the file is empty: no header row was found") from None
    except csv.Error as exc:
        raise ImportFileError(f"the header row cannot be read as CSV: {exc}") from None
    normalised = [normalise_header(h) for h in raw_headers]
    if not any(normalised):
        raise ImportFileError("the file is empty: the first line has no headers")

    positions: dict[str, int] = {}
    headers = Headers()
    for column in columns:
        for index, header in enumerate(normalised):
            if column.matches(header):
                positions[column.name] = index
                headers[column.name] = raw_headers[index].replace("\ufeff", "").strip()
                break
    used = set(positions.values())
    others = {i: h.strip() for i, h in enumerate(raw_headers) if i not in used and h.strip()}
    headers.ignored = list(others.values())
    missing = [c.label for c in columns if c.required and c.name not in positions]
    if missing:
        found = ", ".join(repr(h.strip()) for h in raw_headers if h.strip()) or "none"
        raise ImportFileError(
            "missing required headers: " + ", ".join(missing) + f" (headers found: {found})"
        )

    wanted, width = list(positions.items()), len(raw_headers)

    def rows() -> Iterator[Row]:
        last = reader.line_num  # the physical line a row ends on; the next starts after it
        try:
            for values in reader:
                start, last = last + 1, reader.line_num
                if not any(v.strip() for v in values):
                    continue
                problem = None
                if len(values) > len(raw_headers):
                    problem = (
                        f"the row has {len(values)} values but the header has {len(raw_headers)} columns"
                    )
                else:
                    joined = "".join(values)
                    if "\x00" in joined:
                        problem = "the row contains a NUL character, which no column can hold"
                    elif "\n" in joined or "\r" in joined:
                        problem = (
                            f"a value runs on to line {reader.line_num}, taking in the lines after it: "
                            "check for an unclosed quote"
                        )
                if problem:
                    yield Row(line=start, values={}, headers=headers, problem=problem)
                    continue
                if len(values) == width:  # the usual row, every cell there
                    picked = {name: values[i].strip() for name, i in wanted}
                else:
                    picked = {name: (values[i].strip() if i < len(values) else "") for name, i in wanted}
                yield Row(
                    line=start,
                    values=picked,
                    headers=headers,
                    others={h: values[i].strip() for i, h in others.items() if i < len(values)}
                    if others
                    else {},
                )
        except csv.Error as exc:
            raise ImportFileError(f"line {reader.line_num}: cannot be read as CSV: {exc}") from None

    return headers, rows()


# The largest value PostgreSQL's integer (and Django's PositiveIntegerField) holds.
MAX_INT = 2_147_483_647


def parse_int(value: str, *, minimum: int = 0, maximum: int = MAX_INT) -> int:
    """A whole number written as '29,199', ' 29199 ' or '29199.0', within bounds; ValueError otherwise."""
    if value.isascii() and value.isdigit():  # the usual case, read without the patterns
        number = int(value)
    else:
        cleaned = value.replace(",", "").replace(" ", "").strip()
        if not cleaned:
            raise ValueError("a number is required")
        if re.fullmatch(r"-?\d+(\.0+)?", cleaned) is None:
            raise ValueError("not a whole number")
        number = int(cleaned.split(".")[0])
    if not minimum <= number <= maximum:
        raise ValueError(f"must be from {minimum:,} to {maximum:,}")
    return number


DATE = "a date is written 2026-03-31 or 31/03/2026"


def parse_date(value: str) -> datetime.date:
    """A date written 2026-03-31 or 31/03/2026; ValueError (saying so) otherwise."""
    for parse in (datetime.date.fromisoformat, lambda t: datetime.datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parse(value.strip())
        except ValueError:
            continue
    raise ValueError(DATE)


def parse_decimal_str(value: str) -> str:
    """A decimal as a plain string, thousands separators removed; ValueError when not a number."""
    cleaned = value.replace(",", "").replace(" ", "").strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", cleaned) is None:
        raise ValueError("not a number")
    return cleaned
