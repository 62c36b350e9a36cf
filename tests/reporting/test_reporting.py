"""The dashboard and the progress report: same figures, a real tagged PDF, scope, once-only delivery."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from kombu.exceptions import OperationalError

from coprod.engagements.models import ActivityType
from coprod.engagements.selectors import volunteer_hour_ratio
from coprod.engagements.services import engagement_log, volunteer_return_record, work_programme_save
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.selectors import neighbourhood_figures, place_figures_many
from coprod.outcomes import services as outcome_services
from coprod.outcomes.computed import compute, compute_many
from coprod.outcomes.models import Indicator
from coprod.reporting import services, tasks
from coprod.reporting.choices import ReportStatus
from coprod.reporting.models import Report, ReportDelivery
from coprod.reporting.selectors import quarter_bounds, unit_figures
from coprod.units.choices import Role
from tests.groups.factories import GroupFactory
from tests.neighbourhoods.factories import NeighbourhoodFactory
from tests.units.factories import member

D = datetime.date
Q3 = (D(2026, 7, 1), D(2026, 9, 30))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Reports go to the queue when the asking transaction commits; tests run inside one, so this
    runs the commit callbacks of what it wraps, as a commit would."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def activity(db):
    return ActivityType.objects.first()


def contact(
    world, activity, *, person="worker", team="a1", hood="a1", day=D(2026, 8, 3), minutes=60, new=1, groups=()
):
    people = world["people"]
    return engagement_log(
        worker=people[person],
        team=world["teams"][team],
        date=day,
        activity_type=activity,
        dimension="groups",
        minutes=minutes,
        people_present=new + 2,
        new_people=new,
        neighbourhood=world["hoods"][hood] if hood else None,
        groups=list(groups),
    )[0]


@pytest.fixture
def quarter(world, activity):
    """A quarter of work in unit A: contacts in two teams, groups with volunteer returns, a target."""
    hood = world["hoods"]["a1"]
    hood.population_entered = 4000
    hood.save()
    pantry = GroupFactory(team=hood.team, support_intensity="intensive", name="Food pantry")
    pantry.neighbourhoods.add(hood)
    volunteer_return_record(
        actor=world["people"]["worker"], group=pantry, start=D(2026, 7, 1), end=D(2026, 9, 30),
        hours=Decimal("450"), volunteers=9, source="own_count",
    )  # fmt: skip
    contact(world, activity, minutes=90, new=3, groups=[pantry])
    contact(world, activity, minutes=30, new=0, day=D(2026, 9, 20), groups=[pantry])
    contact(world, activity, person="worker_a2", team="a2", hood="a2", minutes=120, new=5)
    contact(world, activity, person="worker_b", team="b1", hood="b1", minutes=600, new=40)  # another region
    lead = world["people"]["lead"]
    programme = work_programme_save(
        actor=lead, team=hood.team, name="Plan", start=D(2026, 1, 1), end=D(2027, 3, 31),
        neighbourhoods=[hood], planned_hours=Decimal(300),
    )  # fmt: skip
    outcome_services.target_set(
        actor=lead, work_programme=programme, indicator=Indicator.objects.get(code="cls-belong"),
        neighbourhood=hood, baseline_value=Decimal(50), baseline_on=D(2026, 1, 31), target_value=Decimal(60),
        target_on=D(2027, 1, 31),
    )  # fmt: skip
    outcome_services.story_write(
        actor=world["people"]["worker"], neighbourhood=hood, title="The pantry opens on Saturdays",
        body="Neighbours run it themselves now.", told_on=D(2026, 9, 1),
    )  # fmt: skip
    director = world["people"]["director"]
    director.email = "director@example.org"
    director.save()
    return world


def test_the_worked_figures_of_the_quarter(quarter):
    figures = unit_figures(quarter["units"]["a"], start=Q3[0], end=Q3[1], today=D(2026, 10, 5))
    # 90 + 30 + 120 minutes = 4 hours; 450 volunteer hours of the one group engaged: ratio 112.5.
    assert figures.total.professional_hours == Decimal("4.0")
    assert figures.total.volunteer_hours == Decimal("450.0")
    assert figures.total.ratio == Decimal("112.5")
    assert figures.total.new_people == 8
    a1 = next(t for t in figures.teams if t.key == quarter["teams"]["a1"].slug)
    assert (a1.professional_hours, a1.ratio, a1.new_people) == (Decimal("2.0"), Decimal("225.0"), 3)
    hood = next(n for n in figures.neighbourhoods if n.key == quarter["hoods"]["a1"].slug)
    assert hood.density == Decimal("0.25")  # 1 active group for 4,000 residents
    assert hood.targets == {"no_data": 1}
    assert [s.title for s in figures.stories] == ["The pantry opens on Saturdays"]
    assert quarter["hoods"]["b1"].slug not in {n.key for n in figures.neighbourhoods}


def test_grouped_figures_equal_the_single_ones(quarter):
    """The dashboard reads many areas at once; each must equal the figure its own page shows."""
    hoods = quarter["hoods"]
    from coprod.engagements.models import Engagement
    from coprod.neighbourhoods.models import Neighbourhood

    for hood in hoods.values():
        single = volunteer_hour_ratio(Engagement.objects.filter(neighbourhood=hood), start=Q3[0], end=Q3[1])
        grouped = unit_figures(hood.team.unit, start=Q3[0], end=Q3[1], today=D(2026, 10, 5))
        row = next(n for n in grouped.neighbourhoods if n.key == hood.slug)
        assert (row.ratio, row.professional_hours) == (single.ratio, single.professional_hours)
        places = place_figures_many(Neighbourhood.objects.filter(pk=hood.pk))[hood.pk]
        figures = neighbourhood_figures(hood)
        assert (places.population, places.decile_1_share) == (
            figures.population,
            figures.deprivation.decile_1_share,
        )
    everyone = Neighbourhood.objects.all()
    for code in (
        "group-density",
        "volunteer-hour-ratio",
        "new-people",
        "professional-hours",
        "groups-intensive",
    ):
        many = compute_many(code, everyone, Q3[0], Q3[1])
        for hood in hoods.values():
            assert many[hood.pk] == compute(code, hood, Q3[0], Q3[1]), code


# The report -----------------------------------------------------------------------------------------


def pdf_text(report: Report) -> str:
    return subprocess.run(
        [shutil.which("pdftotext"), "-layout", report.pdf.path, "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_report_prints_the_dashboards_figures_in_a_tagged_pdf(
    client, quarter, settings, tmp_path, committed
):
    settings.MEDIA_ROOT = tmp_path
    unit = quarter["units"]["a"]
    report, created = committed(
        services.report_request, actor=quarter["people"]["manager"], unit=unit, period="2026-27-Q2"
    )
    report.refresh_from_db()
    assert created and report.status == ReportStatus.DELIVERED
    # The dashboard for the same quarter shows the same figures the report froze.
    client.force_login(quarter["people"]["manager"])
    page = client.get(reverse("dashboard"), {"period": "2026-27-Q2"})
    assert page.context["f"].as_json()["total"] == report.figures["total"]
    assert page.context["f"].as_json()["teams"] == report.figures["teams"]
    assert page.context["f"].as_json()["neighbourhoods"] == report.figures["neighbourhoods"]
    text = pdf_text(report)
    flat = " ".join(text.split())
    assert "Progress report 2026/27 Q2" in flat and "July to September 2026" in flat
    assert "logged 4.0 hours of capacity-building work and drew 8 people" in flat
    assert "Volunteer-hour ratio (benchmark 15) 112.5" in flat
    assert "The pantry opens on Saturdays" in flat and "Annex: definitions and formulas" in flat
    assert "Page 2 of" in flat
    info = subprocess.run(
        [shutil.which("pdfinfo"), report.pdf.path], capture_output=True, text=True, check=True
    ).stdout
    assert "Tagged:          yes" in info
    fonts = subprocess.run(
        [shutil.which("pdffonts"), report.pdf.path], capture_output=True, text=True, check=True
    ).stdout
    font_rows = fonts.splitlines()[2:]
    assert font_rows and all(row.split()[-5] == "yes" for row in font_rows)  # every font embedded
    # No personal data about residents: engagement notes and contacts never reach it.
    assert quarter["people"]["worker"].username not in flat


def test_a_reissued_report_shows_the_same_numbers(quarter, activity, settings, tmp_path, committed):
    settings.MEDIA_ROOT = tmp_path
    unit = quarter["units"]["a"]
    report, _ = committed(services.report_request, actor=None, unit=unit, period="2026-27-Q2")
    report.refresh_from_db()
    frozen, checksum = report.figures, report.checksum
    contact(quarter, activity, minutes=600, new=50)  # a late entry for the quarter
    report.status = ReportStatus.QUEUED  # as if the PDF were lost and drawn again
    report.save()
    services.report_render(report.pk)
    report.refresh_from_db()
    assert report.figures == frozen and "4.0" in " ".join(pdf_text(report).split())
    assert report.checksum == checksum


def test_a_duplicated_task_delivers_once(quarter, settings, tmp_path, committed):
    settings.MEDIA_ROOT = tmp_path
    second = member(Role.REGIONAL_DIRECTOR, unit=quarter["units"]["a"])
    second.email = "second@example.org"
    second.save()
    report, _ = committed(
        services.report_request, actor=None, unit=quarter["units"]["a"], period="2026-27-Q2"
    )
    tasks.report_render_task.apply(args=[report.pk])
    tasks.report_render_task.apply(args=[report.pk])
    assert sorted(m.to[0] for m in mail.outbox) == ["director@example.org", "second@example.org"]
    assert ReportDelivery.objects.filter(report=report).count() == 2
    attachment = mail.outbox[0].attachments[0]
    assert attachment[0].endswith("2026-27-Q2.pdf") and attachment[1][:5] == b"%PDF-"


def test_a_worker_killed_mid_render_still_gives_one_report(quarter, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    unit = quarter["units"]["a"]
    report = Report.objects.create(
        unit=unit,
        period="2026-27-Q2",
        period_start=Q3[0],
        period_end=Q3[1],
        status=ReportStatus.RENDERING,
        attempts=1,
    )
    assert services.redispatch() == 0  # its worker may still be at it
    settings.COPROD_REPORT_STUCK_SECONDS = 0
    assert services.redispatch() == 1  # overdue: the stuck report is sent again
    report.refresh_from_db()
    assert report.status == ReportStatus.DELIVERED and len(mail.outbox) == 1
    assert Report.objects.filter(unit=unit, period="2026-27-Q2").count() == 1


def test_a_duplicate_run_stands_aside_while_another_renders(quarter, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = Report.objects.create(
        unit=quarter["units"]["a"], period="2026-27-Q2", period_start=Q3[0], period_end=Q3[1],
        status=ReportStatus.RENDERING, attempts=1, render_claim="first-task",
    )  # fmt: skip

    services.report_render(report.pk, claim="second-task")
    report.refresh_from_db()
    assert report.status == ReportStatus.RENDERING and report.render_claim == "first-task"
    assert not report.pdf and report.attempts == 1

    services.report_render(report.pk, claim="first-task")  # the same task, redelivered, carries on
    report.refresh_from_db()
    assert report.status == ReportStatus.READY and report.attempts == 2


def test_an_overdue_claim_is_taken_over(quarter, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.COPROD_REPORT_STUCK_SECONDS = 0
    report = Report.objects.create(
        unit=quarter["units"]["a"], period="2026-27-Q2", period_start=Q3[0], period_end=Q3[1],
        status=ReportStatus.RENDERING, attempts=1, render_claim="dead-worker",
    )  # fmt: skip
    services.report_render(report.pk, claim="redispatched")
    report.refresh_from_db()
    assert report.status == ReportStatus.READY and report.render_claim == "redispatched"
    assert len(list((tmp_path / "reports").rglob("*.pdf"))) == 1


def test_delivery_keeps_whoever_had_it_when_a_later_send_fails(quarter, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    second = member(Role.REGIONAL_DIRECTOR, unit=quarter["units"]["a"])
    second.email = "second@example.org"
    second.save()
    report = Report.objects.create(
        unit=quarter["units"]["a"], period="2026-27-Q2", period_start=Q3[0], period_end=Q3[1]
    )
    services.report_render(report.pk)
    real_send = services._send

    def mail_server_fails_for_second(report, person):
        if person.email == "second@example.org":
            raise ConnectionRefusedError("mail server down")
        real_send(report, person)

    monkeypatch.setattr(services, "_send", mail_server_fails_for_second)
    with pytest.raises(ConnectionRefusedError):
        services.report_deliver(report.pk)
    assert [m.to for m in mail.outbox] == [["director@example.org"]]
    assert list(ReportDelivery.objects.values_list("email", flat=True)) == ["director@example.org"]

    monkeypatch.undo()
    settings.MEDIA_ROOT = tmp_path
    services.report_deliver(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DELIVERED
    assert sorted(m.to[0] for m in mail.outbox) == ["director@example.org", "second@example.org"]
    assert ReportDelivery.objects.filter(report=report).count() == 2


def test_a_report_the_broker_refused_stays_queued_and_goes_later(
    quarter, settings, tmp_path, monkeypatch, committed
):
    settings.MEDIA_ROOT = tmp_path
    real_delay = tasks.report_render_task.delay

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to localhost:6379. Connection refused.")

    monkeypatch.setattr(tasks.report_render_task, "delay", broker_down)
    report, _ = committed(
        services.report_request, actor=None, unit=quarter["units"]["a"], period="2026-27-Q2"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED and report.dispatched_at is None
    monkeypatch.setattr(tasks.report_render_task, "delay", real_delay)
    assert tasks.redispatch_reports.apply().get() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.DELIVERED and len(mail.outbox) == 1
    assert tasks.redispatch_reports.apply().get() == 0


def test_failures_are_shown_with_the_reason_and_can_be_asked_for_again(
    client, quarter, settings, tmp_path, monkeypatch, committed
):
    settings.MEDIA_ROOT = tmp_path

    def broken(*args, **kwargs):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr(services, "render_pdf", broken)
    report, _ = committed(
        services.report_request, actor=None, unit=quarter["units"]["a"], period="2026-27-Q2"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "RuntimeError: fonts missing" in report.failure
    client.force_login(quarter["people"]["manager"])
    assert "RuntimeError: fonts missing" in client.get(reverse("report-list")).content.decode()
    monkeypatch.undo()
    settings.MEDIA_ROOT = tmp_path
    committed(
        client.post, reverse("report-request"), {"unit": quarter["units"]["a"].slug, "period": "2026-27-Q2"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DELIVERED


def test_the_retry_waits_longer_each_time():
    assert [tasks.backoff(n) for n in range(4)] == [30, 60, 120, 240]


def test_the_quarterly_schedule_asks_once_per_unit(quarter, settings, tmp_path, monkeypatch, committed):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: D(2026, 10, 1))
    assert committed(tasks.queue_quarterly_reports.apply).get() == 2  # units A and B
    assert committed(tasks.queue_quarterly_reports.apply).get() == 0
    assert set(Report.objects.values_list("period", flat=True)) == {"2026-27-Q2"}
    assert (
        settings.CELERY_BEAT_SCHEDULE["quarterly-progress-reports"]["task"]
        == tasks.queue_quarterly_reports.name
    )


def test_only_the_units_managers_and_directors_download_it(client, quarter, settings, tmp_path, committed):
    settings.MEDIA_ROOT = tmp_path
    report, _ = committed(
        services.report_request, actor=None, unit=quarter["units"]["a"], period="2026-27-Q2"
    )
    url = reverse("report-download", args=[report.pk])
    for person, status in [
        ("director", 200),
        ("manager", 200),
        ("worker_b", 404),
        ("lead", 404),
        ("worker", 404),
    ]:
        client.force_login(quarter["people"][person])
        response = client.get(url)
        assert response.status_code == status, person
        if status == 200:
            assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    outsider = member(Role.REGIONAL_DIRECTOR, unit=quarter["units"]["b"])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(reverse("report-request"), {"unit": quarter["units"]["a"].slug}).status_code == 404


def test_directors_read_but_only_managers_ask_for_reports(quarter):
    with pytest.raises(Exception, match="managers"):
        services.report_request(
            actor=quarter["people"]["director"], unit=quarter["units"]["a"], period="2026-27-Q2"
        )


def test_quarters_are_financial_quarters_written_like_2026_27_q2():
    assert quarter_bounds("2026-27-Q2") == Q3  # July to September 2026
    for calendar_form in ("2026-13", "2026-Q3"):
        with pytest.raises(ValueError, match="2026-27-Q3"):  # the message says what is accepted
            quarter_bounds(calendar_form)


# The dashboard ---------------------------------------------------------------------------------------


def test_each_role_sees_its_part_of_the_dashboard(client, quarter):
    url = reverse("dashboard")
    client.force_login(quarter["people"]["manager"])
    f = client.get(url, {"period": "2026-27-Q2"}).context["f"]
    assert {t.key for t in f.teams} == {quarter["teams"]["a1"].slug, quarter["teams"]["a2"].slug}
    client.force_login(quarter["people"]["lead"])
    f = client.get(url, {"period": "2026-27-Q2"}).context["f"]
    assert [t.key for t in f.teams] == [quarter["teams"]["a1"].slug]
    assert f.total.professional_hours == Decimal("2.0")
    client.force_login(quarter["people"]["worker_a2"])
    f = client.get(url, {"period": "2026-27-Q2"}).context["f"]
    assert (f.total.kind, f.total.professional_hours, f.total.new_people) == ("worker", Decimal("2.0"), 5)
    assert f.ten_percent == {}


def test_the_dashboards_queries_do_not_grow_with_the_data(client, quarter, activity):
    client.force_login(quarter["people"]["manager"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("dashboard"), {"period": "2026-27-Q2"}).status_code == 200
        return len(captured.captured_queries)

    team = quarter["teams"]["a2"]
    lead = member(Role.TEAM_LEAD, team=team)
    programme = work_programme_save(
        actor=lead, team=team, name="More", start=D(2026, 1, 1), end=D(2027, 3, 31), planned_hours=Decimal(10)
    )
    # The same kinds of record before and after; only their number grows.
    outcome_services.target_set(
        actor=lead, work_programme=programme, indicator=Indicator.objects.get(code="new-people"),
        neighbourhood=quarter["hoods"]["a2"], baseline_value=Decimal(0), baseline_on=D(2026, 1, 1),
        target_value=Decimal(10), target_on=D(2027, 1, 1),
    )  # fmt: skip
    before = queries()
    for n in range(6):
        hood = NeighbourhoodFactory(team=team, population_entered=1000 + n)
        group = GroupFactory(team=team, support_intensity="moderate")
        group.neighbourhoods.add(hood)
        for day in (3, 10, 17):
            engagement_log(
                worker=quarter["people"]["worker_a2"], team=team, date=D(2026, 8, day),
                activity_type=activity, dimension="groups", minutes=45, people_present=4, new_people=1,
                neighbourhood=hood, groups=[group],
            )  # fmt: skip
        outcome_services.target_set(
            actor=lead, work_programme=programme, indicator=Indicator.objects.get(code="new-people"),
            neighbourhood=hood, baseline_value=Decimal(0), baseline_on=D(2026, 1, 1),
            target_value=Decimal(10), target_on=D(2027, 1, 1),
        )  # fmt: skip
    assert queries() == before


def test_groups_added_are_counted_by_the_local_day_they_were_added(world):
    """A group added at 00:15 on 1 July, British Summer Time (23:15 UTC on 30 June), was added in Q3;
    one added at 00:10 on 1 October was not. (None was started with the team's help.)"""
    london = datetime.timezone(datetime.timedelta(hours=1))
    team = world["teams"]["a1"]
    for when in (
        datetime.datetime(2026, 6, 30, 23, 30, tzinfo=london),
        datetime.datetime(2026, 7, 1, 0, 15, tzinfo=london),
        datetime.datetime(2026, 9, 30, 23, 45, tzinfo=london),
        datetime.datetime(2026, 10, 1, 0, 10, tzinfo=london),
    ):
        group = GroupFactory(team=team)
        CommunityGroup.objects.filter(pk=group.pk).update(created_at=when)
    figures = unit_figures(team.unit, start=Q3[0], end=Q3[1], today=D(2026, 11, 21))
    assert figures.total.groups_added == 2
    assert [t.groups_added for t in figures.teams if t.key == team.slug] == [2]
    assert figures.total.groups_started == 0
