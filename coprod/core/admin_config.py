"""The admin app's configuration, pointing Django at coprod's admin site (kept apart: it loads early)."""

from django.contrib.admin.apps import AdminConfig


class CoprodAdminConfig(AdminConfig):
    default_site = "coprod.core.admin_site.CoprodAdminSite"
