"""App configuration for the community group directory: groups, venues, duplicates and imports."""

from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "coprod.groups"
    label = "groups"
    verbose_name = "Community group directory"
