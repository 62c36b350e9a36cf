"""API representations of community groups, venues and areas of work."""

from typing import TYPE_CHECKING

from rest_framework import serializers

from coprod.core.api import ScopedModelSerializer
from coprod.groups.fields import API_FIELDS
from coprod.groups.models import AreaOfWork, CommunityGroup, GroupContact, Venue
from coprod.groups.selectors import sees_personal_data
from coprod.neighbourhoods.api.serializers import CodeField
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.selectors import current_lsoas
from coprod.units.models import Team
from coprod.units.selectors import own_teams, teams_for_user

if TYPE_CHECKING:
    from typing import Any

    from rest_framework.validators import Validator


class AreaOfWorkSerializer(serializers.ModelSerializer):
    class Meta:
        model = AreaOfWork
        fields = ["slug", "name"]


class GroupContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = GroupContact
        fields = ["id", "name", "role", "email", "phone", "notes"]


def _own_neighbourhoods(user):
    return Neighbourhood.objects.filter(team__in=own_teams(user))


def _own_groups(user):
    return CommunityGroup.objects.filter(team__in=own_teams(user))


class CommunityGroupSerializer(ScopedModelSerializer):
    """A group; its contacts and notes are personal data and appear only for the group's own team."""

    team = serializers.SlugRelatedField(slug_field="slug", queryset=Team.objects.none())
    areas_of_work = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=AreaOfWork.objects.all()
    )
    neighbourhoods = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=Neighbourhood.objects.none()
    )
    base_lsoa = CodeField(required=False, allow_null=True, queryset=current_lsoas(), order_by=["-vintage"])
    started_with_team = serializers.SlugRelatedField(
        slug_field="slug", required=False, allow_null=True, queryset=Team.objects.none()
    )
    # Null for those who may not read them (people outside the group's team).
    contacts = GroupContactSerializer(many=True, read_only=True, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, allow_null=True)

    class Meta:
        model = CommunityGroup
        fields = ["id", "team", *API_FIELDS, "contacts", "local_authority", "created_at", "updated_at"]
        read_only_fields = ["id", "local_authority", "created_at", "updated_at"]
        extra_kwargs = {"status_since": {"required": False}, "support_intensity_since": {"required": False}}
        # the services check uniqueness and cross-field rules, for every entry point
        validators: "list[Validator[Any]]" = []

    choices = {"team": own_teams, "started_with_team": teams_for_user, "neighbourhoods": _own_neighbourhoods}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not sees_personal_data(request.user, instance):
            data["contacts"] = data["notes"] = None
        return data

    def validate_notes(self, value):
        return value or ""


class VenueSerializer(ScopedModelSerializer):
    team = serializers.SlugRelatedField(slug_field="slug", queryset=Team.objects.none())
    groups = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=CommunityGroup.objects.none()
    )

    class Meta:
        model = Venue
        fields = [
            "id",
            "team",
            "name",
            "kind",
            "owner",
            "status",
            "asset_of_community_value",
            "postcode",
            "days_open_week",
            "community_hire_rate",
            "commercial_hire_rate",
            "groups",
            "notes",
        ]
        read_only_fields = ["id"]

    choices = {"team": own_teams, "groups": _own_groups}
