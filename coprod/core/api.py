"""API plumbing shared by every app: the service-backed viewset, and service errors as 400 and 403
answers, not 500s."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import exceptions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def related_field(serializer: serializers.Serializer, name: str) -> serializers.RelatedField[Any, Any, Any]:
    """A serializer's field that refers to records, as such: for setting its queryset. For a field of
    many records (many=True) this is the field of each one."""
    field = serializer.fields[name]
    if isinstance(field, serializers.ManyRelatedField):
        field = field.child_relation
    assert isinstance(field, serializers.RelatedField)
    return field


class ScopedModelSerializer(serializers.ModelSerializer):
    """A serializer whose related fields offer only what the reader may name: `choices` maps each
    field to the selector of its choices (given the user), applied once the request is known."""

    choices: ClassVar[dict[str, Callable[[Any], QuerySet[Any]]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            for name, selector in self.choices.items():
                related_field(self, name).queryset = selector(request.user)


def once(context: dict, key: str, compute: Callable[[], Any]) -> Any:
    """A value worked out once per request and kept in a serializer's context, which a list's items
    share (for instance the teams the reader reaches, to show only their records in each item)."""
    if key not in context:
        context[key] = compute()
    return context[key]


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    return drf_exception_handler(exc, context)


# A service: called with actor= and keyword arguments.
Service = Callable[..., object]


class ServiceViewSet(viewsets.ModelViewSet):
    """A model API whose writes call services: create(actor, **data), update(actor, obj, **data), delete.

    Fields named in `fixed` say what a record belongs to; they are set on create and never move.
    """

    scope: ClassVar[Callable[[Any], QuerySet[Any]] | None] = None  # selector(user) -> queryset
    create_service: ClassVar[Service | None] = None
    update_service: ClassVar[Service | None] = None
    delete_service: ClassVar[Service | None] = None
    instance_name = ""
    fixed: tuple[str, ...] = ()

    @classmethod
    def scoped(cls, user: Any) -> QuerySet[Any]:
        assert cls.scope is not None
        return cls.scope(user)

    def get_queryset(self):
        return self.scoped(self.request.user).order_by("-pk")

    def perform_create(self, serializer):
        create = type(self).create_service
        assert create is not None
        result = create(actor=self.request.user, **self.create_arguments(serializer))
        serializer.instance = result[0] if isinstance(result, tuple) else result

    def create_arguments(self, serializer) -> dict:
        return dict(serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        for name in self.fixed:
            if name in data and data.pop(name) != getattr(serializer.instance, name):
                raise ValidationError({name: "This cannot change; remove the record and make a new one."})
        update = type(self).update_service
        assert update is not None
        serializer.instance = update(
            actor=self.request.user, **{self.instance_name: serializer.instance}, **data
        )

    def perform_destroy(self, instance):
        delete = type(self).delete_service
        assert delete is not None
        delete(actor=self.request.user, **{self.instance_name: instance})
