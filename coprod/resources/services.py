"""Writes to long-term resources; the pages, the API and the demo all come here. The region's unit
managers (and administrators) make every write, checked as for the 10% ledger.

Levy receipts and remittances are money that enters the 10% ledger as community capacity building:
each is linked one-to-one to an Allocation of that category on its initiative, which these services
create, change and remove with it through coprod.funding.services, so the ledger counts it as it
counts any allocation.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypedDict, TypeVar, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction

from coprod.core.values import refuse_unknown
from coprod.funding.choices import AllocationState, Category
from coprod.funding.models import Allocation, RegionalInitiative
from coprod.funding.services import allocation_delete, allocation_save, require_region_manager
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import Region
from coprod.resources.models import (
    GrowthDividendRule,
    LevyReceipt,
    LocalOpportunity,
    Remittance,
    RemittanceAgreement,
    SavingsClaim,
    UnitCost,
)
from coprod.resources.rules import remitted_amount_errors
from coprod.resources.selectors import savings_of
from coprod.units.permissions import as_user
from coprod.units.selectors import UserLike


class RuleValues(TypedDict, total=False):
    base_year: int
    base_funding: Decimal
    prices: str
    notes: str


class UnitCostValues(TypedDict, total=False):
    service: str
    unit: str
    cost: Decimal
    source: str
    year: int
    price_base: str


class AgreementValues(TypedDict, total=False):
    public_body: str
    share: Decimal


class ClaimValues(TypedDict, total=False):
    neighbourhood: Neighbourhood
    period_start: datetime.date
    period_end: datetime.date
    outcome: str
    quantity: Decimal
    unit_cost: UnitCost
    attribution: Decimal
    attribution_evidence: str
    deadweight: Decimal
    deadweight_evidence: str
    remittance_agreement: RemittanceAgreement | None
    approved_on: datetime.date | None


class LevyValues(TypedDict, total=False):
    source: str
    scheme: str
    amount: Decimal
    received_on: datetime.date


class RemittanceValues(TypedDict, total=False):
    agreement: RemittanceAgreement
    amount: Decimal
    remitted_on: datetime.date


class OpportunityValues(TypedDict, total=False):
    period_start: datetime.date
    period_end: datetime.date
    jobs_offered: int
    jobs_filled: int
    placements_offered: int
    placements_filled: int
    local_spend: Decimal
    total_spend: Decimal
    notes: str


WHAT = "record its long-term resources"

_R = TypeVar("_R", GrowthDividendRule, UnitCost, RemittanceAgreement, SavingsClaim)


def _save(
    actor: UserLike | None, record: _R, region: Region | None, values: Mapping[str, Any], allowed: Any
) -> _R:
    """Check who may write and what may be set, then set, validate and save one region's record."""
    if record.pk is not None:
        if region is not None and region.pk != record.region_id:
            raise ValidationError({"region": "A record cannot move to another region."})
        region = record.region
    if region is None:
        raise ValidationError({"region": "Choose the region."})
    require_region_manager(actor, region, "record its long-term resources")
    refuse_unknown(values, allowed)
    record.region = region
    for key, value in values.items():
        setattr(record, key, value)
    record.full_clean()
    record.save()
    return record


def _remove(actor: UserLike | None, record, region: Region, uses: dict[str, int]) -> None:
    """Remove a record the region's unit managers added by mistake, unless other records rest on it
    (`uses`: a description of each kind that does, and how many): those are named, and stay."""
    require_region_manager(actor, region, "remove its long-term resources")
    named = [f"{n:,} {what}{'' if n == 1 else 's'}" for what, n in uses.items() if n]
    if named:
        one = sum(uses.values()) == 1
        raise ValidationError(
            f"This {record._meta.verbose_name} cannot be removed: {' and '.join(named)} "
            f"{'rests' if one else 'rest'} on it. Change or remove {'it' if one else 'them'} first."
        )
    record.delete()


@transaction.atomic
def growth_rule_delete(*, actor: UserLike | None, rule: GrowthDividendRule) -> None:
    """Remove a growth dividend rule; its dividends were worked out from it and go with it."""
    _remove(actor, rule, rule.region, {})


@transaction.atomic
def unit_cost_delete(*, actor: UserLike | None, unit_cost: UnitCost) -> None:
    """Remove a unit cost no savings claim rests on."""
    _remove(actor, unit_cost, unit_cost.region, {"savings claim": unit_cost.claims.count()})


@transaction.atomic
def remittance_agreement_delete(*, actor: UserLike | None, agreement: RemittanceAgreement) -> None:
    """Remove an agreement no savings claim and no remittance rests on."""
    uses = {"savings claim": agreement.claims.count(), "remittance": agreement.remittances.count()}
    _remove(actor, agreement, agreement.region, uses)


@transaction.atomic
def savings_claim_delete(*, actor: UserLike | None, claim: SavingsClaim) -> None:
    """Remove a savings claim nothing was remitted from: a remittance rests on the claims it names."""
    _remove(actor, claim, claim.region, {"remittance": claim.remittances.count()})


@transaction.atomic
def local_opportunity_delete(*, actor: UserLike | None, opportunity: LocalOpportunity) -> None:
    """Remove an initiative's local opportunity figures for a period."""
    _remove(actor, opportunity, opportunity.initiative.region, {})


@transaction.atomic
def growth_rule_save(
    *,
    actor: UserLike | None,
    region: Region | None = None,
    rule: GrowthDividendRule | None = None,
    **values: Unpack[RuleValues],
) -> GrowthDividendRule:
    """Add or change a region's growth dividend rule: base year, its funding and the price basis."""
    return _save(actor, rule or GrowthDividendRule(), region, values, RuleValues)


@transaction.atomic
def unit_cost_save(
    *,
    actor: UserLike | None,
    region: Region | None = None,
    unit_cost: UnitCost | None = None,
    **values: Unpack[UnitCostValues],
) -> UnitCost:
    """Add or change a unit cost of a public service, with its source, year and price base."""
    return _save(actor, unit_cost or UnitCost(), region, values, UnitCostValues)


@transaction.atomic
def remittance_agreement_save(
    *,
    actor: UserLike | None,
    region: Region | None = None,
    agreement: RemittanceAgreement | None = None,
    **values: Unpack[AgreementValues],
) -> RemittanceAgreement:
    """Add or change a public body's agreement to remit a share of its savings."""
    return _save(actor, agreement or RemittanceAgreement(), region, values, AgreementValues)


@transaction.atomic
def savings_claim_save(
    *,
    actor: UserLike | None,
    region: Region | None = None,
    claim: SavingsClaim | None = None,
    **values: Unpack[ClaimValues],
) -> SavingsClaim:
    """Add or change a savings claim. Giving approved_on approves it in the actor's name; clearing it
    withdraws the approval."""
    claim = claim or SavingsClaim()
    if "approved_on" in values:
        approved = values["approved_on"] is not None
        if approved and actor is None:
            raise ValidationError({"approved_on": "A claim is approved by a person: sign in to approve it."})
        if not approved:
            claim.approved_by = None
        elif claim.approved_on != values["approved_on"] or claim.approved_by_id is None:
            claim.approved_by = as_user(actor)
    return _save(actor, claim, region, values, ClaimValues)


# Records on a regional initiative ------------------------------------------------------------------

_I = TypeVar("_I", LevyReceipt, Remittance, LocalOpportunity)


def _initiative_for(
    actor: UserLike | None, record: _I, initiative: RegionalInitiative | None
) -> RegionalInitiative:
    """The initiative a record is on, once the actor may write to it: a record may move to another
    initiative of its region, never to another region's."""
    if record.pk is not None:
        current = record.initiative
        require_region_manager(actor, current.region, WHAT)
        if initiative is None:
            initiative = current
        elif initiative.region_id != current.region_id:
            raise ValidationError({"initiative": "A record cannot move to another region."})
    if initiative is None:
        raise ValidationError({"initiative": "Choose the regional initiative."})
    require_region_manager(actor, initiative.region, WHAT)
    return initiative


def _set(record: _I, initiative: RegionalInitiative, values: Mapping[str, Any], allowed: Any) -> None:
    refuse_unknown(values, allowed)
    record.initiative = initiative
    for key, value in values.items():
        setattr(record, key, value)


def _model_errors(record: _I) -> dict[str, list[str]]:
    """The record's own rules; its ledger entry does not exist yet on a first save."""
    try:
        record.full_clean(exclude=["allocation"] if hasattr(record, "allocation_id") else None)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _ledger_entry(
    actor: UserLike | None,
    record: LevyReceipt | Remittance,
    *,
    amount: Decimal,
    date: datetime.date,
    title: str,
    recipient: str,
) -> Allocation:
    """Create or change the record's capacity-building allocation, as any allocation is recorded."""
    return allocation_save(
        actor=actor,
        initiative=record.initiative,
        allocation=record.allocation if record.allocation_id else None,
        amount=amount,
        date=date,
        category=Category.CAPACITY_BUILDING,
        # Received for capacity building but not yet paid out to anyone.
        state=AllocationState.COMMITTED,
        title=title[:300],
        recipient_name=recipient[:200],
        keeper=str(record._meta.verbose_name),
    )


@transaction.atomic
def levy_receipt_save(
    *,
    actor: UserLike | None,
    initiative: RegionalInitiative | None = None,
    receipt: LevyReceipt | None = None,
    **values: Unpack[LevyValues],
) -> LevyReceipt:
    """Record or change a levy receipt, and with it its capacity-building allocation in the ledger."""
    receipt = receipt or LevyReceipt()
    initiative = _initiative_for(actor, receipt, initiative)
    _set(receipt, initiative, values, LevyValues)
    errors = _model_errors(receipt)
    if errors:
        raise ValidationError(errors)
    receipt.allocation = _ledger_entry(
        actor,
        receipt,
        amount=receipt.amount,
        date=receipt.received_on,
        title=f"Levy receipt: {receipt.scheme}",
        recipient=f"Community capacity building (levy receipt from {receipt.source})",
    )
    receipt.save()
    return receipt


@transaction.atomic
def levy_receipt_delete(*, actor: UserLike, receipt: LevyReceipt) -> None:
    """Remove a levy receipt and its allocation: the ledger no longer counts it."""
    require_region_manager(actor, receipt.initiative.region, "remove its long-term resources")
    allocation = receipt.allocation
    receipt.delete()
    allocation_delete(actor=actor, allocation=allocation, keeper=str(LevyReceipt._meta.verbose_name))


def _claims_errors(
    remittance: Remittance, claims: list[SavingsClaim], region: Region
) -> dict[str, list[str]]:
    if not claims:
        return {"claims": ["Choose the savings claims it is remitted from."]}
    outside = [str(c) for c in claims if c.region_id != region.pk]
    if outside:
        return {"claims": [f"Not in {region}: {', '.join(outside)}."]}
    other = [str(c) for c in claims if c.remittance_agreement_id != remittance.agreement_id]
    if remittance.agreement_id and other:
        return {"claims": [f"Not remitted through this agreement: {', '.join(other)}."]}
    return {}


def still_to_remit(claims: list[SavingsClaim], *, besides: Remittance) -> Decimal:
    """What the claims' remitted figures add to, less what other remittances from any of them have
    already passed back: a claim's savings are remitted once, whether in one payment or several. The
    claims' rows stay locked to the end of the transaction, so two remittances saved at once from the
    same claims take turns and the second counts the first."""
    list(SavingsClaim.objects.select_for_update().filter(pk__in=[c.pk for c in claims]).values_list("pk"))
    remitted = sum((savings_of(c).remitted or Decimal("0") for c in claims), Decimal("0"))
    earlier = Remittance.objects.filter(claims__in=claims).exclude(pk=besides.pk).distinct()
    return remitted - sum(earlier.values_list("amount", flat=True), Decimal("0"))


@transaction.atomic
def remittance_save(
    *,
    actor: UserLike | None,
    initiative: RegionalInitiative | None = None,
    remittance: Remittance | None = None,
    claims: Iterable[SavingsClaim] | None = None,
    **values: Unpack[RemittanceValues],
) -> Remittance:
    """Record or change a remittance under an agreement, from the savings claims named, and with it
    its capacity-building allocation. It may be no more than is still to remit on those claims."""
    remittance = remittance or Remittance()
    initiative = _initiative_for(actor, remittance, initiative)
    _set(remittance, initiative, values, RemittanceValues)
    if claims is not None:
        chosen = list(claims)
    elif remittance.pk is not None:
        chosen = list(remittance.claims.select_related("unit_cost", "remittance_agreement"))
    else:
        chosen = []
    errors = _model_errors(remittance)
    errors.update(_claims_errors(remittance, chosen, initiative.region))
    if "amount" not in errors and "claims" not in errors:
        available = still_to_remit(chosen, besides=remittance)
        over = remitted_amount_errors(amount=remittance.amount, available=available)
        errors.update({field: [message] for field, message in over.items()})
    if errors:
        raise ValidationError(errors)
    agreement = remittance.agreement
    remittance.allocation = _ledger_entry(
        actor,
        remittance,
        amount=remittance.amount,
        date=remittance.remitted_on,
        title=f"Remittance: {agreement.public_body}",
        recipient=f"Community capacity building (remittance from {agreement.public_body})",
    )
    remittance.save()
    remittance.claims.set(chosen)
    return remittance


@transaction.atomic
def remittance_delete(*, actor: UserLike, remittance: Remittance) -> None:
    """Remove a remittance and its allocation: the ledger no longer counts it."""
    require_region_manager(actor, remittance.initiative.region, "remove its long-term resources")
    allocation = remittance.allocation
    remittance.delete()
    allocation_delete(actor=actor, allocation=allocation, keeper=str(Remittance._meta.verbose_name))


@transaction.atomic
def local_opportunity_save(
    *,
    actor: UserLike | None,
    initiative: RegionalInitiative | None = None,
    opportunity: LocalOpportunity | None = None,
    **values: Unpack[OpportunityValues],
) -> LocalOpportunity:
    """Record or change what an initiative ring-fenced for residents of priority neighbourhoods in a
    period: jobs and placements offered and filled, and its local and total spend."""
    opportunity = opportunity or LocalOpportunity()
    initiative = _initiative_for(actor, opportunity, initiative)
    _set(opportunity, initiative, values, OpportunityValues)
    opportunity.full_clean()
    opportunity.save()
    return opportunity
