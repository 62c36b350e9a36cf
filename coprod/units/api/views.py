"""Read-only API views of units, teams and memberships, scoped to the user."""

from rest_framework import viewsets

from coprod.units.api.serializers import MembershipSerializer, TeamSerializer, UnitSerializer
from coprod.units.selectors import memberships_for_user, teams_for_user, units_for_user


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return units_for_user(self.request.user).select_related("region").order_by("name")


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TeamSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return (
            teams_for_user(self.request.user)
            .select_related("unit", "host_authority")
            .prefetch_related("authorities")
            .order_by("name")
        )


class MembershipViewSet(viewsets.ReadOnlyModelViewSet):
    """Your own memberships and those of the teams and units you reach."""

    serializer_class = MembershipSerializer

    def get_queryset(self):
        return memberships_for_user(self.request.user).order_by("user__username", "-start_date", "pk")
