"""Reads over places: the deprivation summary that neighbourhood, authority and region pages share."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from coprod.places.choices import VINTAGE_OF_EDITION, ImdEdition
from coprod.places.models import LSOA, Deprivation, LocalAuthority, PublicBody


@dataclass(frozen=True)
class DeprivationSummary:
    """How deprived a set of LSOAs is in one IMD edition.

    decile_counts has all ten deciles (zero where none); decile_1_share is a percentage to one
    decimal place; the population-weighted mean rank is given only when every LSOA's population is
    known, because a partial weighting would mislead.
    """

    edition: int
    lsoa_count: int
    ranked_count: int
    decile_counts: dict[int, int] = field(default_factory=dict)
    decile_1_count: int = 0
    decile_1_share: Decimal | None = None
    population: int | None = None
    population_weighted_mean_rank: Decimal | None = None
    welsh_count: int = 0  # Welsh LSOAs (W01), which the English IMD does not rank

    @property
    def not_for_wales(self) -> bool:
        """Every LSOA is Welsh and none is ranked: the English index says nothing of them (rather
        than that none is deprived) until the Welsh index is imported."""
        return bool(self.lsoa_count) and self.welsh_count == self.lsoa_count and not self.ranked_count

    def as_json(self) -> dict:
        data = asdict(self)
        data["decile_counts"] = {str(k): v for k, v in self.decile_counts.items()}
        for key in ("decile_1_share", "population_weighted_mean_rank"):
            data[key] = None if data[key] is None else str(data[key])
        return data


def current_edition() -> int:
    return settings.COPROD_IMD_EDITION


def current_vintage() -> int:
    """The LSOA boundaries the current IMD edition ranks (2011 for IMD 2019)."""
    return VINTAGE_OF_EDITION[ImdEdition(current_edition())]


def current_lsoas() -> QuerySet[LSOA]:
    return LSOA.objects.filter(vintage=current_vintage())


def authority_by_code(authorities: QuerySet[LocalAuthority], code: str) -> LocalAuthority | None:
    """The authority a code names today: the year whose LSOAs the current edition uses, else the newest."""
    has_current = Exists(current_lsoas().filter(local_authority=OuterRef("pk")))
    return authorities.filter(code=code).annotate(current=has_current).order_by("-current", "-year").first()


def decile_1_share(decile_1_count: int, lsoa_count: int) -> Decimal | None:
    """The share of LSOAs in decile 1, a percentage to one decimal place."""
    if not lsoa_count:
        return None
    return (Decimal(100 * decile_1_count) / Decimal(lsoa_count)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def known_population(*, lsoa_count: int, ranked: int, with_population: int, total: int | None) -> int | None:
    """An area's population from its LSOAs, only when every LSOA's is known (a partial sum would mislead)."""
    if ranked and with_population == lsoa_count and total:
        return total
    return None


def deprivation_summary(lsoas: QuerySet[LSOA], *, edition: int | None = None) -> DeprivationSummary:
    """Summarise the deprivation of a set of LSOAs in three queries, whatever its size."""
    edition = edition or current_edition()
    counted = lsoas.aggregate(n=Count("pk"), welsh=Count("pk", filter=Q(code__startswith="W")))
    lsoa_count = counted["n"]
    rows = Deprivation.objects.filter(lsoa__in=lsoas.values("pk"), edition=edition)
    counts = dict.fromkeys(range(1, 11), 0)
    for row in rows.values("decile").annotate(n=Count("pk")):
        counts[row["decile"]] = row["n"]
    ranked = sum(counts.values())
    totals = rows.aggregate(
        total_population=Sum("population"),
        with_population=Count("population"),
        weighted=Sum(F("rank") * F("population")),
    )
    share = decile_1_share(counts[1], lsoa_count) if ranked or not counted["welsh"] else None
    weighted = None
    population = known_population(
        lsoa_count=lsoa_count,
        ranked=ranked,
        with_population=totals["with_population"],
        total=totals["total_population"],
    )
    if population is not None:
        weighted = (Decimal(totals["weighted"]) / Decimal(population)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    return DeprivationSummary(
        edition=edition,
        lsoa_count=lsoa_count,
        ranked_count=ranked,
        decile_counts=counts,
        decile_1_count=counts[1],
        decile_1_share=share,
        population=population,
        population_weighted_mean_rank=weighted,
        welsh_count=counted["welsh"],
    )


def bodies_serving(teams) -> QuerySet[PublicBody]:
    """The public bodies a team's contacts can name: those of the teams' regions that serve one of the
    authorities the teams cover, or that list no authority (they serve the whole region)."""
    return (
        PublicBody.objects.filter(region__unit__teams__in=teams)
        .filter(Q(authorities__isnull=True) | Q(authorities__teams__in=teams))
        .distinct()
        .order_by("name", "pk")
    )
