"""API views of units, teams and memberships, scoped to the user; a team's people are added and their
memberships ended through the services the pages use."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser

from coprod.core.api import ServiceViewSet
from coprod.core.parsers import JSONParser
from coprod.units import services
from coprod.units.api.serializers import (
    MembershipEndSerializer,
    MembershipSerializer,
    TeamMemberAddSerializer,
    TeamSerializer,
    UnitSerializer,
)
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


ENDED = "a membership is changed by ending it, and a new role is a new membership."


@extend_schema(methods=["POST"], request=TeamMemberAddSerializer, responses={201: MembershipSerializer})
@extend_schema(methods=["PATCH"], request=MembershipEndSerializer, responses=MembershipSerializer)
class MembershipViewSet(ServiceViewSet):
    """Your own memberships and those of the teams and units you reach. A unit's managers (and
    administrators) put people in its teams (POST: a new username makes a new person) and end a team
    membership (PATCH its `end_date`, the last day of the role); nobody gives themselves a role, and a
    membership is never changed otherwise or removed, so the trail shows who held which role when."""

    scope = memberships_for_user
    create_service = services.team_member_add
    update_service = services.team_member_end
    instance_name = "membership"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action == "create":
            return TeamMemberAddSerializer
        if self.action == "partial_update":
            return MembershipEndSerializer
        return MembershipSerializer

    def get_queryset(self):
        return memberships_for_user(self.request.user).order_by("user__username", "-start_date", "pk")

    def perform_update(self, serializer):
        data = serializer.validated_data
        sent = set(self.request.data) if isinstance(self.request.data, dict) else set()
        if sent - {"end_date"}:
            others = ", ".join(sorted(sent - {"end_date"}))
            raise ValidationError({"end_date": [f"Only the end date changes here, not {others}: {ENDED}"]})
        if "end_date" not in data:
            raise ValidationError({"end_date": [f"Give the last day of the role: {ENDED}"]})
        serializer.instance = services.team_member_end(
            actor=self.request.user, membership=serializer.instance, end_date=data["end_date"]
        )


class TokenView(ObtainAuthToken):
    """A token for a username and password, with the sign-in lockout of the pages.

    DRF wraps the request, so the lockout flag set while authenticating is read here rather than by
    the lockout middleware; the answer is then the same 429 with when to try again.
    """

    # ObtainAuthToken names DRF's parsers; the API's own (size and depth limits) stand in for them.
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request._request)
            raise
