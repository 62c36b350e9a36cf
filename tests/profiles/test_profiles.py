"""Public community-sector profiles: readable signed out, counting groups without naming them or
holding personal data, counts of 1 or 2 held back, and the same figures in the page, CSV and JSON."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from coprod.engagements.models import ActivityType, Engagement
from coprod.groups.models import AreaOfWork, GroupContact
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LSOA
from coprod.profiles.models import ProfileSnapshot
from coprod.profiles.selectors import authority_profile, neighbourhood_profile, wards_of
from coprod.profiles.services import snapshots_take
from tests.funding.factories import AllocationFactory, InitiativeFactory
from tests.groups.factories import GroupFactory, VenueFactory

PLANTED = (
    "Ottoline Quagmire",
    "ottoline.quagmire@example.org",
    "07700 900222",
    "Planted note about a family",
    "Secret Haven Circle",
    "Contact note about Ottoline",
)


@pytest.fixture
def place(stoke):
    team, authority = stoke["team"], stoke["authority"]
    lsoas = list(LSOA.objects.filter(local_authority=authority).order_by("code")[:3])
    hood = Neighbourhood.objects.create(team=team, name="Bentilee", slug="bentilee", population_entered=4000)
    hood.lsoas.set(lsoas)
    health = AreaOfWork.objects.get(slug="health-wellbeing")

    def group(legal_form, status="active", **extra):
        made = GroupFactory(team=team, legal_form=legal_form, status=status, **extra)
        made.neighbourhoods.add(hood)
        return made

    groups = [group("unincorporated_association", income_band="micro") for _ in range(4)]
    groups.append(group("informal_group", name="Secret Haven Circle", anonymous_in_publications=True))
    group("registered_charity", charity_number="1100001")  # on a register: not below the radar
    group("company_limited_by_guarantee")  # on no register and in no grants data: below the radar
    granted = group("company_limited_by_guarantee")  # in the region's grants data: not below
    allocation = AllocationFactory(initiative=InitiativeFactory(region=authority.region))
    allocation.groups.add(granted)
    group("unincorporated_association", status="dormant")
    for g in groups[:2]:
        g.areas_of_work.add(health)
    groups[0].notes = "Planted note about a family"
    groups[0].save()
    GroupContact.objects.create(
        group=groups[0],
        name="Ottoline Quagmire",
        email="ottoline.quagmire@example.org",
        phone="07700 900222",
        notes="Contact note about Ottoline",
    )
    Engagement.objects.create(
        date="2026-06-01",
        worker=stoke["worker"],
        team=team,
        neighbourhood=hood,
        activity_type=ActivityType.objects.get(slug="outreach"),
        dimension="groups",
        minutes=60,
        notes="Ottoline Quagmire was at home",
    )
    VenueFactory(team=team, lsoa=lsoas[0], status="closed", asset_of_community_value=True)
    for _ in range(3):
        VenueFactory(team=team, lsoa=lsoas[1], status="open")
    return {"authority": authority, "hood": hood, "groups": groups}


def test_the_worked_example(place):
    profile = authority_profile(place["authority"])
    assert (profile.groups, profile.active) == (9, 8)
    forms = {c.label: (c.count, c.shown) for c in profile.by_legal_form}
    assert forms["Unincorporated association"] == (4, "4")
    assert forms["Informal group (no constitution)"] == (1, "fewer than 3")
    assert profile.below_radar == 6  # 4 unincorporated, 1 informal, 1 company on no register
    assert str(profile.below_radar_share) == "75.0"
    assert {c.label: c.shown for c in profile.by_area}["Health and wellbeing"] == "fewer than 3"
    assert {c.label: c.count for c in profile.venues} == {"Open": 3, "Closed": 1}
    assert profile.assets_of_community_value == 1
    assert profile.displaced == 0  # the closed venue's groups carry on (tests/groups/test_venue_history.py)
    hood = neighbourhood_profile(place["hood"])
    assert (hood.population, hood.population_source) == (4000, "entered by the team")
    assert str(hood.density_per_1000) == "2.00"  # 8 active groups for 4,000 residents


def test_small_counts_hold_back_their_shares_and_density(stoke):
    hood = Neighbourhood.objects.create(team=stoke["team"], name="Tiny", slug="tiny", population_entered=500)
    GroupFactory(team=stoke["team"], legal_form="informal_group").neighbourhoods.add(hood)
    profile = neighbourhood_profile(hood)
    assert profile.active == 1
    assert (profile.density_per_1000, profile.below_radar_share) == (None, None)
    data = profile.as_json()
    assert (data["groups"]["active"], data["density_per_1000"]) == (None, None)


@pytest.mark.parametrize(
    "url",
    ["/profiles/E06000021/", "/profiles/n/bentilee/", "/profiles/E06000021/profile.csv",
     "/profiles/E06000021/profile.json", "/profiles/n/bentilee/profile.json", "/profiles/"],
)  # fmt: skip
def test_readable_signed_out_with_nothing_personal_and_no_group_named(client, place, url):
    response = client.get(url)
    assert response.status_code == 200
    body = (b"".join(response) if response.streaming else response.content).decode()
    for planted in PLANTED:
        assert planted not in body
    for group in place["groups"]:
        assert group.name not in body  # groups are counted, never named


def test_page_csv_and_json_agree(client, place):
    page = " ".join(client.get("/profiles/E06000021/").content.decode().split())
    assert "Stoke-on-Trent" in page and "75.0%" in page and "Open Government Licence" in page
    rows = list(csv.reader(io.StringIO(b"".join(client.get("/profiles/E06000021/profile.csv")).decode())))
    cells = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert cells[("active groups by legal form", "Informal group (no constitution)")] == "fewer than 3"
    assert cells[("groups", "below the radar (%)")] == "75.0"
    assert cells[("venues", "assets of community value")] == "fewer than 3"
    data = json.loads(client.get("/profiles/E06000021/profile.json").content)
    assert data["groups"]["below_the_radar"] == 6 and data["groups"]["below_the_radar_percent"] == "75.0"
    forms = {r["label"]: r["count"] for r in data["groups"]["by_legal_form"]}
    assert forms["Informal group (no constitution)"] is None and forms["Unincorporated association"] == 4
    assert data["licence"]["name"] == "Open Government Licence v3.0"


def test_unknown_places_and_formats_are_not_found(client, place):
    assert client.get("/profiles/E99999999/").status_code == 404
    assert client.get("/profiles/n/nowhere/").status_code == 404
    assert client.get("/profiles/E06000021/profile.xml").status_code == 404  # no such download


def test_a_ward_has_a_profile(client, place):
    ward = place["hood"].lsoas.first().ward
    page = client.get(f"/profiles/{ward.code}/")
    assert page.status_code == 200 and ward.name in page.content.decode()


def test_a_yearly_snapshot_is_kept_as_taken(client, place, stoke):
    on = datetime.date(2026, 4, 1)
    taken = snapshots_take(on=on)
    wards = wards_of(place["authority"]).count()
    assert taken == 1 + wards + 1  # the authority, its wards, the team's neighbourhood
    assert snapshots_take(on=datetime.date(2026, 9, 1)) == 0  # one a financial year, kept
    snapshot = ProfileSnapshot.objects.get(kind="authority", code="E06000021", year=2026)
    assert snapshot.taken_on == on and snapshot.data["groups"]["active"] == 8
    for _ in range(3):  # the directory grows after the snapshot: the snapshot does not
        GroupFactory(team=stoke["team"], legal_form="registered_charity", charity_number="1100009")
    assert json.loads(client.get("/profiles/E06000021/profile.json").content)["groups"]["active"] == 11
    kept = json.loads(client.get("/profiles/E06000021/profile.json", {"year": "2026"}).content)
    assert kept["groups"]["active"] == 8 and kept["as_at"] == snapshot.data["as_at"]
    page = client.get("/profiles/E06000021/").content.decode()
    assert "2026/27" in page and "?year=2026" in page
    assert client.get("/profiles/E06000021/profile.json", {"year": "2019"}).status_code == 404
    refused = client.get("/profiles/E06000021/profile.json", {"year": "banana"})
    assert refused.status_code == 400 and "'banana' is not a financial year" in refused.content.decode()
    hood = client.get("/profiles/n/bentilee/profile.json", {"year": "2026"})
    assert json.loads(hood.content)["place"]["name"] == "Bentilee"


def test_the_command_takes_them(place):
    out = io.StringIO()
    call_command("profile_snapshots", "--on", "2027-04-01", stdout=out)
    assert "profile snapshots taken:" in out.getvalue()
    assert ProfileSnapshot.objects.filter(year=2027).count() > 2
    with pytest.raises(CommandError, match="'April' is not a date"):
        call_command("profile_snapshots", "--on", "April")
