"""API plumbing shared by every app: service errors become 400 and 403 answers, not 500s."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler


def related_field(serializer: serializers.Serializer, name: str) -> serializers.RelatedField[Any, Any, Any]:
    """A serializer's field that refers to records, as such: for setting its queryset. For a field of
    many records (many=True) this is the field of each one."""
    field = serializer.fields[name]
    if isinstance(field, serializers.ManyRelatedField):
        field = field.child_relation
    assert isinstance(field, serializers.RelatedField)
    return field


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    return drf_exception_handler(exc, context)
