"""API representation of engagements: notes only for those allowed to read them."""

from typing import TYPE_CHECKING

from rest_framework import serializers

from coprod.core.api import related_field
from coprod.engagements.models import ActivityType, Engagement, Theme, WorkProgramme
from coprod.engagements.selectors import NotesPolicy
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.units.models import Team
from coprod.units.selectors import own_teams

if TYPE_CHECKING:
    from typing import Any

    from django.contrib.auth.models import User
    from rest_framework.validators import Validator


class EngagementSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="slug", queryset=Team.objects.none())
    worker: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    neighbourhood = serializers.SlugRelatedField(
        slug_field="slug", queryset=Neighbourhood.objects.none(), required=False, allow_null=True
    )
    activity_type = serializers.SlugRelatedField(slug_field="slug", queryset=ActivityType.objects.all())
    groups = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=CommunityGroup.objects.none()
    )
    themes = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=Theme.objects.all()
    )
    work_programme = serializers.PrimaryKeyRelatedField(
        queryset=WorkProgramme.objects.none(), required=False, allow_null=True
    )
    idempotency_key = serializers.UUIDField(required=False, write_only=True)
    # Null for those who may not read them (see NotesPolicy).
    notes = serializers.CharField(required=False, allow_blank=True, allow_null=True)

    class Meta:
        model = Engagement
        fields = [
            "id", "date", "team", "worker", "neighbourhood", "groups", "activity_type", "dimension",
            "minutes",
            "people_present", "new_people", "partners", "themes", "tags", "notes", "sensitive",
            "work_programme", "idempotency_key", "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "worker", "created_at"]
        extra_kwargs = {"date": {"required": False}}
        # the service applies every rule, so the form and the API agree
        validators: "list[Validator[Any]]" = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            teams = own_teams(request.user)
            related_field(self, "team").queryset = teams
            related_field(self, "neighbourhood").queryset = Neighbourhood.objects.filter(team__in=teams)
            related_field(self, "groups").queryset = CommunityGroup.objects.filter(team__in=teams)
            related_field(self, "work_programme").queryset = WorkProgramme.objects.filter(team__in=teams)
            self._policy = NotesPolicy(request.user)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        policy = getattr(self, "_policy", None)
        if policy is None or not policy.visible(instance):
            data["notes"] = None
        return data

    def validate_notes(self, value):
        return value or ""
