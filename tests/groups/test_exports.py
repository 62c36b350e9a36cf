"""Exports: formulas neutralised, personal data only for the team lead who asks, anonymity kept."""

import csv
import io
import json

import pytest

from coprod.core.csvsafe import neutralise
from coprod.groups.services import contact_add, group_create


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 1782", "'+44 1782"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("   =1+1", "'   =1+1"),
        ("Friends of the Park", "Friends of the Park"),
        ("St Mary's = best", "St Mary's = best"),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.fixture
def groups(world):
    team, worker = world["teams"]["a1"], world["people"]["worker"]
    formula = group_create(
        actor=worker, team=team, name="=cmd|' /C calc'!A0", notes="Met Jo at the school gate"
    )
    contact_add(actor=worker, group=formula, name="Jo Bloggs", email="jo@example.org", phone="07700 900123")
    shy = group_create(
        actor=worker,
        team=team,
        name="Quiet Carers Circle",
        anonymous_in_publications=True,
        charity_number="1123456",
    )
    return {"formula": formula, "shy": shy}


def body_of(response) -> str:
    """A download's text; the CSV is streamed, so it can be read once."""
    assert response.streaming
    return response.getvalue().decode()


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body_of(response))))


def test_csv_neutralises_formulas_and_leaves_out_personal_data_by_default(client, world, groups):
    client.force_login(world["people"]["lead"])
    response = client.get("/groups/export.csv")
    assert response.status_code == 200
    body = body_of(response)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert "'=cmd|' /C calc'!A0" in {r["Name"] for r in rows}
    assert "Jo Bloggs" not in body and "school gate" not in body and "07700" not in body
    assert "Contacts" not in rows[0]


def test_team_lead_may_ask_for_personal_data(client, world, groups):
    client.force_login(world["people"]["lead"])
    rows = rows_of(client.get("/groups/export.csv?personal=1"))
    row = next(r for r in rows if r["Name"].startswith("'=cmd"))
    assert "Jo Bloggs" in row["Contacts"] and row["Notes"] == "Met Jo at the school gate"


def test_workers_and_managers_cannot_ask_for_personal_data(client, world, groups):
    client.force_login(world["people"]["worker"])
    assert client.get("/groups/export.csv?personal=1").status_code == 403
    client.force_login(world["people"]["manager"])
    assert client.get("/groups/export.csv?personal=1").status_code == 403


def test_anonymous_group_is_named_to_its_team_and_anonymous_to_others(client, world, groups):
    client.force_login(world["people"]["worker"])
    own = {r["Name"] for r in rows_of(client.get("/groups/export.csv"))}
    assert "Quiet Carers Circle" in own
    client.force_login(world["people"]["manager"])
    rows = rows_of(client.get("/groups/export.csv"))
    assert "Quiet Carers Circle" not in {r["Name"] for r in rows}
    anonymous = next(r for r in rows if r["Name"] == "Anonymous group")
    assert anonymous["Charity number"] == "" and anonymous["Organisation identifier"] == ""


def test_hsds_is_published_shape_with_no_personal_data_and_anonymity(client, world, groups):
    client.force_login(world["people"]["lead"])
    response = client.get("/groups/export.json")
    organisations = json.loads(response.content)
    body = response.content.decode()
    assert "Jo Bloggs" not in body and "school gate" not in body and "Quiet Carers" not in body
    assert "1123456" not in body
    names = {o["name"] for o in organisations}
    assert names == {"=cmd|' /C calc'!A0", "Anonymous group"}
    first = organisations[0]
    assert {"id", "name", "description", "legal_status", "organization_identifiers"} <= set(first)


def test_exports_follow_the_filters_and_the_scope(client, world, groups):
    group_create(actor=world["people"]["worker_b"], team=world["teams"]["b1"], name="Sentinel Far Away Group")
    client.force_login(world["people"]["worker"])
    everything = body_of(client.get("/groups/export.csv"))
    assert "Sentinel" not in everything
    filtered = rows_of(client.get("/groups/export.csv?q=carers"))
    assert [r["Name"] for r in filtered] == ["Quiet Carers Circle"]
    assert "Sentinel" not in client.get("/groups/export.json").content.decode()


def test_the_csv_streams_a_large_directory_in_chunks(client, world):
    """More groups than one chunk: every group arrives once, and the groups' lists are read once per
    chunk of CHUNK groups, so no more than a chunk is held at a time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coprod.groups import exports
    from tests.groups.factories import GroupFactory

    team = world["teams"]["a1"]
    GroupFactory.create_batch(exports.CHUNK + 5, team=team)
    client.force_login(world["people"]["lead"])
    response = client.get("/groups/export.csv")
    with CaptureQueriesContext(connection) as queries:
        rows = rows_of(response)
    assert len(rows) == exports.CHUNK + 5
    assert len({r["Organisation identifier"] for r in rows}) == exports.CHUNK + 5
    areas_reads = [q for q in queries.captured_queries if "communitygroup_areas_of_work" in q["sql"]]
    assert len(areas_reads) == 2
