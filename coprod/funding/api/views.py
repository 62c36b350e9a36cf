"""API views of the 10% ledger: scoped like the pages, writes through the services."""

from dataclasses import asdict

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from coprod.funding import services
from coprod.funding.api.serializers import (
    AllocationSerializer,
    FundingStreamSerializer,
    InitiativeSerializer,
    LedgerRowSerializer,
    ProposalMoveSerializer,
    ProposalSerializer,
    StageSerializer,
)
from coprod.funding.filtersets import AllocationFilterSet, InitiativeFilterSet, ProposalFilterSet
from coprod.funding.models import ProposalTransition
from coprod.funding.selectors import (
    BREAKDOWNS,
    allocations_for_user,
    funding_streams_for_user,
    initiatives_for_user,
    ledger,
    pipeline,
    proposals_for_user,
    with_ledger_sums,
)


class FundingStreamViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FundingStreamSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return funding_streams_for_user(self.request.user)


class InitiativeViewSet(viewsets.ModelViewSet):
    """Regional initiatives of your region(s), each with its position against the 10% rule.
    The region's unit managers add and change them."""

    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilterSet
    lookup_field = "slug"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return with_ledger_sums(initiatives_for_user(self.request.user)).order_by(
            "region__name", "title", "pk"
        )

    def _reloaded(self, initiative):
        return self.get_queryset().get(pk=initiative.pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        region = data.pop("region")
        initiative = services.initiative_save(actor=self.request.user, region=region, **data)
        serializer.instance = self._reloaded(initiative)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        region = data.pop("region", serializer.instance.region)
        initiative = services.initiative_save(
            actor=self.request.user, region=region, initiative=serializer.instance, **data
        )
        serializer.instance = self._reloaded(initiative)


class AllocationViewSet(viewsets.ModelViewSet):
    """Allocations from the initiatives of your region(s); the region's unit managers record them."""

    serializer_class = AllocationSerializer
    filterset_class = AllocationFilterSet

    def get_queryset(self):
        return (
            allocations_for_user(self.request.user)
            .prefetch_related("neighbourhoods", "groups")
            .order_by("-date", "-pk")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        initiative = data.pop("initiative")
        serializer.instance = services.allocation_save(actor=self.request.user, initiative=initiative, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        initiative = data.pop("initiative", serializer.instance.initiative)
        serializer.instance = services.allocation_save(
            actor=self.request.user, initiative=initiative, allocation=serializer.instance, **data
        )

    def perform_destroy(self, instance):
        services.allocation_delete(actor=self.request.user, allocation=instance)


class ProposalViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Regeneration proposals in your region(s). The facilitating team (and the unit's managers) add them
    and move them along the pipeline with POST .../move/; a refused move answers 400 saying why."""

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilterSet

    def get_queryset(self):
        return (
            proposals_for_user(self.request.user)
            .prefetch_related(
                "groups", Prefetch("transitions", queryset=ProposalTransition.objects.select_related("by"))
            )
            .order_by("-status_since", "title", "pk")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        team = data.pop("team")
        serializer.instance = services.proposal_save(actor=self.request.user, team=team, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        team = data.pop("team", serializer.instance.team)
        if team != serializer.instance.team:
            raise ValidationError({"team": "A proposal cannot move to another team."})
        serializer.instance = services.proposal_save(
            actor=self.request.user, team=team, proposal=serializer.instance, **data
        )

    @extend_schema(request=ProposalMoveSerializer, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        proposal = self.get_object()
        move = ProposalMoveSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        services.proposal_move(actor=request.user, proposal=proposal, **move.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(responses={200: StageSerializer(many=True)})
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def pipeline(self, request):
        """Proposals at each stage, sums sought and won, and days spent in each stage."""
        visible = proposals_for_user(request.user)
        filterset = ProposalFilterSet(request.query_params or None, queryset=visible)
        proposals = filterset.qs if filterset.is_bound else visible
        rows = [asdict(row) for row in pipeline(proposals)]
        return Response(StageSerializer(rows, many=True).data)


class LedgerViewSet(viewsets.GenericViewSet):
    """The 10% position of your region(s), per initiative, region, funding stream or period (?by=)."""

    serializer_class = LedgerRowSerializer
    pagination_class = None
    filterset_class = None

    def get_queryset(self):
        return initiatives_for_user(self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("by", str, enum=list(BREAKDOWNS), description="Default: initiative")],
        responses={200: LedgerRowSerializer(many=True)},
    )
    def list(self, request):
        by = request.query_params.get("by", "initiative")
        if by not in BREAKDOWNS:
            raise ValidationError({"by": f"Choose one of {', '.join(BREAKDOWNS)}."})
        rows = [
            {
                "by": by,
                "key": row.key,
                "label": row.label,
                "initiatives": row.position.initiatives,
                "ten_percent": row.position.as_json(),
            }
            for row in ledger(self.get_queryset(), by=by)
        ]
        return Response(LedgerRowSerializer(rows, many=True).data)
