"""Wales: Welsh authorities (W06) belong to Wales (W92000004), which a unit covers as it would a
region, so a team in Wrexham can be set up with Wrexham's wards; the English IMD says "not available
for Wales" of its neighbourhoods rather than that none is deprived."""

import pytest

from coprod.neighbourhoods.services import neighbourhood_create
from coprod.places.models import LocalAuthority, Ward
from coprod.places.selectors import deprivation_summary
from coprod.places.services import geography_import
from coprod.units.choices import Role
from coprod.units.services import team_create, unit_create
from tests.conftest import DEMO_DIR
from tests.units.factories import member

# Rows of the ONS LSOA (2011) to ward (2019) lookup for four of Wrexham's LSOAs, as published.
WREXHAM = """FID,LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM
33124,W01000342,Wrexham 009B,W05000237,Acton,W06000006,Wrexham
33126,W01000341,Wrexham 009A,W05000237,Acton,W06000006,Wrexham
33128,W01000344,Wrexham 007B,W05000238,Borras Park,W06000006,Wrexham
33130,W01000343,Wrexham 007A,W05000238,Borras Park,W06000006,Wrexham
"""


@pytest.fixture
def wrexham(db, tmp_path):
    path = tmp_path / "wrexham.csv"
    path.write_text(WREXHAM)
    summary = geography_import(source=path)
    assert summary.errors == []
    return LocalAuthority.objects.get(code="W06000006")


def test_a_welsh_authority_belongs_to_wales(wrexham):
    assert (wrexham.region.code, wrexham.region.name) == ("W92000004", "Wales")


def test_a_team_in_wales_is_set_up_with_wrexhams_wards(wrexham, client):
    unit = unit_create(region=wrexham.region, name="Wales Co-Production Unit")
    team = team_create(unit=unit, name="Wrexham CCB", authorities=[wrexham], host_authority=wrexham)
    lead = member(Role.TEAM_LEAD, team=team)
    hood = neighbourhood_create(
        actor=lead,
        team=team,
        name="Acton and Borras Park",
        wards=list(Ward.objects.filter(local_authority=wrexham)),
    )
    assert hood.lsoas.count() == 4
    summary = deprivation_summary(hood.lsoas.all())
    assert summary.not_for_wales and summary.welsh_count == 4
    assert summary.decile_1_share is None  # not "0.0%": the English index does not rank them
    client.force_login(lead)
    page = client.get(f"/neighbourhoods/{hood.slug}/").content.decode()
    assert "Not available for Wales" in page
    assert "In IMD decile 1" not in page


def test_an_english_area_is_judged_as_before(db, demo_places):
    geography_import(source=DEMO_DIR / "lsoa11_ward19_lad19_demo.csv")
    stoke = LocalAuthority.objects.get(code="E06000021")
    summary = deprivation_summary(stoke.lsoas.all())
    assert not summary.not_for_wales and summary.welsh_count == 0 and summary.decile_1_share is not None
