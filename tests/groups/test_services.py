"""Group records through the services: validation, history, duplicates and merging."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coprod.groups.models import (
    AreaOfWork,
    CommunityGroup,
    GroupChange,
    GroupLink,
    GroupMerge,
    PossibleDuplicate,
)
from coprod.groups.services import (
    contact_add,
    duplicate_dismiss,
    group_create,
    group_delete,
    group_merge,
    group_update,
    link_add,
    venue_save,
)
from coprod.units.choices import Role
from tests.neighbourhoods.factories import NeighbourhoodFactory
from tests.units.factories import member


@pytest.fixture
def team(world):
    return world["teams"]["a1"]


@pytest.fixture
def worker(world):
    return world["people"]["worker"]


def test_minimal_group_gets_a_local_identifier_and_the_teams_authority(team, worker):
    group = group_create(actor=worker, team=team, name="Bentilee Knit and Natter")
    assert group.org_identifier.startswith("360G-coprod-")
    assert group.local_authority == team.host_authority
    assert group.status == "active" and group.status_since == datetime.date.today()
    assert group.search_name == "bentilee knit & natter"


def test_registration_numbers_are_tidied_and_make_the_identifier(team, worker):
    charity = group_create(
        actor=worker, team=team, name="A", legal_form="registered_charity", charity_number="1 123 456"
    )
    assert (charity.charity_number, charity.org_identifier) == ("1123456", "GB-CHC-1123456")
    company = group_create(actor=worker, team=team, name="B", company_number="1234567")
    assert (company.company_number, company.org_identifier) == ("01234567", "GB-COH-01234567")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("charity_number", "12AB", "charity number"),
        ("company_number", "123456789", "company number"),
        ("org_identifier", "NOT-AN-ID", "identifier"),
        ("base_postcode", "NOWHERE", "postcode"),
        ("founded_year", 1066, "year"),
        ("legal_form", "guild", "not a valid choice"),
        ("income_band", "huge", "not a valid choice"),
        ("status", "asleep", "not a valid choice"),
        ("support_intensity", "total", "not a valid choice"),
        ("premises", "castle", "not a valid choice"),
        ("statutory_relationship", "hostile", "not a valid choice"),
        ("spatial_focus", "planet", "not a valid choice"),
        ("user_group_kind", "club", "not a valid choice"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(team, worker, field, value, message):
    with pytest.raises(ValidationError) as excinfo:
        group_create(actor=worker, team=team, name="X", **{field: value})
    assert field in excinfo.value.message_dict
    assert message in " ".join(excinfo.value.message_dict[field]).lower()
    assert not CommunityGroup.objects.filter(name="X").exists()


def test_volunteer_figures_need_a_date_and_source(team, worker):
    with pytest.raises(ValidationError) as excinfo:
        group_create(actor=worker, team=team, name="X", volunteers=5)
    assert "volunteer_estimate_on" in excinfo.value.message_dict
    group = group_create(
        actor=worker,
        team=team,
        name="X",
        volunteers=5,
        volunteer_hours_week=Decimal("12.5"),
        volunteer_estimate_on=datetime.date(2026, 3, 31),
        volunteer_estimate_source="survey",
    )
    assert group.volunteer_hours_week == Decimal("12.5")


def test_started_with_team_needs_both_team_and_date(team, worker):
    with pytest.raises(ValidationError) as excinfo:
        group_create(actor=worker, team=team, name="X", started_with_team=team)
    assert "started_with_team_on" in excinfo.value.message_dict


def test_identifier_must_match_the_charity_number(team, worker):
    with pytest.raises(ValidationError) as excinfo:
        group_create(
            actor=worker, team=team, name="X", charity_number="1123456", org_identifier="GB-CHC-7654321"
        )
    assert "org_identifier" in excinfo.value.message_dict


def test_neighbourhoods_must_be_the_teams_own(world, worker, team):
    with pytest.raises(ValidationError) as excinfo:
        group_create(actor=worker, team=team, name="X", neighbourhoods=[world["hoods"]["b1"]])
    assert "neighbourhoods" in excinfo.value.message_dict


def test_only_the_groups_team_may_write_and_only_the_lead_delete(world, team, worker):
    with pytest.raises(PermissionDenied):
        group_create(actor=world["people"]["manager"], team=team, name="X")
    with pytest.raises(PermissionDenied):
        group_create(actor=world["people"]["worker_b"], team=team, name="X")
    group = group_create(actor=worker, team=team, name="X")
    with pytest.raises(PermissionDenied):
        group_delete(actor=worker, group=group)
    group_delete(actor=world["people"]["lead"], group=group)
    assert not CommunityGroup.objects.filter(pk=group.pk).exists()


def test_status_and_support_changes_are_dated_history(team, worker):
    group = group_create(actor=worker, team=team, name="X", support_intensity="light")
    group_update(actor=worker, group=group, status="dormant", status_since=datetime.date(2026, 9, 1))
    group_update(actor=worker, group=group, support_intensity="intensive")
    changes = list(
        GroupChange.objects.filter(group=group)
        .order_by("pk")
        .values_list("field", "from_value", "value", "on")
    )
    assert changes == [
        ("status", "active", "dormant", datetime.date(2026, 9, 1)),
        ("support_intensity", "light", "intensive", datetime.date.today()),
    ]
    group_update(actor=worker, group=group, name="Renamed")
    assert GroupChange.objects.filter(group=group).count() == 2


def test_similar_name_in_the_same_authority_is_flagged(team, worker):
    original = group_create(actor=worker, team=team, name="St Mary's Tenants' Association")
    copy = group_create(actor=worker, team=team, name="St Marys Tennants Assn")
    other = group_create(actor=worker, team=team, name="Bentilee Food Pantry")
    flags = PossibleDuplicate.objects.all()
    assert [(f.group, f.other) for f in flags] == [(copy, original)]
    assert flags[0].reason == "a similar name in the same authority (97%)"  # 97.8, rounded down
    assert not PossibleDuplicate.objects.filter(group=other).exists()


def test_same_number_is_flagged_even_in_another_team(world, worker, team):
    group_create(actor=worker, team=team, name="Alpha", charity_number="1123456")
    other = group_create(
        actor=world["people"]["worker_b"],
        team=world["teams"]["b1"],
        name="Quite different",
        charity_number="1123456",
    )
    flag = PossibleDuplicate.objects.get(group=other)
    assert flag.reason == "the same registration number or identifier"


def test_merge_keeps_everything_linked_to_either(world, team, worker):
    hood_1, hood_2 = world["hoods"]["a1"], NeighbourhoodFactory(team=team)
    keep = group_create(actor=worker, team=team, name="St Mary's Tenants", neighbourhoods=[hood_1])
    drop = group_create(
        actor=worker,
        team=team,
        name="St Marys Tenants Assoc",
        neighbourhoods=[hood_2],
        areas_of_work=[AreaOfWork.objects.get(slug="housing")],
        charity_number="1123456",
    )
    contact_add(actor=worker, group=drop, name="A Person", email="a@example.org")
    network = group_create(actor=worker, team=team, name="Tenants Federation")
    link_add(actor=worker, group=drop, kind="member_of", other=network)
    link_add(actor=worker, group=keep, kind="member_of", other=network)
    link_add(actor=worker, group=drop, kind="mentored_by", other=keep)
    venue = venue_save(actor=worker, team=team, name="Hall", kind="hall", groups=[drop])
    group_update(actor=worker, group=drop, status="dormant")

    record = group_merge(actor=worker, survivor=keep, merged=drop)
    keep.refresh_from_db()
    assert not CommunityGroup.objects.filter(pk=drop.pk).exists()
    assert set(keep.neighbourhoods.all()) == {hood_1, hood_2}
    assert [a.slug for a in keep.areas_of_work.all()] == ["housing"]
    assert [c.name for c in keep.contacts.all()] == ["A Person"]
    assert list(venue.groups.all()) == [keep]
    assert GroupLink.objects.filter(group=keep, kind="member_of", other=network).count() == 1
    assert not GroupLink.objects.filter(group=keep, other=keep).exists()
    assert GroupChange.objects.filter(group=keep, value="dormant").exists()
    assert keep.charity_number == "1123456"
    assert "St Marys Tenants Assoc" in keep.other_names
    assert GroupMerge.objects.get() == record and record.merged_name == "St Marys Tenants Assoc"
    assert PossibleDuplicate.objects.filter(status="open").count() == 0


def test_merge_needs_both_groups_in_your_team(world, team, worker):
    ours = group_create(actor=worker, team=team, name="Ours")
    theirs = group_create(actor=world["people"]["worker_b"], team=world["teams"]["b1"], name="Theirs")
    with pytest.raises(ValidationError, match="different teams"):
        group_merge(actor=worker, survivor=ours, merged=theirs)
    assert CommunityGroup.objects.filter(pk=theirs.pk).exists()
    other = group_create(actor=worker, team=team, name="Other")
    with pytest.raises(PermissionDenied):
        group_merge(actor=world["people"]["manager"], survivor=ours, merged=other)


def test_dismissing_a_flag(team, worker):
    group_create(actor=worker, team=team, name="Bentilee Pantry")
    group_create(actor=worker, team=team, name="Bentilee Pnatry")
    flag = PossibleDuplicate.objects.get()
    duplicate_dismiss(actor=worker, flag=flag)
    flag.refresh_from_db()
    assert (flag.status, flag.reviewed_by) == ("dismissed", worker)


def test_links_refuse_self_and_venues_refuse_other_teams_groups(world, team, worker):
    group = group_create(actor=worker, team=team, name="G")
    with pytest.raises(ValidationError):
        link_add(actor=worker, group=group, kind="member_of", other=group)
    theirs = group_create(actor=world["people"]["worker_b"], team=world["teams"]["b1"], name="T")
    with pytest.raises(ValidationError):
        venue_save(actor=worker, team=team, name="Hall", kind="hall", groups=[theirs])


def test_workers_of_other_roles_cannot_add_contacts(world, team, worker):
    group = group_create(actor=worker, team=team, name="G")
    with pytest.raises(PermissionDenied):
        contact_add(actor=world["people"]["manager"], group=group, name="Someone")
    lead_b = member(Role.TEAM_LEAD, team=world["teams"]["b1"])
    with pytest.raises(PermissionDenied):
        contact_add(actor=lead_b, group=group, name="Someone")


def test_merge_moves_flags_with_third_groups_and_earlier_merges(team, worker):
    alpha = group_create(actor=worker, team=team, name="Alpha Club")
    alpha_copy = group_create(actor=worker, team=team, name="Alpha Club!!")  # flagged against Alpha Club
    zeta = group_create(actor=worker, team=team, name="Zeta")
    group_merge(actor=worker, survivor=zeta, merged=alpha_copy)
    flag = PossibleDuplicate.objects.get(status="open")
    assert {flag.group, flag.other} == {zeta, alpha}
    group_merge(actor=worker, survivor=alpha, merged=zeta)
    assert sorted(alpha.merges.values_list("merged_name", flat=True)) == ["Alpha Club!!", "Zeta"]
    assert not PossibleDuplicate.objects.filter(status="open").exists()


def test_survivor_takes_a_registered_identifier_so_reimports_match(team, world):
    from io import BytesIO

    from coprod.groups.imports import groups_import

    worker = world["people"]["worker"]
    local = group_create(actor=worker, team=team, name="Local Record")
    registered = group_create(actor=worker, team=team, name="Registered Record", charity_number="1123456")
    group_merge(actor=worker, survivor=local, merged=registered)
    local.refresh_from_db()
    assert (local.org_identifier, local.charity_number) == ("GB-CHC-1123456", "1123456")
    again = groups_import(
        actor=None, team=team, source=BytesIO(b"name,charity_number\nRegistered Record,1123456\n")
    )
    assert (again.created, again.updated) == (0, 1)
    assert CommunityGroup.objects.filter(team=team).count() == 1


def test_scottish_charities_get_their_own_identifier(team, worker):
    group = group_create(actor=worker, team=team, name="Glasgow Friends", charity_number="SC012345")
    assert group.org_identifier == "GB-SC-SC012345"
