"""Admin of public services' records: read-only, since every write goes through the services."""

from django.contrib import admin

from coprod.core.admin import ReadOnlyAdmin
from coprod.places.models import PublicBody
from coprod.publicservices.models import CapacityReading, FrontlineHours, Offer, ReferralCount


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["name", "group", "places_week", "active"]


@admin.register(CapacityReading)
class CapacityReadingAdmin(ReadOnlyAdmin):
    list_display = ["offer", "on", "places_filled", "waiting_list"]


@admin.register(ReferralCount)
class ReferralCountAdmin(ReadOnlyAdmin):
    list_display = ["offer", "period_start", "period_end", "source", "received", "declined_full"]


@admin.register(PublicBody)
class PublicBodyAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "ods_code", "region"]
    list_filter = ["kind", "region"]


@admin.register(FrontlineHours)
class FrontlineHoursAdmin(ReadOnlyAdmin):
    list_display = ["public_body", "team", "role", "period_start", "period_end", "hours"]
