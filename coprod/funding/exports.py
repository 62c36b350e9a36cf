"""CSV exports of the ledger: allocations, and the 10% position by initiative, region, stream or period.

Both take querysets the caller has already scoped (allocations_for_user, initiatives_for_user). Money
is written as plain pounds and pence ("1234.56"), straight from Decimal, so a spreadsheet's sum is
the page's sum to the penny.
"""

from __future__ import annotations

import io

from django.db.models import QuerySet

from coprod.core.csvsafe import write_csv
from coprod.funding.fields import EXPORT_TITLES, EXPORTED
from coprod.funding.models import Allocation
from coprod.funding.selectors import LedgerRow
from coprod.groups.selectors import groups_for_user
from coprod.neighbourhoods.selectors import neighbourhoods_for_user
from coprod.units.selectors import UserLike

# The allocation's place in the ledger, then its own fields (funding.fields).
ALLOCATION_COLUMNS = ["Allocation id", "Initiative", "Region", "Funding stream", *EXPORT_TITLES]
LEDGER_COLUMNS = [
    "Key", "Name", "Initiatives", "Budget (£)", "Capacity building (£)", "Community-proposed (£)",
    "Qualifying (£)", "Other (£)", "Committed (£)", "Spent (£)", "Share (%)", "Meets 10%", "Shortfall (£)",
]  # fmt: skip


def _named(items, reached: set[int]) -> str:
    """Names of the records the reader reaches; the others only counted, as they are another team's."""
    names = [item.name for item in items if item.pk in reached]
    others = sum(1 for item in items if item.pk not in reached)
    if others:
        names.append(f"{others} of another team")
    return "; ".join(names)


def allocations_csv(allocations: QuerySet[Allocation], *, user: UserLike) -> str:
    """The allocations as CSV. Neighbourhoods and groups are a team's records: the reader sees the
    names of those they reach, and only how many others an allocation names."""
    hoods = set(neighbourhoods_for_user(user).values_list("pk", flat=True))
    groups = set(groups_for_user(user).values_list("pk", flat=True))
    rows = (
        allocations.select_related("initiative__region", "initiative__funding_stream", "proposal")
        .prefetch_related("neighbourhoods", "groups")
        .order_by("date", "pk")
    )

    def lines():
        for a in rows:
            shown = {
                "date": a.date.isoformat(),
                "category": a.get_category_display(),
                "state": a.get_state_display(),
                "amount": str(a.amount),
                "neighbourhoods": _named(a.neighbourhoods.all(), hoods),
                "groups": _named(a.groups.all(), groups),
                "proposal": a.proposal.title if a.proposal else "",
            }
            place = [a.pk, a.initiative.title, a.initiative.region.name, a.initiative.funding_stream.name]
            yield place + [shown[name] if name in shown else getattr(a, name) for name in EXPORTED]

    handle = io.StringIO()
    write_csv(handle, ALLOCATION_COLUMNS, lines())
    return handle.getvalue()


def ledger_csv(rows: list[LedgerRow]) -> str:
    """The 10% position per row. Share (%) is TenPercent.share_shown, the figure the pages show: never
    rounded onto the wrong side of 10% (selectors.beside_threshold)."""

    def lines():
        for row in rows:
            p = row.position
            yield [
                row.key, row.label, p.initiatives, str(p.budget), str(p.capacity_building),
                str(p.community_proposed), str(p.qualifying), str(p.other), str(p.committed), str(p.spent),
                "" if p.share_shown is None else str(p.share_shown),
                {True: "yes", False: "no", None: ""}[p.meets], str(p.shortfall),
            ]  # fmt: skip

    handle = io.StringIO()
    write_csv(handle, LEDGER_COLUMNS, lines())
    return handle.getvalue()
