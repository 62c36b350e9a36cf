"""What pages anyone may read (signed out) show of small counts: a count of 1 or 2 could point at
someone, so it reads "fewer than 3", and no share is worked out of fewer than 3."""

from __future__ import annotations

SMALLEST_SHOWN = 3
FEWER = f"fewer than {SMALLEST_SHOWN}"


def shown_count(n: int | None) -> str:
    """A count as a public page shows it: 0, "fewer than 3", or the number with thousands separators."""
    if not n:
        return "0"
    return FEWER if n < SMALLEST_SHOWN else f"{n:,}"


def share_shown(part_of: int | None, share) -> str:
    """A share (already worked out) of a count, as a public page shows it: "-" when the count it is a
    share of is under 3."""
    if share is None or not part_of or part_of < SMALLEST_SHOWN:
        return "-"
    return f"{share}%"
