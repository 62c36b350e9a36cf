"""The audit trail: every domain model followed, personal data kept out, the actor named for pages, API
tokens and commands, exports, downloads, imports and sign-ins logged, and read only by those allowed."""

import datetime
import io
import json

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coprod.audit.choices import Event
from coprod.audit.context import acting_as
from coprod.audit.models import AuditEntry
from coprod.audit.registry import HIDDEN, track, tracked_models
from coprod.engagements.models import ActivityType, Engagement
from coprod.engagements.services import engagement_log, engagement_update
from coprod.groups.imports import groups_import
from coprod.groups.models import CommunityGroup, GroupContact
from coprod.privacy.selectors import audit_entries_for_user
from coprod.reporting.choices import ReportStatus
from coprod.reporting.models import Report
from tests.groups.factories import GroupFactory
from tests.units.factories import PASSWORD

TODAY = datetime.date.today()
DOMAIN_APPS = (
    "places",
    "units",
    "neighbourhoods",
    "groups",
    "engagements",
    "outcomes",
    "funding",
    "resources",
    "publicservices",
    "regionalwork",
    "profiles",
    "reporting",
)
# Derived from other records (rollups), or itself a record of deletions.
NOT_FOLLOWED = {
    "engagements.ContactDay",
    "engagements.ContactMonth",
    "engagements.EngagedGroupMonth",
    "engagements.EngagedGroupQuarter",
    "engagements.QuarterGroups",
    "engagements.QuarterReturns",
    "engagements.EngagementDeletion",
    "groups.GroupCount",
}
PERSONAL = ("Jane Smith", "jane@example.org", "07700 900123", "Jane's husband is unwell")


def all_text(entry: AuditEntry) -> str:
    return json.dumps([entry.object_repr, entry.changes, entry.changes_text, entry.additional_data])


@pytest.fixture
def group(world):
    return GroupFactory(team=world["teams"]["a1"], name="Bentilee Food Pantry")


def log(world, person="worker", team="a1", **values):
    values = {
        "activity_type": ActivityType.objects.get(slug="outreach"),
        "dimension": "groups",
        "minutes": 60,
        "date": TODAY,
        **values,
    }
    return engagement_log(worker=world["people"][person], team=world["teams"][team], **values)[0]


def test_every_domain_model_is_followed_except_the_derived_ones():
    tracked = {m._meta.label for m in tracked_models()}
    domain = {m._meta.label for app in DOMAIN_APPS for m in apps.get_app_config(app).get_models()}
    assert domain - tracked == NOT_FOLLOWED
    assert tracked <= domain


def test_a_free_text_field_must_be_declared_personal_or_plain():
    from coprod.outcomes.models import Story

    with pytest.raises(ImproperlyConfigured, match="Story: say whether body hold personal data"):
        track(Story, plain=["title"])
    with pytest.raises(ImproperlyConfigured, match="Story has no field"):
        track(Story, plain=["title"], personal=["body", "text"])
    assert tracked_models()[Story].personal == ("body",)


def test_contact_details_never_reach_the_trail_only_that_they_changed(client, world, group):
    worker = world["people"]["worker"]
    client.force_login(worker)
    name, email, phone, notes = PERSONAL
    response = client.post(
        reverse("contact-add", args=[group.pk]),
        {"name": name, "email": email, "phone": phone, "notes": notes},
    )
    assert response.status_code == 302
    contact = GroupContact.objects.get(group=group)
    with acting_as(worker):
        contact.email = "jane.smith@example.org"
        contact.save()
    client.post(reverse("contact-remove", args=[group.pk, contact.pk]))
    assert not GroupContact.objects.exists()

    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(GroupContact))
    assert [e.event for e in entries.order_by("pk")] == [Event.CREATED, Event.CHANGED, Event.DELETED]
    created, changed, deleted = entries.order_by("pk")
    assert created.changes_dict["name"] == ["", HIDDEN]
    assert created.changes_dict["email"] == ["", HIDDEN]
    assert set(changed.changes_dict) == {"email"}
    assert created.object_repr == "A contact at Bentilee Food Pantry"
    for entry in entries:
        assert entry.actor == worker
        assert entry.team_id == group.team_id
        for value in (*PERSONAL, "jane.smith"):
            assert value.lower() not in all_text(entry).lower()


def test_engagement_notes_are_masked_while_its_figures_are_recorded(world):
    engagement = log(world, notes="Met Jane Smith at the pantry", minutes=45)
    with acting_as(world["people"]["worker"]):
        engagement_update(
            actor=world["people"]["worker"], engagement=engagement, notes="Jane Smith again", minutes=50
        )
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Engagement), object_pk=str(engagement.pk)
    ).order_by("pk")
    created, changed = entries
    assert created.changes_dict["notes"] == ["", HIDDEN]
    assert changed.changes_dict["minutes"] == ["45", "50"]
    assert changed.changes_dict["notes"] == [HIDDEN, HIDDEN]
    assert "Jane" not in all_text(created) + all_text(changed)
    assert changed.actor == world["people"]["worker"]


def test_a_reports_frozen_figures_and_their_stories_stay_out_of_the_trail(world):
    quarter = {"period_start": datetime.date(2026, 4, 1), "period_end": datetime.date(2026, 6, 30)}
    figures = {"stories": [{"title": "Pantry", "body": "Jane Smith opened the pantry"}]}
    report = Report.objects.create(unit=world["units"]["a"], period="2026-27-Q1", figures=figures, **quarter)
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Report), object_pk=report.pk
    )
    assert entry.changes_dict["figures"] == ["", HIDDEN]
    assert entry.unit_id == world["units"]["a"].pk
    assert "Jane" not in all_text(entry)


def test_an_api_request_with_a_token_names_the_token_holder(world):
    worker = world["people"]["worker"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=worker).key}")
    response = api.post(
        "/api/v1/engagements/",
        {
            "team": world["teams"]["a1"].slug,
            "date": TODAY.isoformat(),
            "activity_type": "outreach",
            "dimension": "groups",
            "minutes": 30,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Engagement), event=Event.CREATED
    )
    assert entry.actor == worker
    assert entry.remote_addr == "127.0.0.1"


def test_sign_in_failure_and_sign_out_are_recorded_without_the_password(client, world):
    worker = world["people"]["worker"]
    client.post(reverse("login"), {"username": worker.username, "password": "not-the-password-at-all"})
    client.post(reverse("login"), {"username": worker.username, "password": PASSWORD})
    client.post(reverse("logout"))
    sign_ins = AuditEntry.objects.filter(event__in=[Event.SIGN_IN_FAILED, Event.SIGNED_IN, Event.SIGNED_OUT])
    events = list(sign_ins.order_by("pk").values_list("event", flat=True))
    assert events == [Event.SIGN_IN_FAILED, Event.SIGNED_IN, Event.SIGNED_OUT]
    failed, signed_in, signed_out = sign_ins.order_by("pk")
    assert failed.additional_data == {"username": worker.username}
    assert "not-the-password" not in all_text(failed)
    assert signed_in.actor == worker and signed_out.actor == worker


def test_exports_and_report_downloads_are_recorded(client, world, group, settings, tmp_path):
    lead = world["people"]["lead"]
    client.force_login(lead)
    assert client.get(reverse("group-export-csv"), {"personal": "1"}).status_code == 200
    assert client.get(reverse("group-export-hsds")).status_code == 200
    csv_entry, hsds_entry = AuditEntry.objects.filter(event=Event.EXPORTED).order_by("pk")
    assert csv_entry.actor == lead
    assert csv_entry.team_id == group.team_id
    assert csv_entry.additional_data["rows"] == 1
    assert csv_entry.additional_data["personal"] is True
    assert "HSDS" in hsds_entry.object_repr

    settings.MEDIA_ROOT = tmp_path
    unit = world["units"]["a"]
    quarter = {"period_start": datetime.date(2026, 4, 1), "period_end": datetime.date(2026, 6, 30)}
    report = Report.objects.create(unit=unit, period="2026-27-Q1", status=ReportStatus.READY, **quarter)
    report.pdf.save("report.pdf", ContentFile(b"%PDF-1.4 test"))
    manager = world["people"]["manager"]
    client.force_login(manager)
    assert client.get(reverse("report-download", args=[report.pk])).status_code == 200
    download = AuditEntry.objects.get(event=Event.DOWNLOADED)
    assert (download.actor, download.unit_id, download.object_pk) == (manager, unit.pk, str(report.pk))


def test_an_import_writes_one_entry_with_its_counts_and_none_per_row(world):
    team = world["teams"]["a1"]
    last = AuditEntry.objects.order_by("pk").last().pk
    rows = "\n".join(f"Group {i},informal_group,active,none" for i in range(30))
    source = io.BytesIO(f"name,legal_form,status,support_intensity\n{rows}\n".encode())
    source.name = "/uploads/directory.csv"
    summary = groups_import(actor=world["people"]["lead"], team=team, source=source)
    assert summary.created == 30
    entry = AuditEntry.objects.get(pk__gt=last)
    assert entry.event == Event.IMPORTED
    assert entry.actor == world["people"]["lead"]
    assert entry.team_id == team.pk
    assert entry.additional_data == {"file": "directory.csv", "created": 30, "updated": 0, "unchanged": 0,
                                     "rejected": 0}  # fmt: skip
    assert entry.content_type == ContentType.objects.get_for_model(CommunityGroup)
    groups_import(actor=world["people"]["lead"], team=team, source=io.BytesIO(b"name\nDry\n"), dry_run=True)
    assert AuditEntry.objects.filter(pk__gt=last).count() == 1


def test_unit_managers_read_their_units_entries_and_administrators_all(world):
    log(world, person="worker", team="a1")
    log(world, person="worker_a2", team="a2")
    log(world, person="worker_b", team="b1")
    teams = world["teams"]

    def teams_seen(person):
        entries = audit_entries_for_user(world["people"][person]).filter(team_id__isnull=False)
        return set(entries.values_list("team_id", flat=True))

    def units_seen(person):
        entries = audit_entries_for_user(world["people"][person]).filter(unit_id__isnull=False)
        return set(entries.values_list("unit_id", flat=True))

    assert teams_seen("manager") == {teams["a1"].pk, teams["a2"].pk}
    assert units_seen("manager") == {world["units"]["a"].pk}
    admin_sees = teams_seen("admin")
    assert {teams["a1"].pk, teams["a2"].pk, teams["b1"].pk} <= admin_sees
    assert units_seen("admin") == {world["units"]["a"].pk, world["units"]["b"].pk}
    for person in ("worker", "lead", "director"):
        assert not audit_entries_for_user(world["people"][person]).exists(), person


def test_the_audit_page_is_for_managers_and_administrators_only(client, world):
    for person, status in [
        ("worker", 403),
        ("lead", 403),
        ("director", 403),
        ("manager", 200),
        ("admin", 200),
    ]:
        client.force_login(world["people"][person])
        response = client.get(reverse("audit-list"))
        assert response.status_code == status, person
        home = client.get("/").content.decode()
        assert (reverse("audit-list") in home) == (status == 200), person


def test_the_audit_page_filters_and_pages(client, world):
    with acting_as(world["people"]["worker"]):
        for minutes in range(1, 56):
            log(world, minutes=minutes)
    log(world, person="worker_b", team="b1", notes="other region")
    client.force_login(world["people"]["manager"])
    page = client.get(reverse("audit-list"), {"event": "created", "kind": "engagements.engagement"})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 55
    assert len(page.context["page"].object_list) == 50
    second = client.get(
        reverse("audit-list"), {"event": "created", "kind": "engagements.engagement", "page": 2}
    )
    assert len(second.context["page"].object_list) == 5
    worker = world["people"]["worker"].username
    assert client.get(reverse("audit-list"), {"who": worker}).context["page"].paginator.count == 55
    assert client.get(reverse("audit-list"), {"event": "deleted"}).context["page"].paginator.count == 0
    tomorrow = (TODAY + datetime.timedelta(days=2)).isoformat()
    assert client.get(reverse("audit-list"), {"date_from": tomorrow}).context["page"].paginator.count == 0
    bad = client.get(reverse("audit-list"), {"date_from": "last tuesday"})
    assert bad.status_code == 400
    assert "Enter a valid date" in bad.content.decode()
