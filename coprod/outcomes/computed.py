"""The computed indicators: each is calculated from coprod's records, never typed in.

Every figure comes from the selector that shows it elsewhere (the directory figures, the volunteer-hour
ratio, the deprivation summary), so a neighbourhood's group density is the same number on its page, on
its outcome page and in a report.

Flows (professional hours, new people, the volunteer-hour ratio) count what happened in the period.
Stocks (group density, the share of LSOAs in decile 1, groups by support intensity) read the records as
they stand; their history is what frozen baselines kept.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet

from coprod.engagements.selectors import TeamFigures, hours_of, team_figures_many
from coprod.groups.choices import GroupStatus, SupportIntensity
from coprod.groups.models import CommunityGroup
from coprod.groups.selectors import active_serving_by_intensity, density_per_1000
from coprod.neighbourhoods.models import Neighbourhood
from coprod.neighbourhoods.selectors import place_figures_many
from coprod.outcomes.choices import COMPUTED_INDICATORS

# A computation takes neighbourhoods and a period and answers a value per neighbourhood, in a few
# queries whatever their number: the outcome page asks for one, the dashboard for hundreds.
Compute = Callable[[QuerySet[Neighbourhood], datetime.date, datetime.date], dict[int, Decimal | None]]


@dataclass(frozen=True)
class ComputedIndicator:
    code: str
    name: str
    definition: str
    unit: str
    direction: str
    source: str
    flow: bool  # counts what happened in a period (True) or reads the records as they stand (False)
    compute: Compute


def _pks(hoods) -> list[int]:
    return list(hoods.values_list("pk", flat=True))


def _flows(hoods, start, end, *, volunteering: bool = False) -> TeamFigures:
    """Hours, new people (and, when asked, volunteering) by neighbourhood, through the engagement
    log's monthly rollups (equal to the contacts; see engagements.rollups)."""
    teams = hoods.values_list("team", flat=True).distinct()
    figures = team_figures_many(
        teams, bys=("neighbourhood",), start=start, end=end, volunteering=volunteering
    )
    return figures["neighbourhood"]


def _active_serving(hoods):
    return CommunityGroup.objects.filter(neighbourhoods__in=hoods, status=GroupStatus.ACTIVE).order_by()


def _count_by_neighbourhood(groups) -> dict[int, int]:
    rows = groups.values_list("neighbourhoods").annotate(n=Count("pk", distinct=True))
    return dict(rows.values_list("neighbourhoods", "n"))


def group_density_many(hoods, serving: dict[tuple[int, str], int] | None = None) -> dict[int, Decimal | None]:
    """Group density of each neighbourhood, from active_serving_by_intensity (read here when not given)."""
    counts: dict[int, int] = defaultdict(int)
    for (hood, _), n in (serving if serving is not None else active_serving_by_intensity(hoods)).items():
        counts[hood] += n
    return {
        pk: density_per_1000(counts.get(pk, 0), figures.population)
        for pk, figures in place_figures_many(hoods).items()
    }


def _density(hoods, start, end):
    return group_density_many(hoods)


def _decile_1_share(hoods, start, end):
    return {pk: figures.decile_1_share for pk, figures in place_figures_many(hoods).items()}


def _ratio(hoods, start, end):
    ratios = _flows(hoods, start, end, volunteering=True).ratios
    return {pk: ratios[pk].ratio if pk in ratios else None for pk in _pks(hoods)}


def _professional_hours(hoods, start, end):
    ratios = _flows(hoods, start, end).ratios
    return {pk: ratios[pk].professional_hours if pk in ratios else hours_of(0) for pk in _pks(hoods)}


def _new_people(hoods, start, end):
    new = _flows(hoods, start, end).new_people
    return {pk: Decimal(new.get(pk) or 0) for pk in _pks(hoods)}


def _started(hoods, start, end):
    started = _active_serving(hoods).filter(
        Q(started_with_team_on__isnull=True) | Q(started_with_team_on__lte=end),
        started_with_team=F("neighbourhoods__team"),
    )
    counts = _count_by_neighbourhood(started)
    return {pk: Decimal(counts.get(pk, 0)) for pk in _pks(hoods)}


def _intensity(level: str) -> Compute:
    def compute(hoods, start, end):
        counts = active_serving_by_intensity(hoods)
        return {pk: Decimal(counts.get((pk, level), 0)) for pk in _pks(hoods)}

    return compute


FUNCTIONS: dict[str, tuple[bool, Compute]] = {
    "group-density": (False, _density),
    "volunteer-hour-ratio": (True, _ratio),
    "imd-decile-1-share": (False, _decile_1_share),
    "professional-hours": (True, _professional_hours),
    "new-people": (True, _new_people),
    "groups-started": (False, _started),
    "groups-intensive": (False, _intensity(SupportIntensity.INTENSIVE)),
    "groups-moderate": (False, _intensity(SupportIntensity.MODERATE)),
}

COMPUTED: dict[str, ComputedIndicator] = {
    code: ComputedIndicator(code, name, definition, unit, direction, source, *FUNCTIONS[code])
    for code, name, definition, unit, direction, source in COMPUTED_INDICATORS
}


def compute_many(
    code: str, neighbourhoods: QuerySet[Neighbourhood], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """A computed indicator's value for each neighbourhood over a period (None when unknown)."""
    return COMPUTED[code].compute(neighbourhoods.order_by(), start, end)


def compute(
    code: str, neighbourhood: Neighbourhood, start: datetime.date, end: datetime.date
) -> Decimal | None:
    """The value of a computed indicator for one neighbourhood over a period, or None when unknown."""
    return compute_many(code, Neighbourhood.objects.filter(pk=neighbourhood.pk), start, end).get(
        neighbourhood.pk
    )
