"""API views of outcomes: scoped like the pages, every write through the services."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError

from coprod.core.api import ServiceViewSet
from coprod.core.values import keys_of
from coprod.outcomes import selectors, services
from coprod.outcomes.api.serializers import (
    GroupOutcomeSerializer,
    IndicatorSerializer,
    InvolvementSerializer,
    MeasurementSerializer,
    StorySerializer,
    TargetSerializer,
)


class IndicatorViewSet(ServiceViewSet):
    """National indicators (read only) and community-defined ones, which team leads define."""

    serializer_class = IndicatorSerializer
    scope = selectors.indicators_for_user
    create_service = services.indicator_define
    update_service = services.indicator_update
    instance_name = "indicator"
    fixed = ("team", "level")
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return self.scoped(self.request.user).order_by("position", "name")


class MeasurementViewSet(ServiceViewSet):
    """Values of indicators for one neighbourhood or one group; computed indicators cannot be entered."""

    serializer_class = MeasurementSerializer
    scope = selectors.measurements_for_user
    create_service = services.measurement_record
    update_service = services.measurement_update
    delete_service = services.measurement_delete
    instance_name = "measurement"
    fixed = ("indicator", "neighbourhood", "group")


class TargetViewSet(ServiceViewSet):
    """Work programmes' targets, each with its progress reading (achieved, on_track, behind, no_data)."""

    serializer_class = TargetSerializer
    scope = selectors.targets_for_user
    create_service = services.target_set
    update_service = services.target_update
    delete_service = services.target_delete
    instance_name = "target"
    fixed = ("work_programme", "indicator", "neighbourhood")

    @staticmethod
    def _milestones(data: dict):
        items = data.pop("milestones", None)
        return None if items is None else [(m["due_on"], m["value"]) for m in items]

    def create_arguments(self, serializer) -> dict:
        data = dict(serializer.validated_data)
        return data | {"milestones": self._milestones(data) or []}

    def perform_update(self, serializer):
        serializer.validated_data["milestones"] = self._milestones(serializer.validated_data)
        super().perform_update(serializer)


class GroupOutcomeViewSet(ServiceViewSet):
    serializer_class = GroupOutcomeSerializer
    scope = selectors.group_outcomes_for_user
    create_service = services.group_outcome_record
    update_service = services.group_outcome_update
    delete_service = services.group_outcome_delete
    instance_name = "outcome"
    fixed = ("group",)


class InvolvementViewSet(ServiceViewSet):
    serializer_class = InvolvementSerializer
    scope = selectors.involvement_for_user
    create_service = services.involvement_record
    delete_service = services.involvement_delete
    instance_name = "record"
    fixed = ("neighbourhood",)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        instance = serializer.instance
        if data.pop("neighbourhood", instance.neighbourhood) != instance.neighbourhood:
            raise ValidationError(
                {"neighbourhood": "This cannot change; remove the record and make a new one."}
            )
        values = {
            "neighbourhood": instance.neighbourhood,
            "period_start": data.pop("period_start", instance.period_start),
            "period_end": data.pop("period_end", instance.period_end),
        }
        counts = {k: getattr(instance, k) for k in keys_of(services.InvolvementCounts)} | data
        if (values["period_start"], values["period_end"]) != (instance.period_start, instance.period_end):
            raise ValidationError(
                {"period_start": "The period cannot change; record the new period instead."}
            )
        serializer.instance = services.involvement_record(actor=self.request.user, **values, **counts)


class StoryViewSet(ServiceViewSet):
    serializer_class = StorySerializer
    scope = selectors.stories_for_user
    create_service = services.story_write
    update_service = services.story_update
    delete_service = services.story_delete
    instance_name = "story"
    fixed = ("neighbourhood",)
