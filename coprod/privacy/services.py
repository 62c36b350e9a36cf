"""Personal data under UK GDPR: the retention rule, subject access exports and erasure.

Each leaves an entry in the audit trail that says what was done, by whom and how many records it
touched, and never the personal data itself. None of them changes a figure: hours, counts and
ratios come from fields these services do not touch.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from coprod.audit.choices import Event
from coprod.audit.registry import describe, scope_of
from coprod.audit.services import record_event, records_unlogged
from coprod.engagements.models import Engagement
from coprod.groups.choices import GroupStatus
from coprod.groups.models import GroupContact
from coprod.privacy.selectors import (
    Person,
    audit_entries_about,
    can_handle_personal_data,
    contacts_of,
    mentions_of,
    user_accounts_of,
)
from coprod.units.selectors import UserLike, audit_scope

REDACTED = "[removed]"


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day so many years earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _record_per_scope(*, event: Event, model, team_ids: list[int], description: str, details: dict) -> None:
    for team_id, count in sorted(Counter(team_ids).items()):
        record_event(
            event=event,
            model=model,
            description=description,
            details={**details, "records": count},
            team_id=team_id,
        )


@transaction.atomic
def retention_apply(*, today: datetime.date | None = None) -> dict[str, int]:
    """Clear engagement notes past the retention period, and delete the contact details of groups that
    folded longer ago than theirs. The engagements themselves stay, so every figure stays the same.

    Running it again the same day finds nothing left to clear, changes nothing and records nothing.
    """
    today = today or timezone.localdate()
    notes_before = years_before(today, settings.COPROD_NOTES_RETENTION_YEARS)
    contacts_before = years_before(today, settings.COPROD_CLOSED_GROUP_CONTACTS_RETENTION_YEARS)

    expired = Engagement.objects.filter(date__lt=notes_before).exclude(notes="")
    note_teams = list(expired.values_list("team_id", flat=True))
    # A queryset update: no signals, no rollup refresh (the figures do not move), one entry per team.
    expired.update(notes="")
    _record_per_scope(
        event=Event.RETENTION,
        model=Engagement,
        description=f"Notes of engagements before {notes_before:%-d %B %Y} cleared",
        team_ids=note_teams,
        details={"rule": "engagement notes", "before": notes_before.isoformat()},
    )

    stale = GroupContact.objects.filter(
        group__status=GroupStatus.FOLDED, group__status_since__lt=contacts_before
    )
    contact_teams = list(stale.values_list("group__team_id", flat=True))
    with records_unlogged():
        stale.delete()
    _record_per_scope(
        event=Event.RETENTION,
        model=GroupContact,
        description=f"Contacts of groups that folded before {contacts_before:%-d %B %Y} deleted",
        team_ids=contact_teams,
        details={"rule": "contacts of folded groups", "before": contacts_before.isoformat()},
    )
    return {"notes_cleared": len(note_teams), "contacts_deleted": len(contact_teams)}


def _require_reader(actor: UserLike, what: str) -> None:
    if not can_handle_personal_data(actor):
        raise PermissionDenied(f"Only team leads (for their own teams) and administrators can {what}.")


def _person(name: str, email: str) -> Person:
    person = Person(name=name, email=email)
    if not person.terms:
        raise ValidationError({"name": "Enter the person's name, e-mail address or both."})
    if person.name and len(person.name) < 3:
        raise ValidationError({"name": "Enter the person's full name as the records have it."})
    return person


def _when(value) -> str | None:
    return value.isoformat() if value else None


def subject_access_export(*, actor: UserLike, name: str = "", email: str = "", reference: str = "") -> dict:
    """Everything held about a named person in the records the actor reaches, as one JSON document:
    contact records, free text that mentions them, their user account if they have one, and the audit
    entries about them. The export is recorded, with its reference and counts, not the person."""
    _require_reader(actor, "export a person's data")
    person = _person(name, email)
    contacts = list(contacts_of(actor, person))
    mentions = mentions_of(actor, person)
    accounts = list(user_accounts_of(person).prefetch_related("memberships__team", "memberships__unit"))
    entries = list(audit_entries_about(actor, accounts=accounts, contacts=contacts)[:5000])
    document = {
        "subject": {"name": person.name, "email": person.email},
        "reference": reference,
        "generated_at": timezone.now().isoformat(),
        "generated_by": actor.get_username(),
        "group_contacts": [
            {
                "id": c.pk,
                "group": c.group.name,
                "name": c.name,
                "role": c.role,
                "email": c.email,
                "phone": c.phone,
                "notes": c.notes,
                "created_at": _when(c.created_at),
                "updated_at": _when(c.updated_at),
            }
            for c in contacts
        ],
        "mentions": [
            {
                "record": record._meta.label,
                "id": record.pk,
                "description": describe(record),
                "field": field,
                "text": getattr(record, field),
                "date": _when(getattr(record, "date", None) or getattr(record, "created_at", None)),
            }
            for record, field in mentions
        ],
        "user_accounts": [
            {
                "username": a.get_username(),
                "first_name": a.first_name,
                "last_name": a.last_name,
                "email": a.email,
                "date_joined": _when(a.date_joined),
                "last_login": _when(a.last_login),
                "is_active": a.is_active,
                "memberships": [
                    {
                        "role": m.get_role_display(),
                        "team": m.team.name if m.team else None,
                        "unit": m.unit.name if m.unit else None,
                        "start_date": _when(m.start_date),
                        "end_date": _when(m.end_date),
                    }
                    for m in a.memberships.all()
                ],
            }
            for a in accounts
        ],
        "audit_entries": [
            {
                "timestamp": _when(e.timestamp),
                "event": e.get_event_display(),
                "record": e.content_type.model_class()._meta.label if e.content_type.model_class() else "",
                "description": e.object_repr,
                "by": e.actor.get_username() if e.actor else None,
                "changes": e.changes_dict,
            }
            for e in entries
        ],
    }
    counts = {
        "group_contacts": len(contacts),
        "mentions": len(mentions),
        "user_accounts": len(accounts),
        "audit_entries": len(entries),
    }
    record_event(
        event=Event.SUBJECT_ACCESS,
        model=GroupContact,
        description=f"Request {reference}".strip(),
        details={"reference": reference, **counts},
        actor=actor,
        **audit_scope(c.group.team_id for c in contacts),
    )
    return document


def _redact(text: str, person: Person) -> str:
    for term in person.terms:
        text = re.sub(re.escape(term), REDACTED, text, flags=re.IGNORECASE)
    return text


@transaction.atomic
def person_erase(*, actor: UserLike, name: str = "", email: str = "", reference: str = "") -> dict[str, int]:
    """Erase a person from the records the actor reaches: delete their contact records and replace
    their name and e-mail address wherever free text mentions them.

    Only personal text changes, so hours, counts, ratios and every figure on the dashboard stay the
    same. The trail records that an erasure happened, its reference and counts, never who it was.
    """
    _require_reader(actor, "erase a person's data")
    person = _person(name, email)
    contacts = list(contacts_of(actor, person))
    mentions = mentions_of(actor, person)
    team_ids: list[int | None] = [c.group.team_id for c in contacts]
    with records_unlogged():
        for record, field in mentions:
            # A queryset update: it writes the one field, and moves no figure and no rollup.
            type(record)._default_manager.filter(pk=record.pk).update(
                **{field: _redact(getattr(record, field), person)}
            )
            team_ids.append(scope_of(record)["team_id"])
        GroupContact.objects.filter(pk__in=[c.pk for c in contacts]).delete()
    counts = {"contacts_deleted": len(contacts), "mentions_redacted": len(mentions)}
    record_event(
        event=Event.ERASED,
        model=GroupContact,
        description=f"Request {reference}".strip(),
        details={"reference": reference, **counts},
        actor=actor,
        **audit_scope(t for t in team_ids if t is not None),
    )
    return counts
