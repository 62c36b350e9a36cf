"""Pages of the engagement log: quick log, the log lists, follow-ups, work programmes, volunteer
returns and figures. Views read through selectors and write through services."""

from __future__ import annotations

import datetime
import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from coprod.core.forms import form_errors_from
from coprod.core.periods import Quarter
from coprod.core.policy import Action
from coprod.engagements import services
from coprod.engagements.filtersets import EngagementFilterSet
from coprod.engagements.forms import EngagementForm, FollowUpForm, VolunteerReturnForm, WorkProgrammeForm
from coprod.engagements.policy import ENGAGEMENT, FOLLOW_UP, WORK_PROGRAMME, in_its_team, logs_contacts
from coprod.engagements.selectors import (
    BREAKDOWNS,
    NotesPolicy,
    activity_types_for_user,
    engagements_for_user,
    follow_ups_for_user,
    groups_engaged_by_intensity,
    log_rows,
    my_follow_ups,
    new_people_drawn_in,
    professional_hours,
    volunteer_hour_ratio,
    volunteer_returns_for_user,
    work_programme_progress,
    work_programmes_for_user,
)
from coprod.groups.selectors import groups_for_user
from coprod.neighbourhoods.selectors import neighbourhoods_for_user
from coprod.units.selectors import led_teams, own_teams, teams_for_user


def _last_neighbourhood(user):
    last = (
        engagements_for_user(user).filter(worker=user, neighbourhood__isnull=False).order_by("-date", "-pk")
    )
    return last.values_list("neighbourhood", flat=True).first()


@login_required
def quick_log(request: HttpRequest) -> HttpResponse:
    """Log a contact: today's date, your team and your last neighbourhood are filled in."""
    if not logs_contacts(request.user):
        raise PermissionDenied(ENGAGEMENT.refusal("create", "log contacts"))
    teams = own_teams(request.user)
    form = EngagementForm(
        request.POST or None,
        teams=teams,
        initial={"team": teams.first(), "neighbourhood": _last_neighbourhood(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            engagement, created = services.engagement_log(
                worker=request.user, team=form.cleaned_data["team"], **form.service_values()
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            done = reverse("engagement-logged", args=[engagement.pk])
            return redirect(done if created else f"{done}?again=1")
    return render(request, "engagements/quick_log.html", {"form": form}, status=400 if form.errors else 200)


# What the quick log loads, kept by the service worker with the page. Their addresses carry each file's
# hash in production, so a new version of any of them changes the worker's version.
OFFLINE_ASSETS = (
    "vendor/govuk-frontend/govuk-frontend.min.css",
    "vendor/govuk-frontend/govuk-frontend.min.js",
    "coprod/coprod.css",
    "coprod/js-enabled.js",
    "coprod/init.js",
    "coprod/quicklog.js",
    "coprod/icon.svg",
)


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The quick log's service worker, served from the site's root so that it may keep /log/new/.
    It holds no data: the addresses it keeps, and a version that changes when they do."""
    assets = [static(path) for path in OFFLINE_ASSETS]
    version = hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12]
    return HttpResponse(
        render_to_string("engagements/service_worker.js", {"version": version, "assets": json.dumps(assets)}),
        content_type="text/javascript; charset=utf-8",
    )


def _own_engagement(request: HttpRequest, pk: int, action: Action | None = None):
    """A contact of the user's own team, to see confirmed; or one its author or lead may change or
    remove (`action`)."""
    engagement = get_object_or_404(engagements_for_user(request.user), pk=pk)
    if action is not None:
        ENGAGEMENT.require(
            action, request.user, engagement, "change it" if action == "update" else "remove it"
        )
    elif not in_its_team(request.user, engagement):
        raise PermissionDenied("Only the team that logged it sees its confirmation.")
    return engagement


@login_required
def engagement_logged(request: HttpRequest, pk: int) -> HttpResponse:
    """What was just logged, said in words, with the way to log another: the page a log (or a resend
    of one already logged) ends on, with or without JavaScript."""
    engagement = _own_engagement(request, pk)
    return render(
        request,
        "engagements/logged.html",
        {
            "engagement": engagement,
            "again": request.GET.get("again") == "1",
            "groups": list(engagement.groups.order_by("name").values_list("name", flat=True)),
        },
    )


def _filter_choices(request: HttpRequest) -> dict[str, SafeString]:
    """The log filter's <option>s, the one asked for selected, made here from plain values: a team's
    hundreds of groups rendered one template node at a time cost more than the rest of the page."""
    asked = request.GET
    found = {
        "neighbourhood": neighbourhoods_for_user(request.user).order_by("name").values_list("slug", "name"),
        "activity_type": activity_types_for_user(request.user).values_list("slug", "name"),
        "group": groups_for_user(request.user)
        .filter(team__in=own_teams(request.user))
        .order_by("name")
        .values_list("pk", "name"),
    }
    return {
        name: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, " selected" if str(value) == asked.get(name, "") else "", label)
                for value, label in rows
            ),
        )
        for name, rows in found.items()
    }


@login_required
def engagement_log_page(request: HttpRequest) -> HttpResponse:
    """Your log; a team lead sees the team's log, a manager the unit's (without notes)."""
    base = engagements_for_user(request.user)
    filterset = EngagementFilterSet(request.GET or None, queryset=base)
    rows = log_rows(filterset.qs if filterset.is_bound else base)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    policy = NotesPolicy(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "engagements/log.html",
        {
            "filterset": filterset,
            "page": page,
            "rows": [(e, policy.visible(e)) for e in page.object_list],
            "query": query.urlencode(),
            "can_log": logs_contacts(request.user),
            "choices": _filter_choices(request),
            "is_lead": led_teams(request.user).exists(),
        },
    )


@login_required
def engagement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _own_engagement(request, pk, "update")
    teams = own_teams(request.user).filter(pk=engagement.team_id)
    initial = {
        "date": engagement.date,
        "team": engagement.team,
        "neighbourhood": engagement.neighbourhood,
        "activity_type": engagement.activity_type,
        "dimension": engagement.dimension,
        "minutes": engagement.minutes,
        "groups": "; ".join(engagement.groups.values_list("name", flat=True)),
        "people_present": engagement.people_present,
        "new_people": engagement.new_people,
        "partners": engagement.partners,
        "themes": engagement.themes.all(),
        "public_bodies": engagement.public_bodies.all(),
        "tags": ", ".join(engagement.tags),
        "notes": engagement.notes,
        "sensitive": engagement.sensitive,
        "work_programme": engagement.work_programme,
    }
    form = EngagementForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        values.pop("idempotency_key", None)
        try:
            services.engagement_update(actor=request.user, engagement=engagement, **values)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, "Contact saved.")
            return redirect("engagement-log")
    return render(
        request,
        "engagements/quick_log.html",
        {"form": form, "engagement": engagement},
        status=400 if form.errors else 200,
    )


@login_required
def engagement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting a contact asks first, on a page of its own; the deletion itself is a POST."""
    if request.method != "POST":
        engagement = _own_engagement(request, pk, "delete")
        return render(request, "engagements/delete.html", {"engagement": engagement})
    engagement = get_object_or_404(engagements_for_user(request.user), pk=pk)
    services.engagement_delete(actor=request.user, engagement=engagement)
    messages.success(request, "Contact deleted. A record of the deletion is kept.")
    return redirect("engagement-log")


@login_required
def follow_ups(request: HttpRequest) -> HttpResponse:
    """My follow-ups, overdue ones first; and a form to add one for myself."""
    form = FollowUpForm(request.POST or None)
    teams = own_teams(request.user)
    team = teams.first()
    if request.method == "POST" and form.is_valid():
        if team is None:
            raise PermissionDenied(FOLLOW_UP.refusal("create", "add follow-ups"))
        try:
            services.follow_up_create(
                actor=request.user,
                team=team,
                assigned_to=request.user,
                **form.cleaned_data,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Follow-up added.")
            return redirect("follow-ups")
    today = timezone.localdate()
    return render(
        request,
        "engagements/follow_ups.html",
        {
            "form": form,
            "items": my_follow_ups(request.user, today=today),
            "today": today,
            "can_add": team is not None,
        },
    )


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(follow_ups_for_user(request.user), pk=pk)
    services.follow_up_done(actor=request.user, follow_up=item)
    messages.success(request, f"Done: {item.what}")
    return redirect("follow-ups")


@login_required
def work_programmes(request: HttpRequest) -> HttpResponse:
    teams = led_teams(request.user)
    form = WorkProgrammeForm(request.POST or None, teams=teams) if teams.exists() else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(WORK_PROGRAMME.refusal("create", "plan work programmes"))
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.work_programme_save(actor=request.user, team=data.pop("team"), **data)
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(request, "Work programme saved.")
                return redirect("work-programmes")
    programmes = work_programmes_for_user(request.user).prefetch_related("neighbourhoods")
    return render(
        request,
        "engagements/work_programmes.html",
        {"form": form, "rows": [(p, *work_programme_progress(p)) for p in programmes]},
    )


@login_required
def volunteer_returns(request: HttpRequest) -> HttpResponse:
    teams = own_teams(request.user)
    form = VolunteerReturnForm(request.POST or None, teams=teams) if teams.exists() else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.volunteer_return_record(actor=request.user, **data)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, "Volunteer hours recorded.")
            return redirect("volunteer-returns")
    return render(
        request,
        "engagements/volunteer_returns.html",
        {"form": form, "returns": volunteer_returns_for_user(request.user)[:100]},
    )


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    """Hours, the volunteer-hour ratio against 15, new people and groups engaged, for what you reach."""
    current = Quarter.containing(timezone.localdate())
    default_start, default_end = current.start, current.end
    try:
        start = (
            datetime.date.fromisoformat(request.GET.get("start", ""))
            if request.GET.get("start")
            else default_start
        )
        end = (
            datetime.date.fromisoformat(request.GET.get("end", "")) if request.GET.get("end") else default_end
        )
    except ValueError:
        start, end = default_start, default_end
        messages.error(
            request, f"Dates are written like 2026-07-01; the current quarter ({current.label}) is shown."
        )
    by = request.GET.get("by", "month") if request.GET.get("by") in BREAKDOWNS else "month"
    visible = engagements_for_user(request.user)
    in_period = visible.filter(date__gte=start, date__lte=end)
    team_rows = [
        (team, volunteer_hour_ratio(visible.filter(team=team), start=start, end=end))
        for team in teams_for_user(request.user).filter(pk__in=visible.values("team"))
    ]
    hood_rows = [
        (hood, volunteer_hour_ratio(visible.filter(neighbourhood=hood), start=start, end=end))
        for hood in neighbourhoods_for_user(request.user).filter(pk__in=visible.values("neighbourhood"))
    ]
    return render(
        request,
        "engagements/figures.html",
        {
            "start": start,
            "end": end,
            "by": by,
            "breakdowns": list(BREAKDOWNS),
            "hours": professional_hours(in_period, by=by),
            "team_rows": team_rows,
            "hood_rows": hood_rows,
            "new_people": new_people_drawn_in(in_period),
            "by_intensity": groups_engaged_by_intensity(in_period),
        },
    )
