"""App configuration for the public profiles of the local community sector."""

from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "coprod.profiles"
    label = "profiles"
    verbose_name = "Community sector profiles"
