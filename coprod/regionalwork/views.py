"""Pages of the unit's regional work: the region's plans with their timetables, consultation windows
and impact assessments; "you said, we did", kept by the facilitating team and published as a page
anyone may read; steering groups with their seats, and meetings with the actions they agreed.

Views read through selectors and write through services; the policies say whether a form or a button
is offered, and the services refuse (403) whoever may not. A region's records are read across the
region, but the neighbourhoods and groups they name are their teams' records: they are named only to
those who reach them (as the ledger's are), and otherwise as "a neighbourhood of <team>".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coprod.core.disclosure import shown_count
from coprod.core.views import form_page
from coprod.engagements.selectors import follow_ups_for_user
from coprod.funding.selectors import managed_units, regions_managed_by
from coprod.groups.exports import ANONYMOUS
from coprod.groups.selectors import groups_for_user
from coprod.neighbourhoods.selectors import neighbourhoods_for_user
from coprod.places.models import Region
from coprod.publicservices.selectors import public_bodies_for_user
from coprod.regionalwork import rules, services
from coprod.regionalwork.choices import COMMUNITY_SEATS, SeatKind
from coprod.regionalwork.forms import (
    AssessmentForm,
    MeetingActionForm,
    MeetingForm,
    PlanForm,
    RulesForm,
    SeatForm,
    SteeringGroupForm,
    WindowForm,
    YouSaidForm,
)
from coprod.regionalwork.models import (
    EFFECTS,
    ConsultationWindow,
    ImpactAssessment,
    Meeting,
    RegionalPlan,
    RegionalWorkRules,
    Seat,
    SteeringGroup,
    YouSaidWeDid,
)
from coprod.regionalwork.policy import (
    ASSESSMENT,
    CONSULTATION,
    MEETING,
    PLAN,
    STEERING_GROUP,
    YOU_SAID,
    owner_of_group,
)
from coprod.regionalwork.selectors import (
    assessments_for_user,
    current_assessments,
    meetings_for_user,
    plan_verdict,
    plans_for_user,
    published_you_said,
    region_rule,
    rule_of,
    steering_groups_for_user,
    window_verdict,
    windows_for_user,
    with_seat_counts,
    you_said_for_user,
)
from coprod.units.models import Team
from coprod.units.permissions import as_user
from coprod.units.selectors import led_teams, team_ids_for_user, units_for_user

FORM = "regionalwork/form.html"


def _page(request, *, form, title: str, intro: str, back: str, save, context=None) -> HttpResponse:
    return form_page(
        request,
        form=form,
        template=FORM,
        save=save,
        back=back,
        context={"title": title, "intro": intro} | (context or {}),
    )


def _refusals(exc: ValidationError) -> list[str]:
    """A service's refusal as the lines to show (a message given for several fields, once)."""
    return list(dict.fromkeys(exc.messages))


# Naming what the reader reaches --------------------------------------------------------------------


def _reached(request: HttpRequest) -> set[int]:
    """The teams whose neighbourhoods and groups the reader may see named (read once a request)."""
    found = getattr(request, "_regionalwork_reached", None)
    if found is None:
        found = team_ids_for_user(request.user)
        request._regionalwork_reached = found  # type: ignore[attr-defined]
    return found


def _hood_name(hood: Any, reached: set[int]) -> str:
    return hood.name if hood.team_id in reached else f"A neighbourhood of {hood.team.name}"


def _hood_names(hoods: Any, reached: set[int]) -> list[str]:
    return [_hood_name(h, reached) for h in hoods.select_related("team").order_by("name")]


def _group_names(groups: Any, reached: set[int]) -> tuple[list[str], int]:
    """The groups the reader reaches, by name, and how many others there are."""
    named, others = [], 0
    for group in groups.order_by("name", "pk"):
        if group.team_id in reached:
            named.append(group.name)
        else:
            others += 1
    return named, others


def _seat_label(seat: Seat, reached: set[int]) -> str:
    hood, group = seat.neighbourhood, seat.group
    if seat.kind == SeatKind.RESIDENT and hood is not None and hood.team_id not in reached:
        return f"Resident of a neighbourhood of {hood.team.name}"
    if group is not None and group.team_id not in reached:
        return f"A community group of {group.team.name}"
    return str(seat)


def _label(model: Any, field: str) -> str:
    """A model field's name as a page says it: "Design freeze", "Jobs and income"."""
    return str(getattr(model._meta.get_field(field), "verbose_name", field)).capitalize()


def _seats(seats: Any) -> Any:
    return seats.select_related("group__team", "public_body", "neighbourhood__team")


# Verdicts ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What a page says of the rule's verdict: tags (text, colour) and a line of detail."""

    tags: list[tuple[str, str]]
    detail: str = ""


def _plan_verdict(verdict: rules.PlanVerdict | None) -> Verdict:
    if verdict is None:
        return Verdict([("No design freeze yet", "grey")], "Judged once the plan has a design freeze date.")
    notice = (
        ""
        if verdict.days_notice is None
        else f"The last window before the freeze closed {rules.weeks(verdict.days_notice)} weeks before it."
    )
    if verdict.problem:
        return Verdict([(verdict.problem.capitalize(), "red")], notice)
    return Verdict([("A window met the rule", "green")], notice)


def _window_verdict(verdict: rules.WindowVerdict) -> Verdict:
    weeks_open = f"Open {rules.weeks(verdict.days_open)} weeks"
    if verdict.days_notice is None:
        detail = f"{weeks_open}; the plan has no design freeze date yet."
    elif verdict.days_notice < 0:
        detail = f"{weeks_open}; closes {rules.weeks(-verdict.days_notice)} weeks after the design freeze."
    else:
        detail = f"{weeks_open}; closes {rules.weeks(verdict.days_notice)} weeks before the design freeze."
    if verdict.problems:
        return Verdict([(p.capitalize(), "red") for p in verdict.problems], detail)
    if verdict.meets is None:
        return Verdict([("Not judged yet", "grey")], detail)
    return Verdict([("Meets the rule", "green")], detail)


# The timetable chart -------------------------------------------------------------------------------

# Drawn at its own size (12-pixel text) and scrolled sideways on a phone, as the tables are.
CHART_WIDTH, LABELS_WIDTH, CHART_RIGHT, ROW, TOP = 560, 170, 530, 24, 34
LABEL_CHARACTERS = 24


@dataclass(frozen=True)
class ChartRow:
    label: str
    y: int
    x: float
    x2: float = 0.0
    window: bool = False
    meets: bool = False
    title: str = ""

    @property
    def width(self) -> float:
        return round(max(self.x2 - self.x, 3.0), 1)

    @property
    def text_y(self) -> int:
        return self.y + 4

    @property
    def bar_y(self) -> int:
        return self.y - 6


@dataclass(frozen=True)
class Timetable:
    """A plan's stages and windows laid out on one time axis, drawn as inline SVG by the template
    (sizes are attributes, as the content security policy allows no inline style)."""

    rows: list[ChartRow]
    ticks: list[tuple[float, str]]
    freeze_x: float | None
    height: int
    bottom: int
    width: int = CHART_WIDTH
    labels_width: int = LABELS_WIDTH


def _month_starts(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months = []
    day = datetime.date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            months.append(day)
        day = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def timetable(plan: RegionalPlan, windows: list[tuple[ConsultationWindow, rules.WindowVerdict]]) -> Timetable:
    stages = [
        (_label(RegionalPlan, field), getattr(plan, field))
        for field, _said in rules.STAGES
        if getattr(plan, field) is not None
    ]
    days = [day for _, day in stages] + [d for w, _ in windows for d in (w.opens, w.closes)]
    first, last = min(days), max(days)
    span = max((last - first).days, 30)
    pad = max(span // 25, 3)
    start, end = first - datetime.timedelta(days=pad), first + datetime.timedelta(days=span + pad)

    def x(day: datetime.date) -> float:
        return round(LABELS_WIDTH + (day - start).days / (end - start).days * (CHART_RIGHT - LABELS_WIDTH), 1)

    rows: list[ChartRow] = []
    y = TOP
    for label, day in stages:
        rows.append(ChartRow(label=label, y=y, x=x(day), title=f"{label}: {day:%-d %B %Y}"))
        y += ROW
    for window, verdict in windows:
        label = (
            window.title
            if len(window.title) <= LABEL_CHARACTERS
            else f"{window.title[: LABEL_CHARACTERS - 1]}…"
        )
        rows.append(
            ChartRow(
                label=label,
                y=y,
                x=x(window.opens),
                x2=x(window.closes),
                window=True,
                meets=bool(verdict.meets),
                title=f"{window.title}: {window.opens:%-d %B %Y} to {window.closes:%-d %B %Y}",
            )
        )
        y += ROW
    months = _month_starts(start, end)
    for step in (1, 2, 3, 6, 12, 24, 60):
        shown = [m for m in months if (m.year * 12 + m.month - 1) % step == 0]
        if len(shown) <= 6:
            break
    ticks = [(x(m), f"{m:%Y}" if step >= 12 else f"{m:%b %Y}") for m in shown]
    freeze = plan.design_freeze_on
    return Timetable(
        rows=rows,
        ticks=ticks,
        freeze_x=x(freeze) if freeze is not None else None,
        height=y + 4,
        bottom=y - ROW // 2,
    )


# Plans ---------------------------------------------------------------------------------------------


def _plan(request: HttpRequest, pk: int, *, change: str | None = None) -> RegionalPlan:
    """A plan the user reaches (404 otherwise); with `change`, one they may change (403 otherwise)."""
    plan = get_object_or_404(plans_for_user(request.user), pk=pk)
    if change:
        PLAN.require("update", request.user, plan, change)
    return plan


def _may_add_plan(user: Any) -> bool:
    region = regions_managed_by(user).order_by("name").first()
    return region is not None and PLAN.may("create", user, region.pk)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The region's plans, each with its design freeze and the rule's verdict on its windows."""
    plans = plans_for_user(request.user).prefetch_related("windows")
    rule_cache: dict[int, rules.WindowRule] = {}
    rows = []
    for plan in plans:
        if plan.region_id not in rule_cache:
            rule_cache[plan.region_id] = region_rule(plan.region_id)
        rows.append(
            (plan, len(plan.windows.all()), _plan_verdict(plan_verdict(plan, rule_cache[plan.region_id])))
        )
    return render(
        request,
        "regionalwork/plan_list.html",
        {"rows": rows, "can_add": _may_add_plan(request.user), "rule_units": managed_units(request.user)},
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    regions = regions_managed_by(request.user).order_by("name")
    if not regions.exists():
        raise PermissionDenied(PLAN.refusal("create", "record the region's plans"))

    def save(data):
        region = data.pop("region")
        plan = services.plan_save(actor=request.user, region=region, **data)
        return f"{plan.title} added.", reverse("plan-detail", args=[plan.pk])

    return _page(
        request,
        form=PlanForm(request.POST or None, regions=regions),
        title="Add a regional plan",
        intro="A regional project or programme: who leads it, what funds it, the places it touches and "
        "the dates of its stages. Leave a stage blank until its date is known.",
        back=reverse("plan-list"),
        save=save,
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, change="change it")

    def save(data):
        services.plan_save(actor=request.user, plan=plan, **data)
        return f"{plan.title} changed."

    return _page(
        request,
        form=PlanForm(request.POST or None, instance=plan, regions=Region.objects.filter(pk=plan.region_id)),
        title=f"Change {plan.title}",
        intro="",
        back=reverse("plan-detail", args=[plan.pk]),
        save=save,
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    user, reached = request.user, _reached(request)
    rule = region_rule(plan.region_id)
    windows = list(plan.windows.select_related("team", "you_said").order_by("opens", "pk"))
    verdicts = [(w, window_verdict(w, rule)) for w in windows]
    assessments = [
        (a, _hood_name(a.neighbourhood, reached), len(rules.unmitigated(a.effects())))
        for a in current_assessments(plan).select_related("neighbourhood__team")
    ]
    assessed = {a.neighbourhood_id for a, _, _ in assessments}
    stages = [(_label(RegionalPlan, field), getattr(plan, field)) for field, _said in rules.STAGES]
    return render(
        request,
        "regionalwork/plan_detail.html",
        {
            "plan": plan,
            "stages": stages,
            "verdict": _plan_verdict(plan_verdict(plan, rule)),
            "rule": rule,
            "chart": timetable(plan, verdicts),
            "windows": [(w, v, _window_verdict(v)) for w, v in verdicts],
            "assessments": assessments,
            "unassessed": _hood_names(plan.neighbourhoods.exclude(pk__in=assessed), reached),
            "neighbourhoods": _hood_names(plan.neighbourhoods.all(), reached),
            "initiatives": plan.initiatives.order_by("title"),
            "authorities": plan.authorities.order_by("name"),
            "meetings": meetings_for_user(user).filter(plan=plan),
            "can_change": PLAN.may("update", user, plan),
            "can_add_window": CONSULTATION.may("create", user, plan.region_id),
            "can_assess": ASSESSMENT.may("create", user, plan.region_id),
        },
    )


# Consultation windows ------------------------------------------------------------------------------


def _window(request: HttpRequest, pk: int, *, change: str | None = None) -> ConsultationWindow:
    window = get_object_or_404(windows_for_user(request.user), pk=pk)
    if change:
        CONSULTATION.require("update", request.user, window, change)
    return window


@login_required
def window_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    CONSULTATION.require("create", request.user, plan.region_id, "open the plan's consultation windows")
    rule = region_rule(plan.region_id)

    def save(data):
        window = services.window_save(actor=request.user, plan=plan, **data)
        return "Consultation window added.", reverse("window-detail", args=[window.pk])

    return _page(
        request,
        form=WindowForm(request.POST or None, instance=ConsultationWindow(plan=plan), plan=plan),
        title=f"Add a consultation window to {plan.title}",
        intro=f"A period in which communities are heard on the plan. The unit's rule: open at least "
        f"{rule.min_weeks_open} weeks, closing at least {rule.min_weeks_notice} weeks before the design "
        "freeze.",
        back=reverse("plan-detail", args=[plan.pk]),
        save=save,
    )


@login_required
def window_edit(request: HttpRequest, pk: int) -> HttpResponse:
    window = _window(request, pk, change="change it")

    def save(data):
        services.window_save(actor=request.user, window=window, **data)
        return "Consultation window changed."

    return _page(
        request,
        form=WindowForm(request.POST or None, instance=window, plan=window.plan),
        title=f"Change {window.title}",
        intro="",
        back=reverse("window-detail", args=[window.pk]),
        save=save,
    )


def _window_page(
    request: HttpRequest, window: ConsultationWindow, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    user, reached = request.user, _reached(request)
    record = you_said_for_user(user).filter(window=window).first()
    may_write = (
        YOU_SAID.may("create", user, window) if record is None else YOU_SAID.may("update", user, record)
    )
    groups, other_groups = _group_names(window.groups.all(), reached)
    return render(
        request,
        "regionalwork/window_detail.html",
        {
            "window": window,
            "plan": window.plan,
            "verdict": _window_verdict(window_verdict(window)),
            "neighbourhoods": _hood_names(window.neighbourhoods.all(), reached),
            "groups": groups,
            "other_groups": other_groups,
            "record": record,
            "quotes": _lines(record.quotes) if record else [],
            "can_change": CONSULTATION.may("update", user, window),
            "can_write": may_write,
            "can_publish": record is not None and may_write,
            "errors": errors or [],
        },
        status=status,
    )


@login_required
def window_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _window_page(request, _window(request, pk))


# You said, we did ----------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@login_required
def you_said_edit(request: HttpRequest, pk: int) -> HttpResponse:
    window = _window(request, pk)
    record = you_said_for_user(request.user).filter(window=window).first()
    if record is None:
        YOU_SAID.require("create", request.user, window, 'write its "you said, we did"')
    else:
        YOU_SAID.require("update", request.user, record, "change it")

    def save(data):
        services.you_said_save(actor=request.user, window=window, **data)
        return '"You said, we did" saved.'

    intro = (
        "What people were asked, what they said and what the plan did about it. Counts and chosen "
        "quotes only: no names, nothing that could identify someone."
    )
    if record is not None and record.published_on is not None:
        intro += " It is published: what you save shows on its public page at once."
    return _page(
        request,
        form=YouSaidForm(
            request.POST or None,
            instance=record or YouSaidWeDid(window=window, written_by=as_user(request.user)),
        ),
        title=f"You said, we did: {window.title}",
        intro=intro,
        back=reverse("window-detail", args=[window.pk]),
        save=save,
    )


@login_required
@require_POST
def you_said_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a window's "you said, we did" (published=1) or withdraw it (published=0)."""
    window = _window(request, pk)
    record = get_object_or_404(you_said_for_user(request.user), window=window)
    published = request.POST.get("published", "1") != "0"
    try:
        services.you_said_publish(actor=request.user, record=record, published=published)
    except ValidationError as exc:
        return _window_page(request, window, errors=_refusals(exc), status=400)
    messages.success(request, "Published for anyone to read." if published else "Withdrawn from publication.")
    return redirect("window-detail", pk=window.pk)


def you_said_public(request: HttpRequest, pk: int) -> HttpResponse:
    """A window's published "you said, we did", for anyone to read, signed in or not. No personal
    data: not who wrote it, nor the team's people, nor the groups' contacts; groups that asked not to
    be named are counted, not named; counts of 1 or 2 read "fewer than 3" (core.disclosure)."""
    record = get_object_or_404(published_you_said(), pk=pk)
    window = record.window
    groups = list(window.groups.order_by("name", "pk"))
    themes = [
        (item["theme"], shown_count(item["count"]))
        for item in record.themes
        if isinstance(item, dict) and "theme" in item and "count" in item
    ]
    return render(
        request,
        "regionalwork/you_said_public.html",
        {
            "record": record,
            "window": window,
            "plan": window.plan,
            "region": window.plan.region,
            "neighbourhoods": list(window.neighbourhoods.order_by("name").values_list("name", flat=True)),
            "groups": [g.name for g in groups if not g.anonymous_in_publications],
            "anonymous_groups": sum(1 for g in groups if g.anonymous_in_publications),
            "anonymous": ANONYMOUS,
            "themes": themes,
            "quotes": _lines(record.quotes),
        },
    )


# Impact assessments --------------------------------------------------------------------------------


def _assessment(request: HttpRequest, pk: int, *, change: str | None = None) -> ImpactAssessment:
    assessment = get_object_or_404(
        assessments_for_user(request.user).select_related(
            "neighbourhood__team", "signed_off_by", "assessed_by"
        ),
        pk=pk,
    )
    if change:
        ASSESSMENT.require("update", request.user, assessment, change)
    return assessment


@login_required
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    ASSESSMENT.require("create", request.user, plan.region_id, "assess the plan")
    hoods = plan.neighbourhoods.exclude(pk__in=plan.assessments.values("neighbourhood")).order_by("name")

    def save(data):
        neighbourhood = data.pop("neighbourhood")
        assessment = services.assessment_save(
            actor=request.user, plan=plan, neighbourhood=neighbourhood, **data
        )
        return "Assessment saved as a draft.", reverse("assessment-detail", args=[assessment.pk])

    return _page(
        request,
        form=AssessmentForm(
            request.POST or None,
            instance=ImpactAssessment(plan=plan, assessed_by=as_user(request.user)),
            neighbourhoods=hoods,
        ),
        title=f"Assess what {plan.title} does to a neighbourhood",
        intro="One of the neighbourhoods the plan touches (those assessed already are not listed: "
        "supersede their assessment instead). Give a mitigation for every negative effect before it "
        "is signed off.",
        back=reverse("plan-detail", args=[plan.pk]),
        save=save,
    )


def _assessment_page(
    request: HttpRequest, assessment: ImpactAssessment, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    missing = set(rules.unmitigated(assessment.effects()))
    effects = [
        (
            _label(ImpactAssessment, name),
            getattr(assessment, f"get_{name}_display")(),
            getattr(assessment, name),
            getattr(assessment, f"{name}_mitigation"),
            name in missing,
        )
        for name in EFFECTS
    ]
    later = getattr(assessment, "superseded_by", None)
    may = ASSESSMENT.may("update", user, assessment)
    draft = assessment.signed_off_at is None
    return render(
        request,
        "regionalwork/assessment_detail.html",
        {
            "assessment": assessment,
            "plan": assessment.plan,
            "neighbourhood": _hood_name(assessment.neighbourhood, _reached(request)),
            "effects": effects,
            "unmitigated": len(missing),
            "later": later,
            "can_change": may and draft,
            "can_supersede": may and not draft and later is None,
            "errors": errors or [],
        },
        status=status,
    )


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _assessment_page(request, _assessment(request, pk))


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk, change="change it")
    if assessment.signed_off_at is not None:
        return render(
            request,
            "regionalwork/assessment_frozen.html",
            {
                "assessment": assessment,
                "neighbourhood": _hood_name(assessment.neighbourhood, _reached(request)),
                "message": rules.SIGNED_OFF,
                "later": getattr(assessment, "superseded_by", None),
            },
            status=400 if request.method == "POST" else 200,
        )

    def save(data):
        services.assessment_save(actor=request.user, assessment=assessment, **data)
        return "Assessment changed."

    return _page(
        request,
        form=AssessmentForm(request.POST or None, instance=assessment),
        title=f"Change the assessment of {assessment.plan.title}",
        intro=f"In {_hood_name(assessment.neighbourhood, _reached(request))}: a draft until signed off.",
        back=reverse("assessment-detail", args=[assessment.pk]),
        save=save,
    )


@login_required
@require_POST
def assessment_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    try:
        services.assessment_sign_off(actor=request.user, assessment=assessment)
    except ValidationError as exc:
        return _assessment_page(request, assessment, errors=_refusals(exc), status=400)
    messages.success(request, "Assessment signed off. It is now frozen: supersede it to change it.")
    return redirect("assessment-detail", pk=assessment.pk)


@login_required
@require_POST
def assessment_supersede(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    try:
        new = services.assessment_supersede(actor=request.user, assessment=assessment)
    except ValidationError as exc:
        return _assessment_page(request, assessment, errors=_refusals(exc), status=400)
    messages.success(
        request,
        "A new draft supersedes the signed-off assessment: change what has changed, then sign it off.",
    )
    return redirect("assessment-edit", pk=new.pk)


# Steering groups and seats -------------------------------------------------------------------------


def _group(request: HttpRequest, pk: int, *, change: str | None = None) -> SteeringGroup:
    group = get_object_or_404(steering_groups_for_user(request.user), pk=pk)
    if change:
        STEERING_GROUP.require("update", request.user, group, change)
    return group


def _owners(user: Any) -> list[tuple[str, str, Any]]:
    """Whose steering groups the person sets up: the teams they lead, the units they manage."""
    teams = [(f"team-{t.pk}", f"{t.name}'s", t) for t in led_teams(user).order_by("name")]
    units = [(f"unit-{u.pk}", f"{u.name}'s own", u) for u in managed_units(user).order_by("name")]
    return teams + units


@login_required
def steering_group_list(request: HttpRequest) -> HttpResponse:
    groups = with_seat_counts(steering_groups_for_user(request.user)).order_by("unit__name", "name")
    rule_cache: dict[int, rules.WindowRule] = {}
    rows = []
    for group in groups:
        if group.unit_id not in rule_cache:
            rule_cache[group.unit_id] = rule_of(group.unit_id)
        rule = rule_cache[group.unit_id]
        counted: Any = group  # annotated by with_seat_counts
        meets = rules.seats_meet_rule(community=counted.seat_community, total=counted.seat_total, rule=rule)
        rows.append((group, meets, rule))
    return render(
        request,
        "regionalwork/steering_group_list.html",
        {
            "rows": rows,
            "meetings": meetings_for_user(request.user)[:30],
            "can_add": bool(_owners(request.user)),
            "can_add_unit_meeting": managed_units(request.user).exists(),
        },
    )


@login_required
def steering_group_create(request: HttpRequest) -> HttpResponse:
    owners = _owners(request.user)
    if not owners:
        raise PermissionDenied(STEERING_GROUP.refusal("create", "set up a steering group"))
    by_value = {value: owner for value, _label, owner in owners}

    def save(data):
        owner = by_value[data.pop("owner")]
        if isinstance(owner, Team):
            group = services.steering_group_save(actor=request.user, team=owner, **data)
        else:
            group = services.steering_group_save(actor=request.user, unit=owner, **data)
        return f"{group.name} set up: now add its seats.", reverse("steering-group-detail", args=[group.pk])

    return _page(
        request,
        form=SteeringGroupForm(
            request.POST or None, instance=SteeringGroup(), owners=[(v, label) for v, label, _ in owners]
        ),
        title="Set up a steering group",
        intro="The group that advises a team (or the unit), drawn from its communities and local bodies. "
        "Residents and community groups should hold at least half its seats, unless the unit set "
        "another share.",
        back=reverse("steering-group-list"),
        save=save,
    )


@login_required
def steering_group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    user, reached = request.user, _reached(request)
    seats = list(_seats(group.seats.all()))
    community = sum(1 for s in seats if s.kind in COMMUNITY_SEATS)
    rule = rule_of(group.unit_id)
    return render(
        request,
        "regionalwork/steering_group_detail.html",
        {
            "group": group,
            "seats": [(s, _seat_label(s, reached)) for s in seats],
            "chair": next((_seat_label(s, reached) for s in seats if s.pk == group.chair_id), ""),
            "community": community,
            "total": len(seats),
            "meets": rules.seats_meet_rule(community=community, total=len(seats), rule=rule),
            "rule": rule,
            "meetings": meetings_for_user(user).filter(steering_group=group),
            "can_change": STEERING_GROUP.may("update", user, group),
            "can_meet": MEETING.may("create", user, owner_of_group(group)),
        },
    )


@login_required
def steering_group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, change="change it")

    def save(data):
        services.steering_group_save(actor=request.user, group=group, **data)
        return f"{group.name} changed."

    return _page(
        request,
        form=SteeringGroupForm(request.POST or None, instance=group),
        title=f"Change {group.name}",
        intro="",
        back=reverse("steering-group-detail", args=[group.pk]),
        save=save,
    )


@login_required
def seat_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, change="change its seats")
    region = group.unit.region_id

    def save(data):
        services.seat_add(actor=request.user, steering_group=group, **data)
        return "Seat added.", reverse("steering-group-detail", args=[group.pk])

    return _page(
        request,
        form=SeatForm(
            request.POST or None,
            instance=Seat(steering_group=group),
            groups=groups_for_user(request.user).filter(team__unit__region_id=region),
            bodies=public_bodies_for_user(request.user).filter(region_id=region),
            neighbourhoods=neighbourhoods_for_user(request.user).filter(team__unit__region_id=region),
        ),
        title=f"Add a seat to {group.name}",
        intro="Who holds it: a resident of a neighbourhood (named by their neighbourhood, never by name), "
        "a community group, a public body or another organisation.",
        back=reverse("steering-group-detail", args=[group.pk]),
        save=save,
    )


@login_required
@require_POST
def seat_remove(request: HttpRequest, pk: int) -> HttpResponse:
    seat = get_object_or_404(
        Seat.objects.filter(steering_group__in=steering_groups_for_user(request.user)).select_related(
            "steering_group"
        ),
        pk=pk,
    )
    group = seat.steering_group
    services.seat_remove(actor=request.user, seat=seat)
    messages.success(request, "Seat removed.")
    return redirect("steering-group-detail", pk=group.pk)


# Meetings ------------------------------------------------------------------------------------------


def _meeting(request: HttpRequest, pk: int, *, change: str | None = None) -> Meeting:
    meeting = get_object_or_404(meetings_for_user(request.user), pk=pk)
    if change:
        MEETING.require("update", request.user, meeting, change)
    return meeting


def _meeting_choices(user: Any, regions: Any) -> dict[str, Any]:
    return {
        "plans": plans_for_user(user).filter(region__in=regions),
        "bodies": public_bodies_for_user(user).filter(region__in=regions),
        "neighbourhoods": neighbourhoods_for_user(user).filter(team__unit__region__in=regions),
    }


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    MEETING.require("create", request.user, owner_of_group(group), "record its meetings")

    def save(data):
        meeting = services.meeting_save(actor=request.user, steering_group=group, **data)
        return "Meeting recorded.", reverse("meeting-detail", args=[meeting.pk])

    return _page(
        request,
        form=MeetingForm(
            request.POST or None,
            instance=Meeting(unit=group.unit, steering_group=group),
            seats=group.seats.all(),
            **_meeting_choices(request.user, [group.unit.region_id]),
        ),
        title=f"Record a meeting of {group.name}",
        intro="Who was there and what was decided. Add the actions it agreed once it is recorded.",
        back=reverse("steering-group-detail", args=[group.pk]),
        save=save,
    )


@login_required
def unit_meeting_create(request: HttpRequest) -> HttpResponse:
    """A meeting the unit held between regional bodies and neighbourhoods, about a plan or not."""
    units = managed_units(request.user).order_by("name")
    if not units.exists():
        raise PermissionDenied(MEETING.refusal("create", "record the unit's meetings"))

    def save(data):
        unit = data.pop("unit")
        meeting = services.meeting_save(actor=request.user, unit=unit, **data)
        return "Meeting recorded.", reverse("meeting-detail", args=[meeting.pk])

    return _page(
        request,
        form=MeetingForm(
            request.POST or None,
            instance=Meeting(unit=units.first()),
            units=units,
            **_meeting_choices(request.user, units.values("region")),
        ),
        title="Record a meeting of regional bodies and neighbourhoods",
        intro="A meeting the unit held between the region's public bodies and its neighbourhoods, about "
        "a regional plan or not: who was there and what was decided.",
        back=reverse("steering-group-list"),
        save=save,
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    user, reached = request.user, _reached(request)
    can_change = MEETING.may("update", user, meeting)
    group = meeting.steering_group
    team = group.team if group is not None else None
    # An action is a follow-up of the team: who does it is named to the team's own people only.
    own = set(follow_ups_for_user(user).filter(meeting_action__meeting=meeting).values_list("pk", flat=True))
    actions = [
        (action.follow_up, action.follow_up_id in own)
        for action in meeting.actions.select_related("follow_up__assigned_to")
    ]
    return render(
        request,
        "regionalwork/meeting_detail.html",
        {
            "meeting": meeting,
            "attended": [_seat_label(s, reached) for s in _seats(meeting.attended.all())],
            "bodies": meeting.public_bodies.order_by("name"),
            "neighbourhoods": _hood_names(meeting.neighbourhoods.all(), reached),
            "actions": actions,
            "team": team,
            "can_change": can_change,
            "can_add_action": can_change and team is not None,
        },
    )


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, change="change it")

    def save(data):
        services.meeting_save(actor=request.user, meeting=meeting, **data)
        return "Meeting changed."

    group = meeting.steering_group
    return _page(
        request,
        form=MeetingForm(
            request.POST or None,
            instance=meeting,
            seats=group.seats.all() if group is not None else None,
            **_meeting_choices(request.user, [meeting.unit.region_id]),
        ),
        title=f"Change {meeting.title}",
        intro="",
        back=reverse("meeting-detail", args=[meeting.pk]),
        save=save,
    )


@login_required
def meeting_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, change="add its actions")
    group = meeting.steering_group
    team = group.team if group is not None else None
    if team is None:
        messages.error(
            request, "Actions become a team's follow-ups: this meeting is not a team steering group's."
        )
        return redirect("meeting-detail", pk=meeting.pk)

    def save(data):
        services.meeting_action_add(actor=request.user, meeting=meeting, **data)
        return f"Action added: it is one of {team.name}'s follow-ups now."

    return _page(
        request,
        form=MeetingActionForm(request.POST or None, team=team),
        title=f"Add an action agreed at {meeting.title}",
        intro=f"It becomes a follow-up of {team.name}, for one of the team's people.",
        back=reverse("meeting-detail", args=[meeting.pk]),
        save=save,
    )


@login_required
def regional_rules(request: HttpRequest, slug: str) -> HttpResponse:
    """A unit's rule for consultation windows and steering groups: its managers set it."""
    unit = get_object_or_404(units_for_user(request.user), slug=slug)
    refusal = "set the unit's rules"
    PLAN.require("create", request.user, unit.region_id, refusal)
    current = RegionalWorkRules.objects.filter(unit=unit).first() or RegionalWorkRules(unit=unit)

    def save(data):
        services.rules_save(actor=request.user, unit=unit, **data)
        return f"{unit}'s rules saved: every window and steering group is judged by them now."

    return _page(
        request,
        form=RulesForm(request.POST or None, instance=current),
        title=f"The rules of {unit}'s regional work",
        intro="What a consultation window gives communities (how long it is open, how long before the "
        "design freeze it closes) and the share of a steering group's seats residents and community "
        "groups hold. Plans, windows and steering groups, their pages, the API and the figures are "
        "judged by these; the defaults are 6 weeks, 4 weeks and 50%.",
        back=reverse("plan-list"),
        save=save,
    )
