"""The long-term resources API's routes, registered on the one router in coprod/api.py."""

from coprod.resources.api.views import (
    GrowthDividendRuleViewSet,
    GvaViewSet,
    LevyReceiptViewSet,
    LocalOpportunityViewSet,
    RemittanceAgreementViewSet,
    RemittanceViewSet,
    SavingsClaimViewSet,
    UnitCostViewSet,
)


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    router.register("gva", GvaViewSet, basename="gva")
    router.register("growth-dividend-rules", GrowthDividendRuleViewSet, basename="growth-dividend-rule")
    router.register("unit-costs", UnitCostViewSet, basename="unit-cost")
    router.register("savings-claims", SavingsClaimViewSet, basename="savings-claim")
    router.register("remittance-agreements", RemittanceAgreementViewSet, basename="remittance-agreement")
    router.register("levy-receipts", LevyReceiptViewSet, basename="levy-receipt")
    router.register("remittances", RemittanceViewSet, basename="remittance")
    router.register("local-opportunities", LocalOpportunityViewSet, basename="local-opportunity")
