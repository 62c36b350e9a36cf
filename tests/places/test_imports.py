"""The geography and IMD importers, on the real files and on broken ones."""

import io

import pytest
from django.core.management import CommandError, call_command

from coprod.core.csvimport import ImportFileError
from coprod.places.models import LSOA, Deprivation, LocalAuthority, Region, Ward
from coprod.places.selectors import deprivation_summary
from coprod.places.services import geography_import, imd_import
from tests.conftest import IMD_FILE, LOOKUP_FILE

GEO_HEADER = "FID,LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM"
IMD_HEADER = (
    "LSOA code (2011),LSOA name (2011),Local Authority District code (2019),"
    "Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,"
    "Index of Multiple Deprivation (IMD) Decile"
)
STOKE_ROWS = [
    "1,E01014226,Stoke-on-Trent 001A,E05008716,Bentilee and Ubberley,E06000021,Stoke-on-Trent",
    "2,E01014224,Stoke-on-Trent 001B,E05008716,Bentilee and Ubberley,E06000021,Stoke-on-Trent",
]


def csv_bytes(*lines: str, newline: str = "\n", bom: bool = False) -> io.BytesIO:
    text = newline.join(lines) + newline
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + text.encode())


@pytest.mark.django_db
def test_whole_of_england_imports_and_reimports_unchanged():
    geo = geography_import(source=LOOKUP_FILE)
    assert (geo.created, geo.updated, geo.unchanged, geo.rejected) == (34753, 0, 0, 0)
    imd = imd_import(source=IMD_FILE, edition=2019)
    assert (imd.created, imd.updated, imd.unchanged, imd.rejected) == (32844, 0, 0, 0)

    assert LSOA.objects.count() == 34753
    assert LSOA.objects.filter(code__startswith="W01").count() == 1909
    assert LocalAuthority.objects.count() == 339
    assert Ward.objects.count() == 8022
    assert Region.objects.count() == 10  # England's nine regions, and Wales
    assert LocalAuthority.objects.filter(region__isnull=True).count() == 0
    assert LocalAuthority.objects.filter(region__code="W92000004").count() == 22  # Welsh principal areas

    stoke = LocalAuthority.objects.get(code="E06000021")
    assert stoke.region.code == "E12000005"
    assert stoke.get_tier_display() == "Unitary authority"
    summary = deprivation_summary(stoke.lsoas.all(), edition=2019)
    assert (summary.lsoa_count, summary.decile_1_count) == (159, 51)
    assert str(summary.decile_1_share) == "32.1"
    blackpool = LocalAuthority.objects.get(name="Blackpool")
    summary = deprivation_summary(blackpool.lsoas.all(), edition=2019)
    assert (summary.lsoa_count, summary.decile_1_count, str(summary.decile_1_share)) == (94, 39, "41.5")
    assert LocalAuthority.objects.get(code="E06000003").region.name == "North East"

    again_geo = geography_import(source=LOOKUP_FILE)
    again_imd = imd_import(source=IMD_FILE, edition=2019)
    assert (again_geo.created, again_geo.updated, again_geo.unchanged) == (0, 0, 34753)
    assert (again_imd.created, again_imd.updated, again_imd.unchanged) == (0, 0, 32844)
    assert Deprivation.objects.count() == 32844


@pytest.mark.django_db
def test_commands_end_with_the_summary_line(capsys):
    call_command("import_geography", str(LOOKUP_FILE))
    call_command("import_imd", str(IMD_FILE), "--edition", "2019")
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-2] == "created 34753, updated 0, unchanged 0, rejected 0"
    assert out[-1] == "created 32844, updated 0, unchanged 0, rejected 0"


@pytest.mark.django_db
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [True, False])
def test_line_ends_bom_quoted_thousands_and_stray_header_spaces(newline, bom):
    geo_header = " FID , LSOA11CD,LSOA11NM ,WD19CD,  WD19NM,LAD19CD,LAD19NM "
    summary = geography_import(source=csv_bytes(geo_header, *STOKE_ROWS, newline=newline, bom=bom))
    assert (summary.created, summary.rejected) == (2, 0)
    imd = imd_import(
        source=csv_bytes(
            IMD_HEADER.replace("Decile", "Decile "),
            'E01014226,Stoke-on-Trent 001A,E06000021,Stoke-on-Trent,"1,234",1',
            'E01014224,Stoke-on-Trent 001B,E06000021,Stoke-on-Trent," 12,345 ",4',
            newline=newline,
            bom=bom,
        )
    )
    assert (imd.created, imd.rejected) == (2, 0)
    assert Deprivation.objects.get(lsoa__code="E01014226").rank == 1234
    assert Deprivation.objects.get(lsoa__code="E01014224").rank == 12345


@pytest.mark.django_db
def test_wrong_headers_import_nothing_and_name_what_is_missing():
    bad = csv_bytes("FID,LSOA_CODE,LSOA11NM,WD19CD,WD19NM,LAD_CODE,LAD19NM", *STOKE_ROWS)
    with pytest.raises(ImportFileError) as excinfo:
        geography_import(source=bad)
    message = str(excinfo.value)
    assert "missing required headers" in message
    assert "LSOA11CD or LSOA21CD" in message and "LADyyCD" in message
    assert "LSOA11NM" not in message.split("(headers found")[0]
    assert LSOA.objects.count() == 0 and LocalAuthority.objects.count() == 0


@pytest.mark.django_db
def test_wrong_imd_headers_through_the_command(tmp_path, capsys):
    path = tmp_path / "imd.csv"
    path.write_text("LSOA code (2011),Rank,Decile\nE01014226,5,1\n")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_imd", str(path))
    assert "nothing imported" in str(excinfo.value)
    assert "Index of Multiple Deprivation (IMD) Rank" in str(excinfo.value)
    assert Deprivation.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n"])
def test_empty_file_is_refused(content):
    with pytest.raises(ImportFileError, match="empty"):
        geography_import(source=io.BytesIO(content))
    with pytest.raises(ImportFileError, match="empty"):
        imd_import(source=io.BytesIO(content))


@pytest.mark.django_db
def test_bad_decile_is_rejected_with_line_column_and_value_and_the_rest_kept():
    geography_import(source=csv_bytes(GEO_HEADER, *STOKE_ROWS))
    summary = imd_import(
        source=csv_bytes(
            IMD_HEADER,
            "E01014226,Stoke-on-Trent 001A,E06000021,Stoke-on-Trent,100,11",
            "E01014224,Stoke-on-Trent 001B,E06000021,Stoke-on-Trent,200,2",
        )
    )
    assert (summary.created, summary.rejected) == (1, 1)
    error = summary.errors[0]
    assert (error.line, error.column, error.value) == (
        2,
        "Index of Multiple Deprivation (IMD) Decile",
        "11",
    )
    assert "1 to 10" in error.reason
    assert str(error).startswith("line 2, column 'Index of Multiple Deprivation (IMD) Decile', value '11'")
    assert list(Deprivation.objects.values_list("lsoa__code", flat=True)) == ["E01014224"]


@pytest.mark.django_db
def test_bad_decile_through_the_command_reports_and_exits_nonzero(tmp_path, capsys):
    geography_import(source=csv_bytes(GEO_HEADER, *STOKE_ROWS))
    path = tmp_path / "imd.csv"
    path.write_text(
        IMD_HEADER
        + "\nE01014226,A,E06000021,Stoke-on-Trent,100,ten\nE01014224,B,E06000021,Stoke-on-Trent,5,1\n"
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("import_imd", str(path))
    assert excinfo.value.returncode == 1
    captured = capsys.readouterr()
    assert "line 2, column 'Index of Multiple Deprivation (IMD) Decile', value 'ten'" in captured.err
    assert captured.out.strip().splitlines()[-1] == "created 1, updated 0, unchanged 0, rejected 1"


@pytest.mark.django_db
def test_unknown_authority_is_rejected_in_both_imports():
    summary = geography_import(
        source=csv_bytes(
            GEO_HEADER,
            STOKE_ROWS[0],
            "2,E01014224,Stoke-on-Trent 001B,E05008716,Bentilee and Ubberley,X99000001,Nowhere",
        )
    )
    assert (summary.created, summary.rejected) == (1, 1)
    assert summary.errors[0].column == "LAD19CD"
    assert summary.errors[0].value == "X99000001"
    assert "unknown local authority" in summary.errors[0].reason

    imd = imd_import(source=csv_bytes(IMD_HEADER, "E01014226,Stoke-on-Trent 001A,E06000099,Somewhere,100,1"))
    assert imd.rejected == 1
    assert (imd.errors[0].line, imd.errors[0].value) == (2, "E06000099")
    assert "unknown local authority" in imd.errors[0].reason
    assert Deprivation.objects.count() == 0


@pytest.mark.django_db
def test_lsoa_not_in_the_authority_the_imd_file_names_is_rejected():
    geography_import(source=csv_bytes(GEO_HEADER, *STOKE_ROWS))
    geography_import(
        source=csv_bytes(
            GEO_HEADER, "1,E01012141,Redcar and Cleveland 006D,E05012452,St Germain's,E06000003,Redcar"
        )
    )
    imd = imd_import(source=csv_bytes(IMD_HEADER, "E01014226,Stoke-on-Trent 001A,E06000003,Redcar,100,1"))
    assert imd.rejected == 1 and "in E06000021, not in E06000003" in imd.errors[0].reason


@pytest.mark.django_db
def test_duplicated_row_is_rejected_naming_the_first_line():
    summary = geography_import(source=csv_bytes(GEO_HEADER, STOKE_ROWS[0], STOKE_ROWS[1], STOKE_ROWS[0]))
    assert (summary.created, summary.rejected) == (2, 1)
    assert summary.errors[0].line == 4
    assert summary.errors[0].reason == "duplicate: this LSOA is already on line 2"

    imd_row = "E01014226,Stoke-on-Trent 001A,E06000021,Stoke-on-Trent,100,1"
    imd = imd_import(source=csv_bytes(IMD_HEADER, imd_row, imd_row))
    assert (imd.created, imd.rejected) == (1, 1)
    assert imd.errors[0].line == 3


@pytest.mark.django_db
def test_unknown_lsoa_and_malformed_codes_are_rejected():
    geography_import(source=csv_bytes(GEO_HEADER, *STOKE_ROWS))
    summary = geography_import(
        source=csv_bytes(
            GEO_HEADER, "1,E0101420,Short code,E05008716,Bentilee and Ubberley,E06000021,Stoke-on-Trent"
        )
    )
    assert summary.rejected == 1 and summary.errors[0].column == "LSOA11CD"
    imd = imd_import(source=csv_bytes(IMD_HEADER, "E01099999,Unknown,E06000021,Stoke-on-Trent,100,1"))
    assert imd.rejected == 1 and "import the geography lookup first" in imd.errors[0].reason


@pytest.mark.django_db
def test_changed_rows_and_renamed_authorities_count_as_updated():
    geography_import(source=csv_bytes(GEO_HEADER, *STOKE_ROWS))
    renamed = STOKE_ROWS[1].replace("Stoke-on-Trent 001B", "Stoke-on-Trent 001B renamed")
    summary = geography_import(source=csv_bytes(GEO_HEADER, STOKE_ROWS[0], renamed))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    assert LSOA.objects.get(code="E01014224").name == "Stoke-on-Trent 001B renamed"
    # An authority renamed in the file: both rows describe it, so both count as updated.
    moved = [row.replace(",Stoke-on-Trent", ",City of Stoke-on-Trent") for row in (STOKE_ROWS[0], renamed)]
    summary = geography_import(source=csv_bytes(GEO_HEADER, *moved))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 0)
    assert LocalAuthority.objects.get(code="E06000021").name == "City of Stoke-on-Trent"


@pytest.mark.django_db
def test_imd_file_with_score_population_and_domains():
    geography_import(source=csv_bytes(GEO_HEADER, *STOKE_ROWS))
    header = (
        "LSOA code (2011),Local Authority District code (2019),"
        "Index of Multiple Deprivation (IMD) Score,"
        "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived),"
        "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs),"
        "Income Rank (where 1 is most deprived),Income Decile (where 1 is most deprived 10% of LSOAs),"
        "Total population: mid 2015 (excluding prisoners)"
    )
    imd = imd_import(
        source=csv_bytes(
            header,
            'E01014226,E06000021,61.5,"1,000",1,"2,000",1,"1,500"',
            'E01014224,E06000021,20.25,"20,000",7,"19,000",6,"500"',
        )
    )
    assert imd.rejected == 0
    row = Deprivation.objects.get(lsoa__code="E01014226")
    assert (str(row.score), row.population, row.domains) == (
        "61.500",
        1500,
        {"income": {"rank": 2000, "decile": 1}},
    )
    summary = deprivation_summary(LSOA.objects.all(), edition=2019)
    # (1000 * 1500 + 20000 * 500) / 2000 = 5750
    assert (summary.population, str(summary.population_weighted_mean_rank)) == (2000, "5750.0")


@pytest.mark.django_db
def test_out_of_range_numbers_are_rejected_not_crashed():
    geography_import(source=csv_bytes(GEO_HEADER, *STOKE_ROWS))
    header = (
        "LSOA code (2011),Index of Multiple Deprivation (IMD) Score,Index of Multiple Deprivation (IMD) Rank,"
        "Index of Multiple Deprivation (IMD) Decile,Total population: mid 2015 (excluding prisoners)"
    )
    imd = imd_import(
        source=csv_bytes(
            header,
            "E01014226,10.5,100,1,-5",
            "E01014224,123456.5,100,1,1500",
        )
    )
    assert imd.created == 0
    assert [(e.line, e.column) for e in imd.errors] == [
        (2, "Total population: mid 2015 (excluding prisoners)"),
        (3, "Index of Multiple Deprivation (IMD) Score"),
    ]
    huge = imd_import(source=csv_bytes(header, "E01014226,10.5,99999999999999,1,1500"))
    assert huge.rejected == 1 and "rank must be a whole number from 1 to 100,000" in huge.errors[0].reason


@pytest.mark.django_db
def test_score_with_more_decimals_reimports_unchanged():
    geography_import(source=csv_bytes(GEO_HEADER, *STOKE_ROWS))
    header = "LSOA code (2011),Index of Multiple Deprivation (IMD) Score,IMD Rank,IMD Decile"
    header = header.replace("IMD Rank", "Index of Multiple Deprivation (IMD) Rank").replace(
        "IMD Decile", "Index of Multiple Deprivation (IMD) Decile"
    )
    source = ["E01014226,12.3456,100,1"]
    assert imd_import(source=csv_bytes(header, *source)).created == 1
    again = imd_import(source=csv_bytes(header, *source))
    assert (again.updated, again.unchanged) == (0, 1)


@pytest.mark.django_db
def test_unclosed_quote_and_extra_values_are_reported_not_swallowed():
    rows = [
        STOKE_ROWS[0],
        '2,E01014224,"Stoke-on-Trent 001B,E05008716,Bentilee and Ubberley,E06000021,Stoke-on-Trent',
        "3,E01014222,Stoke-on-Trent 017C,E05008716,Bentilee and Ubberley,E06000021,Stoke-on-Trent",
    ]
    summary = geography_import(source=csv_bytes(GEO_HEADER, *rows))
    assert summary.created == 1 and summary.rejected == 1
    assert summary.errors[0].line == 3 and "unclosed quote" in summary.errors[0].reason  # where it starts
    assert "runs on to line 4" in summary.errors[0].reason
    extra = geography_import(source=csv_bytes(GEO_HEADER, STOKE_ROWS[1] + ",surplus"))
    assert (
        extra.rejected == 1 and "the row has 8 values but the header has 7 columns" in extra.errors[0].reason
    )


@pytest.mark.django_db
def test_english_authority_with_no_known_region_is_rejected():
    row = "1,E01099991,Somewhere 001A,E05099991,Somewhere Ward,E06000099,New Unitary"
    summary = geography_import(source=csv_bytes(GEO_HEADER, row))
    assert summary.rejected == 1 and "no region is known" in summary.errors[0].reason
    with_region = geography_import(
        source=csv_bytes(GEO_HEADER + ",RGN19CD,RGN19NM", row + ",E12000009,South West")
    )
    assert with_region.created == 1
    assert LocalAuthority.objects.get(code="E06000099").region.name == "South West"


@pytest.mark.django_db
def test_names_longer_than_the_column_are_rejected():
    long_name = "x" * 101
    summary = geography_import(
        source=csv_bytes(GEO_HEADER, STOKE_ROWS[0].replace("Stoke-on-Trent 001A", long_name))
    )
    assert summary.rejected == 1 and summary.errors[0].column == "LSOA11NM"
