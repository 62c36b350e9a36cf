"""HTML pages of the group directory: list and search, group pages and forms, duplicates, imports,
exports and venues. Views read through selectors and write through services."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coprod.audit.services import record_export
from coprod.core.import_flow import ImportFlow
from coprod.core.views import form_page, streamed_csv
from coprod.groups import services
from coprod.groups.exports import groups_csv_lines, hsds_organizations
from coprod.groups.filtersets import GroupFilterSet, VenueFilterSet
from coprod.groups.forms import ContactForm, GroupForm, ImportForm, LinkForm, VenueForm
from coprod.groups.imports import COLUMNS, groups_import
from coprod.groups.models import CommunityGroup, GroupContact
from coprod.groups.policy import GROUP, VENUE, imports_somewhere, keeps_a_directory, may_export_personal
from coprod.groups.selectors import (
    ENGLAND_CHARITIES_PER_1000,
    areas_of_work_for_user,
    authority_directory_figures,
    duplicates_for_user,
    groups_for_user,
    neighbourhood_directory_figures,
    sees_personal_data,
    venues_for_user,
)
from coprod.neighbourhoods.selectors import authorities_for_user, neighbourhoods_for_user
from coprod.units.selectors import audit_scope, led_teams, own_teams, teams_for_user


def _filtered(request: HttpRequest):
    filterset = GroupFilterSet(request.GET or None, queryset=groups_for_user(request.user))
    return filterset, filterset.qs if filterset.is_bound else filterset.queryset


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    filterset, groups = _filtered(request)
    visible = teams_for_user(request.user)
    page = Paginator(groups.prefetch_related("neighbourhoods"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "groups/group_list.html",
        {
            "filterset": filterset,
            "page": page,
            "query": query.urlencode(),
            "neighbourhood_options": visible.values_list("neighbourhoods__slug", "neighbourhoods__name"),
            "areas": areas_of_work_for_user(request.user),
            "can_edit": keeps_a_directory(request.user),
            "can_import": imports_somewhere(request.user),
            "can_export_personal": may_export_personal(request.user),
            "open_duplicates": duplicates_for_user(request.user).count(),
        },
    )


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(groups_for_user(request.user), pk=pk)
    personal = sees_personal_data(request.user, group)
    can_edit = GROUP.may("update", request.user, group)
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "personal": personal,
            "can_edit": can_edit,
            "can_delete": GROUP.may("delete", request.user, group),
            "contacts": group.contacts.all() if personal else [],
            "changes": group.changes.select_related("recorded_by"),
            "links": group.links.select_related("other").filter(other__in=groups_for_user(request.user)),
            "linked_from": group.linked_from.select_related("group").filter(
                group__in=groups_for_user(request.user)
            ),
            "venues": venues_for_user(request.user).filter(groups=group),
            "merges": group.merges.all(),
            "flags": duplicates_for_user(request.user).filter(group=group),
            "contact_form": ContactForm(),
            "link_form": LinkForm(
                groups=groups_for_user(request.user).filter(team=group.team).exclude(pk=group.pk)
            ),
        },
    )


def _group_form_view(request: HttpRequest, group=None) -> HttpResponse:
    if not keeps_a_directory(request.user):
        raise PermissionDenied(GROUP.refusal("create", "add or change its groups"))
    teams = own_teams(request.user)
    form = GroupForm(
        request.POST or None, instance=group, teams=teams, visible_teams=teams_for_user(request.user)
    )

    def save(data) -> tuple[str, str]:
        values = form.service_values()
        if group is not None:
            services.group_update(actor=request.user, group=group, **values)
            return f"{group.name} saved.", reverse("group-detail", args=[group.pk])
        added = services.group_create(actor=request.user, team=data["team"], **values)
        flags = duplicates_for_user(request.user).filter(group=added).count()
        also = f" It may duplicate {flags} other record(s): see below." if flags else ""
        return f"{added.name} added.{also}", reverse("group-detail", args=[added.pk])

    return form_page(
        request, form=form, template="groups/group_form.html", save=save, context={"group": group}
    )


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    return _group_form_view(request)


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(groups_for_user(request.user), pk=pk)
    GROUP.require("update", request.user, group, "change its groups")
    # A fresh copy for the form, so a failed save leaves the page's title as it was.
    return _group_form_view(request, get_object_or_404(groups_for_user(request.user), pk=pk))


@login_required
@require_POST
def group_delete(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(groups_for_user(request.user), pk=pk)
    services.group_delete(actor=request.user, group=group)
    messages.success(request, f"{group.name} deleted.")
    return redirect("group-list")


@login_required
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(groups_for_user(request.user), pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(actor=request.user, group=group, **form.cleaned_data)
            messages.success(request, "Contact added.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(
            request,
            "Contact not added: "
            + "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()),
        )
    return redirect("group-detail", pk=group.pk)


@login_required
@require_POST
def contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    group = get_object_or_404(groups_for_user(request.user), pk=pk)
    contact = get_object_or_404(GroupContact, pk=contact_pk, group=group)
    services.contact_remove(actor=request.user, contact=contact)
    messages.success(request, "Contact removed.")
    return redirect("group-detail", pk=group.pk)


@login_required
@require_POST
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(groups_for_user(request.user), pk=pk)
    form = LinkForm(request.POST, groups=groups_for_user(request.user).filter(team=group.team))
    if form.is_valid():
        try:
            services.link_add(actor=request.user, group=group, **form.cleaned_data)
            messages.success(request, "Link added.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Link not added: choose a kind and a group.")
    return redirect("group-detail", pk=group.pk)


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    own = set(own_teams(request.user).values_list("pk", flat=True))
    flags = [
        (
            flag,
            flag.group.team_id in own and flag.other.team_id in own,
            bool({flag.group.team_id, flag.other.team_id} & own),
        )
        for flag in duplicates_for_user(request.user)
    ]
    return render(request, "groups/duplicate_list.html", {"flags": flags})


@login_required
@require_POST
def duplicate_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(duplicates_for_user(request.user), pk=pk)
    action = request.POST.get("action")
    if action == "dismiss":
        services.duplicate_dismiss(actor=request.user, flag=flag)
        messages.success(request, "Marked as not a duplicate.")
        return redirect("duplicate-list")
    if action not in ("keep_group", "keep_other"):
        raise Http404("Unknown action.")
    survivor, merged = (flag.group, flag.other) if action == "keep_group" else (flag.other, flag.group)
    try:
        record = services.group_merge(actor=request.user, survivor=survivor, merged=merged)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("duplicate-list")
    messages.success(request, f"{record.merged_name} merged into {survivor.name}.")
    return redirect("group-detail", pk=survivor.pk)


GROUP_IMPORT = ImportFlow(
    template="groups/group_import.html",
    form=ImportForm,
    columns=COLUMNS,
    run=groups_import,
    teams=led_teams,
    refused="Only team leads can import into their team's directory.",
)
group_import = login_required(GROUP_IMPORT.upload)
group_import_confirm = login_required(require_POST(GROUP_IMPORT.confirm))
group_import_report = login_required(GROUP_IMPORT.report)


@login_required
def group_export_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, groups = _filtered(request)
    include_personal = request.GET.get("personal") == "1"
    if include_personal and not may_export_personal(request.user):
        raise PermissionDenied("Only team leads can export contact details and notes.")
    response = streamed_csv(
        groups_csv_lines(request.user, groups, include_personal=include_personal), "community-groups.csv"
    )
    _record_export(
        request,
        groups,
        "Community groups CSV" + (" with contact details and notes" if include_personal else ""),
        personal=include_personal,
    )
    return response


def _record_export(request: HttpRequest, groups, what: str, **details) -> None:
    record_export(
        model=CommunityGroup,
        what=what,
        rows=groups.count(),
        details={**details, "filters": {k: v for k, v in request.GET.items() if k != "page"}},
        **audit_scope(groups.values_list("team_id", flat=True).distinct()),
    )


@login_required
def group_export_hsds(request: HttpRequest) -> HttpResponse:
    _, groups = _filtered(request)
    response = HttpResponse(
        json.dumps(hsds_organizations(groups), indent=2, default=str), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="organizations.json"'
    _record_export(request, groups, "Community groups HSDS JSON")
    return response


@login_required
def venue_list(request: HttpRequest) -> HttpResponse:
    filterset = VenueFilterSet(request.GET or None, queryset=venues_for_user(request.user))
    return render(
        request,
        "groups/venue_list.html",
        {"filterset": filterset, "venues": filterset.qs, "can_edit": keeps_a_directory(request.user)},
    )


@login_required
def venue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    venue = get_object_or_404(venues_for_user(request.user), pk=pk)
    return render(
        request,
        "groups/venue_detail.html",
        {
            "venue": venue,
            "groups": groups_for_user(request.user).filter(venues=venue),
            "can_edit": VENUE.may("update", request.user, venue),
        },
    )


def _venue_form_view(request: HttpRequest, venue=None) -> HttpResponse:
    if not keeps_a_directory(request.user):
        raise PermissionDenied(VENUE.refusal("create", "add or change its venues"))
    teams = own_teams(request.user)
    form = VenueForm(request.POST or None, instance=venue, teams=teams)

    def save(data) -> tuple[str, str]:
        team = venue.team if venue else data.pop("team")
        data.pop("team", None)
        saved = services.venue_save(
            actor=request.user, team=team, venue=venue, groups=data.pop("groups"), **data
        )
        return f"{saved.name} saved.", reverse("venue-detail", args=[saved.pk])

    return form_page(
        request, form=form, template="groups/venue_form.html", save=save, context={"venue": venue}
    )


@login_required
def venue_create(request: HttpRequest) -> HttpResponse:
    return _venue_form_view(request)


@login_required
def venue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    venue = get_object_or_404(venues_for_user(request.user), pk=pk)
    VENUE.require("update", request.user, venue, "change its venues")
    return _venue_form_view(request, venue)


@login_required
def directory_figures_page(request: HttpRequest) -> HttpResponse:
    """Group density, micro groups and dealings with statutory bodies, per neighbourhood and authority."""
    neighbourhoods = neighbourhoods_for_user(request.user).order_by("team__name", "name")
    authorities = authorities_for_user(request.user).filter(teams__in=teams_for_user(request.user)).distinct()
    return render(
        request,
        "groups/directory_figures.html",
        {
            "neighbourhood_rows": [
                (n, neighbourhood_directory_figures(request.user, n)) for n in neighbourhoods
            ],
            "authority_rows": [(a, authority_directory_figures(request.user, a)) for a in authorities],
            "reference": ENGLAND_CHARITIES_PER_1000,
        },
    )
