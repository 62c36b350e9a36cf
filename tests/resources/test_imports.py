"""The ONS regional GVA import, against the real tables: the nine regions' all-industries rows only,
every year, idempotent, a missing year refused by name, a bad number reported and the rest kept."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from coprod.core.csvimport import ImportFileError
from coprod.places.models import Region
from coprod.resources.imports import gva_import
from coprod.resources.models import RegionalGva
from tests.places.factories import RegionFactory
from tests.resources.conftest import CHAINED_FILE, CURRENT_FILE

REGIONS = {f"E1200000{n}" for n in range(1, 10)}


@pytest.mark.parametrize(("path", "prices"), [(CURRENT_FILE, "current"), (CHAINED_FILE, "chained")])
def test_real_file_gives_nine_regions_by_24_years(db, path, prices):
    summary = gva_import(source=path, prices=prices)
    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (216, 0, 0, 0)
    rows = RegionalGva.objects.filter(prices=prices)
    assert rows.count() == 9 * 24
    assert set(rows.values_list("region__code", flat=True)) == REGIONS
    assert set(rows.values_list("year", flat=True)) == set(range(1998, 2022))
    # Industry rows, the UK, the nations and Extra-Regio are left out, and the summary says so.
    assert any("industry rows" in w for w in summary.warnings)
    assert not Region.objects.exclude(code__in=REGIONS).exists()
    assert any(w.startswith("regions added: North East (E12000001)") for w in summary.warnings)


def test_worked_figures_are_the_all_industries_rows(db):
    gva_import(source=CURRENT_FILE, prices="current")
    gva_import(source=CHAINED_FILE, prices="chained")

    def value(code, year, prices):
        return RegionalGva.objects.get(region__code=code, year=year, prices=prices).value

    assert value("E12000001", 2019, "current") == Decimal("56008")
    assert value("E12000001", 2020, "current") == Decimal("52767")
    assert value("E12000001", 2021, "current") == Decimal("56483")
    assert value("E12000005", 2021, "current") == Decimal("146056")
    assert value("E12000001", 2021, "chained") == Decimal("53338")
    assert Region.objects.get(code="E12000001").name == "North East"


def test_a_region_already_known_keeps_its_name(db):
    RegionFactory(code="E12000001", name="North East England")
    gva_import(source=CURRENT_FILE, prices="current")
    assert Region.objects.get(code="E12000001").name == "North East England"
    assert Region.objects.filter(code__in=REGIONS).count() == 9


def test_second_run_changes_nothing(db):
    gva_import(source=CURRENT_FILE, prices="current")
    stamps = dict(RegionalGva.objects.values_list("pk", "updated_at"))
    again = gva_import(source=CURRENT_FILE, prices="current")
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 216, 0)
    assert dict(RegionalGva.objects.values_list("pk", "updated_at")) == stamps


def _text_without_column(header: str) -> str:
    lines = CURRENT_FILE.read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(lines))
    index = rows[0].index(header)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(row[:index] + row[index + 1 :])
    return out.getvalue()


def test_missing_year_column_is_refused_naming_the_header(db, tmp_path):
    path = tmp_path / "gva.csv"
    path.write_text(_text_without_column("2005"), encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"missing required headers: 2005 \("):
        gva_import(source=path, prices="current")
    assert not RegionalGva.objects.exists()
    with pytest.raises(CommandError, match="missing required headers: 2005"):
        call_command("import_gva", str(path), "--prices", "current", stdout=io.StringIO())


def test_bad_number_is_reported_with_its_line_and_value_and_other_rows_kept(db, tmp_path):
    text = CURRENT_FILE.read_text(encoding="utf-8")
    north_east = next(line for line in text.splitlines() if line.startswith("TLC,North East,Total,"))
    assert '"56,008"' in north_east
    path = tmp_path / "gva.csv"
    path.write_text(text.replace(north_east, north_east.replace('"56,008"', '"56,0O8"')), encoding="utf-8")
    summary = gva_import(source=path, prices="current")
    assert summary.rejected == 1
    error = summary.errors[0]
    assert (error.line, error.column, error.value) == (216, "2019", "56,0O8")
    assert "line 216, column '2019', value '56,0O8'" in str(error)
    assert summary.created == 8 * 24
    assert not RegionalGva.objects.filter(region__code="E12000001").exists()
    assert RegionalGva.objects.filter(region__code="E12000005").count() == 24


def test_command_reports_rejected_rows_and_ends_with_the_summary_line(db, tmp_path):
    text = CURRENT_FILE.read_text(encoding="utf-8")
    path = tmp_path / CURRENT_FILE.name  # the same release: its other rows are unchanged on re-import
    path.write_text(text.replace("TLK,South West,Total,", "TLQ,South West,Total,"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 rows rejected"):
        call_command("import_gva", str(path), "--prices", "current", stdout=out, stderr=err)
    assert out.getvalue().strip().splitlines()[-1] == "created 192, updated 0, unchanged 0, rejected 1"
    assert "line 1072, column 'ITL region code', value 'TLQ'" in err.getvalue()
    out = io.StringIO()
    call_command("import_gva", str(CURRENT_FILE), "--prices", "current", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip().splitlines()[-1] == "created 24, updated 0, unchanged 192, rejected 0"
