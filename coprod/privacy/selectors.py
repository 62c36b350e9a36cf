"""Who may read the audit trail and which entries; where a named person appears in coprod's records."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from coprod.audit.models import AuditEntry
from coprod.audit.registry import tracked_models
from coprod.groups.models import GroupContact
from coprod.units.choices import Role
from coprod.units.selectors import (
    UserLike,
    has_role,
    is_global_administrator,
    led_teams,
    teams_for_user,
    units_for_user,
)


def can_read_audit(user: UserLike) -> bool:
    """Administrators and unit managers read the trail; workers, team leads and directors do not."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or has_role(user, Role.ADMINISTRATOR, Role.UNIT_MANAGER))


def can_handle_personal_data(user: UserLike) -> bool:
    """Subject access and erasure: team leads for their own teams' records (they already read every
    note there, sensitive ones too) and administrators of the whole system. Unit managers read the
    trail, which holds no personal data, but notes about residents stay inside their team."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_global_administrator(user) or led_teams(user).exists()


def audit_entries_for_user(user: UserLike) -> QuerySet[AuditEntry]:
    """The entries a person may read: everything for administrators of the whole system, otherwise the
    entries about their unit and its teams' records."""
    if not can_read_audit(user):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.select_related("actor", "content_type")
    if is_global_administrator(user):
        return entries
    return entries.filter(
        Q(team_id__in=teams_for_user(user).values("pk")) | Q(unit_id__in=units_for_user(user).values("pk"))
    )


def audited_kinds() -> list[ContentType]:
    """The kinds of record the trail follows, for the filter."""
    kinds = ContentType.objects.get_for_models(*tracked_models(), get_user_model())
    return sorted(kinds.values(), key=lambda ct: (ct.app_label, ct.model))


@dataclass(frozen=True)
class Person:
    """Who a request is about: a name as written in the records, an e-mail address, or both."""

    name: str = ""
    email: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", " ".join(self.name.split()))
        object.__setattr__(self, "email", self.email.strip())

    @property
    def terms(self) -> list[str]:
        return [t for t in (self.name, self.email) if t]


def _scope(user: UserLike, model: type[Model], tracked) -> Q | None:
    """The records of this kind the person may act on, from the path the registry keeps: a team lead's
    own teams' records (and those of units they belong to), everything for an administrator."""
    if is_global_administrator(user):
        return Q()
    q = Q(pk__in=[])
    if isinstance(tracked.team, str):
        q |= Q(**{f"{tracked.team.replace('.', '__')}__in": led_teams(user).values("pk")})
    if isinstance(tracked.unit, str):
        q |= Q(**{f"{tracked.unit.replace('.', '__')}__in": units_for_user(user).values("pk")})
    return q


def contacts_of(user: UserLike, person: Person) -> QuerySet[GroupContact]:
    """A person's contact records in the group directories the user reaches, by exact name or e-mail."""
    match = Q(pk__in=[])
    if person.name:
        match |= Q(name__iexact=person.name)
    if person.email:
        match |= Q(email__iexact=person.email)
    tracked = tracked_models()[GroupContact]
    return (
        GroupContact.objects.filter(match).filter(_scope(user, GroupContact, tracked)).select_related("group")
    )


def mentions_of(user: UserLike, person: Person) -> list[tuple[Model, str]]:
    """Every record the user reaches whose personal free text (notes, evidence, stories...) mentions
    the person by name or e-mail, with the field it is in. Contact records are listed by contacts_of."""
    found: list[tuple[Model, str]] = []
    if not person.terms:
        return found
    for model, tracked in tracked_models().items():
        fields = [f for f in tracked.personal if f not in ("email", "phone", "role")]
        if model is GroupContact:
            fields = ["notes"]
        for field in fields:
            match = Q(pk__in=[])
            for term in person.terms:
                match |= Q(**{f"{field}__icontains": term})
            for record in (
                model._default_manager.filter(match).filter(_scope(user, model, tracked)).order_by("pk")
            ):
                found.append((record, field))
    return found


def user_accounts_of(person: Person) -> QuerySet:
    """Accounts of coprod's users that are this person: by e-mail, username or full name."""
    User = get_user_model()
    match = Q(pk__in=[])
    if person.email:
        match |= Q(email__iexact=person.email)
    if person.name:
        match |= Q(username__iexact=person.name)
        first, _, last = person.name.partition(" ")
        if last:
            match |= Q(first_name__iexact=first, last_name__iexact=last)
    return User.objects.filter(match).order_by("pk")


def audit_entries_about(user: UserLike, *, accounts, contacts) -> QuerySet[AuditEntry]:
    """Entries the user may read that concern the person: what they did as a user, what was done to
    their account, and changes to their contact records."""
    User = get_user_model()
    account_ids = [a.pk for a in accounts]
    about = (
        Q(actor_id__in=account_ids)
        | Q(content_type=ContentType.objects.get_for_model(User), object_pk__in=[str(i) for i in account_ids])
        | Q(
            content_type=ContentType.objects.get_for_model(GroupContact),
            object_pk__in=[str(c.pk) for c in contacts],
        )
    )
    if is_global_administrator(user):
        entries = AuditEntry.objects.select_related("actor", "content_type")
    else:  # a team lead: the entries about the teams they lead
        entries = AuditEntry.objects.filter(team_id__in=led_teams(user).values("pk")).select_related(
            "actor", "content_type"
        )
    return entries.filter(about)
