"""Taking the annual snapshots of the public profiles."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from coprod.core.periods import financial_year_of
from coprod.neighbourhoods.models import Neighbourhood
from coprod.profiles.models import PlaceKind, ProfileSnapshot
from coprod.profiles.selectors import (
    Profile,
    authority_profile,
    neighbourhood_profile,
    profiled_authorities,
    ward_profile,
    wards_of,
)


def _profiles():
    for authority in profiled_authorities().select_related("region"):
        yield authority_profile(authority)
        for ward in wards_of(authority).select_related("local_authority"):
            yield ward_profile(ward)
    for neighbourhood in Neighbourhood.objects.select_related("team__host_authority").order_by("slug"):
        yield neighbourhood_profile(neighbourhood)


@transaction.atomic
def snapshots_take(*, on: datetime.date | None = None) -> int:
    """Keep this financial year's snapshot of every profile (the authorities the teams work in, their
    wards and the teams' neighbourhoods) that has none yet; one already taken is kept as it was.
    Returns how many were taken."""
    on = on or timezone.localdate()
    year = financial_year_of(on)
    taken = 0
    profile: Profile
    for profile in _profiles():
        _, made = ProfileSnapshot.objects.get_or_create(
            kind=PlaceKind(profile.kind),
            code=profile.code,
            year=year,
            defaults={"taken_on": on, "data": profile.as_json()},
        )
        taken += made
    return taken
