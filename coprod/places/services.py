"""Writes to places: the geography lookup and IMD imports, each in one transaction.

Both imports find columns by header name, report every rejected row with its line, column, value and
reason, keep every valid row, and change nothing when re-run on the same file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Model, QuerySet

from coprod.audit.services import record_import
from coprod.core.bulk import refresh_statistics, update_rows
from coprod.core.csvimport import (
    Column,
    ImportFileError,
    ImportSummary,
    Row,
    RowError,
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
    WALES,
    WARD_CODE,
    ImdEdition,
    LsoaVintage,
    tier_for_code,
)
from coprod.places.models import LSOA, Deprivation, LocalAuthority, Region, Ward

REGION_REFERENCE = Path(__file__).parent / "reference" / "lad19_region.csv"
BATCH = 2000
NAME_LENGTH = 100  # the names' column width in the database


def region_reference() -> dict[str, tuple[str, str]]:
    """ONS Local Authority District to Region (2019): authority code -> (region code, name)."""
    with open(REGION_REFERENCE, encoding="utf-8", newline="") as handle:
        return {r["LAD19CD"]: (r["RGN19CD"], r["RGN19NM"]) for r in csv.DictReader(handle)}


def _year(header: str) -> int:
    """'LSOA11CD' -> 2011, 'WD19CD' -> 2019."""
    digits = re.search(r"(\d\d)", header)
    assert digits is not None  # the column pattern guarantees two digits
    return 2000 + int(digits.group(1))


def _upsert(existing: QuerySet, wanted: dict[str, dict], make: Callable[[str, dict], Model]) -> set[str]:
    """Create the missing records and update the changed ones, by code; returns the changed codes.

    `wanted` maps each code to the field values (attribute names, e.g. region_id) it should have.
    """
    current = {obj.code: obj for obj in existing}
    fields = sorted({f for values in wanted.values() for f in values})
    new, changed = [], []
    for code, values in wanted.items():
        obj = current.get(code)
        if obj is None:
            new.append(make(code, values))
        elif any(getattr(obj, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(obj, f, v)
            changed.append(obj)
    existing.model.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        bulk_update_stamped(existing.model, changed, fields, batch_size=BATCH)
    return {obj.code for obj in changed}


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


def _tier(code: str) -> str:
    tier = tier_for_code(code)
    assert tier is not None  # rows with other authority codes were refused
    return tier


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
    summary.ignore_columns(headers)
    valid: list[_GeoRow] = []
    first_line: dict[str, int] = {}
    ward_home: dict[str, tuple[str, int]] = {}
    for row in rows:
        if row.problem:
            summary.errors.append(row.shape_error())
            continue
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
                if len(v[name]) > NAME_LENGTH:
                    problem = row.error(name, f"a name is at most {NAME_LENGTH} characters")
                    break
        region = None
        if problem is None and has_regions and v.get("region_code"):
            if REGION_CODE.fullmatch(v["region_code"]) is None:
                problem = row.error("region_code", "not a region code (E12 and six digits, or W92000004)")
            else:
                region = (v["region_code"], v.get("region_name") or v["region_code"])
        elif problem is None and not has_regions:
            region = reference.get(v["lad_code"]) or (WALES if v["lad_code"].startswith("W") else None)
            if region is None and v["lad_code"].startswith("E"):
                problem = row.error(
                    "lad_code",
                    "no region is known for this English authority: add RGNyyCD and RGNyyNM columns",
                )
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

    # Regions, authorities and wards: one upsert each, keyed by code.
    _upsert(
        Region.objects.all(),
        {r.region[0]: {"name": r.region[1]} for r in reversed(valid) if r.region},
        lambda code, values: Region(code=code, **values),
    )
    region_ids = dict(Region.objects.values_list("code", "pk"))
    changed_lads = _upsert(
        LocalAuthority.objects.filter(year=lad_year),
        {
            r.lad[0]: {"name": r.lad[1], "region_id": region_ids[r.region[0]] if r.region else None}
            for r in reversed(valid)
        },
        lambda code, values: LocalAuthority(code=code, year=lad_year, tier=_tier(code), **values),
    )
    authorities = dict(LocalAuthority.objects.filter(year=lad_year).values_list("code", "pk"))
    changed_wards = _upsert(
        Ward.objects.filter(year=ward_year),
        {
            r.ward[0]: {"name": r.ward[1], "local_authority_id": authorities[r.lad[0]]}
            for r in reversed(valid)
        },
        lambda code, values: Ward(code=code, year=ward_year, **values),
    )
    ward_ids = dict(Ward.objects.filter(year=ward_year).values_list("code", "pk"))

    # LSOAs, and the per-row counts: a row is updated when anything it describes changed.
    existing = set(LSOA.objects.filter(vintage=vintage).values_list("code", flat=True))
    changed_lsoas = _upsert(
        LSOA.objects.filter(vintage=vintage),
        {
            r.lsoa[0]: {
                "name": r.lsoa[1],
                "local_authority_id": authorities[r.lad[0]],
                "ward_id": ward_ids[r.ward[0]],
            }
            for r in valid
        },
        lambda code, values: LSOA(code=code, vintage=vintage, **values),
    )
    for r in valid:
        if r.lsoa[0] not in existing:
            summary.created += 1
        elif r.lsoa[0] in changed_lsoas or r.lad[0] in changed_lads or r.ward[0] in changed_wards:
            summary.updated += 1
        else:
            summary.unchanged += 1
    refresh_statistics(Region, LocalAuthority, Ward, LSOA)
    record_import(model=LSOA, source=source, summary=summary)
    return summary


# The population denominators (File 6, and File 7 beside the ranks), by the names Deprivation keeps.
POPULATION_COLUMNS = {
    "population": (r"total population.*", "Total population"),
    "children": (r"dependent children aged 0-15.*", "Dependent Children aged 0-15"),
    "aged_16_59": (r"population aged 16-59.*", "Population aged 16-59"),
    "aged_60_plus": (r"older population aged 60 and over.*", "Older population aged 60 and over"),
    "working_age": (r"working age population.*", "Working age population 18-59/64"),
}
RANK_COLUMNS = ("rank", "decile")

IMD_COLUMNS = [
    Column("lsoa_code", r"lsoa code( \(\d{4}\))?", "LSOA code (2011)"),
    Column(
        "lad_code",
        r"local authority district code( \(\d{4}\))?",
        "Local Authority District code (2019)",
        required=False,
    ),
    # Required in a file of ranks (File 1, 2 or 7); a file of population denominators (File 6) has none.
    Column(
        "rank",
        r"index of multiple deprivation \(imd\) rank.*",
        "Index of Multiple Deprivation (IMD) Rank",
        required=False,
    ),
    Column(
        "decile",
        r"index of multiple deprivation \(imd\) decile.*",
        "Index of Multiple Deprivation (IMD) Decile",
        required=False,
    ),
    Column("score", r"index of multiple deprivation \(imd\) score.*", "IMD Score", required=False),
    *[Column(name, pattern, label, required=False) for name, (pattern, label) in POPULATION_COLUMNS.items()],
    *[
        Column(f"{key}_{part}", rf"{re.escape(prefix)} {part}\b.*", f"{prefix} {part}", required=False)
        for key, prefix in IMD_DOMAINS.items()
        for part in ("rank", "decile")
    ],
]


# More LSOAs than England and Wales will ever have; a larger rank is a typing error.
MAX_RANK = 100_000
# More people than any LSOA holds by far (they average about 1,700); a larger figure is a typing error.
MAX_PEOPLE = 1_000_000


def _parse_decile(row: Row, name: str) -> tuple[int | None, RowError | None]:
    try:
        decile = parse_int(row.values[name])
    except ValueError as exc:
        return None, row.error(name, f"decile must be a whole number from 1 to 10 ({exc})")
    if not 1 <= decile <= 10:
        return None, row.error(name, "decile must be a whole number from 1 to 10")
    return decile, None


def _parse_rank(row: Row, name: str) -> tuple[int | None, RowError | None]:
    try:
        rank = parse_int(row.values[name], minimum=1, maximum=MAX_RANK)
    except ValueError as exc:
        return None, row.error(name, f"rank must be a whole number from 1 to {MAX_RANK:,} ({exc})")
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
    bands = [name for name in POPULATION_COLUMNS if name in headers]
    if not all(name in headers for name in RANK_COLUMNS):
        if "population" not in headers:
            missing = ", ".join(
                c.label for c in IMD_COLUMNS if c.name in RANK_COLUMNS and c.name not in headers
            )
            raise ImportFileError(
                f"missing required headers: {missing} (or, in a file of population denominators, "
                "Total population)"
            )
        return _population_import(source, rows, headers, bands=bands, edition=edition, vintage=vintage)
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
    summary.ignore_columns(headers)
    first_line: dict[str, int] = {}
    new, changed = [], []
    for row in rows:
        if row.problem:
            summary.errors.append(row.shape_error())
            continue
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
        score = None
        if problem is None and v.get("score"):
            try:
                score = Decimal(parse_decimal_str(v["score"])).quantize(Decimal("0.001"))
                if abs(score) >= 10000:
                    raise ValueError("a score is less than 10,000")
            except ValueError as exc:
                problem = row.error("score", str(exc))
        people: dict[str, int | None] = {}
        if problem is None:
            people, problem = _parse_people(row, bands)
        domains: dict[str, dict[str, int | None]] = {}
        for key in domain_keys:
            if problem is not None:
                break
            entry: dict[str, int | None] = {}
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
        values = {"rank": rank, "decile": decile, "score": score, "domains": domains, **people}
        current = existing.get(lsoa_id)
        if current is None:
            new.append(Deprivation(lsoa_id=lsoa_id, edition=edition, **values))
            summary.created += 1
        elif any(getattr(current, k) != val for k, val in values.items()):
            changed.append((current.pk, *values.values()))
            summary.updated += 1
        else:
            summary.unchanged += 1
    Deprivation.objects.bulk_create(new, batch_size=BATCH)
    update_rows(Deprivation, ["rank", "decile", "score", "domains", *bands], changed)
    refresh_statistics(Deprivation)
    record_import(model=Deprivation, source=source, summary=summary)
    return summary


def _parse_people(row: Row, bands: list[str]) -> tuple[dict[str, int | None], RowError | None]:
    """A row's population denominators (empty cells are not known), or the first that cannot be read."""
    people: dict[str, int | None] = {}
    for name in bands:
        text = row.values.get(name, "")
        try:
            people[name] = parse_int(text, minimum=0, maximum=MAX_PEOPLE) if text else None
        except ValueError as exc:
            return {}, row.error(name, f"a number of people must be a whole number ({exc})")
    return people, None


def _population_import(
    source, rows, headers, *, bands: list[str], edition: int, vintage: int
) -> ImportSummary:
    """A file of population denominators (IoD File 6): each LSOA's people, by age, beside the ranks
    of the same edition, which must be imported first (File 1, 2 or 7)."""
    ranked = {d.lsoa.code: d for d in Deprivation.objects.filter(edition=edition).select_related("lsoa")}
    known = set(LSOA.objects.filter(vintage=vintage).values_list("code", flat=True))
    summary = ImportSummary()
    summary.ignore_columns(headers)
    first_line: dict[str, int] = {}
    changed = []
    for row in rows:
        if row.problem:
            summary.errors.append(row.shape_error())
            continue
        code = row.values["lsoa_code"]
        problem = None
        if LSOA_CODE.fullmatch(code) is None:
            problem = row.error("lsoa_code", "not an LSOA code (E01 or W01 and six digits)")
        elif code in first_line:
            problem = row.error("lsoa_code", f"duplicate: this LSOA is already on line {first_line[code]}")
        elif code not in known:
            problem = row.error(
                "lsoa_code", f"unknown LSOA for the {vintage} boundaries: import the geography lookup first"
            )
        elif code not in ranked:
            problem = row.error(
                "lsoa_code", f"this LSOA has no IMD {edition} ranks yet: import the ranks (File 1) first"
            )
        people: dict[str, int | None] = {}
        if problem is None:
            people, problem = _parse_people(row, bands)
        if problem is None and people.get("population") is None:
            problem = row.error("population", "the total population is empty")
        if problem is not None:
            summary.errors.append(problem)
            continue
        first_line[code] = row.line
        current = ranked[code]
        if any(getattr(current, k) != v for k, v in people.items()):
            changed.append((current.pk, *(people[k] for k in bands)))
            summary.updated += 1
        else:
            summary.unchanged += 1
    update_rows(Deprivation, bands, changed)
    refresh_statistics(Deprivation)
    record_import(model=Deprivation, source=source, summary=summary)
    return summary
