"""Filters of the engagement log, shared by its pages and its API."""

import django_filters

from coprod.core.filters import FilterSet
from coprod.engagements.choices import Dimension
from coprod.engagements.models import Engagement


class EngagementFilterSet(FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="From")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="To")
    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__slug", label="Neighbourhood")
    group = django_filters.NumberFilter(field_name="groups", label="Group")
    activity_type = django_filters.CharFilter(field_name="activity_type__slug", label="Kind of contact")
    dimension = django_filters.ChoiceFilter(choices=Dimension.choices)
    worker = django_filters.CharFilter(field_name="worker__username", label="Worker")

    class Meta:
        model = Engagement
        fields = ["date_from", "date_to", "neighbourhood", "group", "activity_type", "dimension", "worker"]
