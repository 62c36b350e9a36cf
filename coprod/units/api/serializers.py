"""API representations of units, teams and memberships."""

from typing import TYPE_CHECKING

from rest_framework import serializers

from coprod.units.choices import TEAM_ROLES
from coprod.units.models import CoProductionUnit, Membership, Team
from coprod.units.selectors import teams_for_user

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from coprod.places.models import LocalAuthority, Region


class UnitSerializer(serializers.ModelSerializer):
    region: "serializers.SlugRelatedField[Region]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = CoProductionUnit
        fields = ["slug", "name", "region"]


class TeamSerializer(serializers.ModelSerializer):
    unit: "serializers.SlugRelatedField[CoProductionUnit]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    authorities: "serializers.SlugRelatedField[LocalAuthority]" = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    host_authority: "serializers.SlugRelatedField[LocalAuthority]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Team
        fields = ["slug", "name", "unit", "authorities", "host_authority"]


class MembershipSerializer(serializers.ModelSerializer):
    user: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    # Team roles have a team and no unit, unit roles the reverse; administrators may have neither.
    team: "serializers.SlugRelatedField[Team]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    unit: "serializers.SlugRelatedField[CoProductionUnit]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "team", "unit", "start_date", "end_date"]


class MembershipEndSerializer(MembershipSerializer):
    """A membership is changed only by ending it: the last day the person holds the role."""

    end_date = serializers.DateField(
        required=True,
        help_text="The last day of the role; from the next day they reach nothing of the team's.",
    )

    class Meta(MembershipSerializer.Meta):
        read_only_fields = ["id", "role", "start_date"]


class TeamMemberAddSerializer(serializers.Serializer):
    """Put a person in a team as a worker or its lead (units.services.team_member_add): a known username
    is that person; a new one makes a new person, who needs a password."""

    team: "serializers.SlugRelatedField[Team]" = serializers.SlugRelatedField(
        slug_field="slug", queryset=Team.objects.none()
    )
    role = serializers.ChoiceField(choices=[(r.value, r.label) for r in TEAM_ROLES])
    username = serializers.CharField(max_length=150)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    password = serializers.CharField(
        required=False, allow_blank=True, write_only=True, trim_whitespace=False, max_length=128,
        help_text="For a new person: at least 12 characters, not like the username, not a common one.",
    )  # fmt: skip
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            team = self.fields["team"]
            assert isinstance(team, serializers.RelatedField)
            team.queryset = teams_for_user(request.user)

    def to_representation(self, instance):
        return MembershipSerializer(instance, context=self.context).data
