"""The filters of every list, on pages and in the API: a number a filter is given is bounded to what a
database column can hold (a 64-bit integer), so a value past it is refused as invalid (400 in the API,
left out of a page's filter) instead of reaching the database, where SQLite cannot bind it."""

from __future__ import annotations

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as RestFilterSet

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


class FilterSet(RestFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.filters.values():  # each instance's own copies: the class's stay as they are
            if isinstance(f, django_filters.NumberFilter):
                f.extra.setdefault("min_value", BIGINT_MIN)
                f.extra.setdefault("max_value", BIGINT_MAX)


class FilterBackend(DjangoFilterBackend):
    """The API's filter backend: a view's `filterset_fields` are built on FilterSet above."""

    filterset_base = FilterSet
