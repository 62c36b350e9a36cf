"""Writes to the 10% ledger; the pages, the API, the 360Giving import and the demo all come here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coprod.core.policy import refuse_unless
from coprod.core.values import refuse_unknown
from coprod.funding.choices import TRANSITIONS, ProposalStatus
from coprod.funding.fields import AllocationValues
from coprod.funding.models import Allocation, FundingStream, Proposal, ProposalTransition, RegionalInitiative
from coprod.funding.policy import manages_region, proposes_for
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import Region
from coprod.units.models import Team
from coprod.units.permissions import as_user
from coprod.units.selectors import UserLike


class InitiativeValues(TypedDict, total=False):
    title: str
    slug: str
    funding_stream: FundingStream
    lead_body: str
    capital: Decimal
    revenue: Decimal
    start: datetime.date
    end: datetime.date
    status: str
    description: str


class ProposalValues(TypedDict, total=False):
    title: str
    neighbourhood: Neighbourhood
    amount_sought: Decimal
    initiative: RegionalInitiative | None
    description: str


def require_region_manager(actor: UserLike | None, region: Region, what: str = "record its funding") -> None:
    """Only the region's unit managers (and administrators) may do this."""
    if actor is None:
        return  # the command line and the demo
    refuse_unless(manages_region(actor, region), f"Only the unit managers for {region} can {what}.")


def require_proposal_team(actor: UserLike, team: Team, what: str = "change its proposals") -> None:
    """Only the facilitating team's workers and lead, and their unit's managers, may do this."""
    refuse_unless(
        proposes_for(actor, team), f"Only {team}'s workers and lead, or the unit's managers, can {what}."
    )


def _unique_slug(model, text: str, pk: int | None) -> str:
    base = slugify(text)[:70] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def initiative_save(
    *,
    actor: UserLike,
    region: Region,
    initiative: RegionalInitiative | None = None,
    **values: Unpack[InitiativeValues],
) -> RegionalInitiative:
    """Add or change a regional initiative; the region's unit managers do this."""
    require_region_manager(actor, region)
    refuse_unknown(values, InitiativeValues)
    if initiative is not None and initiative.region_id != region.pk:
        raise ValidationError({"region": "An initiative cannot move to another region."})
    initiative = initiative or RegionalInitiative(region=region)
    for key, value in values.items():
        setattr(initiative, key, value)
    if not initiative.slug:
        initiative.slug = _unique_slug(RegionalInitiative, initiative.title or "", initiative.pk)
    initiative.full_clean()
    initiative.save()
    return initiative


def _check_beneficiaries(
    initiative: RegionalInitiative,
    neighbourhoods: Iterable[Neighbourhood] | None,
    groups: Iterable[CommunityGroup] | None,
) -> None:
    errors = {}
    if neighbourhoods is not None:
        outside = [n.name for n in neighbourhoods if n.team.unit.region_id != initiative.region_id]
        if outside:
            errors["neighbourhoods"] = f"Not in {initiative.region}: {', '.join(outside)}."
    if groups is not None:
        outside = [g.name for g in groups if g.team.unit.region_id != initiative.region_id]
        if outside:
            errors["groups"] = f"Not in {initiative.region}: {', '.join(outside)}."
    if errors:
        raise ValidationError(errors)


def kept_elsewhere(allocation: Allocation) -> str:
    keeper = allocation.kept_by
    return f"This allocation is kept by its {keeper}: change or remove the {keeper} instead."


def require_keeper(allocation: Allocation | None, keeper: str) -> None:
    """An entry that another record keeps in the ledger changes only through that record's service."""
    if allocation is not None and allocation.pk is not None and allocation.kept_by != keeper:
        raise PermissionDenied(kept_elsewhere(allocation))


@transaction.atomic
def allocation_save(
    *,
    actor: UserLike | None,
    initiative: RegionalInitiative,
    allocation: Allocation | None = None,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    groups: Iterable[CommunityGroup] | None = None,
    keeper: str = "",
    **values: Unpack[AllocationValues],
) -> Allocation:
    """Record or change an allocation from an initiative; the region's unit managers do this.

    `keeper` names the record that keeps a new entry (a levy receipt, a remittance), whose service
    alone may change or remove it afterwards."""
    require_region_manager(actor, initiative.region)
    require_keeper(allocation, keeper)
    refuse_unknown(values, AllocationValues)
    if allocation is not None and allocation.initiative_id != initiative.pk:
        require_region_manager(actor, allocation.initiative.region)
        if allocation.initiative.region_id != initiative.region_id:
            raise ValidationError({"initiative": "An allocation cannot move to another region."})
    neighbourhoods = None if neighbourhoods is None else list(neighbourhoods)
    groups = None if groups is None else list(groups)
    _check_beneficiaries(initiative, neighbourhoods, groups)
    allocation = allocation or Allocation(kept_by=keeper)
    allocation.initiative = initiative
    for key, value in values.items():
        setattr(allocation, key, value)
    allocation.full_clean()
    allocation.save()
    if neighbourhoods is not None:
        allocation.neighbourhoods.set(neighbourhoods)
    if groups is not None:
        allocation.groups.set(groups)
    return allocation


@transaction.atomic
def allocation_delete(*, actor: UserLike, allocation: Allocation, keeper: str = "") -> None:
    require_region_manager(actor, allocation.initiative.region, "remove its allocations")
    require_keeper(allocation, keeper)
    allocation.delete()


def _check_groups(team: Team, groups: list[CommunityGroup]) -> None:
    outside = [g.name for g in groups if g.team_id != team.pk]
    if outside:
        raise ValidationError({"groups": f"Not in {team}'s directory: {', '.join(outside)}."})


@transaction.atomic
def proposal_save(
    *,
    actor: UserLike,
    team: Team,
    proposal: Proposal | None = None,
    groups: Iterable[CommunityGroup] | None = None,
    on: datetime.date | None = None,
    **values: Unpack[ProposalValues],
) -> Proposal:
    """Add a proposal (it starts as an idea) or change its details; its status moves by proposal_move."""
    require_proposal_team(actor, team)
    refuse_unknown(values, ProposalValues)
    if proposal is not None and proposal.team_id != team.pk:
        raise ValidationError({"team": "A proposal cannot move to another team."})
    created = proposal is None
    if proposal is None:
        on = on or timezone.localdate()
        proposal = Proposal(team=team, status=ProposalStatus.IDEA, status_since=on)
    for key, value in values.items():
        setattr(proposal, key, value)
    proposal.full_clean()
    groups = None if groups is None else list(groups)
    if groups is not None:
        _check_groups(team, groups)
    proposal.save()
    if groups is not None:
        proposal.groups.set(groups)
    if created:
        ProposalTransition.objects.create(
            proposal=proposal,
            from_status="",
            to_status=proposal.status,
            on=proposal.status_since,
            by=as_user(actor),
        )
    return proposal


def transition_refusal(proposal: Proposal, to: str) -> str | None:
    """Why a proposal cannot move to a status, or None when it can. The table is choices.TRANSITIONS."""
    if to not in ProposalStatus.values:
        return f"'{to}' is not a proposal status."
    here, there = ProposalStatus(proposal.status), ProposalStatus(to)
    allowed = TRANSITIONS[here]
    if here == there:
        return f"The proposal is already {here.label.lower()}."
    if not allowed:
        return (
            f"A proposal cannot move from {here.label.lower()} to {there.label.lower()}: "
            f"{here.label.lower()} is final."
        )
    if there not in allowed:
        options = " or ".join(ProposalStatus(s).label.lower() for s in allowed)
        return (
            f"A proposal cannot move from {here.label.lower()} to {there.label.lower()}: "
            f"from {here.label.lower()} it can move only to {options}."
        )
    if there == ProposalStatus.SUBMITTED and proposal.initiative_id is None:
        return (
            f"A proposal cannot move from {here.label.lower()} to {there.label.lower()}: "
            "choose the initiative it is submitted to first."
        )
    return None


@transaction.atomic
def proposal_move(
    *, actor: UserLike, proposal: Proposal, to: str, on: datetime.date | None = None, note: str = ""
) -> ProposalTransition:
    """Move a proposal one step along the pipeline, on a day no earlier than its last move."""
    require_proposal_team(actor, proposal.team, "move its proposals")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    refusal = transition_refusal(proposal, to)
    if refusal:
        raise ValidationError({"status": refusal})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": "A move cannot be dated in the future."})
    if on < proposal.status_since:
        raise ValidationError(
            {"on": f"The proposal became {proposal.get_status_display().lower()} on {proposal.status_since}; "
             "a later move cannot be dated before that."}
        )  # fmt: skip
    move = ProposalTransition.objects.create(
        proposal=proposal, from_status=proposal.status, to_status=to, on=on, by=as_user(actor), note=note
    )
    proposal.status, proposal.status_since = to, on
    proposal.save(update_fields=["status", "status_since", "updated_at"])
    return move
