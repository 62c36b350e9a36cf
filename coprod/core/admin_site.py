"""The Django admin site, open to administrators (and superusers) only, whatever is_staff says."""

from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest


class CoprodAdminSite(admin.AdminSite):
    # Administrators sign in like everyone else; is_staff plays no part (has_permission decides).
    login_form = AuthenticationForm
    site_header = "coprod administration"
    site_title = "coprod administration"
    index_title = "Reference data, units, teams and memberships"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        # The "coprod.administer" permission is granted by units.backends to global administrators.
        return bool(user.is_active and (user.is_superuser or user.has_perm("coprod.administer")))
