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
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from coprod.engagements.models import Engagement
from coprod.engagements.selectors import new_people_drawn_in, volunteer_hour_ratio
from coprod.groups.choices import GroupStatus, SupportIntensity
from coprod.groups.models import CommunityGroup
from coprod.groups.selectors import directory_figures
from coprod.neighbourhoods.models import Neighbourhood
from coprod.neighbourhoods.selectors import neighbourhood_figures
from coprod.outcomes.choices import COMPUTED_INDICATORS

Compute = Callable[[Neighbourhood, datetime.date, datetime.date], Decimal | None]


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


def _engagements(neighbourhood: Neighbourhood, start: datetime.date, end: datetime.date):
    return Engagement.objects.filter(neighbourhood=neighbourhood, date__gte=start, date__lte=end)


def _serving(neighbourhood: Neighbourhood):
    return CommunityGroup.objects.filter(neighbourhoods=neighbourhood, status=GroupStatus.ACTIVE)


def _density(neighbourhood, start, end):
    groups = CommunityGroup.objects.filter(neighbourhoods=neighbourhood)
    return directory_figures(
        groups, population=neighbourhood_figures(neighbourhood).population
    ).density_per_1000


def _ratio(neighbourhood, start, end):
    return volunteer_hour_ratio(
        Engagement.objects.filter(neighbourhood=neighbourhood), start=start, end=end
    ).ratio


def _decile_1_share(neighbourhood, start, end):
    return neighbourhood_figures(neighbourhood).deprivation.decile_1_share


def _professional_hours(neighbourhood, start, end):
    return volunteer_hour_ratio(
        Engagement.objects.filter(neighbourhood=neighbourhood), start=start, end=end
    ).professional_hours


def _new_people(neighbourhood, start, end):
    return Decimal(new_people_drawn_in(_engagements(neighbourhood, start, end)))


def _started(neighbourhood, start, end):
    started = _serving(neighbourhood).filter(started_with_team=neighbourhood.team_id)
    return Decimal(
        started.filter(Q(started_with_team_on__isnull=True) | Q(started_with_team_on__lte=end)).count()
    )


def _intensity(level: str) -> Compute:
    def compute(neighbourhood, start, end):
        return Decimal(_serving(neighbourhood).filter(support_intensity=level).count())

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


def compute(
    code: str, neighbourhood: Neighbourhood, start: datetime.date, end: datetime.date
) -> Decimal | None:
    """The value of a computed indicator for a neighbourhood over a period, or None when unknown."""
    value = COMPUTED[code].compute(neighbourhood, start, end)
    return None if value is None else Decimal(value)
