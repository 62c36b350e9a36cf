"""Open Referral's Human Services Data Specification (HSDS 3), the shape coprod publishes its
directory in: the ids and the rules every HSDS export shares.

- Ids are UUIDs, as the standard requires. A record's id is stable from one export to the next (a
  name-based UUID of the kind of record and its key), so a reader can follow it over time; a group
  that asked to be anonymous gets a fresh id in each export instead, the same for all of that
  export's records that point at it, so nothing published links back to it.
- A value coprod does not hold is left out, never sent as null, an empty string or an empty list.
- Times are RFC 3339, in UTC.

The exports are validated against the published schemas (vendored in tests/standards/vendor/hsds).
"""

from __future__ import annotations

import datetime
import uuid

# The namespace of coprod's name-based ids (uuid5): any fixed UUID would do; this one is coprod's.
NAMESPACE = uuid.UUID("0d9c1a4e-6b3f-5a2d-8c71-4e0f2b9d7a63")


def stable_id(kind: str, key: object) -> str:
    """The UUID of a record of a kind ("organization", "service", ...) with a key, the same in every
    export."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


class Ids:
    """The ids of one export: stable ones, and one fresh id per anonymous record, kept for the export
    so that its services point at the organisation it names."""

    def __init__(self) -> None:
        self._fresh: dict[tuple[str, object], str] = {}

    def of(self, kind: str, key: object, *, anonymous: bool = False) -> str:
        if not anonymous:
            return stable_id(kind, key)
        return self._fresh.setdefault((kind, key), str(uuid.uuid4()))


def compact(record: dict) -> dict:
    """The record without the values coprod does not hold (None, an empty string or list)."""
    return {k: v for k, v in record.items() if v is not None and v != "" and v != []}


def rfc3339(moment: datetime.datetime) -> str:
    """A moment as RFC 3339 in UTC: 2026-11-03T09:30:00Z."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
