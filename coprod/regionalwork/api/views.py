"""API views of the unit's regional work: scoped by role, writes through the services."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from coprod.core.api import ServiceViewSet
from coprod.regionalwork import services
from coprod.regionalwork.api.serializers import (
    AssessmentSerializer,
    ConsultationSerializer,
    MeetingSerializer,
    PlanSerializer,
    SteeringGroupSerializer,
)
from coprod.regionalwork.selectors import (
    assessments_for_user,
    meetings_for_user,
    plans_for_user,
    steering_groups_for_user,
    windows_for_user,
)


class PlanViewSet(ServiceViewSet):
    """Regional plans of your region(s): the lead body, the initiatives that fund them, the authorities
    and neighbourhoods they touch, the dates of their stages, and the consultation rule's verdict
    (whether a window closed before the design freeze and whether one met the unit's rule). The
    region's unit managers keep them."""

    serializer_class = PlanSerializer
    scope = plans_for_user
    create_service = services.plan_save
    update_service = services.plan_save
    delete_service = services.plan_delete
    instance_name = "plan"
    fixed = ("region",)
    filterset_fields = ["region"]

    def get_queryset(self):
        return (
            super().get_queryset().prefetch_related("windows", "initiatives", "authorities", "neighbourhoods")
        )


class ConsultationViewSet(ServiceViewSet):
    """Consultation windows of your region's plans: when they open and close, how, who is invited and
    which team facilitates, with the rule's verdict on each (too short, too late, after the design
    freeze) and whether its "you said, we did" is published."""

    serializer_class = ConsultationSerializer
    scope = windows_for_user
    create_service = services.window_save
    update_service = services.window_save
    delete_service = services.window_delete
    instance_name = "window"
    fixed = ("plan",)
    filterset_fields = ["plan", "team", "method"]

    def get_queryset(self):
        return super().get_queryset().select_related("you_said").prefetch_related("neighbourhoods", "groups")


class AssessmentViewSet(ServiceViewSet):
    """Impact assessments of your region's plans, one for each neighbourhood a plan touches: the
    expected effect on jobs and income, services, environment and community infrastructure, the
    mitigations and evidence. A signed-off assessment is frozen (changing it is refused, 400);
    `supersede` starts a new draft from it. Sign-off is the region's unit managers', and refused while
    a negative effect has no mitigation."""

    serializer_class = AssessmentSerializer
    scope = assessments_for_user
    create_service = services.assessment_save
    update_service = services.assessment_save
    delete_service = services.assessment_delete
    instance_name = "assessment"
    fixed = ("plan", "neighbourhood")
    filterset_fields = ["plan", "neighbourhood"]

    @extend_schema(request=None, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        assessment = services.assessment_sign_off(actor=request.user, assessment=self.get_object())
        return Response(self.get_serializer(assessment).data)

    @extend_schema(request=None, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def supersede(self, request, pk=None):
        assessment = services.assessment_supersede(actor=request.user, assessment=self.get_object())
        return Response(self.get_serializer(assessment).data, status=status.HTTP_201_CREATED)


class SteeringGroupViewSet(ServiceViewSet):
    """Steering groups: a team's (kept by its lead) or the unit's own (kept by its managers), with
    their term, chair and seats, and whether residents and community groups hold the share of seats
    the unit's rule asks (half, unless the unit set another)."""

    serializer_class = SteeringGroupSerializer
    scope = steering_groups_for_user
    create_service = services.steering_group_save
    update_service = services.steering_group_save
    delete_service = services.steering_group_delete
    instance_name = "group"
    fixed = ("unit", "team")
    filterset_fields = ["team"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("seats")


class MeetingViewSet(ServiceViewSet):
    """Meetings: a steering group's, or ones the unit held between regional bodies and neighbourhoods,
    with the seats present, the public bodies and neighbourhoods present and the decisions."""

    serializer_class = MeetingSerializer
    scope = meetings_for_user
    create_service = services.meeting_save
    update_service = services.meeting_save
    delete_service = services.meeting_delete
    instance_name = "meeting"
    fixed = ("unit", "steering_group")
    filterset_fields = ["steering_group", "plan"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("attended", "public_bodies", "neighbourhoods")
