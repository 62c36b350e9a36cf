"""FilterSets shared by the HTML lists and the API."""

import django_filters
from django.db.models import Q

from coprod.core.filters import FilterSet
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LSOA, LocalAuthority, Ward
from coprod.places.selectors import current_edition


class NeighbourhoodFilterSet(FilterSet):
    """Expects a queryset annotated by selectors.with_deprivation_figures."""

    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")
    authority = django_filters.CharFilter(
        method="filter_authority", label="Local authority code", help_text="For example E06000021"
    )
    team = django_filters.CharFilter(field_name="team__slug", label="Team")
    decile_1_share_min = django_filters.NumberFilter(
        field_name="decile_1_share", lookup_expr="gte", label="Share in decile 1 at least (%)"
    )
    decile_1_share_max = django_filters.NumberFilter(
        field_name="decile_1_share", lookup_expr="lte", label="Share in decile 1 at most (%)"
    )
    priority = django_filters.BooleanFilter(field_name="priority")

    class Meta:
        model = Neighbourhood
        fields = ["q", "authority", "team", "decile_1_share_min", "decile_1_share_max", "priority"]

    def filter_authority(self, queryset, name, value):
        return queryset.filter(
            pk__in=Neighbourhood.objects.filter(lsoas__local_authority__code=value).values("pk")
        )


class LocalAuthorityFilterSet(FilterSet):
    region = django_filters.CharFilter(field_name="region__code", label="Region code")
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")

    class Meta:
        model = LocalAuthority
        fields = ["region", "tier", "year", "q"]


class WardFilterSet(FilterSet):
    authority = django_filters.CharFilter(field_name="local_authority__code", label="Local authority code")
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")

    class Meta:
        model = Ward
        fields = ["authority", "year", "q"]


class LSOAFilterSet(FilterSet):
    authority = django_filters.CharFilter(field_name="local_authority__code", label="Local authority code")
    ward = django_filters.CharFilter(field_name="ward__code", label="Ward code")
    decile = django_filters.NumberFilter(
        method="filter_decile", label="IMD decile (current edition)", min_value=1, max_value=10
    )

    class Meta:
        model = LSOA
        fields = ["authority", "ward", "vintage", "decile"]

    def filter_decile(self, queryset, name, value):
        return queryset.filter(Q(deprivations__edition=current_edition()) & Q(deprivations__decile=value))
