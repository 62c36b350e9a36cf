"""API representations of units, teams and memberships."""

from rest_framework import serializers

from coprod.units.models import CoProductionUnit, Membership, Team


class UnitSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = CoProductionUnit
        fields = ["slug", "name", "region"]


class TeamSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    authorities = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    host_authority = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Team
        fields = ["slug", "name", "unit", "authorities", "host_authority"]


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    # Team roles have a team and no unit, unit roles the reverse; administrators may have neither.
    team = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    unit = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "team", "unit", "start_date", "end_date"]
