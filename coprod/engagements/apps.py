"""App configuration for the engagement log: contacts, follow-ups, work programmes, volunteer hours."""

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "coprod.engagements"
    label = "engagements"
    verbose_name = "Engagement log"
