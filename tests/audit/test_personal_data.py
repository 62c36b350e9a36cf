"""Personal data under UK GDPR: the retention rule for notes, subject access exports and erasure, each
recorded in the audit trail without the person's details, with every figure left as it was."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from coprod.audit.choices import Event
from coprod.audit.models import AuditEntry
from coprod.engagements.models import ActivityType, Engagement
from coprod.engagements.services import engagement_log, volunteer_return_record
from coprod.groups.models import GroupContact
from coprod.groups.services import contact_add
from coprod.outcomes.services import story_write
from coprod.privacy.services import person_erase, retention_apply, subject_access_export
from coprod.privacy.tasks import apply_retention_task
from coprod.reporting.selectors import unit_figures
from tests.groups.factories import GroupFactory
from tests.units.factories import UserFactory

TODAY = datetime.date.today()
LONG_AGO = TODAY - datetime.timedelta(days=365 * 7)
NAME, EMAIL = "Jane Smith", "jane@example.org"


def log(world, day=TODAY, person="worker", team="a1", **values):
    values = {"activity_type": ActivityType.objects.get(slug="outreach"), "dimension": "groups", **values}
    values.setdefault("minutes", 60)
    return engagement_log(worker=world["people"][person], team=world["teams"][team], date=day, **values)[0]


def leaks(entry: AuditEntry, *values: str) -> bool:
    text = json.dumps([entry.object_repr, entry.changes, entry.additional_data]).lower()
    return any(v.lower() in text for v in values)


@pytest.fixture
def jane(world):
    """Jane Smith is a contact at a group of team A1, is mentioned in its notes and stories, and team B1
    (another region) has its own Jane Smith."""
    people, teams = world["people"], world["teams"]
    pantry = GroupFactory(team=teams["a1"], name="Bentilee Food Pantry")
    pantry.neighbourhoods.add(world["hoods"]["a1"])
    other = GroupFactory(team=teams["b1"], name="Far Away Club")
    contact = contact_add(actor=people["worker"], group=pantry, name=NAME, email=EMAIL, phone="07700 900123")
    contact_add(actor=people["worker"], group=pantry, name="Sam Jones", notes="Works with Jane Smith")
    far = contact_add(actor=people["worker_b"], group=other, name=NAME, email=EMAIL)
    noted = log(world, notes="Jane Smith asked about the hall. Call jane@example.org.", minutes=90,
                people_present=6, new_people=2, groups=[pantry])  # fmt: skip
    plain = log(world, notes="Committee meeting", minutes=30, people_present=4, new_people=1, groups=[pantry])
    far_note = log(world, person="worker_b", team="b1", notes="Jane Smith came too", minutes=45)
    volunteer_return_record(
        actor=people["worker"], group=pantry, start=TODAY.replace(day=1), end=TODAY, hours=Decimal("120"),
        volunteers=6, source="own_count",
    )  # fmt: skip
    story = story_write(actor=people["lead"], neighbourhood=world["hoods"]["a1"], title="The pantry opens",
                        body="Neighbours opened a food pantry.")  # fmt: skip
    return {"contact": contact, "far": far, "noted": noted, "plain": plain, "far_note": far_note,
            "story": story, "pantry": pantry}  # fmt: skip


def figures(world):
    start = TODAY.replace(day=1) - datetime.timedelta(days=400)
    return unit_figures(world["units"]["a"], start=start, end=TODAY, today=TODAY).as_json()


def test_retention_clears_old_notes_keeps_the_engagement_and_a_rerun_changes_nothing(world, settings):
    settings.COPROD_NOTES_RETENTION_YEARS = 6
    old = log(world, day=LONG_AGO, notes="Talked with Jane Smith", minutes=75, people_present=3, new_people=1)
    recent = log(world, day=TODAY - datetime.timedelta(days=365 * 5), notes="Recent note", minutes=40)
    blank = log(world, day=LONG_AGO, minutes=20)
    before = list(Engagement.objects.order_by("pk").values("pk", "minutes", "people_present", "new_people"))

    assert retention_apply() == {"notes_cleared": 1, "contacts_deleted": 0}
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.notes, old.minutes, old.people_present, old.new_people) == ("", 75, 3, 1)
    assert recent.notes == "Recent note"
    assert (
        list(Engagement.objects.order_by("pk").values("pk", "minutes", "people_present", "new_people"))
        == before
    )
    entry = AuditEntry.objects.get(event=Event.RETENTION)
    assert entry.team_id == world["teams"]["a1"].pk
    assert entry.additional_data["records"] == 1
    assert not leaks(entry, "Jane")

    state = list(Engagement.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()
    assert apply_retention_task.delay().get() == {"notes_cleared": 0, "contacts_deleted": 0}
    assert list(Engagement.objects.order_by("pk").values()) == state
    assert AuditEntry.objects.count() == entries
    assert blank.notes == ""


def test_retention_period_is_a_setting(world, settings):
    settings.COPROD_NOTES_RETENTION_YEARS = 10
    old = log(world, day=LONG_AGO, notes="Seven years ago")
    assert retention_apply()["notes_cleared"] == 0
    settings.COPROD_NOTES_RETENTION_YEARS = 3
    assert retention_apply()["notes_cleared"] == 1
    old.refresh_from_db()
    assert old.notes == ""


def test_retention_deletes_contacts_of_groups_that_folded_long_ago(world):
    folded = GroupFactory(team=world["teams"]["a1"], status="folded", status_since=LONG_AGO)
    lately = GroupFactory(team=world["teams"]["a1"], status="folded", status_since=TODAY)
    active = GroupFactory(team=world["teams"]["a1"])
    for group in (folded, lately, active):
        contact_add(actor=world["people"]["worker"], group=group, name="A Person")
    assert retention_apply()["contacts_deleted"] == 1
    assert set(GroupContact.objects.values_list("group", flat=True)) == {lately.pk, active.pk}


def test_subject_access_finds_everything_held_in_reach_and_is_recorded_without_the_name(world, jane):
    lead = world["people"]["lead"]
    UserFactory(username="jsmith", first_name="Jane", last_name="Smith", email=EMAIL)
    document = subject_access_export(actor=lead, name=NAME, email=EMAIL, reference="SAR-1")
    assert [c["id"] for c in document["group_contacts"]] == [jane["contact"].pk]
    assert document["group_contacts"][0]["phone"] == "07700 900123"
    mentioned = {(m["record"], m["id"], m["field"]) for m in document["mentions"]}
    assert mentioned == {
        ("engagements.Engagement", jane["noted"].pk, "notes"),
        ("groups.GroupContact", GroupContact.objects.get(name="Sam Jones").pk, "notes"),
    }
    assert [a["username"] for a in document["user_accounts"]] == ["jsmith"]
    assert any(e["record"] == "groups.GroupContact" for e in document["audit_entries"])
    json.dumps(document)  # downloadable as it is

    entry = AuditEntry.objects.get(event=Event.SUBJECT_ACCESS)
    assert entry.actor == lead
    assert entry.additional_data["reference"] == "SAR-1"
    assert entry.additional_data["group_contacts"] == 1
    assert entry.team_id == world["teams"]["a1"].pk
    assert not leaks(entry, NAME, EMAIL)


def test_subject_access_page_downloads_json_for_leads_not_managers(client, world, jane):
    """Notes about residents stay inside their team: the unit manager, who reads the trail, is refused."""
    url = reverse("subject-access")
    client.force_login(world["people"]["manager"])
    assert client.post(url, {"name": NAME, "reference": "SAR-2"}).status_code == 403
    assert client.get(reverse("personal-data")).status_code == 403
    client.force_login(world["people"]["lead"])
    response = client.post(url, {"name": NAME, "reference": "SAR-2"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="sar-2-')
    assert json.loads(response.content)["group_contacts"][0]["email"] == EMAIL
    refused = client.post(url, {"name": "", "email": "", "reference": "SAR-3"})
    assert refused.status_code == 400
    assert "Enter the person&#x27;s name, e-mail address or both." in refused.content.decode()


def test_erasure_removes_the_person_and_keeps_every_figure(world, jane):
    before = figures(world)
    # The figures the erasure must not move: two hours of contacts, 120 volunteer hours, three new people.
    assert (before["total"]["professional_hours"], before["total"]["volunteer_hours"]) == ("2.0", "120.0")
    assert (before["total"]["new_people"], before["total"]["groups_engaged"]) == (3, 1)
    assert before["total"]["ratio"] is not None
    done = person_erase(actor=world["people"]["lead"], name=NAME, email=EMAIL, reference="ERASE-1")
    assert done == {"contacts_deleted": 1, "mentions_redacted": 2}
    assert figures(world) == before

    assert not GroupContact.objects.filter(pk=jane["contact"].pk).exists()
    jane["noted"].refresh_from_db()
    assert jane["noted"].notes == "[removed] asked about the hall. Call [removed]."
    assert (jane["noted"].minutes, jane["noted"].new_people) == (90, 2)
    assert GroupContact.objects.get(name="Sam Jones").notes == "Works with [removed]"
    # Another region's records are not the lead's to erase.
    assert GroupContact.objects.filter(pk=jane["far"].pk).exists()
    jane["far_note"].refresh_from_db()
    assert "Jane Smith" in jane["far_note"].notes

    entry = AuditEntry.objects.get(event=Event.ERASED)
    assert entry.actor == world["people"]["lead"]
    assert entry.additional_data == {"reference": "ERASE-1", "contacts_deleted": 1, "mentions_redacted": 2}
    assert not leaks(entry, NAME, EMAIL)
    assert not any(leaks(e, NAME, EMAIL) for e in AuditEntry.objects.all())
    assert subject_access_export(actor=world["people"]["lead"], name=NAME, email=EMAIL)["mentions"] == []


def test_erasure_page_needs_confirmation(client, world, jane):
    client.force_login(world["people"]["lead"])
    url = reverse("erasure")
    unconfirmed = client.post(url, {"erase-name": NAME, "erase-reference": "E-2"})
    assert unconfirmed.status_code == 400
    assert GroupContact.objects.filter(pk=jane["contact"].pk).exists()
    done = client.post(url, {"erase-name": NAME, "erase-reference": "E-2", "erase-confirm": "on"})
    assert done.status_code == 302
    assert not GroupContact.objects.filter(pk=jane["contact"].pk).exists()
    client.force_login(world["people"]["worker"])
    assert (
        client.post(
            url, {"erase-name": "Sam Jones", "erase-reference": "E-3", "erase-confirm": "on"}
        ).status_code
        == 403
    )


def test_commands_export_and_erase_in_the_name_of_the_user(world, jane, tmp_path, capsys):
    lead = world["people"]["lead"]
    out = tmp_path / "sar.json"
    call_command("subject_access_export", user=lead.username, name=NAME, reference="SAR-9", output=str(out))
    assert json.loads(out.read_text())["group_contacts"][0]["name"] == NAME
    call_command("erase_person", user=lead.username, email=EMAIL, reference="ERASE-9")
    assert not GroupContact.objects.filter(pk=jane["contact"].pk).exists()
    assert AuditEntry.objects.get(event=Event.ERASED).actor == lead
    assert AuditEntry.objects.get(event=Event.SUBJECT_ACCESS).actor == lead

    with pytest.raises(CommandError, match="--name: Enter the person's name, e-mail address or both."):
        call_command("erase_person", user=lead.username, reference="X")
    with pytest.raises(CommandError, match="No user with the username 'nobody'"):
        call_command("erase_person", user="nobody", name=NAME, reference="X")
    with pytest.raises(CommandError, match="Only team leads"):
        call_command("erase_person", user=world["people"]["manager"].username, name=NAME, reference="X")
