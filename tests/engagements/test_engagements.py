"""The engagement log: identical validation on form and API, notes scoping, the ratio, idempotency,
and a log list whose number of queries does not grow with its length."""

import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from coprod.engagements import rules
from coprod.engagements.imports import engagements_import
from coprod.engagements.models import ActivityType, Engagement, EngagementDeletion, VolunteerHourReturn
from coprod.engagements.selectors import engagements_for_user, volunteer_hour_ratio
from coprod.engagements.services import engagement_delete, engagement_log
from coprod.groups.services import group_create

TODAY = datetime.date.today()


@pytest.fixture
def outreach(db):
    return ActivityType.objects.get(slug="outreach")


def log(world, person="worker", team="a1", **values):
    defaults = {
        "activity_type": ActivityType.objects.get(slug="outreach"),
        "dimension": "groups",
        "minutes": 60,
        "date": TODAY,
    }
    defaults.update(values)
    return engagement_log(worker=world["people"][person], team=world["teams"][team], **defaults)[0]


BAD_INPUTS = [
    ({"minutes": 0}, "minutes"),
    ({"minutes": 10_000}, "minutes"),
    ({"people_present": 2, "new_people": 5}, "new_people"),
    ({"date": (TODAY + datetime.timedelta(days=2)).isoformat()}, "date"),
    ({"dimension": "everything"}, "dimension"),
    ({"partners": ["aliens"]}, "partners"),
]


@pytest.mark.parametrize("changes, field", BAD_INPUTS)
def test_form_and_api_refuse_the_same_input_on_the_same_field(client, world, outreach, changes, field):
    worker, team = world["people"]["worker"], world["teams"]["a1"]
    base = {"date": TODAY.isoformat(), "activity_type": outreach.slug, "dimension": "groups", "minutes": 30}
    api = APIClient()
    api.force_authenticate(worker)
    api_response = api.post("/api/v1/engagements/", {"team": team.slug, **base, **changes}, format="json")
    assert api_response.status_code == 400
    api_fields = set(api_response.json())

    client.force_login(worker)
    form_data = {"team": team.pk, **base, "activity_type": outreach.pk, **changes}
    page = client.post("/log/new/", form_data)
    assert page.status_code == 400
    form_fields = set(page.context["form"].errors)
    assert field in api_fields and field in form_fields
    assert api_fields == form_fields
    assert not Engagement.objects.exists()


RULES_BROKEN = [
    ({"minutes": 0}, "minutes", rules.MINUTES),
    ({"minutes": 10_000}, "minutes", rules.MINUTES),
    ({"people_present": 2, "new_people": 5}, "new_people", rules.NEW_NOT_MORE_THAN_PRESENT),
    ({"date": (TODAY + datetime.timedelta(days=2)).isoformat()}, "date", rules.NOT_YET),
]


@pytest.mark.parametrize("changes, field, message", RULES_BROKEN)
def test_the_form_the_api_and_the_import_refuse_a_value_with_the_same_message(
    client, world, outreach, changes, field, message
):
    """One rule, one message: the quick-log page, the API and the CSV import all apply
    engagements.rules, so the same bad value reads the same wherever it was typed."""
    worker, team = world["people"]["worker"], world["teams"]["a1"]
    base = {"date": TODAY.isoformat(), "activity_type": outreach.slug, "dimension": "groups", "minutes": 30}
    api = APIClient()
    api.force_authenticate(worker)
    api_response = api.post("/api/v1/engagements/", {"team": team.slug, **base, **changes}, format="json")
    assert api_response.status_code == 400
    assert api_response.json()[field] == [message]

    client.force_login(worker)
    page = client.post("/log/new/", {"team": team.pk, **base, "activity_type": outreach.pk, **changes})
    assert page.status_code == 400
    assert page.context["form"].errors[field] == [message]
    assert message in page.content.decode()

    row = {"worker": worker.username, "people_present": "", "new_people": "", **base, **changes}
    columns = ["date", "worker", "activity_type", "dimension", "minutes", "people_present", "new_people"]
    source = io.BytesIO((",".join(columns) + "\n" + ",".join(str(row[c]) for c in columns) + "\n").encode())
    summary = engagements_import(actor=None, team=team, source=source)
    assert (summary.created, summary.rejected) == (0, 1)
    error = summary.errors[0]
    assert (error.line, error.column, error.reason) == (2, field, message)
    assert not Engagement.objects.exists()


def test_a_retried_create_with_the_same_key_logs_one_contact(world, outreach):
    api = APIClient()
    api.force_authenticate(world["people"]["worker"])
    key = str(uuid.uuid4())
    body = {
        "team": world["teams"]["a1"].slug,
        "activity_type": "outreach",
        "dimension": "groups",
        "minutes": 45,
    }
    first = api.post("/api/v1/engagements/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api.post("/api/v1/engagements/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Engagement.objects.count() == 1


def test_the_quick_log_page_resent_with_its_key_logs_once(client, world, outreach):
    client.force_login(world["people"]["worker"])
    page = client.get("/log/new/")
    key = page.context["form"].initial["idempotency_key"]
    assert page.context["form"].initial["date"] == TODAY
    data = {
        "idempotency_key": key,
        "team": world["teams"]["a1"].pk,
        "date": TODAY.isoformat(),
        "activity_type": outreach.pk,
        "dimension": "isolated_people",
        "minutes": 20,
    }
    assert client.post("/log/new/", data).status_code == 302
    assert client.post("/log/new/", data).status_code == 302
    assert Engagement.objects.count() == 1


def test_the_form_remembers_the_last_neighbourhood(client, world):
    log(world, neighbourhood=world["hoods"]["a1"])
    client.force_login(world["people"]["worker"])
    assert client.get("/log/new/").context["form"].initial["neighbourhood"] == world["hoods"]["a1"].pk


def test_notes_never_reach_another_team_by_any_route(client, world):
    secret = "Resident told us about her debts"
    log(world, person="worker_b", team="b1", notes=secret)
    log(world, person="worker_a2", team="a2", notes=secret)
    for person in ("worker", "lead", "manager", "director"):
        api = APIClient()
        api.force_authenticate(world["people"][person])
        for response in (
            api.get("/api/v1/engagements/"),
            api.get("/api/v1/engagements/", {"dimension": "groups"}),
            api.get("/api/v1/engagements/", {"date_from": "2000-01-01"}),
        ):
            assert secret not in response.content.decode(), person
        client.force_login(world["people"][person])
        for url in ("/log/", "/log/?dimension=groups", "/figures/", "/groups/export.csv"):
            assert secret not in client.get(url).getvalue().decode(), (person, url)


def test_sensitive_notes_are_for_the_author_and_the_lead(world):
    entry = log(world, notes="Safeguarding concern", sensitive=True)
    other_worker = log(world, person="lead", notes="Plain note")
    api = APIClient()
    for person, sees in (("worker", True), ("lead", True), ("manager", False)):
        api.force_authenticate(world["people"][person])
        data = api.get(f"/api/v1/engagements/{entry.pk}/").json()
        assert (data.get("notes") == "Safeguarding concern") is sees, person
    assert other_worker.notes == "Plain note"


def test_workers_see_their_own_log_and_leads_the_team(world):
    mine = log(world)
    leads = log(world, person="lead")
    assert set(engagements_for_user(world["people"]["worker"])) == {mine}
    assert set(engagements_for_user(world["people"]["lead"])) == {mine, leads}
    assert set(engagements_for_user(world["people"]["manager"])) == {mine, leads}
    assert not engagements_for_user(world["people"]["worker_b"]).exists()


def test_ratio_worked_example(world):
    """10 professional hours against 150 volunteer hours gives 15.0 (the benchmark)."""
    group = group_create(actor=world["people"]["worker"], team=world["teams"]["a1"], name="Pantry")
    start, end = datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)
    for day in (1, 2):
        log(world, minutes=300, date=datetime.date(2026, 7, day), groups=[group])
    log(world, minutes=600, date=datetime.date(2026, 10, 5), groups=[group])  # outside the period
    VolunteerHourReturn.objects.create(
        group=group, start=start, end=end, hours=Decimal("150"), volunteers=12, source="own_count"
    )
    ratio = volunteer_hour_ratio(Engagement.objects.filter(team=world["teams"]["a1"]), start=start, end=end)
    assert (ratio.professional_hours, ratio.volunteer_hours, ratio.ratio) == (
        Decimal("10.0"),
        Decimal("150.0"),
        Decimal("15.0"),
    )
    assert ratio.benchmark == 15


def test_a_return_counts_for_the_days_it_shares_with_the_period(world):
    group = group_create(actor=world["people"]["worker"], team=world["teams"]["a1"], name="Pantry")
    log(world, minutes=60, date=datetime.date(2026, 7, 10), groups=[group])
    VolunteerHourReturn.objects.create(
        group=group,
        start=datetime.date(2026, 6, 1),
        end=datetime.date(2026, 7, 31),
        hours=Decimal("61"),
        volunteers=3,
        source="estimate",
    )
    ratio = volunteer_hour_ratio(
        Engagement.objects.all(), start=datetime.date(2026, 7, 1), end=datetime.date(2026, 7, 31)
    )
    assert ratio.volunteer_hours == Decimal("31.0")  # 31 of the return's 61 days


def test_deleting_keeps_an_audit_record_without_notes(world):
    entry = log(world, notes="private")
    record = engagement_delete(actor=world["people"]["worker"], engagement=entry)
    assert not Engagement.objects.exists()
    assert EngagementDeletion.objects.get() == record
    assert record.summary["minutes"] == 60 and "notes" not in record.summary
    assert record.deleted_by == world["people"]["worker"]


def test_workers_edit_only_their_own_entries(client, world):
    theirs = log(world, person="lead")
    client.force_login(world["people"]["worker"])
    assert client.get(f"/log/{theirs.pk}/edit/").status_code == 404
    api = APIClient()
    api.force_authenticate(world["people"]["worker"])
    assert api.patch(f"/api/v1/engagements/{theirs.pk}/", {"minutes": 5}, format="json").status_code == 404


def test_the_log_list_takes_the_same_number_of_queries_for_more_rows(client, world):
    group = group_create(actor=world["people"]["worker"], team=world["teams"]["a1"], name="Pantry")
    client.force_login(world["people"]["lead"])

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/log/").status_code == 200
        return len(captured.captured_queries)

    for _ in range(3):
        log(world, groups=[group])
    few = queries_for_page()
    for _ in range(30):
        log(world, groups=[group], person="lead")
    many = queries_for_page()
    assert few == many


def test_log_filters_by_type_group_and_dates_on_the_page(client, world):
    group = group_create(actor=world["people"]["worker"], team=world["teams"]["a1"], name="Pantry")
    with_group = log(world, groups=[group], date=datetime.date(2026, 7, 1))
    listening = log(
        world, activity_type=ActivityType.objects.get(slug="listening"), date=datetime.date(2026, 8, 1)
    )
    client.force_login(world["people"]["worker"])

    def ids(query):
        return {e.pk for e, _ in client.get("/log/", query).context["rows"]}

    assert ids({"group": group.pk}) == {with_group.pk}
    assert ids({"activity_type": "listening"}) == {listening.pk}
    assert ids({"date_from": "2026-07-15", "date_to": "2026-08-31"}) == {listening.pk}


def test_delete_from_the_page_keeps_a_record(client, world):
    entry = log(world)
    client.force_login(world["people"]["worker"])
    assert "Delete this contact" in client.get(f"/log/{entry.pk}/edit/").content.decode()
    assert client.post(f"/log/{entry.pk}/delete/").status_code == 302
    assert EngagementDeletion.objects.get().engagement_id == entry.pk


def test_a_work_programme_stays_in_its_team_and_takes_only_its_neighbourhoods(world):
    """A lead who changes a programme names its own team: another team's name (and with it that
    team's neighbourhoods) is refused, not taken as the programme's new home."""
    from django.core.exceptions import ValidationError

    from coprod.engagements.services import work_programme_save

    lead, teams, hoods = world["people"]["lead"], world["teams"], world["hoods"]
    values = {"name": "Plan", "start": datetime.date(2026, 4, 1), "end": datetime.date(2027, 3, 31)}
    programme = work_programme_save(actor=lead, team=teams["a1"], planned_hours=Decimal("100"), **values)
    with pytest.raises(ValidationError, match="cannot move to another team"):
        work_programme_save(actor=lead, team=teams["a2"], programme=programme, neighbourhoods=[hoods["a2"]])
    assert list(programme.neighbourhoods.all()) == []
    work_programme_save(actor=lead, team=teams["a1"], programme=programme, neighbourhoods=[hoods["a1"]])
    assert list(programme.neighbourhoods.all()) == [hoods["a1"]]
