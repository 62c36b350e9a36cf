"""Admin for long-term resources, read-only: writes go through the pages and the API (the services)."""

from django.contrib import admin

from coprod.core.admin import ReadOnlyAdmin
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


@admin.register(RegionalGva)
class RegionalGvaAdmin(ReadOnlyAdmin):
    list_display = ["region", "year", "prices", "value", "source"]
    list_filter = ["prices", "region"]


@admin.register(GrowthDividendRule)
class GrowthDividendRuleAdmin(ReadOnlyAdmin):
    list_display = ["region", "base_year", "base_funding", "prices"]


@admin.register(UnitCost)
class UnitCostAdmin(ReadOnlyAdmin):
    list_display = ["region", "service", "unit", "cost", "year", "price_base"]


@admin.register(RemittanceAgreement)
class RemittanceAgreementAdmin(ReadOnlyAdmin):
    list_display = ["region", "public_body", "share"]


@admin.register(SavingsClaim)
class SavingsClaimAdmin(ReadOnlyAdmin):
    list_display = ["region", "unit_cost", "quantity", "attribution", "deadweight", "period_end"]


@admin.register(LevyReceipt)
class LevyReceiptAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "scheme", "source", "amount", "received_on"]


@admin.register(Remittance)
class RemittanceAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "agreement", "amount", "remitted_on"]


@admin.register(LocalOpportunity)
class LocalOpportunityAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "period_start", "period_end", "jobs_offered", "jobs_filled",
                    "local_spend", "total_spend"]  # fmt: skip
