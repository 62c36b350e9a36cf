"""App configuration for the public profiles of the local community sector."""

from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "coprod.profiles"
    label = "profiles"
    verbose_name = "Community sector profiles"

    def ready(self) -> None:
        from coprod.audit.registry import track
        from coprod.profiles.models import ProfileSnapshot

        track(ProfileSnapshot, plain=["code", "data"])  # published figures: no personal data
