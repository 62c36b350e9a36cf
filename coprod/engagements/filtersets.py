"""Filters of the engagement log, shared by its pages and its API."""

import django_filters
from django.contrib.auth import get_user_model

from coprod.core.filters import FilterSet
from coprod.engagements.choices import Dimension
from coprod.engagements.models import Engagement
from coprod.neighbourhoods.models import Neighbourhood


class EngagementFilterSet(FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="From")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="To")
    neighbourhood = django_filters.CharFilter(method="by_neighbourhood", label="Neighbourhood")
    group = django_filters.NumberFilter(field_name="groups", label="Group")
    activity_type = django_filters.CharFilter(field_name="activity_type__slug", label="Kind of contact")
    dimension = django_filters.ChoiceFilter(choices=Dimension.choices)
    worker = django_filters.CharFilter(method="by_worker", label="Worker")

    class Meta:
        model = Engagement
        fields = ["date_from", "date_to", "neighbourhood", "group", "activity_type", "dimension", "worker"]

    # A slug or username is turned into ids first, so the list is filtered on its own columns, which
    # the indexes on (neighbourhood, date, id) and (worker, date, id) serve in the list's order; a
    # join to the named table would leave the planner sorting every matching row.
    def by_neighbourhood(self, queryset, name, value):
        ids = list(Neighbourhood.objects.filter(slug=value).values_list("pk", flat=True))
        return queryset.filter(neighbourhood_id__in=ids)

    def by_worker(self, queryset, name, value):
        ids = list(get_user_model().objects.filter(username=value).values_list("pk", flat=True))
        return queryset.filter(worker_id__in=ids)
