"""Importing historical contacts: same error rules and summary line as the other imports."""

import io
import uuid

import pytest
from django.core.management import CommandError, call_command

from coprod.core.csvimport import ImportFileError, read_rows
from coprod.engagements.fields import COLUMNS
from coprod.engagements.imports import NAMESPACE, engagements_import, row_key
from coprod.engagements.models import Engagement
from coprod.groups.services import group_create

HEADER = (
    "date,worker,activity_type,dimension,minutes,neighbourhood,groups,people_present,new_people,themes,notes"
)


def data(*lines: str) -> io.BytesIO:
    return io.BytesIO(("\n".join([HEADER, *lines]) + "\n").encode())


@pytest.fixture
def setup(world):
    group = group_create(actor=world["people"]["worker"], team=world["teams"]["a1"], name="Bentilee Pantry")
    worker = world["people"]["worker"].username
    hood = world["hoods"]["a1"].slug
    good = [
        f"2025-03-04,{worker},outreach,groups,60,{hood},{group.org_identifier},12,3,"
        "housing;food,Door knocking",
        f"04/03/2025,{worker},Listening meeting,Drawing isolated people into community activity,90,,,8,8,,",
    ]
    return world["teams"]["a1"], worker, hood, good, group


def test_valid_rows_import_once(setup):
    team, _, _, good, group = setup
    summary = engagements_import(actor=None, team=team, source=data(*good))
    assert (summary.created, summary.rejected) == (2, 0)
    first = Engagement.objects.get(notes="Door knocking")
    assert list(first.groups.all()) == [group]
    assert sorted(first.themes.values_list("slug", flat=True)) == ["food", "housing"]
    assert Engagement.objects.get(minutes=90).dimension == "isolated_people"
    again = engagements_import(actor=None, team=team, source=data(*good))
    assert (again.created, again.unchanged) == (0, 2)
    assert Engagement.objects.count() == 2


@pytest.mark.parametrize(
    "row, column, reason",
    [
        ("2025-13-01,{w},outreach,groups,60,,,,,,", "date", "2026-03-31"),
        ("2099-01-01,{w},outreach,groups,60,,,,,,", "date", "not come yet"),
        ("2025-01-01,nobody,outreach,groups,60,,,,,,", "worker", "not a worker"),
        ("2025-01-01,{w},juggling,groups,60,,,,,,", "activity_type", "unknown kind"),
        ("2025-01-01,{w},outreach,everything,60,,,,,,", "dimension", "unknown dimension"),
        ("2025-01-01,{w},outreach,groups,0,,,,,,", "minutes", "Enter from 1 to 960 minutes."),
        ("2025-01-01,{w},outreach,groups,99999,,,,,,", "minutes", "Enter from 1 to 960 minutes."),
        ("2025-01-01,{w},outreach,groups,60,Atlantis,,,,,", "neighbourhood", "unknown neighbourhood"),
        ("2025-01-01,{w},outreach,groups,60,,No Such Group,,,,", "groups", "unknown group"),
        ("2025-01-01,{w},outreach,groups,60,,,2,5,,", "new_people", "cannot be more"),
        ("2025-01-01,{w},outreach,groups,60,,,,,astrology,", "themes", "unknown theme"),
    ],
)
def test_bad_rows_are_reported_and_the_rest_kept(setup, row, column, reason):
    team, worker, _, good, _ = setup
    summary = engagements_import(actor=None, team=team, source=data(good[0], row.format(w=worker)))
    assert (summary.created, summary.rejected) == (1, 1)
    error = summary.errors[0]
    assert (error.line, error.column) == (3, column) and reason in error.reason


def test_a_repeated_row_is_rejected(setup):
    team, _, _, good, _ = setup
    summary = engagements_import(actor=None, team=team, source=data(good[0], good[0]))
    assert (summary.created, summary.rejected) == (1, 1) and "repeats line 2" in summary.errors[0].reason


def test_a_row_imported_before_and_repeated_in_the_file_is_unchanged_once_then_a_repeat(setup):
    team, _, _, good, _ = setup
    engagements_import(actor=None, team=team, source=data(good[0]))
    summary = engagements_import(actor=None, team=team, source=data(good[1], good[0], good[0]))
    assert (summary.created, summary.unchanged, summary.rejected) == (1, 1, 1)
    assert (summary.errors[0].line, "repeats line 3") == (4, summary.errors[0].reason[-14:])


def test_the_key_of_a_row_is_the_name_based_uuid_contacts_were_imported_with(setup):
    """Keys written by earlier imports (uuid5 over the team and the row) still match their rows."""
    team, _, _, good, _ = setup
    engagements_import(actor=None, team=team, source=data(good[0]))
    stored = Engagement.objects.get(notes="Door knocking").idempotency_key
    _, rows = read_rows(data(good[0]), COLUMNS)
    row = next(rows)
    text = "\x1f".join(f"{k}={row.values[k]}" for k in sorted(row.values))
    assert stored == uuid.uuid5(NAMESPACE, f"{team.pk}\x1e{text}")
    assert row_key(team, row) == stored.bytes


def test_wrong_headers_and_non_utf8_import_nothing(setup):
    team = setup[0]
    with pytest.raises(ImportFileError, match="missing required headers"):
        engagements_import(actor=None, team=team, source=io.BytesIO(b"when,who\n2025-01-01,x\n"))
    with pytest.raises(ImportFileError, match="not UTF-8"):
        engagements_import(
            actor=None, team=team, source=io.BytesIO(HEADER.encode() + b"\n2025-01-01,caf\xe9\n")
        )
    assert not Engagement.objects.exists()


def test_command_summary_line(setup, tmp_path, capsys):
    team, _, _, good, _ = setup
    path = tmp_path / "contacts.csv"
    path.write_text("\n".join([HEADER, *good]) + "\n", encoding="utf-8")
    call_command("import_engagements", str(path), "--team", team.slug)
    assert capsys.readouterr().out.strip().splitlines()[-1] == "created 2, updated 0, unchanged 0, rejected 0"
    path.write_text("\n".join([HEADER, good[0], "bad,row,,,,,,,,,"]) + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_engagements", str(path), "--team", team.slug)
    assert capsys.readouterr().out.strip().splitlines()[-1] == "created 0, updated 0, unchanged 1, rejected 1"


def test_imported_partners_and_tags_are_lists_that_an_edit_keeps(setup):
    """On PostgreSQL the import streams rows into COPY: partners and tags must arrive as JSON lists,
    not as array literals, so the contact can be edited afterwards like any other."""
    team, worker, hood, _, _ = setup
    header = "date,worker,activity_type,dimension,minutes,partners,tags\n"
    rows = (
        f"2025-03-04,{worker},outreach,groups,60,council,Food Bank;rent\n"
        f"2025-03-05,{worker},outreach,groups,30,,\n"
    )
    summary = engagements_import(actor=None, team=team, source=io.BytesIO((header + rows).encode()))
    assert summary.created == 2 and not summary.rejected
    full, empty = Engagement.objects.filter(team=team).order_by("date")
    assert (full.partners, full.tags, empty.partners, empty.tags) == (
        ["council"],
        ["food bank", "rent"],
        [],
        [],
    )
    full.full_clean(exclude=["idempotency_key"])  # what an edit checks
    empty.full_clean(exclude=["idempotency_key"])
