"""Who may act on a region's long-term resources (see coprod.core.policy): the rule of the region's
money (coprod.funding.policy), read across the region and written by its unit managers."""

from __future__ import annotations

from coprod.funding.policy import region_policy
from coprod.resources.selectors import (
    growth_rules_for_user,
    gva_for_user,
    levy_receipts_for_user,
    local_opportunities_for_user,
    remittance_agreements_for_user,
    remittances_for_user,
    savings_claims_for_user,
    unit_costs_for_user,
)


def _own_region(record):
    return record.region_id


def _initiatives_region(record):
    return record.initiative.region_id


GVA = region_policy(gva_for_user, region_of=_own_region)
GROWTH_RULE = region_policy(growth_rules_for_user, region_of=_own_region)
UNIT_COST = region_policy(unit_costs_for_user, region_of=_own_region)
REMITTANCE_AGREEMENT = region_policy(remittance_agreements_for_user, region_of=_own_region)
SAVINGS_CLAIM = region_policy(savings_claims_for_user, region_of=_own_region)
LEVY_RECEIPT = region_policy(levy_receipts_for_user, region_of=_initiatives_region)
REMITTANCE = region_policy(remittances_for_user, region_of=_initiatives_region)
LOCAL_OPPORTUNITY = region_policy(local_opportunities_for_user, region_of=_initiatives_region)

POLICIES = {
    "gva": GVA,
    "growth-dividend-rules": GROWTH_RULE,
    "unit-costs": UNIT_COST,
    "remittance-agreements": REMITTANCE_AGREEMENT,
    "savings-claims": SAVINGS_CLAIM,
    "levy-receipts": LEVY_RECEIPT,
    "remittances": REMITTANCE,
    "local-opportunities": LOCAL_OPPORTUNITY,
}
