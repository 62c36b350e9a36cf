"""API views of the engagement log: scoped like the pages, writes through the services."""

import uuid

from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from coprod.engagements import services
from coprod.engagements.api.serializers import EngagementSerializer
from coprod.engagements.filtersets import EngagementFilterSet
from coprod.engagements.selectors import engagements_for_user, log_rows


class EngagementViewSet(viewsets.ModelViewSet):
    """Contacts you can see. POST with an Idempotency-Key header (or field) logs a contact once, however
    often it is sent: a repeat answers 200 with the contact first logged."""

    serializer_class = EngagementSerializer
    filterset_class = EngagementFilterSet

    def get_queryset(self):
        return log_rows(engagements_for_user(self.request.user)).order_by("-date", "-pk")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        key = data.pop("idempotency_key", None) or request.headers.get("Idempotency-Key")
        if key:
            try:
                data["idempotency_key"] = key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))
            except ValueError:
                raise ValidationError({"idempotency_key": "Must be a UUID."}) from None
        team = data.pop("team")
        engagement, created = services.engagement_log(worker=request.user, team=team, **data)
        serializer.instance = engagement  # the same serializer answers: its scopes are already built
        body = serializer.data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("idempotency_key", None)
        team = data.pop("team", None)
        if team is not None and team != serializer.instance.team:
            raise ValidationError({"team": "A contact cannot move to another team."})
        serializer.instance = services.engagement_update(
            actor=self.request.user, engagement=serializer.instance, **data
        )

    def perform_destroy(self, instance):
        services.engagement_delete(actor=self.request.user, engagement=instance)
