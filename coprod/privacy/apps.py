"""App configuration for personal data: the audit pages, retention, subject access and erasure."""

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "coprod.privacy"
    label = "privacy"
    verbose_name = "Personal data"
