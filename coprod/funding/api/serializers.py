"""API representations of the ledger. Money is sent as a string of pounds and pence ("1234.56")."""

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coprod.core.api import once, related_field
from coprod.funding.choices import ProposalStatus
from coprod.funding.fields import API_FIELDS
from coprod.funding.models import Allocation, FundingStream, Proposal, ProposalTransition, RegionalInitiative
from coprod.funding.selectors import (
    BREAKDOWNS,
    position_of,
    proposal_teams_for_user,
    regions_managed_by,
)
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import Region
from coprod.units.models import Team
from coprod.units.selectors import team_ids_for_user

if TYPE_CHECKING:
    from typing import Any

    from django.contrib.auth.models import User
    from rest_framework.validators import Validator


class FundingStreamSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingStream
        fields = ["slug", "name"]


class TenPercentSerializer(serializers.Serializer):
    """One position against the 10% rule (selectors.TenPercent.as_json)."""

    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    capacity_building = serializers.DecimalField(max_digits=14, decimal_places=2)
    community_proposed = serializers.DecimalField(max_digits=14, decimal_places=2)
    qualifying = serializers.DecimalField(max_digits=14, decimal_places=2)
    other = serializers.DecimalField(max_digits=14, decimal_places=2)
    allocated = serializers.DecimalField(max_digits=14, decimal_places=2)
    committed = serializers.DecimalField(max_digits=14, decimal_places=2)
    spent = serializers.DecimalField(max_digits=14, decimal_places=2)
    # As many decimals as the honest figure needs (funding.selectors.beside_threshold), never rounded again.
    share_percent = serializers.DecimalField(max_digits=None, decimal_places=None, allow_null=True)
    share_label = serializers.CharField(allow_null=True)
    meets_ten_percent = serializers.BooleanField(allow_null=True)
    shortfall = serializers.DecimalField(max_digits=14, decimal_places=2)


class InitiativeSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.none())
    funding_stream = serializers.SlugRelatedField(slug_field="slug", queryset=FundingStream.objects.all())
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    ten_percent = serializers.SerializerMethodField()

    class Meta:
        model = RegionalInitiative
        fields = [
            "id", "slug", "region", "title", "funding_stream", "lead_body", "capital", "revenue", "budget",
            "start", "end", "status", "description", "ten_percent", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"slug": {"required": False}}
        # the service applies every rule, so the form and the API agree
        validators: "list[Validator[Any]]" = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            related_field(self, "region").queryset = regions_managed_by(request.user)

    @extend_schema_field(TenPercentSerializer)
    def get_ten_percent(self, instance) -> dict:
        return TenPercentSerializer(position_of(instance).as_json()).data


def reached_teams(serializer: serializers.Serializer) -> set[int] | None:
    """The reader's teams (None without a request): everyone in a region reads its ledger and its
    proposals, but the neighbourhoods and groups they name are their teams' records."""
    request = serializer.context.get("request")
    if request is None:
        return None
    return once(serializer.context, "reached_teams", lambda: team_ids_for_user(request.user))


class AllocationSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", queryset=RegionalInitiative.objects.none())
    neighbourhoods = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=Neighbourhood.objects.none()
    )
    groups = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=CommunityGroup.objects.none()
    )
    proposal = serializers.PrimaryKeyRelatedField(
        required=False, allow_null=True, queryset=Proposal.objects.none()
    )
    other_teams_neighbourhoods = serializers.SerializerMethodField(
        help_text="How many more neighbourhoods it names, of teams you do not reach (not listed)."
    )
    other_teams_groups = serializers.SerializerMethodField(
        help_text="How many more groups it names, of teams you do not reach (not listed)."
    )

    class Meta:
        model = Allocation
        fields = [
            "id", "initiative", *API_FIELDS, "other_teams_neighbourhoods", "other_teams_groups", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: "list[Validator[Any]]" = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            regions = regions_managed_by(request.user)
            related_field(self, "initiative").queryset = RegionalInitiative.objects.filter(region__in=regions)
            related_field(self, "neighbourhoods").queryset = Neighbourhood.objects.filter(
                team__unit__region__in=regions
            )
            related_field(self, "groups").queryset = CommunityGroup.objects.filter(
                team__unit__region__in=regions
            )
            related_field(self, "proposal").queryset = Proposal.objects.filter(team__unit__region__in=regions)

    def _others(self, records) -> int:
        teams = reached_teams(self)
        return 0 if teams is None else sum(1 for r in records if r.team_id not in teams)

    def get_other_teams_neighbourhoods(self, instance) -> int:
        return self._others(instance.neighbourhoods.all())

    def get_other_teams_groups(self, instance) -> int:
        return self._others(instance.groups.all())

    def to_representation(self, instance):
        data = super().to_representation(instance)
        teams = reached_teams(self)
        if teams is not None:
            data["neighbourhoods"] = [h.slug for h in instance.neighbourhoods.all() if h.team_id in teams]
            data["groups"] = [g.pk for g in instance.groups.all() if g.team_id in teams]
        return data


class ProposalTransitionSerializer(serializers.ModelSerializer):
    by: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = ProposalTransition
        fields = ["from_status", "to_status", "on", "by", "note"]


class ProposalSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="slug", queryset=Team.objects.none())
    neighbourhood = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Neighbourhood.objects.none(),
        allow_null=True,
        help_text="Sent as null to readers outside the team, whose neighbourhood it is.",
    )
    groups = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=CommunityGroup.objects.none(),
        help_text="Sent as an empty list to readers outside the team, whose groups they are.",
    )
    initiative = serializers.SlugRelatedField(
        slug_field="slug", required=False, allow_null=True, queryset=RegionalInitiative.objects.none()
    )
    transitions = ProposalTransitionSerializer(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id", "title", "team", "neighbourhood", "groups", "amount_sought", "initiative", "status",
            "status_since", "description", "transitions", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "status", "status_since", "created_at", "updated_at"]
        validators: "list[Validator[Any]]" = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            teams = proposal_teams_for_user(request.user)
            related_field(self, "team").queryset = teams
            related_field(self, "neighbourhood").queryset = Neighbourhood.objects.filter(team__in=teams)
            related_field(self, "groups").queryset = CommunityGroup.objects.filter(team__in=teams)
            related_field(self, "initiative").queryset = RegionalInitiative.objects.filter(
                region__unit__teams__in=teams
            ).distinct()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        teams = reached_teams(self)
        if teams is not None and instance.team_id not in teams:
            data["neighbourhood"], data["groups"] = None, []
        return data


class ProposalMoveSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=ProposalStatus.choices)
    on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LedgerRowSerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=list(BREAKDOWNS))
    key = serializers.CharField()
    # A declared field, which the serializer's metaclass takes out of the class: not Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    initiatives = serializers.IntegerField()
    ten_percent = TenPercentSerializer()


class StageSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    # A declared field, which the serializer's metaclass takes out of the class: not Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    sought = serializers.DecimalField(max_digits=16, decimal_places=2)
    won = serializers.DecimalField(max_digits=16, decimal_places=2)
    left = serializers.IntegerField()
    average_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    median_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
