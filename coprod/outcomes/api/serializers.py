"""API representation of outcomes. Serializers check shapes only; the services apply every rule."""

from typing import TYPE_CHECKING

from django.utils import timezone
from rest_framework import serializers

from coprod.engagements.models import WorkProgramme
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.outcomes import rules
from coprod.outcomes.fields import API_FIELDS
from coprod.outcomes.models import (
    GroupOutcome,
    Indicator,
    Measurement,
    Milestone,
    ResidentInvolvement,
    Story,
    Target,
)
from coprod.outcomes.selectors import target_progress
from coprod.units.models import Team
from coprod.units.selectors import led_teams, own_teams

if TYPE_CHECKING:
    from typing import Any

    from django.contrib.auth.models import User
    from rest_framework.validators import Validator


def _neighbourhood_field(**kwargs):
    return serializers.SlugRelatedField(slug_field="slug", queryset=Neighbourhood.objects.none(), **kwargs)


class _Scoped(serializers.ModelSerializer):
    """Related choices limited to what the user may write to: their own team's records."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        teams = own_teams(request.user) if request is not None else Team.objects.none()
        for name, field in self.fields.items():
            if getattr(field, "read_only", False) or not isinstance(field, serializers.RelatedField):
                continue
            model = getattr(field.queryset, "model", None)
            if model is Neighbourhood:
                field.queryset = Neighbourhood.objects.filter(team__in=teams)
            elif model is CommunityGroup:
                field.queryset = CommunityGroup.objects.filter(team__in=teams)
            elif model is WorkProgramme:
                field.queryset = WorkProgramme.objects.filter(
                    team__in=led_teams(request.user) if request else []
                )
            elif model is Team and name == "team":
                field.queryset = led_teams(request.user) if request else Team.objects.none()


class IndicatorSerializer(_Scoped):
    # National indicators have no team (null); a community-defined one is always its team's.
    team = serializers.SlugRelatedField(slug_field="slug", queryset=Team.objects.none(), allow_null=True)

    def validate_team(self, team):
        if team is None:
            raise serializers.ValidationError("Name the team whose community-defined indicator this is.")
        return team

    class Meta:
        model = Indicator
        fields = [
            "id", "code", "name", "definition", "unit", "direction", "level", "source", "computed",
            "reference_least_deprived", "reference_most_deprived", "reference_note", "team",
        ]  # fmt: skip
        read_only_fields = [
            "id", "code", "source", "computed", "reference_least_deprived", "reference_most_deprived",
            "reference_note",
        ]  # fmt: skip
        validators: "list[Validator[Any]]" = []


class MeasurementSerializer(_Scoped):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    neighbourhood = _neighbourhood_field(required=False, allow_null=True)
    group = serializers.PrimaryKeyRelatedField(
        queryset=CommunityGroup.objects.none(), required=False, allow_null=True
    )
    recorded_by: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = Measurement
        fields = ["id", *API_FIELDS, "recorded_by", "updated_at"]
        read_only_fields = ["id", "recorded_by", "updated_at"]
        # The survey form's bound, with its message (outcomes.rules).
        extra_kwargs = {
            "sample_size": {
                "min_value": rules.MIN_SAMPLE_SIZE,
                "error_messages": {"min_value": rules.SAMPLE_SIZE},
            }
        }
        validators: "list[Validator[Any]]" = []


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["due_on", "value"]


class TargetSerializer(_Scoped):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    neighbourhood = _neighbourhood_field()
    work_programme = serializers.PrimaryKeyRelatedField(queryset=WorkProgramme.objects.none())
    milestones = MilestoneSerializer(many=True, required=False)
    reading = serializers.SerializerMethodField()
    expected = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id", "work_programme", "indicator", "neighbourhood", "baseline_value", "baseline_on",
            "target_value", "target_on", "milestones", "notes", "reading", "expected",
        ]  # fmt: skip
        read_only_fields = ["id", "reading", "expected"]
        validators: "list[Validator[Any]]" = []

    def _progress(self, obj):
        cache = self.context.setdefault("_progress", {})
        if obj.pk not in cache:
            cache[obj.pk] = target_progress(obj, today=timezone.localdate())
        return cache[obj.pk]

    def get_reading(self, obj) -> str:
        return self._progress(obj).reading

    def get_expected(self, obj) -> str | None:
        expected = self._progress(obj).expected
        return None if expected is None else str(expected)


class GroupOutcomeSerializer(_Scoped):
    group = serializers.PrimaryKeyRelatedField(queryset=CommunityGroup.objects.none())
    recorded_by: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = GroupOutcome
        fields = ["id", "group", "category", "achieved_on", "evidence", "recorded_by"]
        read_only_fields = ["id", "recorded_by"]


class InvolvementSerializer(_Scoped):
    neighbourhood = _neighbourhood_field()

    class Meta:
        model = ResidentInvolvement
        fields = [
            "id", "neighbourhood", "period_start", "period_end", "intensive", "regular", "occasional",
            "service_users",
        ]  # fmt: skip
        read_only_fields = ["id"]
        validators: "list[Validator[Any]]" = []


class StorySerializer(_Scoped):
    neighbourhood = _neighbourhood_field()
    written_by: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = Story
        fields = ["id", "neighbourhood", "title", "body", "told_on", "written_by"]
        read_only_fields = ["id", "written_by"]
