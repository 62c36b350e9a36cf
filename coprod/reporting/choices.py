"""Vocabularies of reporting."""

from django.db import models


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
