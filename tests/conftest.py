"""Shared fixtures: the real reference files, the demo places, and people in two teams and regions."""

from pathlib import Path

import pytest

from coprod.places.models import LocalAuthority
from coprod.places.services import geography_import, imd_import
from coprod.units.choices import Role
from coprod.units.services import team_create, unit_create
from tests.neighbourhoods.factories import NeighbourhoodFactory
from tests.units.factories import TeamFactory, UnitFactory, member

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
LOOKUP_FILE = SHARED_DATA / "lsoa11_ward19_lad19_lookup.csv"
IMD_FILE = SHARED_DATA / "imd2019_lsoa_rank_decile.csv"
DEMO_DIR = ROOT / "coprod" / "neighbourhoods" / "demo_data"


@pytest.fixture
def demo_places(db):
    """Stoke-on-Trent and Redcar and Cleveland, imported from the demo extracts of the real files."""
    geography_import(source=DEMO_DIR / "lsoa11_ward19_lad19_demo.csv")
    imd_import(source=DEMO_DIR / "imd2019_demo.csv", edition=2019)


@pytest.fixture
def stoke(demo_places):
    """The Stoke-on-Trent CCB team in its West Midlands unit, with a team lead and a worker."""
    authority = LocalAuthority.objects.get(code="E06000021")
    unit = unit_create(region=authority.region, name="West Midlands Co-Production Unit")
    team = team_create(unit=unit, name="Stoke CCB", authorities=[authority], host_authority=authority)
    return {
        "team": team,
        "lead": member(Role.TEAM_LEAD, team=team),
        "worker": member(Role.WORKER, team=team),
        "authority": authority,
    }


@pytest.fixture
def world(db):
    """Two units in two regions; unit A has teams A1 and A2, unit B has team B1; one person per role."""
    unit_a, unit_b = UnitFactory(), UnitFactory()
    team_a1, team_a2 = TeamFactory(unit=unit_a), TeamFactory(unit=unit_a)
    team_b1 = TeamFactory(unit=unit_b)
    people = {
        "worker": member(Role.WORKER, team=team_a1),
        "lead": member(Role.TEAM_LEAD, team=team_a1),
        "worker_a2": member(Role.WORKER, team=team_a2),
        "manager": member(Role.UNIT_MANAGER, unit=unit_a),
        "director": member(Role.REGIONAL_DIRECTOR, unit=unit_a),
        "admin": member(Role.ADMINISTRATOR),
        "worker_b": member(Role.WORKER, team=team_b1),
    }
    hoods = {
        "a1": NeighbourhoodFactory(team=team_a1),
        "a2": NeighbourhoodFactory(team=team_a2),
        "b1": NeighbourhoodFactory(team=team_b1),
    }
    return {
        "units": {"a": unit_a, "b": unit_b},
        "teams": {"a1": team_a1, "a2": team_a2, "b1": team_b1},
        "people": people,
        "hoods": hoods,
    }
