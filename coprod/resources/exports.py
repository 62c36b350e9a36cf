"""CSV exports of a region's long-term resources: the growth dividend by year and the savings claims.

Each reads the figures from the same functions as the pages and the API (selectors.growth_dividends,
selectors.savings_of), and writes money as plain pounds and pence straight from Decimal, so a
spreadsheet's sum is the page's sum to the penny.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from coprod.core.csvsafe import write_csv
from coprod.resources.models import GrowthDividendRule, SavingsClaim
from coprod.resources.selectors import growth_dividends, savings_of

DIVIDEND_COLUMNS = [
    "Rule id", "Prices", "Base year", "Base funding (£)", "Year", "Financial year", "GVA (£m)",
    "Base year GVA (£m)", "Due (£)", "Allocated (£)", "Gap (£)", "Formula",
]  # fmt: skip
SAVINGS_COLUMNS = [
    "Claim id", "Outcome", "Period start", "Period end", "Neighbourhood", "Service", "Unit", "Quantity",
    "Unit cost (£)", "Gross (£)", "Attribution (%)", "Deadweight (%)", "Net (£)", "Remittance agreement",
    "Share (%)", "Remitted (£)", "Approved on", "Attribution evidence", "Deadweight evidence",
]  # fmt: skip


def growth_dividend_csv(rules: Iterable[GrowthDividendRule]) -> str:
    """A row per rule and year: what is due, what the ledger allocated, the gap and the formula."""

    def lines():
        for rule in rules:
            for d in growth_dividends(rule):
                yield [
                    rule.pk, rule.get_prices_display(), d.base_year, str(d.base_funding), d.year,
                    d.financial_year, str(d.gva), str(d.base_gva), str(d.due), str(d.allocated), str(d.gap),
                    d.formula,
                ]  # fmt: skip

    handle = io.StringIO()
    write_csv(handle, DIVIDEND_COLUMNS, lines())
    return handle.getvalue()


def savings_csv(claims: Iterable[SavingsClaim]) -> str:
    """A row per claim: gross, net and remitted as the page works them out, with their inputs."""

    def lines():
        for claim in claims:
            s = savings_of(claim)
            agreement = claim.remittance_agreement
            yield [
                claim.pk, claim.outcome, claim.period_start.isoformat(), claim.period_end.isoformat(),
                claim.neighbourhood.name if claim.neighbourhood else "", claim.unit_cost.service, s.unit,
                str(s.quantity), str(s.unit_cost), str(s.gross), str(s.attribution), str(s.deadweight),
                str(s.net), agreement.public_body if agreement else "",
                "" if s.share is None else str(s.share), "" if s.remitted is None else str(s.remitted),
                claim.approved_on.isoformat() if claim.approved_on else "", claim.attribution_evidence,
                claim.deadweight_evidence,
            ]  # fmt: skip

    handle = io.StringIO()
    write_csv(handle, SAVINGS_COLUMNS, lines())
    return handle.getvalue()
