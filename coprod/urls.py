"""Top-level routes: pages, accounts, the admin and the API."""

from django.contrib import admin
from django.urls import include, path

from coprod.core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("coprod.units.urls")),
    path("", include("coprod.neighbourhoods.urls")),
    path("", include("coprod.groups.urls")),
    path("", include("coprod.engagements.urls")),
    path("", include("coprod.outcomes.urls")),
    path("", include("coprod.funding.urls")),
    path("", include("coprod.resources.urls")),
    path("", include("coprod.publicservices.urls")),
    path("", include("coprod.regionalwork.urls")),
    path("", include("coprod.profiles.urls")),
    path("", include("coprod.reporting.urls")),
    path("", include("coprod.privacy.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("coprod.api")),
]

handler500 = "coprod.core.errors.server_error"
