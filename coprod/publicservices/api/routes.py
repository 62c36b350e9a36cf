"""The public services API's routes, registered on the one router in coprod/api.py."""

from coprod.publicservices.api.views import (
    CapacityReadingViewSet,
    FrontlineHoursViewSet,
    OfferViewSet,
    PublicBodyViewSet,
    ReferralCountViewSet,
)


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    router.register("public-bodies", PublicBodyViewSet, basename="public-body")
    router.register("offers", OfferViewSet, basename="offer")
    router.register("capacity-readings", CapacityReadingViewSet, basename="capacity-reading")
    router.register("referral-counts", ReferralCountViewSet, basename="referral-count")
    router.register("frontline-hours", FrontlineHoursViewSet, basename="frontline-hours")
