"""The audit trail's one table: django-auditlog's log entry, with what happened and whose record it was."""

from __future__ import annotations

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models

from coprod.audit.choices import FROM_ACTION, Event
from coprod.audit.context import current_actor, current_address
from coprod.audit.registry import describe, scope_of


class AuditEntryManager(LogEntryManager):
    def log_create(self, instance, force_log: bool = False, **kwargs):
        """auditlog's entry for a record's change, named and scoped as coprod's registry says."""
        kwargs.setdefault("object_repr", describe(instance))
        for key, value in scope_of(instance).items():
            kwargs.setdefault(key, value)
        return super().log_create(instance, force_log=force_log, **kwargs)


class AuditEntry(AbstractLogEntry):
    """One thing someone did: created, changed or deleted a record, exported, downloaded, imported,
    signed in or out, asked for or erased a person's data.

    Personal fields of records are recorded as changed without their values (see coprod.audit.registry),
    and entries about imports carry counts, never rows. team_id and unit_id say whose record it was,
    for scoping; they are plain numbers so that an entry outlives the team it names.
    """

    event: models.CharField[str, str] = models.CharField(max_length=20, choices=Event.choices, db_index=True)
    team_id: models.BigIntegerField[int | None, int | None] = models.BigIntegerField(
        null=True, blank=True, db_index=True
    )
    unit_id: models.BigIntegerField[int | None, int | None] = models.BigIntegerField(
        null=True, blank=True, db_index=True
    )
    # Fields of auditlog's AbstractLogEntry, which ships no types.
    actor_id: int | None
    actor_email: str | None
    remote_addr: str | None

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        ordering = ["-timestamp", "-pk"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["content_type", "object_pk"], name="audit_entry_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_event_display()} {self.object_repr}".strip()

    def save(self, *args, **kwargs) -> None:
        if not self.event:
            self.event = FROM_ACTION.get(self.action, Event.CHANGED)
        if self.actor_id is None:
            actor = current_actor()
            if actor is not None:
                self.actor_id = actor.pk
                self.actor_email = getattr(actor, "email", None) or None
        if self.remote_addr is None:
            self.remote_addr = current_address()
        super().save(*args, **kwargs)
