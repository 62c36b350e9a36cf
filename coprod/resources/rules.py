"""The rules of long-term resources' values (growth dividend rules, unit costs, savings claims,
remittance agreements, levy receipts, remittances and local opportunity), in one place.

Plain functions of plain values, with no database, returning {field: message}: each model's clean()
calls them, so the pages, the API, the services and the demo all refuse a bad value with the same
message naming the same field. What needs the database (a unit cost or neighbourhood of another
region) is checked by the model.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

AMOUNT = "Enter an amount more than £0."
NOT_NEGATIVE = "Enter a quantity of 0 or more."
ATTRIBUTION = "Attribution is a percentage from 0 to 100: the share of the outcome due to community activity."
DEADWEIGHT = "Deadweight is a percentage from 0 to 100: the share that would have happened anyway."
SHARE = "The share remitted is a percentage from 0 to 100."
PERIOD = "The period ends on or after the day it starts."
JOBS_FILLED = "Jobs filled cannot be more than the jobs offered."
PLACEMENTS_FILLED = "Placements filled cannot be more than the placements offered."
LOCAL_SPEND = "Local spend cannot be more than the initiative's total spend."
SPEND = "Enter an amount of £0 or more."
# ONS regional accounts start in 1998; earlier or far later base years are typing errors.
FIRST_YEAR, LAST_YEAR = 1990, 2100
YEAR = f"Enter a year from {FIRST_YEAR} to {LAST_YEAR}."

Number = Decimal | int | None


def _percent_outside(value: Number) -> bool:
    return value is not None and not 0 <= value <= 100


def growth_rule_errors(*, base_year: int | None, base_funding: Number) -> dict[str, str]:
    """{field: message} for the rules a growth dividend rule breaks (empty when it keeps them all).

    A value still missing (None) is left to the field's own "required" check."""
    errors: dict[str, str] = {}
    if base_year is not None and not FIRST_YEAR <= base_year <= LAST_YEAR:
        errors["base_year"] = YEAR
    if base_funding is not None and base_funding <= 0:
        errors["base_funding"] = AMOUNT
    return errors


def unit_cost_errors(*, cost: Number, year: int | None) -> dict[str, str]:
    """{field: message} for the rules a unit cost breaks: more than £0, in a plausible year."""
    errors: dict[str, str] = {}
    if cost is not None and cost <= 0:
        errors["cost"] = AMOUNT
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = YEAR
    return errors


def remittance_errors(*, share: Number) -> dict[str, str]:
    """{field: message} for the rules a remittance agreement breaks: a share from 0% to 100%."""
    return {"share": SHARE} if _percent_outside(share) else {}


def savings_claim_errors(
    *,
    quantity: Number,
    attribution: Number,
    deadweight: Number,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
) -> dict[str, str]:
    """{field: message} for the rules a savings claim breaks: attribution and deadweight each from 0%
    to 100% (beyond them the net saving would exceed the gross or turn negative), a quantity of 0 or
    more, and a period that does not end before it starts."""
    errors: dict[str, str] = {}
    if quantity is not None and quantity < 0:
        errors["quantity"] = NOT_NEGATIVE
    if _percent_outside(attribution):
        errors["attribution"] = ATTRIBUTION
    if _percent_outside(deadweight):
        errors["deadweight"] = DEADWEIGHT
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = PERIOD
    return errors


def levy_receipt_errors(*, amount: Number) -> dict[str, str]:
    """{field: message} for the rules a levy receipt breaks: an amount of more than £0."""
    return {"amount": AMOUNT} if amount is not None and amount <= 0 else {}


def over_claims(available: Decimal) -> str:
    return (
        "The amount cannot be more than is still to remit on its claims (their remitted total less "
        f"earlier remittances from them), {'-' if available < 0 else ''}£{abs(available):,.2f}."
    )


def remitted_amount_errors(*, amount: Number, available: Decimal | None) -> dict[str, str]:
    """{field: message} for the rules a remittance's amount breaks: more than £0, and no more than
    `available`, what is still to remit on its savings claims (None: not yet known, so not checked)."""
    if amount is None:
        return {}
    if amount <= 0:
        return {"amount": AMOUNT}
    if available is not None and amount > available:
        return {"amount": over_claims(available)}
    return {}


def local_opportunity_errors(
    *,
    jobs_offered: int | None,
    jobs_filled: int | None,
    placements_offered: int | None,
    placements_filled: int | None,
    local_spend: Number,
    total_spend: Number,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
) -> dict[str, str]:
    """{field: message} for the rules a local opportunity record breaks: no more jobs or placements
    filled than offered, local spend of £0 or more and within the total spend, and a period that does
    not end before it starts. Counts below 0 are their fields' own check."""
    errors: dict[str, str] = {}
    if jobs_offered is not None and jobs_filled is not None and jobs_filled > jobs_offered:
        errors["jobs_filled"] = JOBS_FILLED
    if (
        placements_offered is not None
        and placements_filled is not None
        and placements_filled > placements_offered
    ):
        errors["placements_filled"] = PLACEMENTS_FILLED
    if total_spend is not None and total_spend < 0:
        errors["total_spend"] = SPEND
    if local_spend is not None and local_spend < 0:
        errors["local_spend"] = SPEND
    elif local_spend is not None and total_spend is not None and local_spend > total_spend:
        errors["local_spend"] = LOCAL_SPEND
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = PERIOD
    return errors
