"""Pages of long-term resources: a region's growth dividend, savings claims, levy receipts,
remittances and local opportunity with their formulas, a page per record, and the forms unit managers
add them with. Views read through selectors and write through services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from coprod.audit.services import record_export
from coprod.core.charts import Reference, Series, data_uri, line_chart
from coprod.core.forms import form_errors_from
from coprod.funding.policy import manages_region
from coprod.funding.selectors import regions_for_user
from coprod.places.models import Region
from coprod.resources import services
from coprod.resources.exports import growth_dividend_csv, local_opportunity_csv, savings_csv
from coprod.resources.forms import (
    GrowthDividendRuleForm,
    LevyReceiptForm,
    LocalOpportunityForm,
    RemittanceAgreementForm,
    RemittanceForm,
    SavingsClaimForm,
    UnitCostForm,
)
from coprod.resources.models import GrowthDividendRule, LocalOpportunity, SavingsClaim
from coprod.resources.selectors import (
    GrowthIndex,
    claim_neighbourhood_name,
    growth_dividends,
    growth_indices,
    growth_rules_for_user,
    levy_receipts_for_user,
    local_opportunities_for_user,
    local_opportunity_by_initiative,
    local_opportunity_figures,
    reached_neighbourhoods,
    remittance_agreements_for_user,
    remittances_for_user,
    savings_claims_for_user,
    savings_of,
    unit_costs_for_user,
)

REFUSED = "Only the region's unit managers record its long-term resources."


def _region(request: HttpRequest, code: str) -> Region:
    return get_object_or_404(regions_for_user(request.user), code=code)


def _can_manage(request: HttpRequest, region: Region) -> bool:
    return manages_region(request.user, region)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The regions whose resources the user reads."""
    regions = regions_for_user(request.user).order_by("name")
    return render(request, "resources/index.html", {"regions": regions})


def _index_chart(indices: list[GrowthIndex]) -> str | None:
    """The GVA index beside the funding index, base year = 100; a line needs two years."""
    if len(indices) < 2:
        return None
    svg = line_chart(
        series=[
            Series("GVA index", [(str(i.year), i.gva_shown) for i in indices]),
            Series("Funding index", [(str(i.year), i.funding_shown) for i in indices]),
        ],
        references=[Reference("base year", 100)],
        y_label="Index",
    )
    return data_uri(svg)


@login_required
def region_resources(request: HttpRequest, code: str) -> HttpResponse:
    """A region's long-term resources: the growth dividend by year, the savings claims, the levy
    receipts and remittances that entered the ledger, and local opportunity by initiative."""
    region = _region(request, code)
    user = request.user
    rules = []
    for rule in growth_rules_for_user(user).filter(region=region):
        dividends = growth_dividends(rule)
        indices = growth_indices(dividends)
        rules.append((rule, dividends, indices, _index_chart(indices)))
    claims = savings_claims_for_user(user).filter(region=region)
    opportunities = list(local_opportunities_for_user(user).filter(initiative__region=region))
    return render(
        request,
        "resources/region.html",
        {
            "region": region,
            "rules": rules,
            "claims": [(claim, savings_of(claim)) for claim in claims],
            "unit_costs": unit_costs_for_user(user).filter(region=region),
            "agreements": remittance_agreements_for_user(user).filter(region=region),
            "receipts": levy_receipts_for_user(user).filter(initiative__region=region),
            "remittances": remittances_for_user(user).filter(initiative__region=region),
            "opportunities": local_opportunity_by_initiative(opportunities),
            "opportunity_total": local_opportunity_figures(opportunities),
            "opportunity_records": opportunities,
            "can_manage": _can_manage(request, region),
        },
    )


def _csv(region: Region, model, what: str, body: str, filename: str, rows: int) -> HttpResponse:
    unit = getattr(region, "unit", None)
    record_export(
        model=model, what=what, rows=rows, details={"region": region.code}, unit_id=unit and unit.pk
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def growth_dividend_export(request: HttpRequest, code: str) -> HttpResponse:
    """The region's growth dividend by rule and year as CSV: the same figures as the page."""
    region = _region(request, code)
    rules = list(growth_rules_for_user(request.user).filter(region=region))
    body = growth_dividend_csv(rules)
    name = f"growth-dividend-{region.code}.csv"
    return _csv(region, GrowthDividendRule, "Growth dividend CSV", body, name, len(rules))


@login_required
def savings_export(request: HttpRequest, code: str) -> HttpResponse:
    """The region's savings claims as CSV: gross, net and remitted as the page works them out."""
    region = _region(request, code)
    claims = list(savings_claims_for_user(request.user).filter(region=region))
    body = savings_csv(claims, reached=reached_neighbourhoods(request.user))
    return _csv(
        region, SavingsClaim, "Savings claims CSV", body, f"savings-claims-{region.code}.csv", len(claims)
    )


@login_required
def local_opportunity_export(request: HttpRequest, code: str) -> HttpResponse:
    """The region's local opportunity records as CSV, with the region's total as the page adds it."""
    region = _region(request, code)
    records = list(local_opportunities_for_user(request.user).filter(initiative__region=region))
    body = local_opportunity_csv(records)
    name = f"local-opportunity-{region.code}.csv"
    return _csv(region, LocalOpportunity, "Local opportunity CSV", body, name, len(records))


@login_required
def growth_rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(growth_rules_for_user(request.user), pk=pk)
    return render(
        request,
        "resources/growth_rule.html",
        {"rule": rule, "dividends": growth_dividends(rule), "can_manage": _can_manage(request, rule.region)},
    )


@login_required
def savings_claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(savings_claims_for_user(request.user), pk=pk)
    return render(
        request,
        "resources/savings_claim.html",
        {
            "claim": claim,
            "savings": savings_of(claim),
            "neighbourhood": claim_neighbourhood_name(claim, reached_neighbourhoods(request.user)),
            "can_manage": _can_manage(request, claim.region),
        },
    )


@login_required
def levy_receipt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = get_object_or_404(levy_receipts_for_user(request.user), pk=pk)
    can_manage = _can_manage(request, receipt.initiative.region)
    return render(request, "resources/levy_receipt.html", {"receipt": receipt, "can_manage": can_manage})


@login_required
def remittance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    remittance = get_object_or_404(remittances_for_user(request.user), pk=pk)
    claims = [(claim, savings_of(claim)) for claim in remittance.claims.all()]
    can_manage = _can_manage(request, remittance.initiative.region)
    return render(
        request,
        "resources/remittance.html",
        {"remittance": remittance, "claims": claims, "can_manage": can_manage},
    )


@login_required
def local_opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(local_opportunities_for_user(request.user), pk=pk)
    return render(
        request,
        "resources/local_opportunity.html",
        {
            "opportunity": opportunity,
            "figures": local_opportunity_figures([opportunity]),
            "can_manage": _can_manage(request, opportunity.initiative.region),
        },
    )


@dataclass(frozen=True)
class Kind:
    """One kind of a region's records, as its change and remove pages handle it: the selector that
    scopes it, its region, the form, the services, and where a saved record goes back to."""

    path: str  # the address part: /resources/<path>/<pk>/edit/
    name: str  # the route names: resources-<name>-edit, resources-<name>-delete
    noun: str
    scope: Callable[[Any], Any]
    region: Callable[[Any], Region]
    form_class: Callable[..., forms.Form]
    save: Callable[..., Any]
    delete: Callable[..., None]
    record_kw: str
    page: str | None = None  # the record's own page, or None for the region's page at `anchor`
    anchor: str = ""
    with_region: bool = True  # the form offers only the region's choices
    saved: str = ""
    removed: str = ""
    create_route: str = ""  # the add page's route name (resources/<region>/<path>/new/)
    adding: str = ""  # the add page's title, where it is not "Add a <noun>"
    added: str = ""  # what adding says, where it is not what changing says


def _on_region(record) -> Region:
    return record.region


def _on_initiative(record) -> Region:
    return record.initiative.region


KINDS = {
    kind.path: kind
    for kind in (
        Kind("growth-dividend", "growth-rule", "growth dividend rule", growth_rules_for_user, _on_region,
             GrowthDividendRuleForm, services.growth_rule_save, services.growth_rule_delete, "rule",
             page="resources-growth-rule", with_region=False, create_route="resources-growth-rule-create"),
        Kind("unit-costs", "unit-cost", "unit cost", unit_costs_for_user, _on_region, UnitCostForm,
             services.unit_cost_save, services.unit_cost_delete, "unit_cost", anchor="unit-costs",
             with_region=False, create_route="resources-unit-cost-create"),
        Kind("remittance-agreements", "remittance-agreement", "remittance agreement",
             remittance_agreements_for_user, _on_region, RemittanceAgreementForm,
             services.remittance_agreement_save, services.remittance_agreement_delete, "agreement",
             anchor="remittance-agreements", with_region=False, create_route="resources-remittance-create"),
        Kind("savings-claims", "savings-claim", "savings claim", savings_claims_for_user, _on_region,
             SavingsClaimForm, services.savings_claim_save, services.savings_claim_delete, "claim",
             page="resources-savings-claim", create_route="resources-savings-claim-create"),
        Kind("levy-receipts", "levy-receipt", "levy receipt", levy_receipts_for_user, _on_initiative,
             LevyReceiptForm, services.levy_receipt_save, services.levy_receipt_delete, "receipt",
             page="resources-levy-receipt",
             saved="Levy receipt saved; its allocation in the 10% ledger changed with it.",
             removed="Levy receipt removed; its allocation left the 10% ledger with it.",
             create_route="resources-levy-receipt-create",
             added="Levy receipt saved; it is in the 10% ledger as community capacity building."),
        Kind("remittances", "remittance", "remittance", remittances_for_user, _on_initiative,
             RemittanceForm, services.remittance_save, services.remittance_delete, "remittance",
             page="resources-remittance",
             saved="Remittance saved; its allocation in the 10% ledger changed with it.",
             removed="Remittance removed; its allocation left the 10% ledger with it.",
             create_route="resources-remittance-payment-create",
             added="Remittance saved; it is in the 10% ledger as community capacity building."),
        Kind("local-opportunity", "local-opportunity", "local opportunity record",
             local_opportunities_for_user, _on_initiative, LocalOpportunityForm,
             services.local_opportunity_save, services.local_opportunity_delete, "opportunity",
             page="resources-local-opportunity", saved="Local opportunity saved.",
             create_route="resources-local-opportunity-create", adding="Add local opportunity figures"),
    )
}  # fmt: skip


def _record(request: HttpRequest, kind: Kind, pk: int) -> tuple[Any, Region]:
    """The record if the user reads it (else 404), and its region, whose unit managers alone change it
    (else 403)."""
    record = get_object_or_404(kind.scope(request.user), pk=pk)
    region = kind.region(record)
    if not _can_manage(request, region):
        raise PermissionDenied(REFUSED)
    return record, region


def _back(kind: Kind, record: Any, region: Region) -> str:
    if kind.page:
        return reverse(kind.page, kwargs={"pk": record.pk})
    return reverse("resources-region", kwargs={"code": region.code}) + f"#{kind.anchor}"


@login_required
def record_create(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """Add one of a region's records: its unit managers only, through the record's service; a refused
    value keeps what was typed. A record on an initiative is saved with the initiative chosen (the form
    offers only the region's), any other with the region."""
    k = KINDS[kind]
    region = _region(request, code)
    if not _can_manage(request, region):
        raise PermissionDenied(REFUSED)
    form = k.form_class(request.POST or None, **({"region": region} if k.with_region else {}))
    if request.method == "POST" and form.is_valid():
        where = {} if k.region is _on_initiative else {"region": region}
        try:
            k.save(actor=request.user, **where, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, k.added or k.saved or f"{k.noun.capitalize()} saved.")
            return redirect("resources-region", code=region.code)
    return render(
        request,
        "resources/form.html",
        {"form": form, "title": f"{k.adding or f'Add a {k.noun}'}: {region}", "region": region},
        status=400 if form.errors else 200,
    )


@login_required
def record_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Change one of a region's records: the form starts from what the record holds, its unit managers
    save it through the record's service (which judges it as on adding), a refused value keeps what was
    typed, and a saved one goes back to the record's page."""
    k = KINDS[kind]
    record, region = _record(request, k, pk)
    extra = {"region": region} if k.with_region else {}
    initial = {}
    for name in k.form_class(**extra).fields:
        value = getattr(record, name)
        initial[name] = list(value.all()) if hasattr(value, "all") else value
    form = k.form_class(request.POST or None, initial=initial, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            k.save(actor=request.user, **{k.record_kw: record}, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, k.saved or f"{k.noun.capitalize()} saved.")
            return redirect(_back(k, record, region))
    return render(
        request,
        "resources/form.html",
        {
            "form": form,
            "title": f"Change a {k.noun}: {region}",
            "region": region,
            "cancel": _back(k, record, region),
        },
        status=400 if form.errors else 200,
    )


@login_required
def record_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Removing a record asks first, on a page of its own; the removal itself is a POST, through the
    record's service, which refuses (saying why) while other records rest on it."""
    k = KINDS[kind]
    record, region = _record(request, k, pk)
    refused = ""
    if request.method == "POST":
        try:
            k.delete(actor=request.user, **{k.record_kw: record})
        except ValidationError as exc:
            refused = " ".join(exc.messages)
        else:
            messages.success(request, k.removed or f"{k.noun.capitalize()} removed.")
            return redirect("resources-region", code=region.code)
    return render(
        request,
        "resources/delete.html",
        {
            "kind": k,
            "record": record,
            "region": region,
            "refused": refused,
            "cancel": _back(k, record, region),
            "action": reverse(f"resources-{k.name}-delete", kwargs={"pk": record.pk}),
        },
        status=400 if refused else 200,
    )
