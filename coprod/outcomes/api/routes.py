"""The outcomes API's routes, registered on the one router in coprod/api.py."""

from coprod.outcomes.api import views


def register(router) -> None:
    """Register this app's viewsets on the API router."""
    router.register("indicators", views.IndicatorViewSet, basename="indicator")
    router.register("measurements", views.MeasurementViewSet, basename="measurement")
    router.register("targets", views.TargetViewSet, basename="target")
    router.register("group-outcomes", views.GroupOutcomeViewSet, basename="group-outcome")
    router.register("involvement", views.InvolvementViewSet, basename="involvement")
    router.register("stories", views.StoryViewSet, basename="story")
