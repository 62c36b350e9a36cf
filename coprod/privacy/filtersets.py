"""Filters of the audit trail page: kind of record, what happened, who, and when."""

from __future__ import annotations

import django_filters
from django.contrib.contenttypes.models import ContentType

from coprod.audit.choices import Event
from coprod.audit.models import AuditEntry
from coprod.core.filters import FilterSet
from coprod.core.forms import DATE
from coprod.privacy.selectors import audited_kinds


def _kind_name(ct: ContentType) -> str:
    model = ct.model_class()
    assert model is not None  # audited_kinds names installed models only
    return str(model._meta.verbose_name).capitalize()


class AuditEntryFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(
        label="Kind of record", field_name="content_type", empty_label="Any", method="filter_kind"
    )
    event = django_filters.ChoiceFilter(label="What happened", choices=Event.choices, empty_label="Any")
    who = django_filters.CharFilter(
        label="Who (username)", field_name="actor__username", lookup_expr="iexact"
    )
    date_from = django_filters.DateFilter(
        label="From", field_name="timestamp", lookup_expr="date__gte", widget=DATE
    )
    date_to = django_filters.DateFilter(
        label="To", field_name="timestamp", lookup_expr="date__lte", widget=DATE
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = [
            (f"{ct.app_label}.{ct.model}", f"{_kind_name(ct)} ({ct.app_label})") for ct in audited_kinds()
        ]

    def filter_kind(self, queryset, name, value):
        app_label, _, model = value.partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)
