"""Writes to neighbourhoods and baselines; the HTML forms, the API and the demo all come here."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coprod.core.values import refuse_unknown
from coprod.neighbourhoods.choices import BaselineStatus, Settlement
from coprod.neighbourhoods.models import Baseline, Neighbourhood
from coprod.neighbourhoods.policy import BASELINE, NEIGHBOURHOOD
from coprod.neighbourhoods.selectors import neighbourhood_figures
from coprod.places.models import LSOA, Ward
from coprod.places.selectors import current_vintage
from coprod.units.models import Team
from coprod.units.permissions import as_user
from coprod.units.selectors import UserLike


def _resolve_lsoas(team: Team, lsoas: list[LSOA], wards: list[Ward]) -> list[LSOA]:
    """The LSOAs chosen directly plus those of the chosen wards, all inside the team's authorities."""
    vintage = current_vintage()
    chosen = {lsoa.pk: lsoa for lsoa in lsoas}
    if wards:
        for lsoa in LSOA.objects.filter(ward__in=wards, vintage=vintage):
            chosen.setdefault(lsoa.pk, lsoa)
    if not chosen:
        raise ValidationError({"lsoas": "Choose at least one LSOA or ward."})
    allowed = set(team.authorities.values_list("pk", flat=True))
    outside = sorted(x.code for x in chosen.values() if x.local_authority_id not in allowed)
    if outside:
        raise ValidationError(
            {
                "lsoas": f"Outside the authorities {team} covers: {', '.join(outside[:10])}"
                + (f" and {len(outside) - 10} more" if len(outside) > 10 else "")
            }
        )
    return list(chosen.values())


def _unique_slug(name: str, team: Team, exclude_pk: int | None = None) -> str:
    base = slugify(f"{team.slug}-{name}")[:70] or "neighbourhood"
    slug, n = base, 2
    others = (
        Neighbourhood.objects.all() if exclude_pk is None else Neighbourhood.objects.exclude(pk=exclude_pk)
    )
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def neighbourhood_create(
    *,
    actor: UserLike,
    team: Team,
    name: str,
    lsoas: Iterable[LSOA] = (),
    wards: Iterable[Ward] = (),
    settlement: str = Settlement.URBAN,
    priority: bool = False,
    population_entered: int | None = None,
    description: str = "",
) -> Neighbourhood:
    NEIGHBOURHOOD.require("create", actor, team, "draw its neighbourhoods")
    chosen = _resolve_lsoas(team, list(lsoas), list(wards))
    neighbourhood = Neighbourhood(
        team=team,
        name=name,
        slug=_unique_slug(name, team),
        settlement=settlement,
        priority=priority,
        population_entered=population_entered,
        description=description,
    )
    neighbourhood.full_clean()
    neighbourhood.save()
    neighbourhood.lsoas.set(chosen)
    return neighbourhood


class NeighbourhoodChanges(TypedDict, total=False):
    name: str
    settlement: str
    priority: bool
    population_entered: int | None
    description: str


@transaction.atomic
def neighbourhood_update(
    *,
    actor: UserLike,
    neighbourhood: Neighbourhood,
    lsoas: list[LSOA] | None = None,
    wards: list[Ward] | None = None,
    **fields: Unpack[NeighbourhoodChanges],
) -> Neighbourhood:
    """Change a neighbourhood's details; passing lsoas or wards replaces its whole LSOA set."""
    NEIGHBOURHOOD.require("update", actor, neighbourhood, "change its neighbourhoods")
    refuse_unknown(fields, NeighbourhoodChanges, saying="These fields cannot be changed here")
    for key, value in fields.items():
        setattr(neighbourhood, key, value)
    neighbourhood.full_clean()
    neighbourhood.save()
    if lsoas is not None or wards is not None:
        neighbourhood.lsoas.set(_resolve_lsoas(neighbourhood.team, list(lsoas or []), list(wards or [])))
    return neighbourhood


# Apps above this one add their own parts to a baseline's snapshot (outcomes adds indicator values).
# A part is called with the neighbourhood, the baseline's date and the options the taker chose.
SnapshotPart = Callable[[Neighbourhood, datetime.date, dict], object]
_snapshot_parts: dict[str, SnapshotPart] = {}


def register_snapshot_part(key: str, part: SnapshotPart) -> None:
    _snapshot_parts[key] = part


def _snapshot(neighbourhood: Neighbourhood, taken_on: datetime.date, options: dict) -> dict:
    figures = neighbourhood_figures(neighbourhood)
    snapshot: dict[str, object] = {
        "deprivation": figures.deprivation.as_json(),
        "population": figures.population,
        "population_source": figures.population_source,
        "lsoa_codes": sorted(neighbourhood.lsoas.values_list("code", flat=True)),
    }
    for key, part in _snapshot_parts.items():
        snapshot[key] = part(neighbourhood, taken_on, options)
    return snapshot


@transaction.atomic
def baseline_take(
    *,
    actor: UserLike,
    neighbourhood: Neighbourhood,
    taken_on: datetime.date | None = None,
    notes: str = "",
    options: dict | None = None,
) -> Baseline:
    """Take (or retake) the neighbourhood's draft baseline from its records as they are now.

    `options` reach the registered snapshot parts (for instance the indicators to freeze).
    """
    BASELINE.require("create", actor, neighbourhood.team_id, "take its baselines")
    taken_on = taken_on or timezone.localdate()
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": "A baseline cannot be dated in the future."})
    draft = neighbourhood.baselines.filter(status=BaselineStatus.DRAFT).first()
    if draft is None:
        draft = Baseline(neighbourhood=neighbourhood)
    draft.taken_on = taken_on
    draft.taken_by = as_user(actor)
    draft.notes = notes
    draft.snapshot = _snapshot(neighbourhood, taken_on, options or {})
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def baseline_sign_off(*, actor: UserLike, baseline: Baseline) -> Baseline:
    """Freeze a draft baseline; it supersedes the neighbourhood's current one, which stays as it was."""
    # Lock the neighbourhood so two sign-offs cannot both supersede the same baseline.
    Neighbourhood.objects.select_for_update().filter(pk=baseline.neighbourhood_id).first()
    baseline = Baseline.objects.get(pk=baseline.pk)
    BASELINE.require("update", actor, baseline, "sign off its baselines")
    if baseline.status != BaselineStatus.DRAFT:
        raise ValidationError("This baseline is already signed off.")
    previous = Baseline.objects.filter(
        neighbourhood=baseline.neighbourhood,
        status=BaselineStatus.SIGNED_OFF,
        superseded_by__isnull=True,
    ).first()
    if previous is not None and previous.taken_on > baseline.taken_on:
        raise ValidationError(
            {"taken_on": f"The current baseline is dated {previous.taken_on}; a new one cannot be earlier."}
        )
    baseline.status = BaselineStatus.SIGNED_OFF
    baseline.signed_off_by = as_user(actor)
    baseline.signed_off_at = timezone.now()
    baseline.supersedes = previous
    baseline.full_clean()
    baseline.save()
    return baseline


@transaction.atomic
def baseline_discard(*, actor: UserLike, baseline: Baseline) -> None:
    BASELINE.require("delete", actor, baseline, "discard its baselines")
    if baseline.status != BaselineStatus.DRAFT:
        raise ValidationError("A signed-off baseline cannot be discarded.")
    baseline.delete()
