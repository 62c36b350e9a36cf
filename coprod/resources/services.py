"""Writes to long-term resources; the pages, the API and the demo all come here. The region's unit
managers (and administrators) make every write, checked as for the 10% ledger."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from coprod.funding.services import require_region_manager
from coprod.places.models import Region
from coprod.resources.models import (
    GrowthDividendRule,
    RemittanceAgreement,
    SavingsClaim,
    UnitCost,
)
from coprod.units.permissions import as_user
from coprod.units.selectors import UserLike

RULE_FIELDS = {"base_year", "base_funding", "prices", "notes"}
UNIT_COST_FIELDS = {"service", "unit", "cost", "source", "year", "price_base"}
AGREEMENT_FIELDS = {"public_body", "share"}
CLAIM_FIELDS = {
    "neighbourhood", "period_start", "period_end", "outcome", "quantity", "unit_cost", "attribution",
    "attribution_evidence", "deadweight", "deadweight_evidence", "remittance_agreement", "approved_on",
}  # fmt: skip

_R = TypeVar("_R", GrowthDividendRule, UnitCost, RemittanceAgreement, SavingsClaim)


def _save(actor: UserLike | None, record: _R, region: Region | None, values: dict, allowed: set[str]) -> _R:
    """Check who may write and what may be set, then set, validate and save one region's record."""
    if record.pk is not None:
        if region is not None and region.pk != record.region_id:
            raise ValidationError({"region": "A record cannot move to another region."})
        region = record.region
    if region is None:
        raise ValidationError({"region": "Choose the region."})
    require_region_manager(actor, region, "record its long-term resources")
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(f"These fields cannot be set here: {', '.join(sorted(unknown))}")
    record.region = region
    for key, value in values.items():
        setattr(record, key, value)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def growth_rule_save(
    *,
    actor: UserLike | None,
    region: Region | None = None,
    rule: GrowthDividendRule | None = None,
    **values,
) -> GrowthDividendRule:
    """Add or change a region's growth dividend rule: base year, its funding and the price basis."""
    return _save(actor, rule or GrowthDividendRule(), region, values, RULE_FIELDS)


@transaction.atomic
def unit_cost_save(
    *, actor: UserLike | None, region: Region | None = None, unit_cost: UnitCost | None = None, **values
) -> UnitCost:
    """Add or change a unit cost of a public service, with its source, year and price base."""
    return _save(actor, unit_cost or UnitCost(), region, values, UNIT_COST_FIELDS)


@transaction.atomic
def remittance_agreement_save(
    *,
    actor: UserLike | None,
    region: Region | None = None,
    agreement: RemittanceAgreement | None = None,
    **values,
) -> RemittanceAgreement:
    """Add or change a public body's agreement to remit a share of its savings."""
    return _save(actor, agreement or RemittanceAgreement(), region, values, AGREEMENT_FIELDS)


@transaction.atomic
def savings_claim_save(
    *, actor: UserLike | None, region: Region | None = None, claim: SavingsClaim | None = None, **values
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
    return _save(actor, claim, region, values, CLAIM_FIELDS)
