"""Vocabularies of long-term resources: the price basis of a GVA series."""

from django.db import models


class Prices(models.TextChoices):
    CURRENT = "current", "Current prices"
    CHAINED = "chained", "Chained volume measures (2019 money value)"
