"""API representations of units, teams and memberships."""

from typing import TYPE_CHECKING

from rest_framework import serializers

from coprod.units.models import CoProductionUnit, Membership, Team

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
