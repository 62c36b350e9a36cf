"""Pages of long-term resources: a region's growth dividend, savings claims, levy receipts,
remittances and local opportunity with their formulas, a page per record, and the forms unit managers
add them with. Views read through selectors and write through services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from coprod.audit.services import record_export
from coprod.core.charts import Reference, Series, data_uri, line_chart
from coprod.core.forms import form_errors_from
from coprod.funding.selectors import regions_for_user, regions_managed_by
from coprod.places.models import Region
from coprod.resources import services
from coprod.resources.exports import growth_dividend_csv, savings_csv
from coprod.resources.forms import (
    GrowthDividendRuleForm,
    LevyReceiptForm,
    LocalOpportunityForm,
    RemittanceAgreementForm,
    RemittanceForm,
    SavingsClaimForm,
    UnitCostForm,
)
from coprod.resources.models import GrowthDividendRule, SavingsClaim
from coprod.resources.selectors import (
    GrowthIndex,
    growth_dividends,
    growth_indices,
    growth_rules_for_user,
    levy_receipts_for_user,
    local_opportunities_for_user,
    local_opportunity_by_initiative,
    local_opportunity_figures,
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
    return regions_managed_by(request.user).filter(pk=region.pk).exists()


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
    body = savings_csv(claims)
    return _csv(
        region, SavingsClaim, "Savings claims CSV", body, f"savings-claims-{region.code}.csv", len(claims)
    )


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
        {"claim": claim, "savings": savings_of(claim), "can_manage": _can_manage(request, claim.region)},
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


def _form(
    request: HttpRequest,
    code: str,
    *,
    form_class: Callable[..., forms.Form],
    save: Callable[..., Any],
    title: str,
    saved: str,
    needs_region: bool = False,
    on_initiative: bool = False,
) -> HttpResponse:
    """Add one of a region's records: its unit managers only; a refused value keeps what was typed.

    A record on an initiative is saved with the initiative chosen (the form offers only the region's),
    any other with the region."""
    region = _region(request, code)
    if not _can_manage(request, region):
        raise PermissionDenied(REFUSED)
    extra = {"region": region} if needs_region or on_initiative else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        where = {} if on_initiative else {"region": region}
        try:
            save(actor=request.user, **where, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, saved)
            return redirect("resources-region", code=region.code)
    return render(
        request,
        "resources/form.html",
        {"form": form, "title": f"{title}: {region}", "region": region},
        status=400 if form.errors else 200,
    )


def _edit(
    request: HttpRequest,
    record: Any,
    *,
    region: Region,
    form_class: Callable[..., forms.Form],
    save: Callable[..., Any],
    record_kw: str,
    page: str,
    title: str,
    saved: str,
    with_region: bool = True,
) -> HttpResponse:
    """Change one of a region's records: the form starts from what the record holds, its unit managers
    save it through the record's service (which judges it as on adding), a refused value keeps what was
    typed, and a saved one goes back to the record's page."""
    if not _can_manage(request, region):
        raise PermissionDenied(REFUSED)
    extra = {"region": region} if with_region else {}
    initial = {}
    for name in form_class(**extra).fields:
        value = getattr(record, name)
        initial[name] = list(value.all()) if hasattr(value, "all") else value
    form = form_class(request.POST or None, initial=initial, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, **{record_kw: record}, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, saved)
            return redirect(page, pk=record.pk)
    return render(
        request,
        "resources/form.html",
        {"form": form, "title": f"{title}: {region}", "region": region},
        status=400 if form.errors else 200,
    )


@login_required
def growth_rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(growth_rules_for_user(request.user), pk=pk)
    return _edit(
        request,
        rule,
        region=rule.region,
        form_class=GrowthDividendRuleForm,
        save=services.growth_rule_save,
        record_kw="rule",
        page="resources-growth-rule",
        title="Change a growth dividend rule",
        saved="Growth dividend rule saved.",
        with_region=False,
    )


@login_required
def savings_claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(savings_claims_for_user(request.user), pk=pk)
    return _edit(
        request,
        claim,
        region=claim.region,
        form_class=SavingsClaimForm,
        save=services.savings_claim_save,
        record_kw="claim",
        page="resources-savings-claim",
        title="Change a savings claim",
        saved="Savings claim saved.",
    )


@login_required
def levy_receipt_edit(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = get_object_or_404(levy_receipts_for_user(request.user), pk=pk)
    return _edit(
        request,
        receipt,
        region=receipt.initiative.region,
        form_class=LevyReceiptForm,
        save=services.levy_receipt_save,
        record_kw="receipt",
        page="resources-levy-receipt",
        title="Change a levy receipt",
        saved="Levy receipt saved; its allocation in the 10% ledger changed with it.",
    )


@login_required
def remittance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    remittance = get_object_or_404(remittances_for_user(request.user), pk=pk)
    return _edit(
        request,
        remittance,
        region=remittance.initiative.region,
        form_class=RemittanceForm,
        save=services.remittance_save,
        record_kw="remittance",
        page="resources-remittance",
        title="Change a remittance",
        saved="Remittance saved; its allocation in the 10% ledger changed with it.",
    )


@login_required
def local_opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(local_opportunities_for_user(request.user), pk=pk)
    return _edit(
        request,
        opportunity,
        region=opportunity.initiative.region,
        form_class=LocalOpportunityForm,
        save=services.local_opportunity_save,
        record_kw="opportunity",
        page="resources-local-opportunity",
        title="Change local opportunity",
        saved="Local opportunity saved.",
    )


@login_required
def growth_rule_create(request: HttpRequest, code: str) -> HttpResponse:
    return _form(
        request,
        code,
        form_class=GrowthDividendRuleForm,
        save=services.growth_rule_save,
        title="Add a growth dividend rule",
        saved="Growth dividend rule saved.",
    )


@login_required
def unit_cost_create(request: HttpRequest, code: str) -> HttpResponse:
    return _form(
        request,
        code,
        form_class=UnitCostForm,
        save=services.unit_cost_save,
        title="Add a unit cost",
        saved="Unit cost saved.",
    )


@login_required
def savings_claim_create(request: HttpRequest, code: str) -> HttpResponse:
    return _form(
        request,
        code,
        form_class=SavingsClaimForm,
        save=services.savings_claim_save,
        title="Add a savings claim",
        saved="Savings claim saved.",
        needs_region=True,
    )


@login_required
def remittance_agreement_create(request: HttpRequest, code: str) -> HttpResponse:
    return _form(
        request,
        code,
        form_class=RemittanceAgreementForm,
        save=services.remittance_agreement_save,
        title="Add a remittance agreement",
        saved="Remittance agreement saved.",
    )


@login_required
def levy_receipt_create(request: HttpRequest, code: str) -> HttpResponse:
    return _form(
        request,
        code,
        form_class=LevyReceiptForm,
        save=services.levy_receipt_save,
        title="Add a levy receipt",
        saved="Levy receipt saved; it is in the 10% ledger as community capacity building.",
        on_initiative=True,
    )


@login_required
def remittance_create(request: HttpRequest, code: str) -> HttpResponse:
    return _form(
        request,
        code,
        form_class=RemittanceForm,
        save=services.remittance_save,
        title="Add a remittance",
        saved="Remittance saved; it is in the 10% ledger as community capacity building.",
        on_initiative=True,
    )


@login_required
def local_opportunity_create(request: HttpRequest, code: str) -> HttpResponse:
    return _form(
        request,
        code,
        form_class=LocalOpportunityForm,
        save=services.local_opportunity_save,
        title="Add local opportunity figures",
        saved="Local opportunity saved.",
        on_initiative=True,
    )
