"""Pages of long-term resources: a region's growth dividend and savings claims with their formulas,
a page per rule and claim, and the forms unit managers add them with. Views read through selectors
and write through services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from coprod.core.forms import form_errors_from
from coprod.funding.selectors import regions_for_user, regions_managed_by
from coprod.places.models import Region
from coprod.resources import services
from coprod.resources.forms import (
    GrowthDividendRuleForm,
    RemittanceAgreementForm,
    SavingsClaimForm,
    UnitCostForm,
)
from coprod.resources.selectors import (
    growth_dividends,
    growth_rules_for_user,
    remittance_agreements_for_user,
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


@login_required
def region_resources(request: HttpRequest, code: str) -> HttpResponse:
    """A region's long-term resources: the growth dividend by year and the savings claims."""
    region = _region(request, code)
    rules = growth_rules_for_user(request.user).filter(region=region)
    claims = savings_claims_for_user(request.user).filter(region=region)
    return render(
        request,
        "resources/region.html",
        {
            "region": region,
            "rules": [(rule, growth_dividends(rule)) for rule in rules],
            "claims": [(claim, savings_of(claim)) for claim in claims],
            "unit_costs": unit_costs_for_user(request.user).filter(region=region),
            "agreements": remittance_agreements_for_user(request.user).filter(region=region),
            "can_manage": _can_manage(request, region),
        },
    )


@login_required
def growth_rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(growth_rules_for_user(request.user), pk=pk)
    return render(request, "resources/growth_rule.html", {"rule": rule, "dividends": growth_dividends(rule)})


@login_required
def savings_claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(savings_claims_for_user(request.user), pk=pk)
    return render(request, "resources/savings_claim.html", {"claim": claim, "savings": savings_of(claim)})


def _form(
    request: HttpRequest,
    code: str,
    *,
    form_class: Callable[..., forms.Form],
    save: Callable[..., Any],
    title: str,
    saved: str,
    needs_region: bool = False,
) -> HttpResponse:
    """Add one of a region's records: its unit managers only; a refused value keeps what was typed."""
    region = _region(request, code)
    if not _can_manage(request, region):
        raise PermissionDenied(REFUSED)
    extra = {"region": region} if needs_region else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, region=region, **form.cleaned_data)
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
