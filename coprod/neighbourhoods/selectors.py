"""Reads for neighbourhoods and the places around them, always scoped to the user.

Reference geography (regions, authorities, wards, LSOAs and their deprivation) is public statistics,
so every current member sees all of it; someone with no current membership sees none. Neighbourhoods
and baselines are a team's own records and follow the team scope in units.selectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, ExpressionWrapper, F, FloatField, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Cast, NullIf

from coprod.neighbourhoods.models import Baseline, Neighbourhood
from coprod.places.models import LSOA, Deprivation, LocalAuthority, Region, Ward
from coprod.places.selectors import (
    DeprivationSummary,
    current_edition,
    decile_1_share,
    deprivation_summary,
    known_population,
)
from coprod.units.selectors import UserLike, is_member, teams_for_user


def regions_for_user(user: UserLike) -> QuerySet[Region]:
    return Region.objects.all() if is_member(user) else Region.objects.none()


def authorities_for_user(user: UserLike) -> QuerySet[LocalAuthority]:
    if not is_member(user):
        return LocalAuthority.objects.none()
    return LocalAuthority.objects.select_related("region")


def wards_for_user(user: UserLike) -> QuerySet[Ward]:
    if not is_member(user):
        return Ward.objects.none()
    return Ward.objects.select_related("local_authority")


def lsoas_for_user(user: UserLike, *, edition: int | None = None) -> QuerySet[LSOA]:
    """LSOAs with their deprivation in one edition prefetched as `current_deprivation`."""
    if not is_member(user):
        return LSOA.objects.none()
    edition = edition or current_edition()
    return LSOA.objects.select_related("local_authority", "ward").prefetch_related(
        Prefetch(
            "deprivations",
            queryset=Deprivation.objects.filter(edition=edition),
            to_attr="current_deprivation",
        )
    )


def neighbourhoods_for_user(user: UserLike) -> QuerySet[Neighbourhood]:
    """The neighbourhoods of the teams a user reaches."""
    return Neighbourhood.objects.filter(team__in=teams_for_user(user)).select_related("team", "team__unit")


def with_deprivation_figures(
    neighbourhoods: QuerySet[Neighbourhood], *, edition: int | None = None
) -> QuerySet[Neighbourhood]:
    """Annotate LSOA count, count in decile 1 and the share in decile 1 (a percentage)."""
    edition = edition or current_edition()
    # Aggregating queries ignore Meta.ordering, so the order is stated here.
    return (
        neighbourhoods.order_by("name", "pk")
        .annotate(
            lsoa_count=Count("lsoas", distinct=True),
            decile_1_count=Count(
                "lsoas",
                filter=Q(lsoas__deprivations__edition=edition, lsoas__deprivations__decile=1),
                distinct=True,
            ),
        )
        .annotate(
            decile_1_share=ExpressionWrapper(
                Cast(F("decile_1_count"), FloatField()) * 100.0 / NullIf(F("lsoa_count"), 0),
                output_field=FloatField(),
            )
        )
    )


@dataclass(frozen=True)
class NeighbourhoodFigures:
    """The figures a neighbourhood page, its API record and its baseline share."""

    deprivation: DeprivationSummary
    population: int | None
    population_source: str  # "lsoas", "entered" or "unknown"


def neighbourhood_figures(
    neighbourhood: Neighbourhood, *, edition: int | None = None
) -> NeighbourhoodFigures:
    summary = deprivation_summary(neighbourhood.lsoas.all(), edition=edition)
    if summary.population is not None:
        return NeighbourhoodFigures(summary, summary.population, "lsoas")
    if neighbourhood.population_entered is not None:
        return NeighbourhoodFigures(summary, neighbourhood.population_entered, "entered")
    return NeighbourhoodFigures(summary, None, "unknown")


@dataclass(frozen=True)
class PlaceFigures:
    population: int | None
    population_source: str
    decile_1_share: Decimal | None


def place_figures_many(neighbourhoods: QuerySet[Neighbourhood], *, edition: int | None = None) -> dict:
    """Population and the share of LSOAs in decile 1 for many neighbourhoods in one query, by the same
    rules as neighbourhood_figures (a test holds them equal)."""
    edition = edition or current_edition()
    in_edition = Q(lsoas__deprivations__edition=edition)
    rows = (
        neighbourhoods.order_by()
        .annotate(
            n_lsoas=Count("lsoas", distinct=True),
            n_ranked=Count("lsoas__deprivations", filter=in_edition),
            n_with_population=Count("lsoas__deprivations__population", filter=in_edition),
            total_population=Sum("lsoas__deprivations__population", filter=in_edition),
            n_decile_1=Count("lsoas__deprivations", filter=in_edition & Q(lsoas__deprivations__decile=1)),
        )
        .values_list(
            "pk",
            "n_lsoas",
            "n_ranked",
            "n_with_population",
            "total_population",
            "n_decile_1",
            "population_entered",
        )
    )
    figures = {}
    for pk, n_lsoas, ranked, with_population, total, n_decile_1, entered in rows:
        population = known_population(
            lsoa_count=n_lsoas, ranked=ranked, with_population=with_population, total=total
        )
        source = "lsoas"
        if population is None:
            population, source = (entered, "entered") if entered is not None else (None, "unknown")
        figures[pk] = PlaceFigures(population, source, decile_1_share(n_decile_1, n_lsoas))
    return figures


def baselines_for_user(user: UserLike) -> QuerySet[Baseline]:
    return Baseline.objects.filter(neighbourhood__in=neighbourhoods_for_user(user)).select_related(
        "neighbourhood", "taken_by", "signed_off_by", "supersedes"
    )


def current_baseline(neighbourhood: Neighbourhood) -> Baseline | None:
    """The signed-off baseline nothing has superseded yet."""
    return (
        neighbourhood.baselines.filter(status="signed_off", superseded_by__isnull=True)
        .select_related("signed_off_by")
        .first()
    )
