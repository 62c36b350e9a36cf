"""The rules of a grant's values (an allocation from an initiative), in one place.

Plain functions of plain values, with no database: Allocation.clean() (and so allocation_save, which
the allocation form and the API go through) and the 360Giving import, after it has read a grant's
text, all call allocation_errors, so a bad value is refused everywhere with the same message. How an
amount is written (pounds and pence, at most £999,999,999,999.99) is the amount field's own check
(funding.models.money), which the form, the API and the import all apply too. What needs the database
(a proposal of another initiative or region, beneficiaries outside the region) is checked by the
model and the service.
"""

from __future__ import annotations

from decimal import Decimal

AMOUNT = "Enter an amount more than £0."
NOT_NEGATIVE = "Enter an amount of £0 or more."
BUDGET = "Enter a budget: capital, revenue or both."


def allocation_errors(*, amount: Decimal | int | None) -> dict[str, str]:
    """{field: message} for every rule a grant's values break (empty when they keep them all).

    A value still missing (None) is left to the field's own "required" check."""
    errors: dict[str, str] = {}
    if amount is not None and amount <= 0:
        errors["amount"] = AMOUNT
    return errors


def proposal_errors(*, amount_sought: Decimal | int | None) -> dict[str, str]:
    """{field: message} for the rules a proposal's values break: it may seek nothing yet, never less."""
    if amount_sought is not None and amount_sought < 0:
        return {"amount_sought": NOT_NEGATIVE}
    return {}


def initiative_errors(*, capital: Decimal | int | None, revenue: Decimal | int | None) -> dict[str, str]:
    """{field: message} for the rules an initiative's budget breaks: neither part below £0, and a
    budget (capital plus revenue) of more than £0."""
    errors = {
        name: NOT_NEGATIVE
        for name, part in (("capital", capital), ("revenue", revenue))
        if part is not None and part < 0
    }
    if not errors and capital is not None and revenue is not None and capital + revenue <= 0:
        errors["capital"] = BUDGET
    return errors
