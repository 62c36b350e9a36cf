"""Writing entries that are not a record's create, change or delete: exports, downloads, imports, sign-ins,
subject access, erasure and retention. Record changes are written by django-auditlog's signals."""

from __future__ import annotations

import io
from pathlib import Path

from auditlog.context import disable_auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models

from coprod.audit.choices import Event
from coprod.audit.models import AuditEntry
from coprod.core.csvimport import ImportSummary

# auditlog's numeric actions for coprod's own events.
_ACTION = {
    Event.IMPORTED: AuditEntry.Action.CREATE,
    Event.ERASED: AuditEntry.Action.DELETE,
    Event.RETENTION: AuditEntry.Action.UPDATE,
}


def record_event(
    *,
    event: Event,
    model: type[models.Model] | models.Model,
    description: str = "",
    details: dict | None = None,
    team_id: int | None = None,
    unit_id: int | None = None,
    actor=None,
) -> AuditEntry:
    """Write one entry. model is the kind of record concerned, or the record itself.

    details must hold no personal data: counts, file names, filters, identifiers.
    """
    instance = model if isinstance(model, models.Model) else None
    entry = AuditEntry(
        event=event,
        action=_ACTION.get(event, AuditEntry.Action.ACCESS),
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(instance.pk) if instance is not None and instance.pk is not None else "",
        object_id=instance.pk if instance is not None and isinstance(instance.pk, int) else None,
        object_repr=description or (str(instance) if instance is not None else ""),
        additional_data=details or None,
        team_id=team_id,
        unit_id=unit_id,
    )
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor_id = actor.pk
        entry.actor_email = getattr(actor, "email", None) or None
    entry.save()
    return entry


def file_name(source: str | Path | io.IOBase) -> str:
    """The name of an imported file, without the folders it sat in."""
    if isinstance(source, str | Path):
        return Path(source).name
    return Path(str(getattr(source, "name", "") or "")).name or "(uploaded file)"


# Record-by-record entries are switched off inside this block; an import writes one entry per run.
records_unlogged = disable_auditlog


def record_import(
    *,
    model: type[models.Model],
    source: str | Path | io.IOBase,
    summary: ImportSummary,
    actor=None,
    team_id: int | None = None,
    unit_id: int | None = None,
) -> AuditEntry:
    """One entry for an import run: who imported which file into whose records, and the counts.

    An import can write a million rows in bulk, which sends no signals; the trail keeps the run, not
    one entry per row. Imports that save row by row do so inside records_unlogged().
    """
    name = file_name(source)
    return record_event(
        event=Event.IMPORTED,
        model=model,
        description=f"{model._meta.verbose_name_plural} from {name}",
        details={
            "file": name,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "rejected": summary.rejected,
        },
        team_id=team_id,
        unit_id=unit_id,
        actor=actor,
    )


def record_export(
    *,
    model: type[models.Model],
    what: str,
    rows: int | None = None,
    details: dict | None = None,
    team_id: int | None = None,
    unit_id: int | None = None,
) -> AuditEntry:
    """An export of records (a CSV or JSON file), by the person acting now."""
    return record_event(
        event=Event.EXPORTED,
        model=model,
        description=what,
        details={**(details or {}), **({"rows": rows} if rows is not None else {})},
        team_id=team_id,
        unit_id=unit_id,
    )
