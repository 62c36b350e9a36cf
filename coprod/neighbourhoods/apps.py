"""App configuration for neighbourhoods: where teams work, their figures and their baselines."""

from django.apps import AppConfig


class NeighbourhoodsConfig(AppConfig):
    name = "coprod.neighbourhoods"
    label = "neighbourhoods"
