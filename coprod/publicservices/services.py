"""Writes of public services' records: public bodies, offers, capacity readings, referral counts and
front-line hours."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction

from coprod.core.services import keep, remove, save_values
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LocalAuthority, PublicBody, Region
from coprod.publicservices.models import CapacityReading, FrontlineHours, Offer, ReferralCount
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


@transaction.atomic
def offer_save(
    *,
    actor: UserLike,
    group: CommunityGroup | None = None,
    offer: Offer | None = None,
    **values: Unpack[OfferValues],
) -> Offer:
    """Add an offer to a group (group=) or change one (offer=): the team lead's to keep."""
    return keep(
        OFFER, actor, record=offer, make=lambda: Offer(group=group), owner=group and group.team_id,
        doing="record the group's offers", values=values, values_type=OfferValues,
    )  # fmt: skip


@transaction.atomic
def offer_delete(*, actor: UserLike, offer: Offer) -> None:
    remove(OFFER, actor, offer)


@transaction.atomic
def capacity_reading_save(
    *,
    actor: UserLike,
    offer: Offer | None = None,
    reading: CapacityReading | None = None,
    **values: Unpack[ReadingValues],
) -> CapacityReading:
    """Record how full an offer was on a day (offer=), or correct a reading (reading=)."""
    return keep(
        CAPACITY_READING, actor, record=reading,
        make=lambda: CapacityReading(offer=offer, recorded_by=as_user(actor)),
        owner=offer and offer.group.team_id, doing="record the offer's capacity", values=values,
        values_type=ReadingValues, dated="on",
    )  # fmt: skip


@transaction.atomic
def capacity_reading_delete(*, actor: UserLike, reading: CapacityReading) -> None:
    remove(CAPACITY_READING, actor, reading)


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
    return keep(
        REFERRAL_COUNT, actor, record=count,
        make=lambda: ReferralCount(offer=offer, recorded_by=as_user(actor)),
        owner=offer and offer.group.team_id, doing="record the offer's referrals", values=values,
        values_type=ReferralValues, dated="period_start",
    )  # fmt: skip


@transaction.atomic
def referral_count_delete(*, actor: UserLike, count: ReferralCount) -> None:
    remove(REFERRAL_COUNT, actor, count)


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
    save_values(body, values, BodyValues)
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
    return keep(
        FRONTLINE_HOURS, actor, record=record,
        make=lambda: FrontlineHours(team=team, recorded_by=as_user(actor)), owner=team,
        doing="record its front-line hours", values=values, values_type=FrontlineValues,
        dated="period_start",
    )  # fmt: skip


@transaction.atomic
def frontline_hours_delete(*, actor: UserLike, record: FrontlineHours) -> None:
    remove(FRONTLINE_HOURS, actor, record)
