"""Abstract base models shared by every domain app."""

from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    """Adds when a record was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Vocabulary(models.Model):
    """A list administrators can extend: a stable slug, a name people read, and a place in the list."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


def bulk_update_stamped(model: type[TimeStampedModel], objs: list, fields: list[str], **kwargs) -> int:
    """bulk_update that also moves updated_at, which bulk_update alone leaves behind."""
    now = timezone.now()
    for obj in objs:
        obj.updated_at = now
    return model._default_manager.bulk_update(objs, [*fields, "updated_at"], **kwargs)
