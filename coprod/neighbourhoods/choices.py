"""Vocabularies for neighbourhoods and baselines."""

from django.db import models


class Settlement(models.TextChoices):
    URBAN = "urban", "Urban"
    RURAL = "rural", "Rural"


class BaselineStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed_off", "Signed off"
