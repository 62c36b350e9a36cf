"""The Django admin site, open to administrators (and superusers) only, whatever is_staff says."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class CoprodAdminSite(admin.AdminSite):
    site_header = "coprod administration"
    site_title = "coprod administration"
    index_title = "Reference data, units, teams and memberships"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        # The "coprod.administer" permission is granted by units.backends to current administrators.
        return bool(user.is_active and (user.is_superuser or user.has_perm("coprod.administer")))


class CoprodAdminConfig(AdminConfig):
    default_site = "coprod.core.admin_site.CoprodAdminSite"
