"""Writes of public services' records: public bodies, offers, capacity readings, referral counts and
front-line hours."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coprod.core.values import refuse_unknown
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LocalAuthority, Region
from coprod.publicservices.models import CapacityReading, FrontlineHours, Offer, PublicBody, ReferralCount
from coprod.publicservices.policy import CAPACITY_READING, FRONTLINE_HOURS, OFFER, PUBLIC_BODY, REFERRAL_COUNT
from coprod.units.models import Team
from coprod.units.permissions import as_user
from coprod.units.selectors import UserLike


class BodyValues(TypedDict, total=False):
    kind: str
    name: str
    ods_code: str


class FrontlineValues(TypedDict, total=False):
    public_body: PublicBody
    role: str
    neighbourhood: Neighbourhood | None
    period_start: datetime.date
    period_end: datetime.date
    hours: Decimal


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


@transaction.atomic
def public_body_save(
    *,
    actor: UserLike | None,
    region: Region | None = None,
    body: PublicBody | None = None,
    authorities: Iterable[LocalAuthority] | None = None,
    **values: Unpack[BodyValues],
) -> PublicBody:
    """Add a public body to a region (region=) or change one (body=): the region's unit managers'.
    With actor None (an import from the command line), no check."""
    if body is None:
        assert region is not None
        if actor is not None:
            PUBLIC_BODY.require("create", actor, region, "record the region's public bodies")
        body = PublicBody(region=region)
    elif actor is not None:
        PUBLIC_BODY.require("update", actor, body, "change it")
    _save(body, values, BodyValues)
    if authorities is not None:
        authorities = list(authorities)
        outside = [a.name for a in authorities if a.region_id != body.region_id]
        if outside:
            raise ValidationError(
                {"authorities": f"Not an authority of {body.region}: {', '.join(outside)}."}
            )
        body.authorities.set(authorities)
    return body


@transaction.atomic
def public_body_delete(*, actor: UserLike, body: PublicBody) -> None:
    PUBLIC_BODY.require("delete", actor, body, "remove it")
    resting = body.frontline_hours.count()
    if resting:
        raise ValidationError(
            f"{resting} record(s) of front-line hours rest on this body: remove those first."
        )
    body.delete()


@transaction.atomic
def frontline_hours_record(
    *,
    actor: UserLike,
    team: Team | None = None,
    record: FrontlineHours | None = None,
    **values: Unpack[FrontlineValues],
) -> FrontlineHours:
    """Record the hours a public body's front-line workers gave to groups in a period (team=), or
    correct them (record=): the team's workers' and lead's."""
    if record is None:
        assert team is not None
        FRONTLINE_HOURS.require("create", actor, team, "record its front-line hours")
        record = FrontlineHours(team=team, recorded_by=as_user(actor))
    else:
        FRONTLINE_HOURS.require("update", actor, record, "change them")
    _not_after_today("period_start", values.get("period_start", record.period_start))
    _save(record, values, FrontlineValues)
    return record


@transaction.atomic
def frontline_hours_delete(*, actor: UserLike, record: FrontlineHours) -> None:
    FRONTLINE_HOURS.require("delete", actor, record, "remove them")
    record.delete()
