"""The group CSV import: every failure path named, valid rows kept, re-runs create nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from coprod.core.csvimport import ImportFileError
from coprod.groups.imports import groups_import
from coprod.groups.models import CommunityGroup, GroupChange, PossibleDuplicate

HEADER = (
    "name,other_names,legal_form,charity_number,income_band,volunteers,volunteer_hours_week,"
    "volunteer_estimate_on,volunteer_estimate_source,areas_of_work,neighbourhoods,status,"
    "support_intensity,social_enterprise"
)


def csv_file(*lines: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(("\n".join(lines) + "\n").encode(encoding))


@pytest.fixture
def team(world):
    return world["teams"]["a1"]


def good_rows(hood: str) -> list[str]:
    return [
        f"Bentilee Food Pantry,Food Pantry;The Pantry,informal_group,,micro,12,40,2026-03-31,estimate,"
        f"community-development;health-wellbeing,{hood},active,intensive,no",
        f"Friends of Bentilee Park,,Unincorporated association,,Micro (under £10k),8,10,31/03/2026,survey,"
        f"environment,{hood},active,light,no",
        "Abbey Hulton Credit Union,,registered_charity,1123456,small,,,,,"
        "economic-wellbeing,,forming,none,yes",
    ]


def test_valid_rows_import_and_a_rerun_changes_nothing(world, team):
    hood = world["hoods"]["a1"].name
    summary = groups_import(actor=None, team=team, source=csv_file(HEADER, *good_rows(hood)))
    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (3, 0, 0, 0)
    pantry = CommunityGroup.objects.get(name="Bentilee Food Pantry")
    assert pantry.other_names == "Food Pantry\nThe Pantry"
    assert sorted(pantry.areas_of_work.values_list("slug", flat=True)) == [
        "community-development",
        "health-wellbeing",
    ]
    assert list(pantry.neighbourhoods.all()) == [world["hoods"]["a1"]]
    assert pantry.volunteer_hours_week == 40 and pantry.support_intensity == "intensive"
    park = CommunityGroup.objects.get(name="Friends of Bentilee Park")
    assert (park.legal_form, park.income_band, str(park.volunteer_estimate_on)) == (
        "unincorporated_association",
        "micro",
        "2026-03-31",
    )
    assert CommunityGroup.objects.get(name="Abbey Hulton Credit Union").org_identifier == "GB-CHC-1123456"

    again = groups_import(actor=None, team=team, source=csv_file(HEADER, *good_rows(hood)))
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    assert CommunityGroup.objects.filter(team=team).count() == 3


def test_changed_rows_update_and_record_history(world, team):
    hood = world["hoods"]["a1"].name
    groups_import(actor=None, team=team, source=csv_file(HEADER, *good_rows(hood)))
    rows = good_rows(hood)
    rows[0] = rows[0].replace(",active,intensive,", ",dormant,intensive,")
    summary = groups_import(actor=None, team=team, source=csv_file(HEADER, *rows))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    change = GroupChange.objects.get()
    assert (change.field, change.from_value, change.value) == ("status", "active", "dormant")


@pytest.mark.parametrize(
    "row, column, reason",
    [
        (",,,,small,,,,,,,,,", "name", "a name is required"),
        ("X,,guild,,,,,,,,,,,", "legal_form", "not one of"),
        ("X,,,12AB,,,,,,,,,,", "charity_number", "charity number"),
        ("X,,,,enormous,,,,,,,,,", "income_band", "not one of"),
        ("X,,,,,-3,,2026-01-01,estimate,,,,,", "volunteers", "must be from 0"),
        ("X,,,,,3,lots,2026-01-01,estimate,,,,,", "volunteer_hours_week", "not a number"),
        ("X,,,,,3,5,yesterday,estimate,,,,,", "volunteer_estimate_on", "2026-03-31"),
        ("X,,,,,3,5,,,,,,,", "volunteer_estimate_on", "date and source"),
        ("X,,,,,,,,,knitting,,,,", "areas_of_work", "'knitting' is not a known area of work"),
        ("X,,,,,,,,,,Atlantis,,,", "neighbourhoods", "'Atlantis' is not a neighbourhood of this team"),
        ("X,,,,,,,,,,,asleep,,", "status", "not one of"),
        ("X,,,,,,,,,,,,always,", "support_intensity", "not one of"),
        ("X,,,,,,,,,,,,,perhaps", "social_enterprise", "yes or no"),
    ],
)
def test_bad_values_are_rejected_with_line_column_value_and_the_rest_kept(world, team, row, column, reason):
    hood = world["hoods"]["a1"].name
    summary = groups_import(actor=None, team=team, source=csv_file(HEADER, good_rows(hood)[0], row))
    assert (summary.created, summary.rejected) == (1, 1)
    error = summary.errors[0]
    assert (error.line, error.column) == (3, column)
    assert reason in error.reason
    assert CommunityGroup.objects.filter(team=team).count() == 1


def test_other_teams_neighbourhood_is_not_accepted(world, team):
    summary = groups_import(
        actor=None, team=team, source=csv_file("name,neighbourhoods", f"X,{world['hoods']['b1'].name}")
    )
    assert summary.rejected == 1 and summary.errors[0].column == "neighbourhoods"


def test_a_row_repeated_in_the_file_is_rejected_naming_the_first(world, team):
    hood = world["hoods"]["a1"].name
    rows = good_rows(hood)
    summary = groups_import(actor=None, team=team, source=csv_file(HEADER, rows[0], rows[1], rows[0]))
    assert (summary.created, summary.rejected) == (2, 1)
    assert summary.errors[0].line == 4 and "already on line 2" in summary.errors[0].reason
    by_number = groups_import(
        actor=None, team=team, source=csv_file("name,charity_number", "One,1123456", "Other name,1123456")
    )
    assert by_number.rejected == 1 and "already on line 2" in by_number.errors[0].reason


def test_wrong_headers_import_nothing(team):
    with pytest.raises(ImportFileError, match="missing required headers: name"):
        groups_import(actor=None, team=team, source=csv_file("group,charity", "X,1"))
    assert not CommunityGroup.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(team):
    with pytest.raises(ImportFileError, match="UTF-8"):
        groups_import(actor=None, team=team, source=csv_file("name", "Caf\u00e9 Club", encoding="utf-16"))
    latin = io.BytesIO("name\nCaf\u00e9 Cr\u00e8me Club\n".encode("latin-1"))
    with pytest.raises(ImportFileError, match="UTF-8"):
        groups_import(actor=None, team=team, source=latin)
    assert not CommunityGroup.objects.exists()


def test_dry_run_counts_but_writes_nothing(world, team):
    hood = world["hoods"]["a1"].name
    summary = groups_import(actor=None, team=team, source=csv_file(HEADER, *good_rows(hood)), dry_run=True)
    assert summary.created == 3
    assert not CommunityGroup.objects.exists()


def test_imported_duplicates_are_flagged(world, team):
    from tests.units.factories import TeamFactory

    groups_import(actor=None, team=team, source=csv_file("name,charity_number", "Bentilee Pantry,1123456"))
    groups_import(
        actor=None, team=world["teams"]["a2"], source=csv_file("name,charity_number", "Other,1123456")
    )
    by_number = PossibleDuplicate.objects.get()
    assert (by_number.group.name, by_number.other.name) == ("Other", "Bentilee Pantry")
    assert by_number.reason == "the same registration number or identifier"
    neighbour = TeamFactory(unit=team.unit, host_authority=team.host_authority)
    groups_import(actor=None, team=neighbour, source=csv_file("name", "Bentilee pantry"))
    by_name = PossibleDuplicate.objects.get(group__team=neighbour)
    assert (by_name.other.name, by_name.reason) == ("Bentilee Pantry", "the same name in the same authority")


def test_only_the_teams_lead_can_import(world, team):
    from django.core.exceptions import PermissionDenied

    for person in ("manager", "worker", "worker_b"):
        with pytest.raises(PermissionDenied):
            groups_import(actor=world["people"][person], team=team, source=csv_file("name", "X"))
    summary = groups_import(actor=world["people"]["lead"], team=team, source=csv_file("name", "X"))
    assert summary.created == 1


def test_command_ends_with_the_summary_and_supports_dry_run(world, team, tmp_path, capsys):
    path = tmp_path / "groups.csv"
    path.write_text("name,income_band\nOne,micro\nTwo,wrong\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_groups", str(path), "--team", team.slug, "--dry-run")
    assert excinfo.value.returncode == 1
    captured = capsys.readouterr()
    assert captured.out.strip().splitlines()[-1] == "created 1, updated 0, unchanged 0, rejected 1"
    assert "line 3, column 'income_band', value 'wrong'" in captured.err
    assert not CommunityGroup.objects.exists()
    path.write_text("name\nOne\n", encoding="utf-8")
    call_command("import_groups", str(path), "--team", team.slug)
    assert capsys.readouterr().out.strip().splitlines()[-1] == "created 1, updated 0, unchanged 0, rejected 0"
    with pytest.raises(CommandError, match="No team"):
        call_command("import_groups", str(path), "--team", "nope")


def test_two_rows_reaching_one_existing_group_are_not_both_applied(team):
    groups_import(actor=None, team=team, source=csv_file("name,charity_number", "Alpha,1123456"))
    summary = groups_import(
        actor=None,
        team=team,
        source=csv_file(
            "name,charity_number,income_band,areas_of_work", "Alpha,,small,faith", "Beta,1123456,large,faith"
        ),
    )
    assert (summary.updated, summary.rejected) == (1, 1)
    assert summary.errors[0].line == 3 and "same group as line 2" in summary.errors[0].reason
    assert CommunityGroup.objects.get().income_band == "small"


def test_empty_cells_keep_values_and_none_clears_a_list(team):
    groups_import(
        actor=None,
        team=team,
        source=csv_file(
            "name,anonymous_in_publications,areas_of_work,other_names", "A,yes,environment,Alias"
        ),
    )
    summary = groups_import(
        actor=None,
        team=team,
        source=csv_file("name,anonymous_in_publications,areas_of_work,other_names", "A,,,"),
    )
    group = CommunityGroup.objects.get()
    assert summary.unchanged == 1
    assert group.anonymous_in_publications is True and group.other_names == "Alias"
    assert list(group.areas_of_work.values_list("slug", flat=True)) == ["environment"]
    cleared = groups_import(
        actor=None, team=team, source=csv_file("name,areas_of_work,other_names", "A,none,none")
    )
    group.refresh_from_db()
    assert cleared.updated == 1 and group.other_names == "" and not group.areas_of_work.exists()


HOURS = "volunteer_hours_week,volunteer_estimate_on,volunteer_estimate_source"


@pytest.mark.parametrize(
    "header, value, column, reason",
    [
        ("full_time_staff", "\u00b2", "full_time_staff", "not a whole number"),
        ("org_identifier", "GB-CHC-" + "1" * 8 + "-" + "X" * 80, "org_identifier", ""),
        (HOURS, "2.25,2026-01-01,estimate", "volunteer_hours_week", "one decimal place"),
        (HOURS, "5000000,2026-01-01,estimate", "volunteer_hours_week", "Enter from 0 to 1,680,000"),
        ("charity_number,org_identifier", "1234567,GB-CHC-7654321", "org_identifier", "does not match"),
        ("other_names", "nul\x00here", "(whole row)", "NUL"),
    ],
)  # fmt: skip
def test_values_the_database_cannot_hold_are_rejected_per_row(team, header, value, column, reason):
    summary = groups_import(actor=None, team=team, source=csv_file(f"name,{header}", "Fine", f"X,{value}"))
    assert (summary.created, summary.rejected) == (1, 1)
    assert summary.errors[0].column == column and reason in summary.errors[0].reason


def test_columns_not_imported_are_named(team):
    summary = groups_import(
        actor=None, team=team, source=csv_file("name,volunteer_hrs,contact_email", "X,3,a@b")
    )
    assert summary.warnings == ["columns not imported: 'volunteer_hrs', 'contact_email'"]


def test_a_bad_byte_is_reported_at_its_line(team):
    data = ("name\n" + "".join(f"Group {i}\n" for i in range(5000))).encode() + b"Caf\xe9\n"
    with pytest.raises(ImportFileError, match="line 5002: the file is not UTF-8"):
        groups_import(actor=None, team=team, source=io.BytesIO(data))


@pytest.mark.parametrize(
    ("identifier", "flagged"),
    [("GB-CHC-1123456", True), ("GB-NIC-100123", True), ("GB-COH-01234567", True), ("360G-coprod-42", False)],
)
def test_one_identifier_rule_for_a_new_group_and_an_import(world, identifier, flagged):
    """A group typed in and a group imported are flagged by the same identifier rule
    (groups.rules.registered_identifier): a Northern Irish charity's identifier counts in both."""
    from coprod.groups.services import group_create
    from tests.groups.factories import GroupFactory

    held = GroupFactory(team=world["teams"]["a2"], name="Held Elsewhere", org_identifier=identifier)
    typed = group_create(
        actor=world["people"]["lead"], team=world["teams"]["a1"], name="Typed In", org_identifier=identifier
    )
    lead_b = world["teams"]["b1"]
    groups_import(actor=None, team=lead_b, source=csv_file("name,org_identifier", f"Imported,{identifier}"))
    imported = CommunityGroup.objects.get(name="Imported")
    by_typing = PossibleDuplicate.objects.filter(group=typed, other=held).exists()
    by_import = PossibleDuplicate.objects.filter(group=imported, other__in=[held, typed]).exists()
    assert (by_typing, by_import) == (flagged, flagged)
