"""The demo: a command that loads every app's demo records, in layer order."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "coprod.demo"
    label = "demo"
