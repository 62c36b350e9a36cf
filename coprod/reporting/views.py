"""The dashboard and the progress reports: pages read through selectors and write through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coprod.audit.choices import Event
from coprod.audit.services import record_event
from coprod.core.html import format_row
from coprod.core.periods import PeriodError, Quarter, last_closed_quarter, recent_quarters
from coprod.publicservices.selectors import services_headline
from coprod.regionalwork.selectors import regional_work_figures
from coprod.reporting import services
from coprod.reporting.choices import ReportStatus
from coprod.reporting.pdf import charts
from coprod.reporting.selectors import (
    INTENSITIES,
    READINGS,
    can_request_reports,
    dashboard_scope,
    previous_quarter,
    report_units_for_user,
    reports_for_user,
    unit_figures,
)


def quarter_choices(today, *, chosen: Quarter | None = None, closed_only: bool = False) -> list[dict]:
    """The quarters a page offers to choose from: the current one (unless only closed quarters will
    do) and those of the two financial years before it, newest first, plus one chosen outside them."""
    quarters = recent_quarters(today, 9)
    if closed_only:
        quarters = quarters[1:]
    if chosen is not None and chosen not in quarters:
        quarters = sorted([*quarters, chosen], reverse=True)
    return [{"code": q.code, "label": q.long_label, "selected": q == chosen} for q in quarters]


def _period(request: HttpRequest):
    """The quarter asked for (the current one by default), read by the periods module: a period it
    cannot read raises PeriodError, which the page shows rather than showing another quarter."""
    today = timezone.localdate()
    asked = request.GET.get("period")
    quarter = Quarter.parse(asked) if asked else Quarter.containing(today)
    start, end = quarter.start, quarter.end
    return quarter, start, min(end, today) if start <= today else end, today


def _dash(value) -> str:
    return "-" if value is None else f"{value:,}"


def _chart_data(figures) -> dict:
    """What the charts draw, taken from the figures as charts() reads them for the report."""
    return {
        "benchmark": figures.benchmark,
        "teams": [{"label": t.label, "ratio": t.ratio} for t in figures.teams],
        "trend": [{"label": p.label, "professional_hours": p.professional_hours} for p in figures.trend],
    }


# A neighbourhood's row of the dashboard, written out here rather than in the template: a unit has
# hundreds, and format_row (which escapes every value) builds them several times faster.
HOOD_ROW = (
    '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
    '<a class="govuk-link" href="{url}">{label}</a><span class="govuk-hint coprod-subtext">{team}</span></th>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{hours}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{ratio}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{new_people}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{density} ({density_baseline})</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">'
    '<a class="govuk-link" href="{groups_url}">{intensive}</a></td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{on_track} / {behind}</td></tr>'
)


def _rows(areas, kind: str, unit, period: str) -> list[dict]:
    """The dashboard's table rows, formatted once here: hundreds of rows render quickly as plain text."""
    if kind == "neighbourhood":
        url = reverse("neighbourhood-outcomes", args=["slug-here"])
        groups = reverse("group-list")
    rows = []
    for area in areas:
        row = {
            "label": area.label,
            "team": area.team,
            "hours": _dash(area.professional_hours),
            "ratio": _dash(area.ratio),
            "new_people": _dash(area.new_people),
            "density": _dash(area.density),
            "density_baseline": _dash(area.density_baseline),
            "intensive": area.intensity.get("intensive", 0),
            "moderate": area.intensity.get("moderate", 0),
            "on_track": area.targets.get("on_track", 0) + area.targets.get("achieved", 0),
            "behind": area.targets.get("behind", 0),
        }
        if kind == "neighbourhood":
            row["url"] = url.replace("slug-here", area.key)
            row["groups_url"] = f"{groups}?neighbourhood={area.key}&support_intensity=intensive"
            row["html"] = format_row(HOOD_ROW, **row)
        else:
            row["url"] = f"?team={area.key}&period={period}&unit={unit.slug}"
        rows.append(row)
    return rows


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """A unit manager sees every team and neighbourhood; a team lead the team's part; a worker their own."""
    try:
        quarter, start, end, today = _period(request)
    except PeriodError as exc:
        return render(
            request,
            "reporting/period_error.html",
            {
                "error": str(exc),
                "asked": request.GET.get("period", ""),
                "quarters": quarter_choices(timezone.localdate()),
            },
            status=400,
        )
    period = quarter.code
    trend_by = "quarter" if request.GET.get("trend") == "quarter" else "month"
    chosen = dashboard_scope(request.user, unit=request.GET.get("unit"), team=request.GET.get("team"))
    unit, teams, worker, scope = chosen.unit, chosen.teams, chosen.worker, chosen.scope
    figures = unit_figures(
        unit, start=start, end=end, today=today, teams=teams, worker=worker, trend_by=trend_by
    )
    return render(
        request,
        "reporting/dashboard.html",
        {
            "f": figures,
            "charts": charts(_chart_data(figures)),
            "team_rows": _rows(figures.teams, "team", unit, period),
            "hood_rows": _rows(figures.neighbourhoods, "neighbourhood", unit, period),
            "unit": unit,
            "units": chosen.units,
            "scope": scope,
            "period": period,
            "quarter": quarter,
            "quarters": quarter_choices(today, chosen=quarter),
            "trend_by": trend_by,
            "narrowed": request.GET.get("team", ""),
            "intensities": INTENSITIES,
            "readings": READINGS,
            "can_request": can_request_reports(request.user, unit),
            # Public services' headline for a unit's or a team's dashboard (a worker's own has none):
            # referrals are counted for periods within the quarter, to date or not, as recorded.
            "services": None
            if worker is not None
            else services_headline(
                (teams if teams is not None else unit.teams.all()).values_list("pk", flat=True),
                start=quarter.start,
                end=quarter.end,
                as_at=min(end, today),
            ),
            # The unit's regional work, on a unit's dashboard (a team's or a worker's own has none).
            "regional": regional_work_figures(unit, start=start, end=end)
            if worker is None and teams is None
            else None,
            "last_quarter": previous_quarter(today),
        },
    )


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    units = report_units_for_user(request.user)
    if not units.exists():
        raise PermissionDenied("Progress reports are for the unit's managers and regional directors.")
    return render(
        request,
        "reporting/report_list.html",
        {
            "reports": reports_for_user(request.user).prefetch_related("deliveries"),
            "requestable": [u for u in units if can_request_reports(request.user, u)],
            "quarters": quarter_choices(
                timezone.localdate(), chosen=last_closed_quarter(timezone.localdate()), closed_only=True
            ),
        },
    )


@login_required
@require_POST
def report_request(request: HttpRequest) -> HttpResponse:
    unit = get_object_or_404(report_units_for_user(request.user), slug=request.POST.get("unit"))
    period = request.POST.get("period") or previous_quarter(timezone.localdate())
    try:
        report, created = services.report_request(actor=request.user, unit=unit, period=period)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("report-list")
    report.refresh_from_db()
    if report.status in (ReportStatus.READY, ReportStatus.DELIVERED):
        messages.success(request, f"The {report.period_label} report is ready.")
    else:
        messages.success(
            request,
            f"The {report.period_label} report is being produced; this page shows when it is ready.",
        )
    return redirect("report-list")


@login_required
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = get_object_or_404(reports_for_user(request.user), pk=pk)
    if report.status not in (ReportStatus.READY, ReportStatus.DELIVERED) or not report.pdf:
        raise Http404("This report is not ready yet.")
    record_event(event=Event.DOWNLOADED, model=report, unit_id=report.unit_id)
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=f"{report.unit.slug}-{report.period}.pdf",
        content_type="application/pdf",
    )
