"""Fast writes for large imports: inserts stream into PostgreSQL's COPY (or go through bulk_create),
updates run as one prepared statement."""

from __future__ import annotations

import gc
import json
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from django.utils import timezone

BATCH = 2000


def _column(model: type[models.Model], name: str) -> str:
    """The database column of a concrete field, by attribute name."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column is not None
    return field.column


class RowStream:
    """Insert rows (tuples in the order of `columns`, attribute names) as the caller produces them.

    On PostgreSQL the rows stream into COPY while the caller goes on working, so the server inserts
    and indexes on the machine's other core; elsewhere they go through bulk_create a chunk at a time.
    Values must already be what the columns hold (no defaults or auto_now here).

    With ids=True, `write` returns each row's place and `ids[place]` is the id the row got, once the
    stream is closed: on PostgreSQL the ids are taken from the table's sequence a chunk ahead (so no
    other writer can be given them) and sent with the rows; elsewhere bulk_create returns them. Callers
    link other rows to the new ones by place, without reading the rows back.

        with RowStream(Model, ["name", "team_id"], ids=True) as rows:
            place = rows.write(("A", 1))
        rows.ids[place]
    """

    CHUNK = 20_000

    def __init__(self, model: type[models.Model], columns: Sequence[str], *, ids: bool = False):
        self.model = model
        self.columns = list(columns)
        self.count = 0
        self.ids: array[int] = array("q")
        self._with_ids = ids
        self._pending: list[tuple] = []
        self._streaming = connection.vendor == "postgresql"
        self._reserved: list[int] = []
        self._copy_context: Any = None
        # COPY writes a Python list as a PostgreSQL array literal ("{a,b}"), which a json column reads
        # as an object or refuses: JSON columns are sent as JSON text.
        self._json = [
            i for i, c in enumerate(self.columns) if isinstance(model._meta.get_field(c), models.JSONField)
        ]

    def __enter__(self) -> RowStream:
        if self._streaming:
            self._cursor = connection.cursor()
            if not self._with_ids:
                self._open_copy()
        return self

    def _open_copy(self) -> None:
        quote = connection.ops.quote_name
        names = [_column(self.model, c) for c in self.columns]
        if self._with_ids:
            names.insert(0, self.model._meta.pk.column)
        listed = ", ".join(quote(n) for n in names)
        self._copy_context = self._cursor.cursor.copy(
            f"COPY {quote(self.model._meta.db_table)} ({listed}) FROM STDIN"
        )
        self._copy = self._copy_context.__enter__()

    def _close_copy(self, exc_type=None, exc=None, tb=None) -> None:
        if self._copy_context is not None:
            context, self._copy_context = self._copy_context, None
            context.__exit__(exc_type, exc, tb)

    def _reserve(self) -> None:
        """Take the next chunk of ids from the table's sequence (between COPYs: one statement at a time)."""
        self._close_copy()
        table, column = self.model._meta.db_table, self.model._meta.pk.column
        self._cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, self.CHUNK],
        )
        self._reserved = [pk for (pk,) in self._cursor.fetchall()]
        self._reserved.reverse()
        self._open_copy()

    def write(self, row: tuple) -> int:
        """Send one row; returns its place among the rows written."""
        place = self.count
        self.count += 1
        if self._streaming:
            if self._json:
                row = _with_json_text(row, self._json)
            if self._with_ids:
                if not self._reserved:
                    self._reserve()
                pk = self._reserved.pop()
                self.ids.append(pk)
                row = (pk, *row)
            self._copy.write_row(row)
        else:
            self._pending.append(row)
            if len(self._pending) >= self.CHUNK:
                self._flush()
        return place

    def _flush(self) -> None:
        objs = [self.model(**dict(zip(self.columns, row, strict=True))) for row in self._pending]
        self.model._default_manager.bulk_create(objs, batch_size=BATCH)
        if self._with_ids:
            assert all(obj.pk is not None for obj in objs), "this database returns no ids from bulk_create"
            self.ids.extend(obj.pk for obj in objs)
        self._pending = []

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._streaming:
            try:
                self._close_copy(exc_type, exc, tb)
            finally:
                self._cursor.close()
        elif exc_type is None:
            self._flush()


def _with_json_text(row: tuple, positions: list[int]) -> tuple:
    """The row with its JSON values as JSON text, which COPY's text format hands to the column as is."""
    values = list(row)
    for i in positions:
        value = values[i]
        if value is not None:
            values[i] = "[]" if value == [] else json.dumps(value)
    return tuple(values)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert rows all at once (see RowStream); returns how many went in."""
    with RowStream(model, columns) as stream:
        for row in rows:
            stream.write(row)
    return stream.count


def _db_value(field, value):
    """A value as the database takes it for the field (a dict for a JSON column, a Decimal, a date)."""
    assert isinstance(field, models.Field)
    return field.get_db_prep_save(value, connection)


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> int:
    """Set fields (and updated_at) on many rows by key: each row is (pk, *values in `fields`' order),
    each value made ready for its column as Django would. One prepared UPDATE runs for every row:
    bulk_update's CASE per field costs seconds a thousand rows in Python. Returns the rows given."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    prepared = [model._meta.get_field(name) for name in fields]
    columns = [_column(model, name) for name in (*fields, "updated_at")]
    sets = ", ".join(f"{quote(c)} = %s" for c in columns)
    # Only the model's own table and column names, quoted, go into the text; every value is a parameter.
    table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"UPDATE {table} SET {sets} WHERE {key} = %s"  # noqa: S608
    now = _db_value(model._meta.get_field("updated_at"), timezone.now())
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (*(_db_value(f, v) for f, v in zip(prepared, values, strict=True)), now, pk)
                for pk, *values in rows
            ],
        )
    return len(rows)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector for a bulk loop that allocates much and makes no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def refresh_statistics(*tables: type[models.Model]) -> None:
    """Tell PostgreSQL's planner what a large import put in these tables (ANALYZE; nothing on SQLite).

    Autovacuum would do it in time, but the plans made before it does (thinking a table of 33,000 rows
    empty) join by nested loops and take minutes; within the import's transaction ANALYZE sees its rows.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
