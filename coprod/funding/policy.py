"""Who may act on the region's money and on regeneration proposals (see coprod.core.policy).

A region's initiatives and allocations (and the long-term resources of coprod.resources) are read
across the region and written by its unit managers, or an administrator of every unit. A proposal
is added and moved by its facilitating team's workers and lead, or by the managers of that team's
unit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from coprod.core.policy import Policy
from coprod.funding.selectors import (
    allocations_for_user,
    initiatives_for_user,
    proposal_teams_for_user,
    proposals_for_user,
    regions_managed_by,
)
from coprod.units.policy import team_id

REGION_MANAGERS = "the region's unit managers"
PROPOSERS = "the facilitating team's workers and lead, or the unit's managers,"


def manages_region(user: Any, region: Any) -> bool:
    """Whether the person writes the region's money: its unit managers (and administrators)."""
    return regions_managed_by(user).filter(pk=getattr(region, "pk", region)).exists()


def manages_some_region(user: Any) -> bool:
    return regions_managed_by(user).exists()


def region_policy(reach: Callable[[Any], QuerySet[Any]], *, region_of: Callable[[Any], Any]) -> Policy:
    """A region's record: created for a region (or its id), changed and removed by its managers."""

    def on_record(user: Any, record: Any) -> bool:
        return manages_region(user, region_of(record))

    return Policy(
        "region_money",
        reach,
        create=manages_region,
        update=on_record,
        delete=on_record,
        who=dict.fromkeys(("create", "update", "delete"), REGION_MANAGERS),
    )


def proposes_for(user: Any, team: Any) -> bool:
    """Whether the person adds and moves the team's proposals."""
    return proposal_teams_for_user(user).filter(pk__in=[team_id(team)]).exists()


def proposes_for_some_team(user: Any) -> bool:
    return proposal_teams_for_user(user).exists()


INITIATIVE = region_policy(initiatives_for_user, region_of=lambda initiative: initiative.region_id)
ALLOCATION = region_policy(allocations_for_user, region_of=lambda allocation: allocation.initiative.region_id)
PROPOSAL = Policy(
    "proposal",
    proposals_for_user,
    create=proposes_for,
    update=lambda user, proposal: proposes_for(user, proposal.team_id),
    delete=lambda user, proposal: proposes_for(user, proposal.team_id),
    who=dict.fromkeys(("create", "update", "delete"), PROPOSERS),
)

POLICIES = {"initiatives": INITIATIVE, "allocations": ALLOCATION, "proposals": PROPOSAL}
