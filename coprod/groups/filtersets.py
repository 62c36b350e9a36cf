"""The group directory's filters, shared by its pages, its API and its exports."""

import django_filters

from coprod.core.filters import FilterSet
from coprod.groups.choices import GroupStatus, IncomeBand, LegalForm, SupportIntensity, VenueKind, VenueStatus
from coprod.groups.models import CommunityGroup, Venue
from coprod.groups.selectors import search_groups


class GroupFilterSet(FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Name")
    neighbourhood = django_filters.CharFilter(field_name="neighbourhoods__slug", label="Neighbourhood")
    area = django_filters.CharFilter(field_name="areas_of_work__slug", label="Area of work")
    legal_form = django_filters.ChoiceFilter(choices=LegalForm.choices)
    income_band = django_filters.ChoiceFilter(choices=IncomeBand.choices)
    status = django_filters.ChoiceFilter(choices=GroupStatus.choices)
    support_intensity = django_filters.ChoiceFilter(choices=SupportIntensity.choices)
    team = django_filters.CharFilter(field_name="team__slug", label="Team")

    class Meta:
        model = CommunityGroup
        fields = [
            "q",
            "neighbourhood",
            "area",
            "legal_form",
            "income_band",
            "status",
            "support_intensity",
            "team",
        ]

    def filter_search(self, queryset, name, value):
        return search_groups(queryset, value)

    def filter_queryset(self, queryset):
        # Joins through neighbourhoods or areas can repeat a group; the search keeps its own order.
        result = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("neighbourhood") or self.form.cleaned_data.get("area"):
            result = result.distinct()
        return result


class VenueFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")
    kind = django_filters.ChoiceFilter(choices=VenueKind.choices)
    status = django_filters.ChoiceFilter(choices=VenueStatus.choices)
    asset_of_community_value = django_filters.BooleanFilter()

    class Meta:
        model = Venue
        fields = ["q", "kind", "status", "asset_of_community_value"]
