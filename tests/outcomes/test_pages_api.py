"""Outcomes through the pages, the API and the survey import: same rules, same scope."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from coprod.engagements.services import work_programme_save
from coprod.outcomes import services
from coprod.outcomes.imports import measurements_import
from coprod.outcomes.models import GroupOutcome, Indicator, Measurement, Story, Target
from tests.groups.factories import GroupFactory

D = datetime.date


def api(world, person):
    client = APIClient()
    client.force_authenticate(world["people"][person])
    return client


def survey(world, hood="a1", code="cls-belong", value="57", end=D(2025, 3, 31)):
    return services.measurement_record(
        actor=world["people"]["lead" if hood == "a1" else "worker_a2"],
        indicator=Indicator.objects.get(code=code),
        neighbourhood=world["hoods"][hood],
        period_start=end.replace(day=1),
        period_end=end,
        value=Decimal(value),
        source="survey",
        sample_size=100,
    )[0]


# Pages -------------------------------------------------------------------------------------------------


def test_the_outcome_page_shows_baseline_latest_target_and_reading(client, world):
    lead, hood = world["people"]["lead"], world["hoods"]["a1"]
    survey(world, value="40", end=D(2025, 1, 31))
    programme = work_programme_save(
        actor=lead, team=hood.team, name="Plan", start=D(2025, 1, 1), end=D(2026, 12, 31),
        neighbourhoods=[hood], planned_hours=Decimal(100),
    )  # fmt: skip
    services.target_set(
        actor=lead, work_programme=programme, indicator=Indicator.objects.get(code="cls-belong"),
        neighbourhood=hood, baseline_value=Decimal(40), baseline_on=D(2025, 1, 31), target_value=Decimal(60),
        target_on=D(2026, 1, 31),
    )  # fmt: skip
    survey(world, value="61", end=D(2025, 6, 30))
    client.force_login(world["people"]["manager"])
    page = client.get(reverse("neighbourhood-outcomes", args=[hood.slug])).content.decode()
    assert "Feel they belong to their neighbourhood" in page
    assert "61%" in page and "60% by Jan 2026" in page and "Achieved" in page
    assert 'src="data:image/svg+xml;base64,' in page  # the trend chart, with its data table beside it
    assert "2025-01-31</td>" in page and "40%</td>" in page
    # The manager reads but cannot record.
    assert reverse("measurement-add", args=[hood.slug]) not in page


def test_the_survey_form_keeps_what_was_typed_and_says_what_is_wrong(client, world):
    hood = world["hoods"]["a1"]
    client.force_login(world["people"]["worker"])
    url = reverse("measurement-add", args=[hood.slug])
    indicator = Indicator.objects.get(code="cls-belong")
    response = client.post(
        url,
        {"indicator": indicator.pk, "period_start": "2025-03-01", "period_end": "2025-03-31", "value": "120",
         "source": "Spring survey at the school gate", "sample_size": "80", "method": ""},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "120 is not a percentage between 0 and 100" in page
    assert "Spring survey at the school gate" in page and 'value="120"' in page
    assert not Measurement.objects.exists()
    response = client.post(
        url,
        {"indicator": indicator.pk, "period_start": "2025-03-01", "period_end": "2025-03-31", "value": "62",
         "source": "Spring survey", "sample_size": "80", "method": "event"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal("62")


def test_group_outcomes_are_recorded_from_the_group_page(client, world):
    group = GroupFactory(team=world["teams"]["a1"])
    client.force_login(world["people"]["worker"])
    page = client.get(reverse("group-detail", args=[group.pk])).content.decode()
    assert reverse("group-outcome-add", args=[group.pk]) in page
    response = client.post(
        reverse("group-outcome-add", args=[group.pk]),
        {"category": "fundraising", "achieved_on": "2025-05-01", "evidence": "£800 from a sponsored walk."},
    )
    assert response.status_code == 302
    page = client.get(reverse("group-detail", args=[group.pk])).content.decode()
    assert "Fundraising" in page and "sponsored walk" in page
    client.force_login(world["people"]["manager"])  # the unit's manager may read, not record
    assert client.get(reverse("group-outcome-add", args=[group.pk])).status_code == 403
    assert (
        reverse("group-outcome-add", args=[group.pk])
        not in client.get(reverse("group-detail", args=[group.pk])).content.decode()
    )


def test_a_baseline_taken_on_the_outcome_page_freezes_the_chosen_indicators(client, world):
    hood = world["hoods"]["a1"]
    survey(world, value="57", end=D(2025, 3, 31))
    client.force_login(world["people"]["lead"])
    belong, chat = Indicator.objects.get(code="cls-belong"), Indicator.objects.get(code="cls-chat")
    response = client.post(
        reverse("baseline-take-indicators", args=[hood.slug]),
        {"taken_on": "2025-04-01", "indicators": [belong.pk, chat.pk], "notes": ""},
    )
    assert response.status_code == 302
    baseline = hood.baselines.get()
    assert baseline.snapshot["indicators"]["cls-belong"]["value"] == "57.00"
    assert baseline.snapshot["indicators"]["cls-chat"]["value"] is None  # chosen, never measured
    assert set(baseline.snapshot["indicators"]) == {"cls-belong", "cls-chat"}
    client.force_login(world["people"]["worker"])
    assert client.get(reverse("baseline-take-indicators", args=[hood.slug])).status_code == 403


def test_pages_of_another_region_are_not_found(client, world):
    hood = world["hoods"]["a1"]
    client.force_login(world["people"]["worker_b"])
    for name in ("neighbourhood-outcomes", "measurement-add", "story-add", "target-add"):
        assert client.get(reverse(name, args=[hood.slug])).status_code == 404, name


def test_stories_are_html_inert_and_shown_beside_the_numbers(client, world):
    hood = world["hoods"]["a1"]
    client.force_login(world["people"]["worker"])
    response = client.post(
        reverse("story-add", args=[hood.slug]),
        {"title": "<script>alert(1)</script>", "told_on": "2025-05-01", "body": "A <b>good</b> year."},
    )
    assert response.status_code == 302
    page = client.get(reverse("neighbourhood-outcomes", args=[hood.slug])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "A &lt;b&gt;good&lt;/b&gt; year." in page


# The survey import ----------------------------------------------------------------------------------


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def test_the_survey_import_keeps_good_rows_and_reports_each_bad_one(world):
    hood = world["hoods"]["a1"]
    text = (
        "neighbourhood,indicator,period_start,period_end,value,sample_size,method,source\n"
        f"{hood.name},cls-belong,2025-03-01,2025-03-31,57,120,door to door,Spring survey\n"
        f"{hood.slug},Feel isolated from others,01/03/2025,31/03/2025,12%,120,,Spring survey\n"
        "Nowhere,cls-belong,2025-03-01,2025-03-31,57,120,,Spring survey\n"
        f"{hood.name},cls-unknown,2025-03-01,2025-03-31,57,120,,Spring survey\n"
        f"{hood.name},cls-chat,2025-03-01,2025-03-31,lots,120,,Spring survey\n"
        f"{hood.name},cls-chat,2025-03-01,2025-03-31,101,120,,Spring survey\n"
        f"{hood.name},group-density,2025-03-01,2025-03-31,3,,,Counted\n"
        f"{hood.name},cls-chat,2025-03-01,2025-03-31,70,,,Spring survey\n"
        f"{hood.name},cls-chat,2025-03-01,2025-31-03,70,120,,Spring survey\n"
    )
    summary = measurements_import(actor=world["people"]["worker"], team=hood.team, source=csv_file(text))
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    got = [(e.line, e.column, e.value) for e in summary.errors]
    assert got == [
        (4, "neighbourhood", "Nowhere"),
        (5, "indicator", "cls-unknown"),
        (6, "value", "lots"),
        (7, "value", "101"),
        (8, "indicator", "group-density"),
        (9, "sample_size", ""),
        (10, "period_end", "2025-31-03"),
    ]
    reasons = [e.reason for e in summary.errors]
    assert "computed from coprod's records" in reasons[4] and "number of people who answered" in reasons[5]
    assert Measurement.objects.get(indicator__code="cls-isolated").value == Decimal("12")
    again = measurements_import(actor=world["people"]["worker"], team=hood.team, source=csv_file(text))
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 7)
    assert Measurement.objects.count() == 2


def test_the_import_command_ends_with_the_summary_line(world, tmp_path):
    hood = world["hoods"]["a1"]
    path = tmp_path / "survey.csv"
    path.write_text(
        "neighbourhood,indicator,period_start,period_end,value,sample_size,source\n"
        f"{hood.name},cls-belong,2025-03-01,2025-03-31,57,120,Spring survey\n"
        f"{hood.name},cls-belong,2025-04-01,2025-04-30,x,120,Spring survey\n"
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_measurements", str(path), team=hood.team.slug, user=world["people"]["worker"].username,
            stdout=out, stderr=err,
        )  # fmt: skip
    assert out.getvalue().strip().splitlines()[-1] == "created 1, updated 0, unchanged 0, rejected 1"
    assert "line 3, column 'value', value 'x': not a number" in err.getvalue()
    with pytest.raises(CommandError, match="team's workers and lead"):
        call_command(
            "import_measurements", str(path), team=hood.team.slug, user=world["people"]["manager"].username
        )


def test_the_import_page_checks_first_then_imports(client, world):
    hood = world["hoods"]["a1"]
    client.force_login(world["people"]["worker"])
    upload = csv_file(
        "neighbourhood,indicator,period_start,period_end,value,sample_size,source\n"
        f"{hood.name},cls-belong,2025-03-01,2025-03-31,57,120,Spring survey\n"
        f"{hood.name},cls-belong,2025-04-01,2025-04-30,x,120,Spring survey\n"
    )
    upload.name = "survey.csv"
    response = client.post(reverse("measurement-import"), {"team": hood.team.pk, "file": upload})
    page = response.content.decode()
    assert "created 1, updated 0, unchanged 0, rejected 1" in page and not Measurement.objects.exists()
    token = response.context["token"]
    report = client.get(reverse("measurement-import-report", args=[token]), {"team": hood.team.pk})
    assert b"3,value,x,not a number" in report.content
    client.post(reverse("measurement-import-confirm", args=[token]), {"team": hood.team.pk})
    assert Measurement.objects.count() == 1


# The API ------------------------------------------------------------------------------------------------


def test_the_api_records_through_the_services_and_refuses_what_the_form_refuses(world):
    hood = world["hoods"]["a1"]
    worker = api(world, "worker")
    body = {
        "indicator": "cls-belong", "neighbourhood": hood.slug, "period_start": "2025-03-01",
        "period_end": "2025-03-31", "value": "57.5", "source": "survey", "sample_size": 90,
    }  # fmt: skip
    created = worker.post("/api/v1/measurements/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["recorded_by"] == world["people"]["worker"].username
    refused = worker.post("/api/v1/measurements/", body | {"value": "140"}, format="json")
    assert refused.status_code == 400 and "not a percentage" in str(refused.json())
    computed = worker.post("/api/v1/measurements/", body | {"indicator": "group-density"}, format="json")
    assert computed.status_code == 400 and "computed" in str(computed.json())
    # Another team's worker cannot write to this neighbourhood, even in the same unit.
    other = api(world, "worker_a2").post("/api/v1/measurements/", body, format="json")
    assert other.status_code == 400 and "neighbourhood" in other.json()
    # A subject cannot move.
    moved = worker.patch(
        f"/api/v1/measurements/{created.json()['id']}/",
        {"group": GroupFactory(team=hood.team).pk},
        format="json",
    )
    assert moved.status_code == 400


def test_targets_through_the_api_carry_their_reading(world):
    lead, hood = world["people"]["lead"], world["hoods"]["a1"]
    programme = work_programme_save(
        actor=lead, team=hood.team, name="Plan", start=D(2025, 1, 1), end=D(2026, 12, 31),
        neighbourhoods=[hood], planned_hours=Decimal(100),
    )  # fmt: skip
    response = api(world, "lead").post(
        "/api/v1/targets/",
        {
            "work_programme": programme.pk, "indicator": "cls-isolated", "neighbourhood": hood.slug,
            "baseline_value": "14", "baseline_on": "2025-01-01",
            "target_value": "8", "target_on": "2026-01-01",
            "milestones": [{"due_on": "2025-07-01", "value": "12"}],
        },
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert Target.objects.get().milestones.get().value == Decimal("12")
    survey(world, code="cls-isolated", value="11", end=D(2025, 7, 31))
    listed = api(world, "manager").get("/api/v1/targets/").json()["results"]
    assert [(t["reading"], t["milestones"]) for t in listed] == [
        ("on_track", [{"due_on": "2025-07-01", "value": "12.00"}])
    ]
    assert api(world, "worker").post("/api/v1/targets/", {}, format="json").status_code == 400
    assert api(world, "worker_b").get("/api/v1/targets/").json()["results"] == []


@pytest.mark.parametrize(
    ("person", "sees"),
    [("worker", True), ("lead", True), ("manager", True), ("director", True), ("worker_a2", False),
     ("worker_b", False)],
)  # fmt: skip
def test_scoping_of_every_outcome_list(world, person, sees):
    hood, worker = world["hoods"]["a1"], world["people"]["worker"]
    group = GroupFactory(team=hood.team)
    group.neighbourhoods.add(hood)
    survey(world)
    services.group_outcome_record(
        actor=worker, group=group, category="mutual_aid", achieved_on=D(2025, 1, 1), evidence="x"
    )
    services.story_write(
        actor=worker, neighbourhood=hood, title="A story", body="Plain words.", told_on=D(2025, 1, 1)
    )
    services.involvement_record(
        actor=worker, neighbourhood=hood, period_start=D(2025, 1, 1), period_end=D(2025, 3, 31), intensive=3
    )
    community = services.indicator_define(
        actor=world["people"]["lead"], team=hood.team, name="Play street", definition="Counted.",
        unit="count", direction="higher",
    )  # fmt: skip
    client = api(world, person)
    for path in ("measurements", "group-outcomes", "stories", "involvement"):
        results = client.get(f"/api/v1/{path}/").json()["results"]
        assert (len(results) == 1) is sees, path
    codes = {i["code"] for i in client.get("/api/v1/indicators/?page_size=200").json()["results"]}
    assert "cls-belong" in codes
    assert (community.code in codes) is sees
    assert GroupOutcome.objects.count() == Story.objects.count() == 1
