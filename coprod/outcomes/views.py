"""Outcome pages: a neighbourhood's outcomes, the forms that feed them, group outcomes, the survey
import and the indicator registry. Views read through selectors and write through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coprod.core.charts import Reference, Series, data_uri, line_chart
from coprod.core.forms import form_errors_from
from coprod.core.import_flow import ImportFlow
from coprod.core.views import form_page
from coprod.groups.selectors import groups_for_user
from coprod.neighbourhoods import services as neighbourhood_services
from coprod.neighbourhoods.selectors import neighbourhoods_for_user
from coprod.outcomes import services
from coprod.outcomes.forms import (
    BaselineIndicatorsForm,
    GroupOutcomeForm,
    IndicatorForm,
    InvolvementForm,
    MeasurementForm,
    MeasurementImportForm,
    StoryForm,
    TargetForm,
)
from coprod.outcomes.imports import COLUMNS, measurements_import
from coprod.outcomes.policy import GROUP_OUTCOME, INDICATOR, MEASUREMENT, TARGET
from coprod.outcomes.selectors import (
    group_outcome_counts,
    group_outcomes_for_user,
    indicators_for_user,
    involvement_for_user,
    neighbourhood_outcomes,
    stories_for_user,
)
from coprod.units.selectors import led_teams, own_teams


def _own_neighbourhood(request: HttpRequest, slug: str, *, lead: bool = False):
    """A neighbourhood the user may write to: their own team's (and lead's, where asked)."""
    neighbourhood = get_object_or_404(neighbourhoods_for_user(request.user), slug=slug)
    policy = TARGET if lead else MEASUREMENT
    policy.require("create", request.user, neighbourhood.team_id, f"do this for {neighbourhood}")
    return neighbourhood


def _chart(row) -> str | None:
    if len(row.trend) < 2:
        return None
    references = []
    for target_row in row.targets[:1]:
        references.append(
            Reference(f"target by {target_row.target.target_on:%b %Y}", target_row.target.target_value)
        )
    if row.indicator.code == "volunteer-hour-ratio":
        references.append(Reference("benchmark", 15))
    svg = line_chart(
        series=[Series(row.indicator.name, [(p.label, p.value) for p in row.trend])],
        references=references,
        y_label=row.indicator.get_unit_display(),
    )
    return data_uri(svg)


@login_required
def neighbourhood_outcomes_page(request: HttpRequest, slug: str) -> HttpResponse:
    neighbourhood = get_object_or_404(neighbourhoods_for_user(request.user), slug=slug)
    today = timezone.localdate()
    rows = neighbourhood_outcomes(neighbourhood, today=today)
    for row in rows:
        row.chart = _chart(row)
    outcomes = group_outcomes_for_user(request.user).filter(group__neighbourhoods=neighbourhood)
    return render(
        request,
        "outcomes/neighbourhood_outcomes.html",
        {
            "neighbourhood": neighbourhood,
            "rows": rows,
            "involvement": involvement_for_user(request.user).filter(neighbourhood=neighbourhood)[:8],
            "stories": stories_for_user(request.user).filter(neighbourhood=neighbourhood)[:10],
            "outcome_counts": group_outcome_counts(outcomes),
            "can_record": MEASUREMENT.may("create", request.user, neighbourhood.team_id),
            "can_lead": TARGET.may("create", request.user, neighbourhood.team_id),
        },
    )


def _form_page(request, *, form, title, intro, back, save, template="outcomes/form.html", extra=None):
    """An outcomes form page (core.views.form_page) with its title and introduction."""
    context = {"title": title, "intro": intro} | (extra or {})
    return form_page(request, form=form, template=template, save=save, back=back, context=context)


def _neighbourhood_form(
    form_class, *, service: str, done, title: str, intro: str, lead: bool = False, bound: bool = False
):
    """A page that records something for one of the user's own neighbourhoods (lead: the team
    lead's): the form (given the neighbourhood when `bound`), the outcomes service it saves through
    (by name, called with actor, neighbourhood and the form's values), the message once it has (or a
    function of what the service returned), and a title with {name} for the neighbourhood's name."""

    @login_required
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        neighbourhood = _own_neighbourhood(request, slug, lead=lead)

        def save(data) -> str:
            saved = getattr(services, service)(actor=request.user, neighbourhood=neighbourhood, **data)
            return done(saved) if callable(done) else done

        return _form_page(
            request,
            form=form_class(request.POST or None, **({"neighbourhood": neighbourhood} if bound else {})),
            title=title.format(name=neighbourhood.name),
            intro=intro,
            back=reverse("neighbourhood-outcomes", args=[slug]),
            save=save,
        )

    return view


measurement_add = _neighbourhood_form(
    MeasurementForm,
    bound=True,
    service="measurement_record",
    done=lambda saved: "Result recorded." if saved[1] else "Result for that period updated.",
    title="Record a survey result for {name}",
    intro="Community Life Survey items and your community's own indicators. Computed indicators are "
    "calculated from the records and are not entered here.",
)
target_add = _neighbourhood_form(
    TargetForm,
    bound=True,
    lead=True,
    service="target_set",
    done="Target set.",
    title="Set a target for {name}",
    intro="Progress is read against the straight line from the baseline to the target, through any "
    "milestones: achieved, on track or behind.",
)
involvement_add = _neighbourhood_form(
    InvolvementForm,
    service="involvement_record",
    done="Resident involvement recorded.",
    title="Resident involvement in {name}",
    intro="How many residents took part over a period, and how many people used groups' services. "
    "The same period again replaces the earlier figures.",
)
story_add = _neighbourhood_form(
    StoryForm,
    service="story_write",
    done="Story saved.",
    title="Tell {name}'s story",
    intro="A short account of what people here achieved, in plain language, to sit beside the numbers.",
)


@login_required
def baseline_take(request: HttpRequest, slug: str) -> HttpResponse:
    neighbourhood = _own_neighbourhood(request, slug, lead=True)
    form = BaselineIndicatorsForm(
        request.POST or None,
        neighbourhood=neighbourhood,
        initial={
            "indicators": [
                r.indicator for r in neighbourhood_outcomes(neighbourhood, today=timezone.localdate())
            ]
        }
        if request.method == "GET"
        else None,
    )

    def save(data):
        neighbourhood_services.baseline_take(
            actor=request.user,
            neighbourhood=neighbourhood,
            taken_on=data["taken_on"],
            notes=data["notes"],
            options={"indicators": [i.code for i in data["indicators"]]},
        )
        return "Draft baseline taken with the indicators' values. Check it, then sign it off."

    return _form_page(
        request,
        form=form,
        title=f"Take a baseline for {neighbourhood.name}",
        intro="The baseline keeps the deprivation figures and the chosen indicators' values on its date. "
        "Once signed off it never changes; a later baseline supersedes it.",
        back=reverse("neighbourhood-detail", args=[slug]),
        save=save,
    )


@login_required
def group_outcome_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(groups_for_user(request.user), pk=pk)
    GROUP_OUTCOME.require("create", request.user, group.team_id, "record the group's outcomes")
    form = GroupOutcomeForm(request.POST or None)

    def save(data):
        services.group_outcome_record(actor=request.user, group=group, **data)
        return "Outcome recorded."

    return _form_page(
        request,
        form=form,
        title=f"Record what {group.name} achieved",
        intro="One of the eight kinds of outcome, when it happened, and the evidence.",
        back=reverse("group-detail", args=[group.pk]),
        save=save,
    )


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    teams = led_teams(request.user)
    form = IndicatorForm(request.POST or None) if teams.exists() else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(INDICATOR.refusal("create", "define their community's indicators"))
        team = get_object_or_404(teams, pk=request.POST.get("team"))
        if form.is_valid():
            try:
                services.indicator_define(actor=request.user, team=team, **form.cleaned_data)
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(request, "Indicator defined.")
                return redirect("indicator-list")
    return render(
        request,
        "outcomes/indicator_list.html",
        {"indicators": indicators_for_user(request.user), "form": form, "teams": teams},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def outcomes_overview(request: HttpRequest) -> HttpResponse:
    """Group outcomes by category and resident involvement across everything the user reaches."""
    outcomes = group_outcomes_for_user(request.user)
    return render(
        request,
        "outcomes/overview.html",
        {
            "counts": group_outcome_counts(outcomes),
            "recent": outcomes.order_by("-achieved_on", "-pk")[:20],
            "neighbourhoods": neighbourhoods_for_user(request.user).order_by("name"),
        },
    )


# The survey import ------------------------------------------------------------------------------------


MEASUREMENT_IMPORT = ImportFlow(
    template="outcomes/measurement_import.html",
    form=MeasurementImportForm,
    columns=COLUMNS,
    run=measurements_import,
    teams=own_teams,
    refused="Only a team's workers and lead can import its survey results.",
    folder="measurement-imports",
)
measurement_import = login_required(MEASUREMENT_IMPORT.upload)
measurement_import_confirm = login_required(require_POST(MEASUREMENT_IMPORT.confirm))
measurement_import_report = login_required(MEASUREMENT_IMPORT.report)
