"""Serializers of public services' records: related choices only what the reader may write to, and
no field that could hold a referred person."""

from __future__ import annotations

from rest_framework import serializers

from coprod.core.api import ScopedModelSerializer
from coprod.funding.selectors import regions_managed_by
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.neighbourhoods.selectors import neighbourhoods_for_user
from coprod.places.models import LocalAuthority, PublicBody, Region
from coprod.publicservices.models import CapacityReading, FrontlineHours, Offer, ReferralCount
from coprod.publicservices.rules import at_capacity, share_percent
from coprod.publicservices.selectors import (
    offer_groups_for_user,
    offers_led_by,
    own_neighbourhoods,
    public_bodies_for_user,
)
from coprod.units.models import Team
from coprod.units.selectors import own_teams


class _RefusesUnknown(ScopedModelSerializer):
    """Refuses fields it does not have (400, naming them) rather than dropping them unread: a referral
    sent with a name or an NHS number is refused, not stored in part."""

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["There is no such field."] for name in unknown})
        return super().to_internal_value(data)


class OfferSerializer(_RefusesUnknown):
    group = serializers.PrimaryKeyRelatedField(queryset=CommunityGroup.objects.none())
    neighbourhood = serializers.SlugRelatedField(
        slug_field="slug", queryset=Neighbourhood.objects.none(), required=False, allow_null=True
    )
    at_capacity = serializers.SerializerMethodField()
    quarter = serializers.SerializerMethodField()
    referrals_received = serializers.SerializerMethodField()
    declined_full = serializers.SerializerMethodField()
    declined_full_percent = serializers.SerializerMethodField()

    choices = {"group": offer_groups_for_user, "neighbourhood": neighbourhoods_for_user}

    class Meta:
        model = Offer
        fields = [
            "id", "group", "neighbourhood", "name", "schedule", "who_for", "places_week", "places_funded",
            "active", "at_capacity", "quarter", "referrals_received", "declined_full",
            "declined_full_percent",
        ]  # fmt: skip
        read_only_fields = ["id"]

    def get_at_capacity(self, offer: Offer) -> bool | None:
        """Whether the latest capacity reading found it full (None with no reading); the list reads the
        latest readings with the offers (with_latest_reading)."""
        filled, waiting = getattr(offer, "latest_filled", None), getattr(offer, "latest_waiting", None)
        if filled is None or waiting is None:
            return None
        return at_capacity(places_week=offer.places_week, filled=filled, waiting=waiting)

    def get_quarter(self, offer: Offer) -> str | None:
        """The financial quarter the referral figures are of (today's), as 2026-27-Q3."""
        quarter = self.context.get("quarter")
        return quarter.code if quarter is not None else None

    def get_referrals_received(self, offer: Offer) -> int | None:
        return getattr(offer, "quarter_received", None)

    def get_declined_full(self, offer: Offer) -> int | None:
        return getattr(offer, "quarter_declined_full", None)

    def get_declined_full_percent(self, offer: Offer) -> str | None:
        """The share of the quarter's referrals declined because it was full, rounded down."""
        received = getattr(offer, "quarter_received", None)
        share = share_percent(getattr(offer, "quarter_declined_full", 0) or 0, received or 0)
        return None if share is None else str(share)


class CapacityReadingSerializer(_RefusesUnknown):
    offer = serializers.PrimaryKeyRelatedField(queryset=Offer.objects.none())
    choices = {"offer": offers_led_by}

    class Meta:
        model = CapacityReading
        fields = ["id", "offer", "on", "places_filled", "waiting_list"]
        read_only_fields = ["id"]


class ReferralCountSerializer(_RefusesUnknown):
    offer = serializers.PrimaryKeyRelatedField(queryset=Offer.objects.none())
    choices = {"offer": offers_led_by}

    class Meta:
        model = ReferralCount
        fields = [
            "id", "offer", "period_start", "period_end", "source", "received", "accepted", "declined_full",
            "declined_other",
        ]  # fmt: skip
        read_only_fields = ["id"]


class PublicBodySerializer(_RefusesUnknown):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.none())
    authorities = serializers.SlugRelatedField(
        slug_field="code", queryset=LocalAuthority.objects.all(), many=True, required=False
    )
    choices = {"region": regions_managed_by}

    class Meta:
        model = PublicBody
        fields = ["id", "region", "kind", "name", "ods_code", "authorities"]
        read_only_fields = ["id"]


class FrontlineHoursSerializer(_RefusesUnknown):
    team = serializers.SlugRelatedField(slug_field="slug", queryset=Team.objects.none())
    public_body = serializers.PrimaryKeyRelatedField(queryset=PublicBody.objects.none())
    neighbourhood = serializers.SlugRelatedField(
        slug_field="slug", queryset=Neighbourhood.objects.none(), required=False, allow_null=True
    )
    choices = {"team": own_teams, "public_body": public_bodies_for_user, "neighbourhood": own_neighbourhoods}

    class Meta:
        model = FrontlineHours
        fields = ["id", "team", "public_body", "role", "neighbourhood", "period_start", "period_end", "hours"]
        read_only_fields = ["id"]
