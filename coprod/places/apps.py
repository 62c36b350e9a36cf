"""App configuration for places: statistical geography and deprivation, the reference layer."""

from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "coprod.places"
    label = "places"
    verbose_name = "Places and deprivation"
