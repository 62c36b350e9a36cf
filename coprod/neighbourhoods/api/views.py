"""API views: read-only geography, and neighbourhoods that team leads create and change."""

from typing import TYPE_CHECKING, Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, viewsets
from rest_framework.exceptions import ValidationError

from coprod.neighbourhoods import services
from coprod.neighbourhoods.api.serializers import (
    LocalAuthoritySerializer,
    LSOASerializer,
    NeighbourhoodSerializer,
    RegionSerializer,
    WardSerializer,
)
from coprod.neighbourhoods.filtersets import (
    LocalAuthorityFilterSet,
    LSOAFilterSet,
    NeighbourhoodFilterSet,
    WardFilterSet,
)
from coprod.neighbourhoods.selectors import (
    authorities_for_user,
    lsoas_for_user,
    neighbourhoods_for_user,
    regions_for_user,
    wards_for_user,
    with_deprivation_figures,
)
from coprod.places.selectors import authority_by_code

if TYPE_CHECKING:
    _GenericAPIView = generics.GenericAPIView[Any]
else:
    _GenericAPIView = object


class LatestByCodeMixin(_GenericAPIView):
    """Codes repeat across vintages; a code answers with its newest record (querysets order so)."""

    lookup_field = "code"

    def get_object(self):
        obj = self.filter_queryset(self.get_queryset()).filter(code=self.kwargs["code"]).first()
        if obj is None:
            raise Http404("No record with that code.")
        self.check_object_permissions(self.request, obj)
        return obj


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    lookup_field = "code"

    def get_queryset(self):
        return regions_for_user(self.request.user)


class LocalAuthorityViewSet(LatestByCodeMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = LocalAuthoritySerializer
    filterset_class = LocalAuthorityFilterSet

    def get_queryset(self):
        return authorities_for_user(self.request.user).order_by("code", "-year")

    def get_object(self):
        obj = authority_by_code(self.filter_queryset(self.get_queryset()), self.kwargs["code"])
        if obj is None:
            raise Http404("No local authority with that code.")
        return obj


class WardViewSet(LatestByCodeMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = WardSerializer
    filterset_class = WardFilterSet

    def get_queryset(self):
        return wards_for_user(self.request.user).order_by("code", "-year")


class LSOAViewSet(LatestByCodeMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = LSOASerializer
    filterset_class = LSOAFilterSet

    def get_queryset(self):
        return lsoas_for_user(self.request.user).order_by("code", "-vintage")


@extend_schema(tags=["neighbourhoods"])
class NeighbourhoodViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Neighbourhoods the user reaches; team leads create and change their team's."""

    serializer_class = NeighbourhoodSerializer
    filterset_class = NeighbourhoodFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return with_deprivation_figures(neighbourhoods_for_user(self.request.user)).prefetch_related("lsoas")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.neighbourhood_create(
            actor=self.request.user,
            team=data["team"],
            name=data["name"],
            lsoas=data.get("lsoas", []),
            wards=data.get("wards", []),
            settlement=data.get("settlement", "urban"),
            priority=data.get("priority", False),
            population_entered=data.get("population_entered"),
            description=data.get("description", ""),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        team = data.pop("team", None)
        if team is not None and team != serializer.instance.team:
            raise ValidationError({"team": "A neighbourhood cannot move to another team."})
        lsoas = data.pop("lsoas", None)
        wards = data.pop("wards", None)
        serializer.instance = services.neighbourhood_update(
            actor=self.request.user,
            neighbourhood=serializer.instance,
            lsoas=lsoas,
            wards=wards,
            **data,
        )
