"""Pages of the 10% ledger: the overview, initiatives and their allocations, the proposals pipeline,
the forms and the CSV exports. Views read through selectors and write through services."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coprod.audit.services import record_export
from coprod.core.forms import form_errors_from
from coprod.funding import services
from coprod.funding.exports import allocations_csv, giving_package, ledger_csv
from coprod.funding.filtersets import AllocationFilterSet, ProposalFilterSet
from coprod.funding.forms import AllocationForm, InitiativeForm, ProposalForm, ProposalMoveForm
from coprod.funding.models import Allocation, RegionalInitiative
from coprod.funding.policy import (
    ALLOCATION,
    INITIATIVE,
    PROPOSAL,
    manages_some_region,
    proposes_for_some_team,
)
from coprod.funding.selectors import (
    BREAKDOWNS,
    allocations_for_user,
    below_ten_percent,
    initiatives_for_user,
    ledger,
    ledger_total,
    per_head_context,
    pipeline,
    position_of,
    proposal_teams_for_user,
    proposals_for_user,
    regions_managed_by,
)
from coprod.groups.selectors import groups_for_user
from coprod.neighbourhoods.selectors import neighbourhoods_for_user


def _csv(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The 10% position of the user's region(s): per region, stream, period and initiative."""
    initiatives = initiatives_for_user(request.user)
    by_initiative = ledger(initiatives, by="initiative")
    return render(
        request,
        "funding/overview.html",
        {
            "total": ledger_total(by_initiative),
            "by_region": ledger(initiatives, by="region"),
            "by_stream": ledger(initiatives, by="stream"),
            "by_period": ledger(initiatives, by="period"),
            "by_initiative": by_initiative,
            "initiatives": {i.slug: i for i in initiatives},
            "below": below_ten_percent(by_initiative),
            "can_manage": manages_some_region(request.user),
            "breakdowns": BREAKDOWNS,
        },
    )


@login_required
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(initiatives_for_user(request.user), slug=slug)
    allocations = (
        allocations_for_user(request.user)
        .filter(initiative=initiative)
        .prefetch_related("neighbourhoods__team", "groups")
        .order_by("-date", "-pk")
    )
    return render(
        request,
        "funding/initiative_detail.html",
        {
            "initiative": initiative,
            "position": position_of(initiative),
            "allocations": allocations,
            "per_head": per_head_context(allocations, region=initiative.region),
            "proposals": proposals_for_user(request.user).filter(initiative=initiative),
            "can_manage": INITIATIVE.may("update", request.user, initiative),
            # Neighbourhoods are their teams' records: named to those who reach them.
            "reached": set(neighbourhoods_for_user(request.user).values_list("pk", flat=True)),
        },
    )


def _initiative_form(request: HttpRequest, initiative=None) -> HttpResponse:
    if initiative is not None:
        INITIATIVE.require("update", request.user, initiative, "change its initiatives")
    elif not manages_some_region(request.user):
        raise PermissionDenied(INITIATIVE.refusal("create", "record its initiatives"))
    regions = regions_managed_by(request.user)
    if initiative is not None:
        regions = regions.filter(pk=initiative.region_id)
    initial = {}
    if initiative is not None:
        initial = {
            name: getattr(initiative, name)
            for name in ("region", "title", "funding_stream", "lead_body", "capital", "revenue", "start",
                         "end", "status", "description")
        }  # fmt: skip
    form = InitiativeForm(request.POST or None, regions=regions, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        region = values.pop("region")
        try:
            initiative = services.initiative_save(
                actor=request.user, region=region, initiative=initiative, **values
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, f"{initiative.title} saved.")
            return redirect("funding-initiative", slug=initiative.slug)
    return render(
        request,
        "funding/form.html",
        {"form": form, "title": f"Change {initiative.title}" if initiative else "Add a regional initiative"},
        status=400 if form.errors else 200,
    )


@login_required
def initiative_create(request: HttpRequest) -> HttpResponse:
    return _initiative_form(request)


@login_required
def initiative_edit(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(initiatives_for_user(request.user), slug=slug)
    return _initiative_form(request, initiative)


def _allocation_form(request: HttpRequest, initiative, allocation=None) -> HttpResponse:
    ALLOCATION.require("create", request.user, initiative.region_id, "record its allocations")
    initial = {}
    if allocation is not None:
        initial = {
            name: getattr(allocation, name)
            for name in ("amount", "date", "category", "state", "title", "recipient_name", "proposal")
        }
        initial["neighbourhoods"] = list(allocation.neighbourhoods.all())
        initial["groups"] = list(allocation.groups.all())
    form = AllocationForm(request.POST or None, initiative=initiative, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            services.allocation_save(
                actor=request.user, initiative=initiative, allocation=allocation, **values
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, "Allocation saved.")
            return redirect("funding-initiative", slug=initiative.slug)
    title = (
        f"Change an allocation from {initiative.title}"
        if allocation
        else f"Add an allocation from {initiative.title}"
    )
    return render(
        request, "funding/form.html", {"form": form, "title": title}, status=400 if form.errors else 200
    )


@login_required
def allocation_create(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(initiatives_for_user(request.user), slug=slug)
    return _allocation_form(request, initiative)


@login_required
def allocation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = get_object_or_404(allocations_for_user(request.user), pk=pk)
    services.require_keeper(allocation, "")  # an entry a levy receipt or remittance keeps: not here
    return _allocation_form(request, allocation.initiative, allocation)


@login_required
@require_POST
def allocation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = get_object_or_404(allocations_for_user(request.user), pk=pk)
    slug = allocation.initiative.slug
    services.allocation_delete(actor=request.user, allocation=allocation)
    messages.success(request, "Allocation removed.")
    return redirect("funding-initiative", slug=slug)


@login_required
def allocations_export(request: HttpRequest) -> HttpResponse:
    """Allocations the user can see, with the same filters as the API, as CSV."""
    filterset = AllocationFilterSet(request.GET or None, queryset=allocations_for_user(request.user))
    response = _csv(allocations_csv(filterset.qs, user=request.user), "allocations.csv")
    _record_export(
        request,
        Allocation,
        "Allocations CSV",
        filterset.qs.values_list("initiative__region__unit", flat=True),
        rows=filterset.qs.count(),
    )
    return response


@login_required
def initiative_360giving(request: HttpRequest, slug: str) -> HttpResponse:
    """An initiative's allocations as a 360Giving data package (JSON)."""
    initiative = get_object_or_404(initiatives_for_user(request.user), slug=slug)
    allocations = allocations_for_user(request.user).filter(initiative=initiative)
    if not allocations.exists():
        raise Http404(
            "This initiative has no allocations to publish yet: a 360Giving file holds one at least."
        )
    package = giving_package(initiative, allocations, user=request.user)
    response = HttpResponse(json.dumps(package, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{initiative.slug}-360giving.json"'
    _record_export(
        request,
        Allocation,
        "Allocations as 360Giving",
        [getattr(getattr(initiative.region, "unit", None), "pk", None)],
        rows=len(package["grants"]),
    )
    return response


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("by", "initiative")
    if by not in BREAKDOWNS:
        by = "initiative"
    initiatives = initiatives_for_user(request.user)
    response = _csv(ledger_csv(ledger(initiatives, by=by)), f"ten-percent-by-{by}.csv")
    _record_export(
        request,
        RegionalInitiative,
        f"10% ledger CSV by {by}",
        initiatives.values_list("region__unit", flat=True),
    )
    return response


def _record_export(request: HttpRequest, model, what: str, units, rows: int | None = None) -> None:
    """Funding exports belong to a unit when everything in them does."""
    found = set(units)
    record_export(
        model=model,
        what=what,
        rows=rows,
        details={"filters": {k: v for k, v in request.GET.items() if k != "page"}},
        unit_id=found.pop() if len(found) == 1 else None,
    )


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """The pipeline: how many proposals at each stage, sums sought and won, how long stages take."""
    visible = proposals_for_user(request.user)
    filterset = ProposalFilterSet(request.GET or None, queryset=visible)
    proposals = filterset.qs if filterset.is_bound else visible
    return render(
        request,
        "funding/proposal_list.html",
        {
            "stages": pipeline(proposals),
            "proposals": proposals.order_by("-status_since", "title", "pk"),
            # A proposal's neighbourhood is its team's record: named to those who reach it.
            "reached": set(neighbourhoods_for_user(request.user).values_list("pk", flat=True)),
            "filterset": filterset,
            "can_add": proposes_for_some_team(request.user),
        },
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(proposals_for_user(request.user), pk=pk)
    can_move = PROPOSAL.may("update", request.user, proposal)
    form = ProposalMoveForm(request.POST or None, proposal=proposal) if can_move else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(PROPOSAL.refusal("update", "move a proposal"))
        if form.is_valid():
            try:
                services.proposal_move(actor=request.user, proposal=proposal, **form.cleaned_data)
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(request, "Proposal moved.")
                return redirect("funding-proposal", pk=proposal.pk)
    return render(
        request,
        "funding/proposal_detail.html",
        {
            "proposal": proposal,
            # Its neighbourhood and groups are the team's records: named to those who reach them.
            "neighbourhood_reached": neighbourhoods_for_user(request.user)
            .filter(pk=proposal.neighbourhood_id)
            .exists(),
            "groups": groups_for_user(request.user).filter(proposals=proposal),
            "other_groups": proposal.groups.exclude(
                pk__in=groups_for_user(request.user).values("pk")
            ).count(),
            "transitions": proposal.transitions.select_related("by"),
            "allocations": allocations_for_user(request.user).filter(proposal=proposal),
            "form": form,
            "can_move": can_move,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _proposal_form(request: HttpRequest, proposal=None) -> HttpResponse:
    if proposal is not None:
        PROPOSAL.require("update", request.user, proposal, "change it")
    elif not proposes_for_some_team(request.user):
        raise PermissionDenied(PROPOSAL.refusal("create", "add its proposals"))
    teams = proposal_teams_for_user(request.user)
    if proposal is not None:
        teams = teams.filter(pk=proposal.team_id)
    initial = {}
    if proposal is not None:
        initial = {
            name: getattr(proposal, name)
            for name in ("team", "title", "neighbourhood", "amount_sought", "initiative", "description")
        }
        initial["groups"] = list(proposal.groups.all())
    form = ProposalForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        team = values.pop("team")
        try:
            proposal = services.proposal_save(actor=request.user, team=team, proposal=proposal, **values)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, f"{proposal.title} saved.")
            return redirect("funding-proposal", pk=proposal.pk)
    title = f"Change {proposal.title}" if proposal else "Add a regeneration proposal"
    return render(
        request, "funding/form.html", {"form": form, "title": title}, status=400 if form.errors else 200
    )


@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    return _proposal_form(request)


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(proposals_for_user(request.user), pk=pk)
    return _proposal_form(request, proposal)
