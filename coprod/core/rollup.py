"""Keeping a rollup table equal to what it sums: rows are matched on their key and only the difference
is written, so a refresh that finds nothing changed writes nothing.

Callers hold a lock on what the rows sum (for coprod's rollups, the team: coprod.units.locks) for the
rest of their transaction, so two writers never compute the same rows from different snapshots; the
tables' unique keys make a second row for a key impossible whatever a caller does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import models


def sync_rows(
    model: type[models.Model],
    scope: models.QuerySet,
    *,
    key: Sequence[str],
    values: Sequence[str] = (),
    desired: Mapping[tuple, tuple],
) -> set[tuple]:
    """Make the rows of `scope` exactly `desired` ({key values: other values}), by attribute names;
    returns the keys of the rows added, changed or removed."""
    width = len(key)
    existing: dict[tuple, tuple[int, tuple]] = {}
    for row in scope.order_by().values_list("pk", *key, *values):
        existing[tuple(row[1 : 1 + width])] = (row[0], tuple(row[1 + width :]))
    gone = [pk for k, (pk, _) in existing.items() if k not in desired]
    changed = [
        model(pk=pk, **dict(zip(values, desired[k], strict=True)))
        for k, (pk, old) in existing.items()
        if k in desired and desired[k] != old
    ]
    new = [
        model(**dict(zip(key, k, strict=True)), **dict(zip(values, v, strict=True)))
        for k, v in desired.items()
        if k not in existing
    ]
    if gone:
        model._default_manager.filter(pk__in=gone).delete()
    if changed:
        model._default_manager.bulk_update(changed, list(values), batch_size=2000)
    if new:
        model._default_manager.bulk_create(new, batch_size=2000)
    return {k for k in existing if k not in desired or desired[k] != existing[k][1]} | {
        k for k in desired if k not in existing
    }
