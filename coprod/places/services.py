"""Writes to places: the geography lookup and IMD imports, each in one transaction.

Both imports find columns by header name, report every rejected row with its line, column, value and
reason, keep every valid row, and change nothing when re-run on the same file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from coprod.core.csvimport import (
    Column,
    ImportFileError,
    ImportSummary,
    Row,
    parse_decimal_str,
    parse_int,
    read_rows,
)
from coprod.core.models import bulk_update_stamped
from coprod.places.choices import (
    IMD_DOMAINS,
    LSOA_CODE,
    REGION_CODE,
    VINTAGE_OF_EDITION,
    WARD_CODE,
    ImdEdition,
    LsoaVintage,
    tier_for_code,
)
from coprod.places.models import LSOA, Deprivation, LocalAuthority, Region, Ward

REGION_REFERENCE = Path(__file__).parent / "reference" / "lad19_region.csv"
BATCH = 2000


def region_reference() -> dict[str, tuple[str, str]]:
    """ONS Local Authority District to Region (2019): authority code -> (region code, name)."""
    with open(REGION_REFERENCE, encoding="utf-8", newline="") as handle:
        return {r["LAD19CD"]: (r["RGN19CD"], r["RGN19NM"]) for r in csv.DictReader(handle)}


def _year(header: str) -> int:
    """'LSOA11CD' -> 2011, 'WD19CD' -> 2019."""
    digits = re.search(r"(\d\d)", header)
    assert digits is not None  # the column pattern guarantees two digits
    return 2000 + int(digits.group(1))


GEOGRAPHY_COLUMNS = [
    Column("lsoa_code", r"lsoa\d\dcd", "LSOA11CD or LSOA21CD"),
    Column("lsoa_name", r"lsoa\d\dnm", "LSOA11NM or LSOA21NM"),
    Column("ward_code", r"wd\d\dcd", "WDyyCD"),
    Column("ward_name", r"wd\d\dnm", "WDyyNM"),
    Column("lad_code", r"lad\d\dcd", "LADyyCD"),
    Column("lad_name", r"lad\d\dnm", "LADyyNM"),
    Column("region_code", r"rgn\d\dcd", "RGNyyCD", required=False),
    Column("region_name", r"rgn\d\dnm", "RGNyyNM", required=False),
]


@dataclass
class _GeoRow:
    line: int
    lsoa: tuple[str, str]
    ward: tuple[str, str]
    lad: tuple[str, str]
    region: tuple[str, str] | None


def _check_code(row: Row, name: str, pattern: re.Pattern, what: str) -> str | None:
    value = row.values[name]
    if pattern.fullmatch(value) is None:
        return what
    return None


@transaction.atomic
def geography_import(*, source: str | Path | io.IOBase) -> ImportSummary:
    """Import an ONS LSOA to ward to local authority lookup (and regions, where the file has them).

    Regions come from RGNyyCD/RGNyyNM columns when present, otherwise from the bundled ONS 2019
    authority-to-region lookup. Counts are per row: a row is 'updated' when anything it describes
    (its LSOA, ward or authority) changed.
    """
    headers, rows = read_rows(source, GEOGRAPHY_COLUMNS)
    vintage = _year(headers["lsoa_code"])
    if vintage not in LsoaVintage.values:
        raise ImportFileError(
            f"column '{headers['lsoa_code']}' names LSOAs of {vintage}; only 2011 and 2021 are known"
        )
    ward_year = _year(headers["ward_code"])
    lad_year = _year(headers["lad_code"])
    has_regions = "region_code" in headers
    reference = {} if has_regions else region_reference()

    summary = ImportSummary()
    valid: list[_GeoRow] = []
    first_line: dict[str, int] = {}
    ward_home: dict[str, tuple[str, int]] = {}
    for row in rows:
        v = row.values
        problem = None
        checks = [
            ("lsoa_code", LSOA_CODE, "not an LSOA code (E01 or W01 and six digits)"),
            ("ward_code", WARD_CODE, "not a ward code (E05 or W05 and six digits)"),
        ]
        for name, pattern, what in checks:
            if reason := _check_code(row, name, pattern, what):
                problem = row.error(name, reason)
                break
        if problem is None and tier_for_code(v["lad_code"]) is None:
            problem = row.error("lad_code", "unknown local authority: not an E06, E07, E08, E09 or W06 code")
        if problem is None:
            for name in ("lsoa_name", "ward_name", "lad_name"):
                if not v[name]:
                    problem = row.error(name, "a name is required")
                    break
        region = None
        if problem is None and has_regions and v.get("region_code"):
            if REGION_CODE.fullmatch(v["region_code"]) is None:
                problem = row.error("region_code", "not a region code (E12 and six digits)")
            else:
                region = (v["region_code"], v.get("region_name") or v["region_code"])
        elif problem is None and not has_regions:
            region = reference.get(v["lad_code"])
        if problem is None and v["lsoa_code"] in first_line:
            problem = row.error(
                "lsoa_code", f"duplicate: this LSOA is already on line {first_line[v['lsoa_code']]}"
            )
        if problem is None and v["ward_code"] in ward_home:
            home, home_line = ward_home[v["ward_code"]]
            if home != v["lad_code"]:
                problem = row.error(
                    "lad_code", f"this ward is in {home} on line {home_line}, not in {v['lad_code']}"
                )
        if problem is not None:
            summary.errors.append(problem)
            continue
        first_line[v["lsoa_code"]] = row.line
        ward_home.setdefault(v["ward_code"], (v["lad_code"], row.line))
        valid.append(
            _GeoRow(
                line=row.line,
                lsoa=(v["lsoa_code"], v["lsoa_name"]),
                ward=(v["ward_code"], v["ward_name"]),
                lad=(v["lad_code"], v["lad_name"]),
                region=region,
            )
        )

    # Regions.
    regions = {r.code: r for r in Region.objects.all()}
    wanted_regions = {r.region[0]: r.region[1] for r in valid if r.region}
    new_regions = [Region(code=c, name=n) for c, n in wanted_regions.items() if c not in regions]
    Region.objects.bulk_create(new_regions)
    changed_regions = []
    for code, name in wanted_regions.items():
        if code in regions and regions[code].name != name:
            regions[code].name = name
            changed_regions.append(regions[code])
    bulk_update_stamped(Region, changed_regions, ["name"])
    regions = {r.code: r for r in Region.objects.all()}

    # Local authorities.
    changed: set[tuple[str, str]] = set()
    authorities = {a.code: a for a in LocalAuthority.objects.filter(year=lad_year)}
    wanted_lads: dict[str, tuple[str, int | None]] = {}
    for r in valid:
        region_id = regions[r.region[0]].pk if r.region else None
        wanted_lads.setdefault(r.lad[0], (r.lad[1], region_id))
    new_lads, changed_lads = [], []
    for code, (name, region_id) in wanted_lads.items():
        current = authorities.get(code)
        if current is None:
            new_lads.append(
                LocalAuthority(
                    code=code, year=lad_year, name=name, tier=tier_for_code(code), region_id=region_id
                )
            )
        elif (current.name, current.region_id) != (name, region_id):
            current.name, current.region_id = name, region_id
            changed_lads.append(current)
            changed.add(("lad", code))
    LocalAuthority.objects.bulk_create(new_lads, batch_size=BATCH)
    bulk_update_stamped(LocalAuthority, changed_lads, ["name", "region"], batch_size=BATCH)
    authorities = {a.code: a.pk for a in LocalAuthority.objects.filter(year=lad_year)}

    # Wards.
    wards = {w.code: w for w in Ward.objects.filter(year=ward_year)}
    wanted_wards = {}
    for r in valid:
        wanted_wards.setdefault(r.ward[0], (r.ward[1], authorities[r.lad[0]]))
    new_wards, changed_wards = [], []
    for code, (name, lad_id) in wanted_wards.items():
        current = wards.get(code)
        if current is None:
            new_wards.append(Ward(code=code, year=ward_year, name=name, local_authority_id=lad_id))
        elif (current.name, current.local_authority_id) != (name, lad_id):
            current.name, current.local_authority_id = name, lad_id
            changed_wards.append(current)
            changed.add(("ward", code))
    Ward.objects.bulk_create(new_wards, batch_size=BATCH)
    bulk_update_stamped(Ward, changed_wards, ["name", "local_authority"], batch_size=BATCH)
    ward_ids = {w.code: w.pk for w in Ward.objects.filter(year=ward_year)}

    # LSOAs, and the per-row counts.
    lsoas = {x.code: x for x in LSOA.objects.filter(vintage=vintage)}
    new_lsoas, changed_lsoas = [], []
    for r in valid:
        lad_id, ward_id = authorities[r.lad[0]], ward_ids[r.ward[0]]
        current = lsoas.get(r.lsoa[0])
        if current is None:
            new_lsoas.append(
                LSOA(
                    code=r.lsoa[0],
                    vintage=vintage,
                    name=r.lsoa[1],
                    local_authority_id=lad_id,
                    ward_id=ward_id,
                )
            )
            summary.created += 1
            continue
        if (current.name, current.local_authority_id, current.ward_id) != (r.lsoa[1], lad_id, ward_id):
            current.name, current.local_authority_id, current.ward_id = r.lsoa[1], lad_id, ward_id
            changed_lsoas.append(current)
            summary.updated += 1
        elif ("lad", r.lad[0]) in changed or ("ward", r.ward[0]) in changed:
            summary.updated += 1
        else:
            summary.unchanged += 1
    LSOA.objects.bulk_create(new_lsoas, batch_size=BATCH)
    bulk_update_stamped(LSOA, changed_lsoas, ["name", "local_authority", "ward"], batch_size=BATCH)
    return summary


IMD_COLUMNS = [
    Column("lsoa_code", r"lsoa code( \(\d{4}\))?", "LSOA code (2011)"),
    Column(
        "lad_code",
        r"local authority district code( \(\d{4}\))?",
        "Local Authority District code (2019)",
        required=False,
    ),
    Column(
        "rank", r"index of multiple deprivation \(imd\) rank.*", "Index of Multiple Deprivation (IMD) Rank"
    ),
    Column(
        "decile",
        r"index of multiple deprivation \(imd\) decile.*",
        "Index of Multiple Deprivation (IMD) Decile",
    ),
    Column("score", r"index of multiple deprivation \(imd\) score.*", "IMD Score", required=False),
    Column("population", r"total population.*", "Total population", required=False),
    *[
        Column(f"{key}_{part}", rf"{re.escape(prefix)} {part}\b.*", f"{prefix} {part}", required=False)
        for key, prefix in IMD_DOMAINS.items()
        for part in ("rank", "decile")
    ],
]


def _parse_decile(row: Row, name: str) -> tuple[int | None, object]:
    try:
        decile = parse_int(row.values[name])
    except ValueError as exc:
        return None, row.error(name, f"decile must be a whole number from 1 to 10 ({exc})")
    if not 1 <= decile <= 10:
        return None, row.error(name, "decile must be a whole number from 1 to 10")
    return decile, None


def _parse_rank(row: Row, name: str) -> tuple[int | None, object]:
    try:
        rank = parse_int(row.values[name])
    except ValueError as exc:
        return None, row.error(name, f"rank must be a whole number of 1 or more ({exc})")
    if rank < 1:
        return None, row.error(name, "rank must be a whole number of 1 or more")
    return rank, None


@transaction.atomic
def imd_import(*, source: str | Path | io.IOBase, edition: int = ImdEdition.E2019) -> ImportSummary:
    """Import IMD ranks and deciles (and scores, domains and population where the file has them).

    The LSOAs must already be known from the geography lookup, in the boundaries the edition uses.
    """
    if edition not in ImdEdition.values:
        raise ImportFileError(f"unknown IMD edition {edition}; known: {ImdEdition.values}")
    vintage = VINTAGE_OF_EDITION[ImdEdition(edition)]
    headers, rows = read_rows(source, IMD_COLUMNS)
    domain_keys = [k for k in IMD_DOMAINS if f"{k}_rank" in headers or f"{k}_decile" in headers]

    lsoas = {
        code: (pk, lad)
        for code, pk, lad in LSOA.objects.filter(vintage=vintage).values_list(
            "code", "pk", "local_authority__code"
        )
    }
    known_lads = set(LocalAuthority.objects.values_list("code", flat=True))
    existing = {d.lsoa_id: d for d in Deprivation.objects.filter(edition=edition)}

    summary = ImportSummary()
    first_line: dict[str, int] = {}
    new, changed = [], []
    for row in rows:
        v = row.values
        code = v["lsoa_code"]
        problem = None
        if LSOA_CODE.fullmatch(code) is None:
            problem = row.error("lsoa_code", "not an LSOA code (E01 or W01 and six digits)")
        elif code in first_line:
            problem = row.error("lsoa_code", f"duplicate: this LSOA is already on line {first_line[code]}")
        elif "lad_code" in v and v["lad_code"] not in known_lads:
            problem = row.error(
                "lad_code", "unknown local authority: import the geography lookup that has it first"
            )
        elif code not in lsoas:
            problem = row.error(
                "lsoa_code",
                f"unknown LSOA for the {vintage} boundaries: import the geography lookup first",
            )
        elif "lad_code" in v and v["lad_code"] != lsoas[code][1]:
            problem = row.error("lad_code", f"this LSOA is in {lsoas[code][1]}, not in {v['lad_code']}")
        rank = decile = None
        if problem is None:
            rank, problem = _parse_rank(row, "rank")
        if problem is None:
            decile, problem = _parse_decile(row, "decile")
        score = population = None
        if problem is None and v.get("score"):
            try:
                score = Decimal(parse_decimal_str(v["score"]))
            except ValueError as exc:
                problem = row.error("score", str(exc))
        if problem is None and v.get("population"):
            try:
                population = parse_int(v["population"])
            except ValueError as exc:
                problem = row.error("population", str(exc))
        domains: dict[str, dict[str, int]] = {}
        for key in domain_keys:
            if problem is not None:
                break
            entry = {}
            if v.get(f"{key}_rank"):
                entry["rank"], problem = _parse_rank(row, f"{key}_rank")
            if problem is None and v.get(f"{key}_decile"):
                entry["decile"], problem = _parse_decile(row, f"{key}_decile")
            if entry:
                domains[key] = entry
        if problem is not None:
            summary.errors.append(problem)
            continue
        first_line[code] = row.line
        lsoa_id = lsoas[code][0]
        values = {
            "rank": rank,
            "decile": decile,
            "score": score,
            "domains": domains,
            "population": population,
        }
        current = existing.get(lsoa_id)
        if current is None:
            new.append(Deprivation(lsoa_id=lsoa_id, edition=edition, **values))
            summary.created += 1
        elif any(getattr(current, k) != val for k, val in values.items()):
            for k, val in values.items():
                setattr(current, k, val)
            changed.append(current)
            summary.updated += 1
        else:
            summary.unchanged += 1
    Deprivation.objects.bulk_create(new, batch_size=BATCH)
    bulk_update_stamped(
        Deprivation, changed, ["rank", "decile", "score", "domains", "population"], batch_size=BATCH
    )
    return summary
