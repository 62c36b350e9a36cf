"""One API router under /api/v1/, with the OpenAPI schema and its docs beside it."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from coprod.engagements.api.views import EngagementViewSet
from coprod.funding.api.routes import register as register_funding
from coprod.groups.api.views import AreaOfWorkViewSet, CommunityGroupViewSet, VenueViewSet
from coprod.neighbourhoods.api.views import (
    LocalAuthorityViewSet,
    LSOAViewSet,
    NeighbourhoodViewSet,
    RegionViewSet,
    WardViewSet,
)
from coprod.outcomes.api.routes import register as register_outcomes
from coprod.publicservices.api.routes import register as register_publicservices
from coprod.regionalwork.api.routes import register as register_regionalwork
from coprod.reporting.api.views import FiguresView
from coprod.resources.api.routes import register as register_resources
from coprod.units.api.views import MembershipViewSet, TeamViewSet, TokenView, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("teams", TeamViewSet, basename="team")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("regions", RegionViewSet, basename="region")
router.register("authorities", LocalAuthorityViewSet, basename="authority")
router.register("wards", WardViewSet, basename="ward")
router.register("lsoas", LSOAViewSet, basename="lsoa")
router.register("neighbourhoods", NeighbourhoodViewSet, basename="neighbourhood")
router.register("groups", CommunityGroupViewSet, basename="group")
router.register("venues", VenueViewSet, basename="venue")
router.register("areas-of-work", AreaOfWorkViewSet, basename="area-of-work")
router.register("engagements", EngagementViewSet, basename="engagement")
register_outcomes(router)
register_funding(router)
register_resources(router)
register_publicservices(router)
register_regionalwork(router)

app_name = "api"
urlpatterns = [
    path("", include(router.urls)),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("figures/", FiguresView.as_view(), name="figures"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
