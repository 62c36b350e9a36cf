"""The ONS regional GVA import: each English region's all-industries GVA per year, one price basis
per file.

The ONS table (regional gross value added, balanced, by industry, ITL1) has one row per region and
industry and one column per year, numbers quoted with thousands separators. Only the rows with SIC07
code "Total" (all industries) of the nine English regions are imported; the industry rows and the UK,
England, Wales, Scotland, Northern Ireland and Extra-Regio rows are left out and the summary says how
many. Columns are found by header name; every year from 1998 to the last one in the file must be
there. Re-running the same file changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from coprod.audit.services import file_name, record_import
from coprod.core.bulk import refresh_statistics
from coprod.core.csvimport import (
    Column,
    ImportFileError,
    ImportSummary,
    normalise_header,
    open_text,
    parse_decimal_str,
    read_rows,
)
from coprod.core.models import bulk_update_stamped
from coprod.places.models import Region
from coprod.places.services import region_reference
from coprod.resources.choices import Prices
from coprod.resources.models import RegionalGva

# ITL1 codes of the English regions and the ONS region codes they are (shared/data/README.md).
ITL1_REGIONS = {
    "TLC": "E12000001",  # North East
    "TLD": "E12000002",  # North West
    "TLE": "E12000003",  # Yorkshire and The Humber
    "TLF": "E12000004",  # East Midlands
    "TLG": "E12000005",  # West Midlands
    "TLH": "E12000006",  # East
    "TLI": "E12000007",  # London
    "TLJ": "E12000008",  # South East
    "TLK": "E12000009",  # South West
}
# The United Kingdom, England, the other nations and Extra-Regio: not regions a unit serves.
NOT_REGIONS = {"UK", "UKX", "TLB", "TLL", "TLM", "TLN", "TLZ"}
ALL_INDUSTRIES = "total"
# The ONS series starts in 1998; a release that drops a year in between is not the table expected.
FIRST_YEAR, LAST_KNOWN_YEAR = 1998, 2021
YEAR_HEADER = re.compile(r"(19|20)\d\d")
# A GVA figure in £ million, as the value column holds it.
MAX_VALUE = Decimal("999999999")
GVA_PLACES = Decimal("0.001")

FIXED_COLUMNS = [
    Column("itl_code", r"itl region code", "ITL region code"),
    Column("itl_name", r"itl region name", "ITL region name", required=False),
    Column("sic_code", r"sic07 code", "SIC07 code"),
    Column("sic_name", r"sic07 description", "SIC07 description", required=False),
]


def _year_columns(handle: io.TextIOBase) -> list[Column]:
    """A column for every year from 1998 to the latest in the header (2021 at least), so a missing
    year in between is refused by name."""
    first = next(csv.reader(handle), [])
    handle.seek(0)
    years = [int(h) for h in map(normalise_header, first) if YEAR_HEADER.fullmatch(h)]
    last = max([LAST_KNOWN_YEAR, *years])
    return [Column(f"y{year}", str(year), str(year)) for year in range(FIRST_YEAR, last + 1)]


def _parse_gva(value: str) -> Decimal:
    """'56,483' or '-2,867' as £ million; ValueError when not a number or too large."""
    try:
        number = Decimal(parse_decimal_str(value)).quantize(GVA_PLACES)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if abs(number) > MAX_VALUE:
        raise ValueError(f"a GVA figure in £ million is at most {MAX_VALUE:,}")
    return number


def _regions(summary: ImportSummary) -> dict[str, int]:
    """The nine English regions' ids by ONS code, adding any not yet known under their ONS names,
    as the geography import does, so a later geography import finds them as they are."""
    names = dict(region_reference().values())
    known = dict(Region.objects.filter(code__in=ITL1_REGIONS.values()).values_list("code", "pk"))
    missing = [Region(code=code, name=names[code]) for code in ITL1_REGIONS.values() if code not in known]
    if missing:
        summary.warnings.append("regions added: " + ", ".join(f"{r.name} ({r.code})" for r in missing))
    for region in Region.objects.bulk_create(missing):
        known[region.code] = region.pk
    if len(known) < len(ITL1_REGIONS):  # bulk_create gives no ids on some databases
        known = dict(Region.objects.filter(code__in=ITL1_REGIONS.values()).values_list("code", "pk"))
    return known


@transaction.atomic
def gva_import(*, source: str | Path | io.IOBase, prices: str) -> ImportSummary:
    """Import one ONS regional GVA table (current prices or chained volume measures).

    Counts are per region and year: 9 regions × 24 years from the 2021 release. A row with a value
    that is not a number is rejected whole (line, column and value reported) and the others kept.
    """
    if prices not in Prices.values:
        raise ImportFileError(f"unknown price basis '{prices}'; give one of {', '.join(Prices.values)}")
    handle = open_text(source)
    year_columns = _year_columns(handle)
    headers, rows = read_rows(handle, [*FIXED_COLUMNS, *year_columns])
    summary = ImportSummary()
    summary.ignore_columns(headers)
    name = file_name(source)

    wanted: dict[tuple[str, int], Decimal] = {}
    first_line: dict[str, int] = {}
    industries = others = 0
    for row in rows:
        if row.problem:
            summary.errors.append(row.shape_error())
            continue
        code = row.values["itl_code"].upper()
        if row.values["sic_code"].lower() != ALL_INDUSTRIES:
            industries += 1
            continue
        if code in NOT_REGIONS:
            others += 1
            continue
        if code not in ITL1_REGIONS:
            summary.errors.append(
                row.error("itl_code", "not an ITL1 code of an English region (TLC to TLK) or of the UK")
            )
            continue
        if code in first_line:
            summary.errors.append(
                row.error(
                    "itl_code", f"duplicate: this region's all-industries row is on line {first_line[code]}"
                )
            )
            continue
        values: dict[tuple[str, int], Decimal] = {}
        for column in year_columns:
            try:
                values[(ITL1_REGIONS[code], int(column.label))] = _parse_gva(row.values[column.name])
            except ValueError as exc:
                summary.errors.append(row.error(column.name, f"GVA must be a number of £ million ({exc})"))
                break
        else:
            first_line[code] = row.line
            wanted.update(values)
    if industries or others:
        summary.warnings.append(
            f"rows not imported: {industries} industry rows, {others} all-industries rows for the UK, "
            "its nations and Extra-Regio"
        )

    region_ids = _regions(summary)
    existing = {(gva.region_id, gva.year): gva for gva in RegionalGva.objects.filter(prices=prices)}
    new, changed = [], []
    for (region_code, year), value in wanted.items():
        region_id = region_ids[region_code]
        current = existing.get((region_id, year))
        if current is None:
            new.append(RegionalGva(region_id=region_id, year=year, prices=prices, value=value, source=name))
            summary.created += 1
        elif current.value != value or current.source != name:
            current.value, current.source = value, name
            changed.append(current)
            summary.updated += 1
        else:
            summary.unchanged += 1
    RegionalGva.objects.bulk_create(new)
    bulk_update_stamped(RegionalGva, changed, ["value", "source"])
    refresh_statistics(RegionalGva)
    record_import(model=RegionalGva, source=source, summary=summary)
    return summary
