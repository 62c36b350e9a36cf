"""The regional work API's routes, registered on the one router in coprod/api.py."""

from coprod.regionalwork.api.views import (
    AssessmentViewSet,
    ConsultationViewSet,
    MeetingViewSet,
    PlanViewSet,
    SteeringGroupViewSet,
)


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    router.register("plans", PlanViewSet, basename="plan")
    router.register("consultations", ConsultationViewSet, basename="consultation")
    router.register("impact-assessments", AssessmentViewSet, basename="impact-assessment")
    router.register("steering-groups", SteeringGroupViewSet, basename="steering-group")
    router.register("meetings", MeetingViewSet, basename="meeting")
