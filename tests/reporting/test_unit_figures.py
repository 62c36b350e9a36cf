"""The figures a unit is judged by: groups started and added, groups helped, resident involvement,
group density beside England's, volunteer hours a week as full-time equivalents; through unit_figures,
on the dashboard and in the PDF, with thousands separators and a fixed number of queries."""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coprod.groups.choices import GroupStatus
from coprod.groups.models import CommunityGroup
from coprod.groups.selectors import ENGLAND_CHARITIES_PER_1000
from coprod.outcomes import services as outcome_services
from coprod.reporting import services
from coprod.reporting.choices import ReportStatus
from coprod.reporting.figures_directory import full_time_equivalents
from coprod.reporting.selectors import quarter_of, unit_figures
from coprod.reporting.templatetags.reporting import figure
from tests.groups.factories import GroupFactory
from tests.neighbourhoods.factories import NeighbourhoodFactory

D = datetime.date
JUL_SEP = (D(2026, 7, 1), D(2026, 9, 30))
OCT_DEC = (D(2026, 10, 1), D(2026, 12, 31))
TODAY = D(2027, 1, 15)


def _added_on(groups, day: datetime.date) -> None:
    """Date the groups' creation (created_at is set on save) at midday local time on a day."""
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    CommunityGroup.objects.filter(pk__in=[g.pk for g in groups]).update(created_at=when)


def _row(rows, key):
    return next(r for r in rows if r.key == key)


@pytest.fixture
def judged(world):
    """Unit A judged on July to September 2026.

    Team A1 started 25 groups in the quarter (added to its directory as they started) and had 132 more
    imported in November; two active groups give 50,000 and 50,900 volunteer hours a week, a folded one
    999, one has no estimate. Team A2 has an active group of 18.5 hours a week. Involvement records:
    A1's neighbourhood for April-June, July-September and October-November 2026, and a year to
    September 2026; A2's for January-March 2026; B1 (another unit) too.
    """
    teams, hoods, people = world["teams"], world["hoods"], world["people"]
    a1, a2, b1 = teams["a1"], teams["a2"], teams["b1"]
    started = [
        GroupFactory(
            team=a1, started_with_team=a1, started_with_team_on=D(2026, 7, 1) + datetime.timedelta(n)
        )
        for n in range(0, 25 * 3, 3)  # 1 July to 12 September
    ]
    for group in started:
        _added_on([group], group.started_with_team_on)
    imported = GroupFactory.create_batch(132, team=a1)
    _added_on(imported, D(2026, 11, 2))

    big = GroupFactory(team=a1, volunteer_hours_week=Decimal("50000.0"), support_intensity="intensive")
    big.neighbourhoods.add(hoods["a1"])
    small = GroupFactory(team=a2, volunteer_hours_week=Decimal("18.5"), support_intensity="moderate")
    small.neighbourhoods.add(hoods["a2"])
    older = [
        big,
        small,
        GroupFactory(team=a1, volunteer_hours_week=Decimal("50900.0"), support_intensity="moderate"),
        GroupFactory(team=a1, volunteer_hours_week=Decimal("999.0"), status=GroupStatus.FOLDED),
        GroupFactory(team=a1),  # no estimate
        GroupFactory(team=b1, volunteer_hours_week=Decimal("7000.0")),  # another unit's
    ]
    _added_on(older, D(2026, 5, 1))  # in the directory before either quarter

    def involvement(person, hood, start, end, counts):
        intensive, regular, occasional, service_users = counts
        outcome_services.involvement_record(
            actor=people[person], neighbourhood=hoods[hood], period_start=start, period_end=end,
            intensive=intensive, regular=regular, occasional=occasional, service_users=service_users,
        )  # fmt: skip

    involvement("worker", "a1", D(2026, 4, 1), D(2026, 6, 30), (10, 20, 30, 100))
    involvement("worker", "a1", D(2025, 10, 1), D(2026, 9, 30), (300, 600, 1600, 17000))  # the year
    involvement("worker", "a1", D(2026, 7, 1), D(2026, 9, 30), (278, 591, 1550, 16000))  # the quarter
    involvement("worker", "a1", D(2026, 10, 1), D(2026, 11, 30), (5, 6, 7, 8))  # ends after September
    involvement("worker_a2", "a2", D(2026, 1, 1), D(2026, 3, 31), (2, 3, 4, 50))
    involvement("worker_b", "b1", D(2026, 7, 1), D(2026, 9, 30), (900, 900, 900, 900))
    return world


# Groups started and groups added ---------------------------------------------------------------------


def test_groups_started_with_the_teams_help_are_not_groups_added(judged):
    unit, a1 = judged["units"]["a"], judged["teams"]["a1"]
    quarter = unit_figures(unit, start=JUL_SEP[0], end=JUL_SEP[1], today=TODAY)
    assert (quarter.total.groups_started, quarter.total.groups_added) == (25, 25)
    assert (_row(quarter.teams, a1.slug).groups_started, _row(quarter.teams, a1.slug).groups_added) == (
        25,
        25,
    )
    following = unit_figures(unit, start=OCT_DEC[0], end=OCT_DEC[1], today=TODAY)
    assert (following.total.groups_started, following.total.groups_added) == (0, 132)
    assert _row(following.teams, a1.slug).groups_added == 132


def test_a_group_counts_for_the_team_that_helped_start_it_and_only_teams_shown(judged):
    teams = judged["teams"]
    a1, a2, b1 = teams["a1"], teams["a2"], teams["b1"]
    # In A2's directory, started with A1's help: A1's; in A1's, started with B1's help: not unit A's.
    GroupFactory(team=a2, started_with_team=a1, started_with_team_on=D(2026, 8, 20))
    GroupFactory(team=a1, started_with_team=b1, started_with_team_on=D(2026, 8, 21))
    GroupFactory(team=a1, started_with_team=a1, started_with_team_on=D(2026, 10, 1))  # the next quarter
    unit = judged["units"]["a"]
    figures = unit_figures(unit, start=JUL_SEP[0], end=JUL_SEP[1], today=TODAY)
    assert _row(figures.teams, a1.slug).groups_started == 26
    assert _row(figures.teams, a2.slug).groups_started == 0
    assert figures.total.groups_started == 26
    only_a2 = unit_figures(
        unit, start=JUL_SEP[0], end=JUL_SEP[1], today=TODAY, teams=unit.teams.filter(pk=a2.pk)
    )
    assert only_a2.total.groups_started == 0
    assert (
        unit_figures(judged["units"]["b"], start=JUL_SEP[0], end=JUL_SEP[1], today=TODAY).total.groups_started
        == 1
    )


# Groups helped, resident involvement ----------------------------------------------------------------


def test_groups_helped_intensively_and_moderately(judged):
    figures = unit_figures(judged["units"]["a"], start=JUL_SEP[0], end=JUL_SEP[1], today=TODAY)
    a1, a2 = _row(figures.teams, judged["teams"]["a1"].slug), _row(figures.teams, judged["teams"]["a2"].slug)
    assert (a1.intensity.get("intensive"), a1.intensity.get("moderate")) == (1, 1)
    assert (a2.intensity.get("intensive", 0), a2.intensity.get("moderate")) == (0, 1)
    assert (figures.total.intensity["intensive"], figures.total.intensity["moderate"]) == (1, 2)


def _involvement(row):
    return (row.residents_intensive, row.residents_regular, row.residents_occasional, row.service_users)


def test_involvement_is_each_neighbourhoods_latest_record_ending_by_the_periods_end(judged):
    hoods, teams = judged["hoods"], judged["teams"]
    figures = unit_figures(judged["units"]["a"], start=JUL_SEP[0], end=JUL_SEP[1], today=TODAY)
    a1 = _row(figures.neighbourhoods, hoods["a1"].slug)
    # July-September, not the year to September (same end, earlier start) nor October-November.
    assert _involvement(a1) == (278, 591, 1550, 16000)
    assert (a1.involvement_start, a1.involvement_end) == JUL_SEP
    a2 = _row(figures.neighbourhoods, hoods["a2"].slug)
    assert _involvement(a2) == (2, 3, 4, 50)  # its latest, though from January-March
    assert _involvement(_row(figures.teams, teams["a1"].slug)) == (278, 591, 1550, 16000)
    assert _involvement(_row(figures.teams, teams["a2"].slug)) == (2, 3, 4, 50)
    assert _involvement(figures.total) == (280, 594, 1554, 16050)  # B1's record is another unit's
    assert figures.total.involvement_counted == 2

    following = unit_figures(judged["units"]["a"], start=OCT_DEC[0], end=OCT_DEC[1], today=TODAY)
    assert _involvement(_row(following.neighbourhoods, hoods["a1"].slug)) == (5, 6, 7, 8)
    before = unit_figures(judged["units"]["a"], start=D(2025, 10, 1), end=D(2025, 12, 31), today=TODAY)
    assert _involvement(before.total) == (0, 0, 0, 0) and before.total.involvement_counted == 0
    assert _row(before.neighbourhoods, hoods["a1"].slug).involvement_start is None


# Density, volunteer hours a week, full-time equivalents ---------------------------------------------


def test_full_time_equivalents_are_hours_over_37_rounded_half_up():
    assert full_time_equivalents(Decimal("100900")) == 2727  # 2,727.03
    assert full_time_equivalents(Decimal("18.5")) == 1  # exactly a half
    assert full_time_equivalents(Decimal("18.4")) == 0
    assert full_time_equivalents(Decimal("55.5")) == 2  # 1.5
    assert full_time_equivalents(Decimal("100918.5")) == 2728  # 2,727.53
    assert full_time_equivalents(None) == 0 and full_time_equivalents(0) == 0


def test_volunteer_hours_a_week_of_active_groups_and_their_full_time_equivalents(judged):
    hoods, teams = judged["hoods"], judged["teams"]
    figures = unit_figures(judged["units"]["a"], start=JUL_SEP[0], end=JUL_SEP[1], today=TODAY)
    a1, a2 = _row(figures.teams, teams["a1"].slug), _row(figures.teams, teams["a2"].slug)
    assert (a1.volunteer_hours_week, a1.volunteer_fte, a1.volunteer_estimates) == (
        Decimal("100900.0"),
        2727,
        2,
    )
    assert (a2.volunteer_hours_week, a2.volunteer_fte) == (Decimal("18.5"), 1)
    # The unit's equivalents come from its own hours (2,727.53), not the teams' 2,727 + 1.
    assert (figures.total.volunteer_hours_week, figures.total.volunteer_fte) == (Decimal("100918.5"), 2728)
    hood = _row(figures.neighbourhoods, hoods["a1"].slug)  # served by the 50,000-hour group only
    assert (hood.volunteer_hours_week, hood.volunteer_fte) == (Decimal("50000.0"), 1351)


def test_density_is_shown_beside_englands_reference(judged):
    hood = judged["hoods"]["a1"]
    hood.population_entered = 2000
    hood.save()
    figures = unit_figures(judged["units"]["a"], start=JUL_SEP[0], end=JUL_SEP[1], today=TODAY)
    assert figures.density_reference == ENGLAND_CHARITIES_PER_1000 == Decimal("1.8")
    assert _row(figures.neighbourhoods, hood.slug).density == Decimal("0.50")  # 1 active group serving it
    assert figures.as_json()["density_reference"] == "1.8"


def test_figures_have_thousands_separators():
    assert figure(100900) == "100,900"
    assert figure(Decimal("100918.5")) == "100,918.5"
    assert figure("1234.5") == "1,234.5"  # the frozen report holds amounts as text
    assert figure(None) == "-"
    assert figure(15) == "15"


# The dashboard and the PDF ------------------------------------------------------------------------


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_dashboard_shows_every_figure_with_thousands_separators(client, judged):
    client.force_login(judged["people"]["manager"])
    page = client.get(reverse("dashboard"), {"period": quarter_of(JUL_SEP[0])})
    assert page.status_code == 200
    assert (page.context["f"].start, page.context["f"].end) == JUL_SEP
    text = _text(page.content.decode())
    assert "Groups started with the teams' help 25 25 groups added to the directory" in text
    assert "Residents involved 280 intensively, 594 regularly, 1,554 occasionally" in text
    assert "People using groups' services 16,050" in text
    assert "Volunteer hours a week 100,918.5, or 2,728 full-time equivalents" in text
    assert "England averages 1.8 registered charities per 1,000 residents" in text
    team_a1, hood_a1 = judged["teams"]["a1"].name, judged["hoods"]["a1"].name
    # The team's row: started, added, helped intensively / moderately, residents, services, hours, FTE.
    assert f"{team_a1} 25 25 1 / 1 278 / 591 / 1,550 16,000 100,900.0 2,727" in text
    # The neighbourhood's row: residents, services, the record counted, hours, FTE, groups helped.
    assert f"{hood_a1} {team_a1} 278 591 1,550 16,000 1 Jul 2026 to 30 Sep 2026 50,000.0 1,351 1 / 0" in text
    assert "Group density per 1,000 (baseline; England 1.8)" in text


def test_the_next_quarter_on_the_dashboard_shows_groups_added_not_started(client, judged):
    client.force_login(judged["people"]["manager"])
    page = client.get(reverse("dashboard"), {"period": quarter_of(OCT_DEC[0])})
    assert page.status_code == 200
    f = page.context["f"]
    assert f.start == OCT_DEC[0]
    assert (f.total.groups_started, f.total.groups_added) == (0, 132)
    assert "Groups started with the teams' help 0 132 groups added to the directory" in _text(
        page.content.decode()
    )


def test_the_api_gives_the_dashboards_figures_for_a_financial_quarter(client, judged):
    client.force_login(judged["people"]["manager"])
    answer = client.get("/api/v1/figures/", {"period": "2026-27-Q2"})  # July to September 2026
    assert answer.status_code == 200
    body = answer.json()
    assert (body["quarter"], body["period"], body["period_months"]) == (
        "2026-27-Q2", "2026/27 Q2", "July to September 2026",
    )  # fmt: skip
    assert (body["total"]["groups_started"], body["total"]["groups_added"]) == (25, 25)
    assert body["total"]["volunteer_fte"] == 2728  # 100,918.5 hours a week over 37
    following = client.get("/api/v1/figures/", {"period": "2026-27-Q3"}).json()
    assert (following["total"]["groups_started"], following["total"]["groups_added"]) == (0, 132)


@pytest.mark.parametrize("period", ["banana", "2026-27-Q9", "2026-Q3"])
def test_a_period_the_api_and_the_page_cannot_read_is_refused_saying_what_is_accepted(client, judged, period):
    client.force_login(judged["people"]["manager"])
    answer = client.get("/api/v1/figures/", {"period": period})
    assert answer.status_code == 400
    assert period in answer.json()["period"][0] and "2026-27-Q3" in answer.json()["period"][0]
    page = client.get(reverse("dashboard"), {"period": period})
    assert page.status_code == 400
    text = _text(page.content.decode())
    assert f"'{period}' is not" in text or f"'{period}' has no" in text
    assert "like 2026-27-Q3" in text
    assert "f" not in page.context  # no other quarter's figures shown in its place


def test_the_dashboard_offers_the_quarters_as_a_list(client, judged):
    client.force_login(judged["people"]["manager"])
    page = client.get(reverse("dashboard"), {"period": "2026-27-Q2"})
    html = page.content.decode()
    assert '<select class="govuk-select" id="period" name="period"' in html
    assert '<option value="2026-27-Q2" selected>2026/27 Q2 (July to September 2026)</option>' in html
    assert '<option value="2026-27-Q3"' in html


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def test_the_report_prints_the_same_figures(judged, settings, tmp_path, committed):
    settings.MEDIA_ROOT = tmp_path
    report, _ = committed(
        services.report_request,
        actor=judged["people"]["manager"],
        unit=judged["units"]["a"],
        period=quarter_of(JUL_SEP[0]),
    )
    report.refresh_from_db()
    assert report.status in (ReportStatus.READY, ReportStatus.DELIVERED), report.failure
    assert report.figures["total"]["volunteer_fte"] == 2728
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", report.pdf.path, "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert "Groups started with the teams' help 25" in flat
    assert "Groups added to the directory 25" in flat
    assert "Residents involved occasionally 1,554" in flat
    assert "People using groups' services 16,050" in flat
    assert "Volunteer hours a week of the active groups 100,918.5" in flat
    assert "Full-time equivalents (37 hours a week each) 2,728" in flat
    assert "England averages 1.8 registered charities per 1,000" in flat
    assert "100,900.0 2,727" in flat  # team A1's hours and equivalents
    assert "1,550 16,000" in flat  # A1's neighbourhood's occasional residents and service users
    assert "25 started with the teams' help; 25 added to the directory" in flat


# Queries -------------------------------------------------------------------------------------------


def test_the_figures_queries_do_not_grow_with_the_data(judged):
    unit, teams, people = judged["units"]["a"], judged["teams"], judged["people"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            unit_figures(unit, start=JUL_SEP[0], end=JUL_SEP[1], today=TODAY)
        return len(captured.captured_queries)

    before = queries()
    for n in range(5):
        hood = NeighbourhoodFactory(team=teams["a2"], population_entered=1000 + n)
        group = GroupFactory(
            team=teams["a2"], started_with_team=teams["a2"], started_with_team_on=D(2026, 8, 1 + n),
            volunteer_hours_week=Decimal(40 + n), support_intensity="intensive",
        )  # fmt: skip
        group.neighbourhoods.add(hood)
        for start, end in ((D(2026, 4, 1), D(2026, 6, 30)), JUL_SEP):
            outcome_services.involvement_record(
                actor=people["worker_a2"], neighbourhood=hood, period_start=start, period_end=end,
                intensive=n, regular=n, occasional=n, service_users=n,
            )  # fmt: skip
    assert queries() == before
    figures = unit_figures(unit, start=JUL_SEP[0], end=JUL_SEP[1], today=TODAY)
    assert figures.total.groups_started == 30 and figures.total.involvement_counted == 7
