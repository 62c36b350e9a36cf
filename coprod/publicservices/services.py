"""Writes of public services' records: offers, capacity readings and referral counts."""

from __future__ import annotations

import datetime
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coprod.core.values import refuse_unknown
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.publicservices.models import CapacityReading, Offer, ReferralCount
from coprod.publicservices.policy import CAPACITY_READING, OFFER, REFERRAL_COUNT
from coprod.units.permissions import as_user
from coprod.units.selectors import UserLike


class OfferValues(TypedDict, total=False):
    neighbourhood: Neighbourhood | None
    name: str
    schedule: str
    who_for: str
    places_week: int
    places_funded: int
    active: bool


class ReadingValues(TypedDict, total=False):
    on: datetime.date
    places_filled: int
    waiting_list: int


class ReferralValues(TypedDict, total=False):
    period_start: datetime.date
    period_end: datetime.date
    source: str
    received: int
    accepted: int
    declined_full: int
    declined_other: int


def _save(record, values, values_type) -> None:
    refuse_unknown(values, values_type)
    for key, value in values.items():
        setattr(record, key, value)
    record.full_clean()
    record.save()


def _not_after_today(field: str, day: datetime.date | None) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: "This cannot be a day to come."})


@transaction.atomic
def offer_save(
    *,
    actor: UserLike,
    group: CommunityGroup | None = None,
    offer: Offer | None = None,
    **values: Unpack[OfferValues],
) -> Offer:
    """Add an offer to a group (group=) or change one (offer=): the team lead's to keep."""
    if offer is None:
        assert group is not None
        OFFER.require("create", actor, group.team_id, "record the group's offers")
        offer = Offer(group=group)
    else:
        OFFER.require("update", actor, offer, "change it")
    _save(offer, values, OfferValues)
    return offer


@transaction.atomic
def offer_delete(*, actor: UserLike, offer: Offer) -> None:
    OFFER.require("delete", actor, offer, "remove it")
    offer.delete()


@transaction.atomic
def capacity_reading_save(
    *,
    actor: UserLike,
    offer: Offer | None = None,
    reading: CapacityReading | None = None,
    **values: Unpack[ReadingValues],
) -> CapacityReading:
    """Record how full an offer was on a day (offer=), or correct a reading (reading=)."""
    if reading is None:
        assert offer is not None
        CAPACITY_READING.require("create", actor, offer.group.team_id, "record the offer's capacity")
        reading = CapacityReading(offer=offer, recorded_by=as_user(actor))
    else:
        CAPACITY_READING.require("update", actor, reading, "change it")
    _not_after_today("on", values.get("on", reading.on))
    _save(reading, values, ReadingValues)
    return reading


@transaction.atomic
def capacity_reading_delete(*, actor: UserLike, reading: CapacityReading) -> None:
    CAPACITY_READING.require("delete", actor, reading, "remove it")
    reading.delete()


@transaction.atomic
def referral_count_save(
    *,
    actor: UserLike,
    offer: Offer | None = None,
    count: ReferralCount | None = None,
    **values: Unpack[ReferralValues],
) -> ReferralCount:
    """Record the referrals an offer received from one source in a period (offer=), or correct them
    (count=). Counts only: there is nowhere to put a person."""
    if count is None:
        assert offer is not None
        REFERRAL_COUNT.require("create", actor, offer.group.team_id, "record the offer's referrals")
        count = ReferralCount(offer=offer, recorded_by=as_user(actor))
    else:
        REFERRAL_COUNT.require("update", actor, count, "change them")
    _not_after_today("period_start", values.get("period_start", count.period_start))
    _save(count, values, ReferralValues)
    return count


@transaction.atomic
def referral_count_delete(*, actor: UserLike, count: ReferralCount) -> None:
    REFERRAL_COUNT.require("delete", actor, count, "remove them")
    count.delete()
