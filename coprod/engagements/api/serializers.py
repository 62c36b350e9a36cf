"""API representation of engagements: notes only for those allowed to read them."""

from typing import TYPE_CHECKING

from rest_framework import serializers

from coprod.core.api import ScopedModelSerializer
from coprod.engagements.fields import API_FIELDS
from coprod.engagements.models import ActivityType, Engagement, Theme, WorkProgramme
from coprod.engagements.selectors import NotesPolicy
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import PublicBody
from coprod.units.models import Team
from coprod.units.selectors import own_teams

if TYPE_CHECKING:
    from typing import Any

    from django.contrib.auth.models import User
    from rest_framework.validators import Validator


def _in_own_teams(model):
    return lambda user: model.objects.filter(team__in=own_teams(user))


class EngagementSerializer(ScopedModelSerializer):
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
    public_bodies = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=PublicBody.objects.none()
    )
    work_programme = serializers.PrimaryKeyRelatedField(
        queryset=WorkProgramme.objects.none(), required=False, allow_null=True
    )
    idempotency_key = serializers.UUIDField(required=False, write_only=True)
    # Null for those who may not read them (see NotesPolicy).
    notes = serializers.CharField(required=False, allow_blank=True, allow_null=True)

    class Meta:
        model = Engagement
        fields = ["id", *API_FIELDS, "idempotency_key", "created_at"]
        read_only_fields = ["id", "worker", "created_at"]
        extra_kwargs = {"date": {"required": False}}
        # the service applies every rule, so the form and the API agree
        validators: "list[Validator[Any]]" = []

    choices = {
        "team": own_teams,
        "neighbourhood": _in_own_teams(Neighbourhood),
        "groups": _in_own_teams(CommunityGroup),
        "work_programme": _in_own_teams(WorkProgramme),
        "public_bodies": lambda user: PublicBody.objects.filter(region__unit__teams__in=own_teams(user)),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self._policy = NotesPolicy(request.user)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        policy = getattr(self, "_policy", None)
        if policy is None or not policy.visible(instance):
            data["notes"] = None
        return data

    def validate_notes(self, value):
        return value or ""
