"""HTML pages: home, neighbourhoods (list, page, forms, baselines), regions and authorities."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coprod.core.forms import form_errors_from
from coprod.neighbourhoods import services
from coprod.neighbourhoods.filtersets import NeighbourhoodFilterSet
from coprod.neighbourhoods.forms import BaselineTakeForm, NeighbourhoodForm
from coprod.neighbourhoods.policy import NEIGHBOURHOOD, plans_for_some_team
from coprod.neighbourhoods.selectors import (
    authorities_for_user,
    baselines_for_user,
    current_baseline,
    neighbourhood_figures,
    neighbourhoods_for_user,
    regions_for_user,
    with_deprivation_figures,
)
from coprod.places.selectors import authority_by_code, current_lsoas, deprivation_summary
from coprod.units.selectors import teams_for_user, teams_led_or_administered


@login_required
def home(request: HttpRequest) -> HttpResponse:
    neighbourhoods = with_deprivation_figures(neighbourhoods_for_user(request.user))
    return render(
        request,
        "neighbourhoods/home.html",
        {
            "teams": teams_for_user(request.user).select_related("unit", "host_authority"),
            "neighbourhoods": neighbourhoods,
            "can_create": plans_for_some_team(request.user),
        },
    )


@login_required
def neighbourhood_list(request: HttpRequest) -> HttpResponse:
    base = with_deprivation_figures(neighbourhoods_for_user(request.user))
    filterset = NeighbourhoodFilterSet(request.GET or None, queryset=base)
    filterset.form.fields["team"].widget.attrs["list"] = "team-options"
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "neighbourhoods/neighbourhood_list.html",
        {
            "filterset": filterset,
            "page": page,
            "teams": teams_for_user(request.user),
            "authorities": authorities_for_user(request.user)
            .filter(teams__in=teams_for_user(request.user))
            .distinct(),
            "can_create": plans_for_some_team(request.user),
        },
    )


@login_required
def neighbourhood_detail(request: HttpRequest, slug: str) -> HttpResponse:
    neighbourhood = get_object_or_404(neighbourhoods_for_user(request.user), slug=slug)
    figures = neighbourhood_figures(neighbourhood)
    lsoas = neighbourhood.lsoas.select_related("ward", "local_authority").order_by("code")
    ranks = dict(
        neighbourhood.lsoas.filter(deprivations__edition=figures.deprivation.edition).values_list(
            "pk", "deprivations__decile"
        )
    )
    can_manage = NEIGHBOURHOOD.may("update", request.user, neighbourhood)
    return render(
        request,
        "neighbourhoods/neighbourhood_detail.html",
        {
            "neighbourhood": neighbourhood,
            "figures": figures,
            "lsoa_rows": [(lsoa, ranks.get(lsoa.pk)) for lsoa in lsoas],
            "baselines": baselines_for_user(request.user).filter(neighbourhood=neighbourhood),
            "current_baseline": current_baseline(neighbourhood),
            "can_manage": can_manage,
            "baseline_form": BaselineTakeForm(initial={"taken_on": timezone.localdate()}),
        },
    )


def _neighbourhood_form_view(request: HttpRequest, neighbourhood=None) -> HttpResponse:
    if not plans_for_some_team(request.user):
        raise PermissionDenied(NEIGHBOURHOOD.refusal("create", "create or change neighbourhoods"))
    teams = teams_led_or_administered(request.user)
    initial = {}
    if neighbourhood is not None:
        initial = {
            "team": neighbourhood.team,
            "name": neighbourhood.name,
            "description": neighbourhood.description,
            "lsoa_codes": " ".join(neighbourhood.lsoas.values_list("code", flat=True)),
            "settlement": neighbourhood.settlement,
            "priority": neighbourhood.priority,
            "population_entered": neighbourhood.population_entered,
        }
    form = NeighbourhoodForm(request.POST or None, teams=teams, initial=initial or {"settlement": "urban"})
    if neighbourhood is not None:
        form.fields["team"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if neighbourhood is None:
                neighbourhood = services.neighbourhood_create(
                    actor=request.user,
                    team=data["team"],
                    name=data["name"],
                    description=data["description"],
                    lsoas=data["lsoa_codes"],
                    wards=list(data["wards"]),
                    settlement=data["settlement"],
                    priority=data["priority"],
                    population_entered=data["population_entered"],
                )
                messages.success(request, f"Neighbourhood {neighbourhood.name} created.")
            else:
                services.neighbourhood_update(
                    actor=request.user,
                    neighbourhood=neighbourhood,
                    lsoas=data["lsoa_codes"],
                    wards=list(data["wards"]),
                    name=data["name"],
                    description=data["description"],
                    settlement=data["settlement"],
                    priority=data["priority"],
                    population_entered=data["population_entered"],
                )
                messages.success(request, f"Neighbourhood {neighbourhood.name} saved.")
            return redirect("neighbourhood-detail", slug=neighbourhood.slug)
        except ValidationError as exc:
            form_errors_from(exc, form)
    return render(
        request,
        "neighbourhoods/neighbourhood_form.html",
        {"form": form, "neighbourhood": neighbourhood},
        status=400 if form.errors else 200,
    )


@login_required
def neighbourhood_create(request: HttpRequest) -> HttpResponse:
    return _neighbourhood_form_view(request)


@login_required
def neighbourhood_edit(request: HttpRequest, slug: str) -> HttpResponse:
    neighbourhood = get_object_or_404(neighbourhoods_for_user(request.user), slug=slug)
    return _neighbourhood_form_view(request, neighbourhood)


@login_required
@require_POST
def baseline_take(request: HttpRequest, slug: str) -> HttpResponse:
    neighbourhood = get_object_or_404(neighbourhoods_for_user(request.user), slug=slug)
    form = BaselineTakeForm(request.POST)
    if form.is_valid():
        try:
            services.baseline_take(
                actor=request.user,
                neighbourhood=neighbourhood,
                taken_on=form.cleaned_data["taken_on"],
                notes=form.cleaned_data["notes"],
            )
            messages.success(request, "Draft baseline taken. Check it, then sign it off.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(
            request, "Baseline not taken: " + " ".join(str(e) for errs in form.errors.values() for e in errs)
        )
    return redirect("neighbourhood-detail", slug=neighbourhood.slug)


@login_required
@require_POST
def baseline_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    baseline = get_object_or_404(baselines_for_user(request.user), pk=pk)
    try:
        services.baseline_sign_off(actor=request.user, baseline=baseline)
        messages.success(request, f"Baseline of {baseline.taken_on} signed off. It can no longer change.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("neighbourhood-detail", slug=baseline.neighbourhood.slug)


@login_required
def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "neighbourhoods/region_list.html", {"regions": regions_for_user(request.user)})


@login_required
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(regions_for_user(request.user), code=code)
    authorities = authorities_for_user(request.user).filter(region=region)
    return render(
        request,
        "neighbourhoods/region_detail.html",
        {
            "region": region,
            "authorities": authorities,
            "summary": deprivation_summary(current_lsoas().filter(local_authority__region=region)),
            "neighbourhoods": with_deprivation_figures(
                neighbourhoods_for_user(request.user).filter(team__unit__region=region)
            ),
        },
    )


@login_required
def authority_detail(request: HttpRequest, code: str) -> HttpResponse:
    authority = authority_by_code(authorities_for_user(request.user), code)
    if authority is None:
        raise Http404("No such local authority.")
    return render(
        request,
        "neighbourhoods/authority_detail.html",
        {
            "authority": authority,
            "summary": deprivation_summary(current_lsoas().filter(local_authority=authority)),
            "wards": authority.wards.order_by("name"),
            "teams": teams_for_user(request.user).filter(authorities=authority),
            "neighbourhoods": with_deprivation_figures(
                neighbourhoods_for_user(request.user).filter(lsoas__local_authority=authority).distinct()
            ),
        },
    )
