"""Admin for the ledger's vocabulary: administrators extend the funding streams here.

Initiatives, allocations and proposals are changed on the funding pages and through the API, which
go through the services (region checks, the pipeline's transitions); here they are read-only.
"""

from django.contrib import admin

from coprod.core.admin import ReadOnlyAdmin, VocabularyAdmin
from coprod.funding.models import Allocation, FundingStream, Proposal, RegionalInitiative

admin.site.register(FundingStream, VocabularyAdmin)


@admin.register(RegionalInitiative)
class RegionalInitiativeAdmin(ReadOnlyAdmin):
    list_display = ["title", "region", "funding_stream", "capital", "revenue", "start", "end", "status"]
    list_filter = ["region", "funding_stream", "status"]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "amount", "date", "category", "state", "grant_identifier"]
    list_filter = ["category", "state"]
    search_fields = ["grant_identifier", "title", "recipient_name"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "team", "neighbourhood", "status", "status_since", "amount_sought"]
    list_filter = ["status"]
