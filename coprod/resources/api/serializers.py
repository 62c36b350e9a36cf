"""API representations of long-term resources. Money is sent as a string of pounds and pence
("1234.56"), and every figure is the selectors' own, so the API and the pages show the same numbers."""

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coprod.core.api import once, related_field
from coprod.funding.models import RegionalInitiative
from coprod.funding.selectors import regions_managed_by
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import Region
from coprod.resources.models import (
    GrowthDividendRule,
    LevyReceipt,
    LocalOpportunity,
    RegionalGva,
    Remittance,
    RemittanceAgreement,
    SavingsClaim,
    UnitCost,
)
from coprod.resources.selectors import (
    growth_dividends,
    local_opportunity_figures,
    reached_neighbourhoods,
    savings_of,
)

if TYPE_CHECKING:
    from typing import Any

    from django.contrib.auth.models import User
    from rest_framework.validators import Validator

    from coprod.funding.models import Allocation


def money() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2)


class RegionalGvaSerializer(serializers.ModelSerializer):
    region: "serializers.SlugRelatedField[Region]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = RegionalGva
        fields = ["id", "region", "year", "prices", "value", "source"]


class GrowthDividendSerializer(serializers.Serializer):
    """One year of a rule (selectors.GrowthDividend.as_json)."""

    year = serializers.IntegerField()
    financial_year = serializers.CharField()
    prices = serializers.CharField()
    base_year = serializers.IntegerField()
    base_funding = money()
    base_gva = serializers.DecimalField(max_digits=12, decimal_places=3)
    gva = serializers.DecimalField(max_digits=12, decimal_places=3)
    due = money()
    allocated = money()
    gap = money()
    formula = serializers.CharField()


class SavingsSerializer(serializers.Serializer):
    """A claim's figures (selectors.Savings.as_json)."""

    gross = money()
    net = money()
    remitted = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    gross_formula = serializers.CharField()
    net_formula = serializers.CharField()
    remitted_formula = serializers.CharField(allow_null=True)


class RegionRecordSerializer(serializers.ModelSerializer):
    """A region's record: the region is named by its code, and only a region the user manages."""

    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            related_field(self, "region").queryset = regions_managed_by(request.user)


class GrowthDividendRuleSerializer(RegionRecordSerializer):
    dividends = serializers.SerializerMethodField()

    class Meta:
        model = GrowthDividendRule
        fields = ["id", "region", "base_year", "base_funding", "prices", "notes", "dividends",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        # the service applies every rule, so the form and the API agree
        validators: "list[Validator[Any]]" = []

    @extend_schema_field(GrowthDividendSerializer(many=True))
    def get_dividends(self, instance) -> list[dict]:
        return [GrowthDividendSerializer(d.as_json()).data for d in growth_dividends(instance)]


class UnitCostSerializer(RegionRecordSerializer):
    class Meta:
        model = UnitCost
        fields = ["id", "region", "service", "unit", "cost", "source", "year", "price_base",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: "list[Validator[Any]]" = []


class RemittanceAgreementSerializer(RegionRecordSerializer):
    class Meta:
        model = RemittanceAgreement
        fields = ["id", "region", "public_body", "share", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: "list[Validator[Any]]" = []


class SavingsClaimSerializer(RegionRecordSerializer):
    neighbourhood = serializers.SlugRelatedField(
        slug_field="slug",
        required=False,
        allow_null=True,
        queryset=Neighbourhood.objects.none(),
        help_text="The neighbourhood whose demand fell; null when none, or when it is another team's.",
    )
    unit_cost = serializers.PrimaryKeyRelatedField(queryset=UnitCost.objects.none())
    remittance_agreement = serializers.PrimaryKeyRelatedField(
        required=False, allow_null=True, queryset=RemittanceAgreement.objects.none()
    )
    approved_by: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    figures = serializers.SerializerMethodField()

    class Meta:
        model = SavingsClaim
        fields = [
            "id", "region", "neighbourhood", "period_start", "period_end", "outcome", "quantity", "unit_cost",
            "attribution", "attribution_evidence", "deadweight", "deadweight_evidence",
            "remittance_agreement", "approved_by", "approved_on", "figures", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "approved_by", "created_at", "updated_at"]
        validators: "list[Validator[Any]]" = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            regions = regions_managed_by(request.user)
            related_field(self, "neighbourhood").queryset = Neighbourhood.objects.filter(
                team__unit__region__in=regions
            )
            related_field(self, "unit_cost").queryset = UnitCost.objects.filter(region__in=regions)
            related_field(self, "remittance_agreement").queryset = RemittanceAgreement.objects.filter(
                region__in=regions
            )

    def to_representation(self, instance):
        """Another team's neighbourhood is sent as null: the claim is the region's, the neighbourhood
        its team's (selectors.reached_neighbourhoods, worked out once per request)."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        if instance.neighbourhood_id is not None and request is not None:
            reached = once(
                self.context, "reached_neighbourhoods", lambda: reached_neighbourhoods(request.user)
            )
            if instance.neighbourhood_id not in reached:
                data["neighbourhood"] = None
        return data

    @extend_schema_field(SavingsSerializer)
    def get_figures(self, instance) -> dict:
        return SavingsSerializer(savings_of(instance).as_json()).data


class InitiativeRecordSerializer(serializers.ModelSerializer):
    """A record on a regional initiative, named by its slug: only an initiative of a region the user
    manages. The region is shown, read only, from the initiative."""

    initiative = serializers.SlugRelatedField(slug_field="slug", queryset=RegionalInitiative.objects.none())
    region: "serializers.CharField" = serializers.CharField(source="initiative.region.code", read_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            related_field(self, "initiative").queryset = RegionalInitiative.objects.filter(
                region__in=regions_managed_by(request.user)
            )


class LevyReceiptSerializer(InitiativeRecordSerializer):
    allocation: "serializers.PrimaryKeyRelatedField[Allocation]" = serializers.PrimaryKeyRelatedField(
        read_only=True
    )

    class Meta:
        model = LevyReceipt
        fields = ["id", "initiative", "region", "source", "scheme", "amount", "received_on", "allocation",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: "list[Validator[Any]]" = []


class RemittanceSerializer(InitiativeRecordSerializer):
    agreement = serializers.PrimaryKeyRelatedField(queryset=RemittanceAgreement.objects.none())
    claims = serializers.PrimaryKeyRelatedField(many=True, queryset=SavingsClaim.objects.none())
    allocation: "serializers.PrimaryKeyRelatedField[Allocation]" = serializers.PrimaryKeyRelatedField(
        read_only=True
    )

    class Meta:
        model = Remittance
        fields = ["id", "initiative", "region", "agreement", "claims", "amount", "remitted_on", "allocation",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: "list[Validator[Any]]" = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            regions = regions_managed_by(request.user)
            related_field(self, "agreement").queryset = RemittanceAgreement.objects.filter(region__in=regions)
            related_field(self, "claims").queryset = SavingsClaim.objects.filter(
                region__in=regions
            ).select_related("unit_cost", "remittance_agreement")


class LocalOpportunityFiguresSerializer(serializers.Serializer):
    """A record's figures (selectors.LocalOpportunityFigures.as_json)."""

    jobs_offered = serializers.IntegerField()
    jobs_filled = serializers.IntegerField()
    jobs_filled_percent = serializers.DecimalField(max_digits=9, decimal_places=5, allow_null=True)
    jobs_formula = serializers.CharField()
    placements_offered = serializers.IntegerField()
    placements_filled = serializers.IntegerField()
    placements_filled_percent = serializers.DecimalField(max_digits=9, decimal_places=5, allow_null=True)
    placements_formula = serializers.CharField()
    local_spend = money()
    total_spend = money()
    local_spend_percent = serializers.DecimalField(max_digits=9, decimal_places=5, allow_null=True)
    spend_formula = serializers.CharField()


class LocalOpportunitySerializer(InitiativeRecordSerializer):
    figures = serializers.SerializerMethodField()

    class Meta:
        model = LocalOpportunity
        fields = [
            "id", "initiative", "region", "period_start", "period_end", "jobs_offered", "jobs_filled",
            "placements_offered", "placements_filled", "local_spend", "total_spend", "notes", "figures",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: "list[Validator[Any]]" = []

    @extend_schema_field(LocalOpportunityFiguresSerializer)
    def get_figures(self, instance) -> dict:
        return local_opportunity_figures([instance]).as_json()
