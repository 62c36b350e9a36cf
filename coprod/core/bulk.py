"""Fast writes for large imports: inserts stream into PostgreSQL's COPY (or go through bulk_create),
updates run as one prepared statement."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb

BATCH = 2000


def _column(model: type[models.Model], name: str) -> str:
    """The database column of a concrete field, by attribute name."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column is not None
    return field.column


class RowStream:
    """Insert rows (tuples in the order of `columns`, attribute names) as the caller produces them.

    On PostgreSQL the rows stream into COPY while the caller goes on working, so the server inserts
    and indexes on the machine's other core; elsewhere they are collected and bulk_created at the
    end. The database assigns the ids: callers that need them look the rows up afterwards by a key
    of their own. Values must already be what the columns hold (no defaults or auto_now here).

        with RowStream(Model, ["name", "team_id"]) as rows:
            rows.write(("A", 1))
    """

    def __init__(self, model: type[models.Model], columns: Sequence[str]):
        self.model = model
        self.columns = list(columns)
        self.count = 0
        self._pending: list[tuple] = []
        self._streaming = connection.vendor == "postgresql"
        # COPY writes a Python list as a PostgreSQL array literal ("{a,b}"), which a json column reads
        # as an object or refuses: JSON columns are sent as JSON.
        self._json = [
            i for i, c in enumerate(self.columns) if isinstance(model._meta.get_field(c), models.JSONField)
        ]

    def __enter__(self) -> RowStream:
        if self._streaming:
            quote = connection.ops.quote_name
            names = ", ".join(quote(_column(self.model, c)) for c in self.columns)
            self._cursor = connection.cursor()
            self._copy_context = self._cursor.cursor.copy(
                f"COPY {quote(self.model._meta.db_table)} ({names}) FROM STDIN"
            )
            self._copy = self._copy_context.__enter__()
        return self

    def write(self, row: tuple) -> None:
        self.count += 1
        if self._streaming:
            if self._json:
                row = tuple(Jsonb(v) if i in self._json and v is not None else v for i, v in enumerate(row))
            self._copy.write_row(row)
        else:
            self._pending.append(row)

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._streaming:
            try:
                self._copy_context.__exit__(exc_type, exc, tb)
            finally:
                self._cursor.close()
        elif exc_type is None:
            objs = [self.model(**dict(zip(self.columns, row, strict=True))) for row in self._pending]
            self.model._default_manager.bulk_create(objs, batch_size=BATCH)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]) -> int:
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
