"""API views of long-term resources: scoped by region like the pages, writes through the services."""

from rest_framework import viewsets

from coprod.core.api import ServiceViewSet
from coprod.resources import services
from coprod.resources.api.serializers import (
    GrowthDividendRuleSerializer,
    LevyReceiptSerializer,
    LocalOpportunitySerializer,
    RegionalGvaSerializer,
    RemittanceAgreementSerializer,
    RemittanceSerializer,
    SavingsClaimSerializer,
    UnitCostSerializer,
)
from coprod.resources.selectors import (
    growth_rules_for_user,
    gva_for_user,
    levy_receipts_for_user,
    local_opportunities_for_user,
    remittance_agreements_for_user,
    remittances_for_user,
    savings_claims_for_user,
    unit_costs_for_user,
)


class GvaViewSet(viewsets.ReadOnlyModelViewSet):
    """Regional GVA (all industries, £ million) of your region(s), by year and price basis, as imported
    from the ONS tables."""

    serializer_class = RegionalGvaSerializer
    filterset_fields = ["year", "prices"]

    def get_queryset(self):
        return gva_for_user(self.request.user).order_by("region__name", "prices", "year")


class GrowthDividendRuleViewSet(ServiceViewSet):
    """Growth dividend rules of your region(s), each with the dividend due by year beside what the 10%
    ledger allocated to capacity building. The region's unit managers add and change them."""

    serializer_class = GrowthDividendRuleSerializer
    scope = growth_rules_for_user
    create_service = services.growth_rule_save
    update_service = services.growth_rule_save
    delete_service = services.growth_rule_delete
    instance_name = "rule"
    fixed = ("region",)


class UnitCostViewSet(ServiceViewSet):
    """Unit costs of public services that savings claims rest on, with source, year and price base. One
    a claim rests on cannot be removed (400, naming the claims)."""

    serializer_class = UnitCostSerializer
    scope = unit_costs_for_user
    create_service = services.unit_cost_save
    update_service = services.unit_cost_save
    delete_service = services.unit_cost_delete
    instance_name = "unit_cost"
    fixed = ("region",)


class RemittanceAgreementViewSet(ServiceViewSet):
    """Public bodies' agreements to remit a share of their savings to community capacity. One a claim or
    a remittance rests on cannot be removed (400, naming them)."""

    serializer_class = RemittanceAgreementSerializer
    scope = remittance_agreements_for_user
    create_service = services.remittance_agreement_save
    update_service = services.remittance_agreement_save
    delete_service = services.remittance_agreement_delete
    instance_name = "agreement"
    fixed = ("region",)


class SavingsClaimViewSet(ServiceViewSet):
    """Savings from reduced demand, each with its gross, net and remitted figures and their formulas.
    An attribution or deadweight outside 0 to 100% is refused, naming the field; a claim remitted from
    cannot be removed (400, naming the remittances)."""

    serializer_class = SavingsClaimSerializer
    scope = savings_claims_for_user
    create_service = services.savings_claim_save
    update_service = services.savings_claim_save
    delete_service = services.savings_claim_delete
    instance_name = "claim"
    fixed = ("region",)


class LevyReceiptViewSet(ServiceViewSet):
    """Levy receipts on the initiatives of your region(s). Each is in the 10% ledger as community
    capacity building (its `allocation`), changed and removed with it. The region's unit managers
    record them; removing one takes its allocation out of the ledger, as removing an allocation does."""

    serializer_class = LevyReceiptSerializer
    scope = levy_receipts_for_user
    create_service = services.levy_receipt_save
    update_service = services.levy_receipt_save
    delete_service = services.levy_receipt_delete
    instance_name = "receipt"


class RemittanceViewSet(ServiceViewSet):
    """Remittances under the agreements of your region(s), from the savings claims named, each in the
    10% ledger as community capacity building. An amount over the claims' remitted figures added
    together is refused, naming `amount`."""

    serializer_class = RemittanceSerializer
    scope = remittances_for_user
    create_service = services.remittance_save
    update_service = services.remittance_save
    delete_service = services.remittance_delete
    instance_name = "remittance"


class LocalOpportunityViewSet(ServiceViewSet):
    """Jobs and placements ring-fenced for residents of priority neighbourhoods and spend with local
    social enterprises and community businesses, per initiative and period, with the shares and their
    formulas. Filled over offered, or local spend over total spend, is refused naming the field."""

    serializer_class = LocalOpportunitySerializer
    scope = local_opportunities_for_user
    create_service = services.local_opportunity_save
    update_service = services.local_opportunity_save
    delete_service = services.local_opportunity_delete
    instance_name = "opportunity"
