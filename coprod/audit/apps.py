"""App configuration for the audit trail."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "coprod.audit"
    label = "audit"
    verbose_name = "Audit trail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from coprod.audit import receivers  # noqa: F401 (connects the sign-in receivers)
