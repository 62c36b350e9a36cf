"""The funding API's routes, registered on the one router in coprod/api.py."""

from coprod.funding.api.views import (
    AllocationViewSet,
    FundingStreamViewSet,
    InitiativeViewSet,
    LedgerViewSet,
    ProposalViewSet,
)


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    router.register("funding-streams", FundingStreamViewSet, basename="funding-stream")
    router.register("initiatives", InitiativeViewSet, basename="initiative")
    router.register("allocations", AllocationViewSet, basename="allocation")
    router.register("proposals", ProposalViewSet, basename="proposal")
    router.register("ten-percent", LedgerViewSet, basename="ten-percent")
