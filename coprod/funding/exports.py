"""CSV exports of the ledger: allocations, and the 10% position by initiative, region, stream or period.

Both take querysets the caller has already scoped (allocations_for_user, initiatives_for_user). Money
is written as plain pounds and pence ("1234.56"), straight from Decimal, so a spreadsheet's sum is
the page's sum to the penny.
"""

from __future__ import annotations

import io
import uuid

from django.conf import settings
from django.db.models import QuerySet

from coprod.core.csvsafe import write_csv
from coprod.funding.fields import EXPORT_TITLES, EXPORTED
from coprod.funding.models import Allocation, RegionalInitiative
from coprod.funding.selectors import LedgerRow
from coprod.groups.exports import ANONYMOUS
from coprod.groups.models import CommunityGroup
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


# 360Giving --------------------------------------------------------------------------------------------

GIVING_VERSION = "1.4"


def _group_identifier(group: CommunityGroup) -> str:
    """A group's org-id.guide identifier: its own, or from its charity or company number."""
    if group.org_identifier:
        return group.org_identifier
    if group.charity_number:
        return f"GB-CHC-{group.charity_number}"
    if group.company_number:
        return f"GB-COH-{group.company_number}"
    return f"{settings.COPROD_LOCAL_ORG_PREFIX}-{group.pk}"


def _recipient(allocation: Allocation, reached: set[int]) -> dict:
    """The recipient organisation as published: the grant's own, or the group it went to. A group
    that asked to be anonymous is neither named nor identified (its id is fresh in each export)."""
    groups = [g for g in allocation.groups.all() if g.pk in reached]
    group = groups[0] if groups else None
    if group is not None and group.anonymous_in_publications:
        return {"id": f"{settings.COPROD_LOCAL_ORG_PREFIX}-{uuid.uuid4()}", "name": ANONYMOUS}
    org = {
        "id": allocation.recipient_identifier
        or (_group_identifier(group) if group is not None else "")
        or f"{settings.COPROD_LOCAL_ORG_PREFIX}-recipient-of-allocation-{allocation.pk}",
        "name": allocation.recipient_name or (group.name if group is not None else "") or "Not recorded",
    }
    if allocation.recipient_postcode:
        org["postalCode"] = allocation.recipient_postcode
    return org


def giving_package(
    initiative: RegionalInitiative, allocations: QuerySet[Allocation], *, user: UserLike
) -> dict:
    """An initiative's allocations as a 360Giving 1.4 data package, one grant each: the grant's own
    identifier where it came from 360Giving, a local one otherwise; the amount in pounds as a number;
    the neighbourhoods the reader reaches as their LSOAs (another team's are left out, as the CSV only
    counts them). tests/standards validate it against the standard's published schema."""
    hoods = set(neighbourhoods_for_user(user).values_list("pk", flat=True))
    groups = set(groups_for_user(user).values_list("pk", flat=True))
    prefix = settings.COPROD_LOCAL_ORG_PREFIX
    funder = {"id": f"{prefix}-funder-{initiative.slug}", "name": initiative.lead_body}
    grants = []
    for a in allocations.prefetch_related("neighbourhoods__lsoas", "groups").order_by("date", "pk"):
        title = a.title or f"{a.get_category_display()} from {initiative.title}"
        grant: dict = {
            "id": a.grant_identifier or f"{prefix}-allocation-{a.pk}",
            "title": title,
            "description": f"{title} ({a.get_category_display()}, {a.get_state_display().lower()}).",
            "currency": "GBP",
            # A number, as the standard asks; two decimal places print exactly below £90 trillion.
            "amountAwarded": float(a.amount),
            "awardDate": f"{a.date.isoformat()}T00:00:00+00:00",
            "recipientOrganization": [_recipient(a, groups)],
            "fundingOrganization": [funder],
            "dateModified": a.updated_at.isoformat(),
        }
        locations = [
            {"name": f"{lsoa.name} ({hood.name})", "geoCode": lsoa.code, "geoCodeType": "LSOA"}
            for hood in a.neighbourhoods.all()
            if hood.pk in hoods
            for lsoa in hood.lsoas.all()
        ]
        if locations:
            grant["beneficiaryLocation"] = locations
        if a.grant_programme:
            grant["grantProgramme"] = [{"title": a.grant_programme}]
        grants.append(grant)
    return {
        "grants": grants,
        "version": GIVING_VERSION,
        "title": f"Allocations of {initiative.title}",
        "description": f"What {initiative.title} ({initiative.region}) allocated, as recorded in coprod.",
    }
