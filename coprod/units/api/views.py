"""Read-only API views of units, teams and memberships, scoped to the user."""

from rest_framework import viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError

from coprod.units.api.serializers import MembershipSerializer, TeamSerializer, UnitSerializer
from coprod.units.lockout import lockout_response
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


class TokenView(ObtainAuthToken):
    """A token for a username and password, with the sign-in lockout of the pages.

    DRF wraps the request, so the lockout flag set while authenticating is read here rather than by
    the lockout middleware; the answer is then the same 429 with when to try again.
    """

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request._request)
            raise
