"""Free text stays inert: markup typed into a record is shown as text, and CSV cells are not formulas."""

import csv
import datetime
import io

import pytest

from coprod.engagements.models import ActivityType
from coprod.engagements.services import engagement_log
from coprod.groups.services import contact_add, group_create
from coprod.neighbourhoods.services import neighbourhood_create
from coprod.places.models import Ward

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
SCRIPT_SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMAGE_SHOWN = "&lt;img src=x onerror=alert(1)&gt;"


def assert_inert(html: str) -> None:
    assert SCRIPT not in html
    assert IMAGE not in html
    assert "<img src=x" not in html


@pytest.fixture
def marked_up(world):
    team, worker = world["teams"]["a1"], world["people"]["worker"]
    group = group_create(
        actor=worker,
        team=team,
        name=f"Friends {SCRIPT}",
        other_names=IMAGE,
        notes=f"{SCRIPT} and {IMAGE}",
    )
    engagement, _ = engagement_log(
        worker=worker,
        team=team,
        groups=[group],
        activity_type=ActivityType.objects.get(slug="outreach"),
        dimension="groups",
        minutes=30,
        date=datetime.date.today(),
        notes=f"Talked about {IMAGE} {SCRIPT}",
    )
    return {"group": group, "engagement": engagement}


def test_group_list_and_detail_show_markup_as_text(client, world, marked_up):
    client.force_login(world["people"]["worker"])
    listing = client.get("/groups/").content.decode()
    assert f"Friends {SCRIPT_SHOWN}" in listing
    assert_inert(listing)
    detail = client.get(f"/groups/{marked_up['group'].pk}/").content.decode()
    assert f"Friends {SCRIPT_SHOWN}" in detail
    assert IMAGE_SHOWN in detail  # other names
    assert f"{SCRIPT_SHOWN} and {IMAGE_SHOWN}" in detail  # notes, seen by the team
    assert_inert(detail)


def test_engagement_log_shows_notes_and_group_names_as_text(client, world, marked_up):
    client.force_login(world["people"]["worker"])
    page = client.get("/log/").content.decode()
    assert f"Talked about {IMAGE_SHOWN}" in page
    assert f"Friends {SCRIPT_SHOWN}" in page
    assert_inert(page)


def test_neighbourhood_detail_shows_description_and_name_as_text(client, stoke):
    lead = stoke["lead"]
    neighbourhood = neighbourhood_create(
        actor=lead,
        team=stoke["team"],
        name=f"Bentilee {IMAGE}",
        wards=[Ward.objects.get(name="Bentilee and Ubberley")],
        description=f"Estate east of the city.\n{SCRIPT}\n{IMAGE}",
    )
    client.force_login(lead)
    page = client.get(f"/neighbourhoods/{neighbourhood.slug}/").content.decode()
    assert SCRIPT_SHOWN in page
    assert f"Bentilee {IMAGE_SHOWN}" in page
    assert_inert(page)
    listing = client.get("/neighbourhoods/").content.decode()
    assert f"Bentilee {IMAGE_SHOWN}" in listing
    assert_inert(listing)


FORMULAS = ["=1+2", "+44 1782 000000", "-2+3", "@SUM(A1:A9)", '=HYPERLINK("http://x.example","y")']


@pytest.mark.parametrize("formula", FORMULAS)
def test_group_csv_neutralises_formulas_in_every_text_column(client, world, formula):
    team, lead = world["teams"]["a1"], world["people"]["lead"]
    group = group_create(actor=lead, team=team, name=formula, other_names=formula, notes=formula)
    contact_add(actor=lead, group=group, name=formula, role=formula)
    client.force_login(lead)
    response = client.get("/groups/export.csv?personal=1")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    row = next(r for r in rows if r["Organisation identifier"] == group.org_identifier)
    for column in ("Name", "Other names", "Notes"):
        assert row[column] == "'" + formula, column
    assert row["Contacts"].startswith("'" + formula)
    for value in (v for r in rows for v in r.values()):
        assert not value.lstrip(" ").startswith(("=", "+", "-", "@")), value
