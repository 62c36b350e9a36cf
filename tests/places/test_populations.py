"""Population denominators (IoD 2019 File 6) and domains (File 2), imported from the real files.

Figures from shared/data/README.md: England 54,728,204; Stoke-on-Trent 251,746 over 159 LSOAs;
Redcar and Cleveland 135,324 over 88; Bolton 281,828 over 177.
"""

import io

import pytest
from django.db.models import Sum

from coprod.core.csvimport import ImportFileError
from coprod.groups.selectors import density_per_1000
from coprod.places.models import Deprivation, LocalAuthority
from coprod.places.selectors import deprivation_summary
from coprod.places.services import geography_import, imd_import
from tests.conftest import DEMO_DIR, IMD_FILE, LOOKUP_FILE, SHARED_DATA

POPULATION_FILE = SHARED_DATA / "imd2019_population_denominators.csv"
DOMAINS_FILE = SHARED_DATA / "imd2019_domains.csv"
HEADER = (
    "LSOA code (2011),LSOA name (2011),Total population: mid 2015 (excluding prisoners),"
    "Dependent Children aged 0-15: mid 2015 (excluding prisoners)"
)


@pytest.fixture
def england(db):
    geography_import(source=LOOKUP_FILE)
    imd_import(source=IMD_FILE, edition=2019)


def _population(code: str) -> tuple[int, int]:
    authority = LocalAuthority.objects.get(code=code)
    summary = deprivation_summary(authority.lsoas.all(), edition=2019)
    return summary.population, summary.lsoa_count


def test_the_real_population_file_gives_each_authority_its_people(england):
    summary = imd_import(source=POPULATION_FILE, edition=2019)
    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (0, 32844, 0, 0)
    assert Deprivation.objects.aggregate(n=Sum("population"))["n"] == 54_728_204
    assert _population("E06000021") == (251_746, 159)  # Stoke-on-Trent
    assert _population("E06000003") == (135_324, 88)  # Redcar and Cleveland
    assert _population("E08000001") == (281_828, 177)  # Bolton
    # The age bands of an LSOA add up to its total (City of London 001A: 175 + 656 + 465 = 1,296).
    first = Deprivation.objects.get(lsoa__code="E01000001")
    assert (first.population, first.children, first.aged_16_59, first.aged_60_plus) == (1296, 175, 656, 465)
    assert first.working_age == 715
    assert first.updated_at > first.created_at  # the update stamps its rows, in a form Django reads back
    # Bolton's 1,418 groups on its real population: 5.03 per 1,000.
    assert str(density_per_1000(1418, _population("E08000001")[0])) == "5.03"
    stoke = LocalAuthority.objects.get(code="E06000021").lsoas.all()
    assert deprivation_summary(stoke).population_weighted_mean_rank is not None


@pytest.mark.django_db
def test_the_demo_extracts_populations_and_the_real_domains_of_its_lsoas(demo_places):
    """The demo's extract of File 6 (the same LSOAs as its ranks), run twice; File 1 run again keeps
    the populations (it has none to give); File 2's rows for the same LSOAs give the seven domains."""
    people = DEMO_DIR / "imd2019_population_demo.csv"
    first = imd_import(source=people, edition=2019)
    assert (first.updated, first.rejected) == (Deprivation.objects.count(), 0)
    again = imd_import(source=people, edition=2019)
    assert (again.updated, again.unchanged) == (0, first.updated)
    stoke = LocalAuthority.objects.get(code="E06000021")
    assert deprivation_summary(stoke.lsoas.all()).population == 251_746
    imd_import(source=DEMO_DIR / "imd2019_demo.csv", edition=2019)
    assert deprivation_summary(stoke.lsoas.all()).population == 251_746

    codes = set(Deprivation.objects.values_list("lsoa__code", flat=True))
    lines = DOMAINS_FILE.read_bytes().split(b"\r\n")
    extract = b"\r\n".join([lines[0], *(line for line in lines[1:] if line[:9].decode() in codes)])
    summary = imd_import(source=io.BytesIO(extract), edition=2019)
    assert (summary.updated + summary.unchanged, summary.rejected) == (len(codes), 0)
    domains = Deprivation.objects.get(lsoa__code="E01014226").domains
    assert set(domains) == {
        "income", "employment", "education", "health", "crime", "housing", "living_environment"
    }  # fmt: skip
    assert all(set(entry) == {"rank", "decile"} for entry in domains.values())


@pytest.mark.django_db
def test_populations_before_ranks_are_refused_row_by_row_and_bad_numbers_named(demo_places):
    rows = [
        HEADER,
        'E01014226,Stoke-on-Trent 001A,"1,610",301',  # in the demo's ranks
        "E01014224,Stoke-on-Trent 001B,lots,200",  # not a number
        "E01000001,City of London 001A,1296,175",  # no geography or ranks for it in the demo
    ]
    summary = imd_import(source=io.BytesIO(("\n".join(rows) + "\n").encode()), edition=2019)
    assert summary.updated == 1
    errors = {(e.line, e.column, e.value) for e in summary.errors}
    assert (3, "Total population: mid 2015 (excluding prisoners)", "lots") in errors
    assert any(e.line == 4 and "import the geography lookup first" in e.reason for e in summary.errors)
    kept = Deprivation.objects.get(lsoa__code="E01014226")
    assert (kept.population, kept.children) == (1610, 301)


@pytest.mark.django_db
def test_a_file_with_neither_ranks_nor_populations_is_refused_saying_what_it_needs():
    with pytest.raises(ImportFileError, match="missing required headers: .*Rank.*Decile.*Total population"):
        imd_import(source=io.BytesIO(b"LSOA code (2011),Something else\nE01014226,1\n"), edition=2019)
