"""CSV exports of a region's long-term resources: the growth dividend by year, the savings claims and
local opportunity.

Each reads the figures from the same functions as the pages and the API (selectors.growth_dividends,
selectors.savings_of), and writes money as plain pounds and pence straight from Decimal, so a
spreadsheet's sum is the page's sum to the penny.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from coprod.core.csvsafe import write_csv
from coprod.resources.models import GrowthDividendRule, LocalOpportunity, SavingsClaim
from coprod.resources.selectors import (
    claim_neighbourhood_name,
    growth_dividends,
    local_opportunity_figures,
    savings_of,
)

DIVIDEND_COLUMNS = [
    "Rule id", "Prices", "Base year", "Base funding (£)", "Year", "Financial year", "GVA (£m)",
    "Base year GVA (£m)", "Due (£)", "Allocated (£)", "Gap (£)", "Formula",
]  # fmt: skip
SAVINGS_COLUMNS = [
    "Claim id", "Outcome", "Period start", "Period end", "Neighbourhood", "Service", "Unit", "Quantity",
    "Unit cost (£)", "Gross (£)", "Attribution (%)", "Deadweight (%)", "Net (£)", "Remittance agreement",
    "Share (%)", "Remitted (£)", "Approved on", "Attribution evidence", "Deadweight evidence",
]  # fmt: skip

OPPORTUNITY_COLUMNS = [
    "Record id", "Initiative", "Period start", "Period end", "Jobs offered", "Jobs filled",
    "Jobs filled (%)", "Placements offered", "Placements filled", "Placements filled (%)",
    "Local spend (£)", "Total spend (£)", "Local spend (%)", "Notes",
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


def savings_csv(claims: Iterable[SavingsClaim], *, reached: set[int]) -> str:
    """A row per claim: gross, net and remitted as the page works them out, with their inputs. A
    neighbourhood is named only if the reader reaches it (selectors.claim_neighbourhood_name)."""

    def lines():
        for claim in claims:
            s = savings_of(claim)
            agreement = claim.remittance_agreement
            yield [
                claim.pk, claim.outcome, claim.period_start.isoformat(), claim.period_end.isoformat(),
                claim_neighbourhood_name(claim, reached), claim.unit_cost.service, s.unit,
                str(s.quantity), str(s.unit_cost), str(s.gross), str(s.attribution), str(s.deadweight),
                str(s.net), agreement.public_body if agreement else "",
                "" if s.share is None else str(s.share), "" if s.remitted is None else str(s.remitted),
                claim.approved_on.isoformat() if claim.approved_on else "", claim.attribution_evidence,
                claim.deadweight_evidence,
            ]  # fmt: skip

    handle = io.StringIO()
    write_csv(handle, SAVINGS_COLUMNS, lines())
    return handle.getvalue()


def local_opportunity_csv(records: Iterable[LocalOpportunity]) -> str:
    """A row per record, then a row "All initiatives" that adds the counts and pounds before dividing,
    as the page does. Shares are the page's (selectors.LocalOpportunityFigures.as_json): never 100 for
    a share short of all; empty when nothing was offered or spent."""
    records = list(records)

    def row(key, title, start, end, figures, notes):
        f = figures.as_json()
        return [
            key, title, start, end, f["jobs_offered"], f["jobs_filled"], f["jobs_filled_percent"] or "",
            f["placements_offered"], f["placements_filled"], f["placements_filled_percent"] or "",
            f["local_spend"], f["total_spend"], f["local_spend_percent"] or "", notes,
        ]  # fmt: skip

    def lines():
        for r in records:
            figures = local_opportunity_figures([r])
            start, end = r.period_start.isoformat(), r.period_end.isoformat()
            yield row(r.pk, r.initiative.title, start, end, figures, r.notes)
        if records:
            yield row("", "All initiatives", "", "", local_opportunity_figures(records), "")

    handle = io.StringIO()
    write_csv(handle, OPPORTUNITY_COLUMNS, lines())
    return handle.getvalue()
