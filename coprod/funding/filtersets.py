"""The ledger's filters, shared by its pages, its API and its exports."""

import django_filters

from coprod.core.filters import FilterSet
from coprod.funding.choices import AllocationState, Category, InitiativeStatus, ProposalStatus
from coprod.funding.models import Allocation, Proposal, RegionalInitiative


class InitiativeFilterSet(FilterSet):
    region = django_filters.CharFilter(field_name="region__code", label="Region (ONS code)")
    stream = django_filters.CharFilter(field_name="funding_stream__slug", label="Funding stream")
    status = django_filters.ChoiceFilter(choices=InitiativeStatus.choices)

    class Meta:
        model = RegionalInitiative
        fields = ["region", "stream", "status"]


class AllocationFilterSet(FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug", label="Initiative")
    region = django_filters.CharFilter(field_name="initiative__region__code", label="Region (ONS code)")
    category = django_filters.ChoiceFilter(choices=Category.choices)
    state = django_filters.ChoiceFilter(choices=AllocationState.choices)
    neighbourhood = django_filters.CharFilter(field_name="neighbourhoods__slug", label="Neighbourhood")

    class Meta:
        model = Allocation
        fields = ["initiative", "region", "category", "state", "neighbourhood"]


class ProposalFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)
    team = django_filters.CharFilter(field_name="team__slug", label="Team")
    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__slug", label="Neighbourhood")
    initiative = django_filters.CharFilter(field_name="initiative__slug", label="Initiative")

    class Meta:
        model = Proposal
        fields = ["status", "team", "neighbourhood", "initiative"]
