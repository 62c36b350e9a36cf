"""Who may see what: the scoping selectors every page, API view, count and export goes through.

A user's reach comes from their current memberships only: workers and team leads reach their teams,
unit managers and regional directors every team of their unit, administrators the unit they are
given or, with no unit, everything. A user with no current membership reaches nothing; a superuser
reaches everything.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils import timezone

from coprod.units.choices import TEAM_ROLES, Role
from coprod.units.models import CoProductionUnit, Membership, Team

# What request.user is: a signed-in person (coprod keeps Django's own user model) or an anonymous one.
UserLike = User | AnonymousUser


def memberships_in_force(*, on: datetime.date | None = None) -> QuerySet[Membership]:
    """Everyone's memberships in force on a day (today by default), for active people."""
    on = on or timezone.localdate()
    return Membership.objects.filter(start_date__lte=on, user__is_active=True).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def current_memberships(user: UserLike, *, on: datetime.date | None = None) -> QuerySet[Membership]:
    """A person's memberships in force on a day (today by default)."""
    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return memberships_in_force(on=on).filter(user=user)


# The memberships a request's user holds are read once per request (see remember_memberships), so a
# page's many role checks cost one query; a change to them shows from the next request. A user object
# outside a request (a task, a command, a test) is read afresh each time.
_HELD = "_coprod_memberships_held"


def remember_memberships(user: UserLike) -> None:
    """Read the user's memberships in force today once, for the rest of the request's role checks."""
    if user.is_authenticated:
        held = tuple(current_memberships(user).values_list("role", "unit_id", "team_id"))
        setattr(user, _HELD, (timezone.localdate(), held))


def _held(user: UserLike) -> tuple[tuple[str, int | None, int | None], ...]:
    """(role, unit, team) of each membership the user holds today."""
    remembered = getattr(user, _HELD, None)
    if remembered is not None and remembered[0] == timezone.localdate():
        return remembered[1]
    return tuple(current_memberships(user).values_list("role", "unit_id", "team_id"))


def _roles(user: UserLike) -> set[str]:
    return {role for role, _, _ in _held(user)}


def works_in(user: UserLike, team_id: int | None) -> bool:
    """Whether the user works in the team, as a worker or its lead (own_teams, for one team)."""
    return any(role in TEAM_ROLES and team == team_id for role, _, team in _held(user))


def leads(user: UserLike, team_id: int | None) -> bool:
    """Whether the user leads the team (led_teams, for one team)."""
    return any(role == Role.TEAM_LEAD and team == team_id for role, _, team in _held(user))


def holds_unit_role(user: UserLike, role: str, unit_id: int) -> bool:
    """Whether the user holds a role in the unit today (of the memberships read once per request)."""
    return any(r == role and unit == unit_id for r, unit, _ in _held(user))


def has_role(user: UserLike, *roles: str) -> bool:
    return bool(_roles(user) & set(roles))


def is_member(user: UserLike) -> bool:
    """Anyone with a current membership (or a superuser) may use coprod at all."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or _roles(user)))


def is_administrator(user: UserLike) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or has_role(user, Role.ADMINISTRATOR)))


def is_global_administrator(user: UserLike) -> bool:
    """Superusers and administrators with no unit: the people who may use the Django admin."""
    return bool(user.is_authenticated and user.is_active and _sees_everything(user))


def _sees_everything(user: UserLike) -> bool:
    if user.is_superuser and user.is_active:
        return True
    return any(role == Role.ADMINISTRATOR and unit is None for role, unit, _ in _held(user))


def units_for_user(user: UserLike) -> QuerySet[CoProductionUnit]:
    """The units a user can see: their own unit, their teams' units, or all for global admins."""
    if _sees_everything(user):
        return CoProductionUnit.objects.all()
    memberships = current_memberships(user)
    return CoProductionUnit.objects.filter(
        Q(pk__in=memberships.filter(unit__isnull=False).values("unit"))
        | Q(pk__in=memberships.filter(team__isnull=False).values("team__unit"))
    ).distinct()


def teams_for_user(user: UserLike) -> QuerySet[Team]:
    """The teams whose records a user can see."""
    if _sees_everything(user):
        return Team.objects.all()
    memberships = current_memberships(user)
    return Team.objects.filter(
        Q(pk__in=memberships.filter(team__isnull=False).values("team"))
        | Q(unit__in=memberships.filter(unit__isnull=False).values("unit"))
    ).distinct()


@dataclass(frozen=True)
class TeamReach:
    """How a person reaches teams' records today, as ids resolved before a list's query is built, so
    the database is asked `team_id IN (...)` (which an index on team serves) rather than an OR of
    subqueries over memberships: `whole` are the teams whose every record they reach (those they lead,
    every team of a unit they manage or direct, what an administrator reaches); `own_only` the teams
    where they reach only their own records (those they work in as a worker, and do not also reach
    whole)."""

    whole: frozenset[int]
    own_only: frozenset[int]


def team_reach(user: UserLike) -> TeamReach:
    held = _held(user)
    whole = {team for role, _, team in held if role == Role.TEAM_LEAD and team is not None}
    units = {unit for role, unit, _ in held if role in (Role.UNIT_MANAGER, Role.REGIONAL_DIRECTOR) and unit}
    if units:
        whole |= set(Team.objects.filter(unit__in=units).values_list("pk", flat=True))
    if user.is_superuser or Role.ADMINISTRATOR in _roles(user):
        whole |= team_ids_for_user(user)
    worked = {team for role, _, team in held if role in TEAM_ROLES and team is not None}
    return TeamReach(whole=frozenset(whole), own_only=frozenset(worked - whole))


def team_ids_for_user(user: UserLike) -> set[int]:
    """The ids of the teams a user reaches: a record of a higher layer that names another team's
    neighbourhoods or groups (an allocation, a proposal, a savings claim) shows only these teams'."""
    return set(teams_for_user(user).values_list("pk", flat=True))


def teams_led_or_administered(user: UserLike) -> QuerySet[Team]:
    """The teams whose plans and neighbourhoods a user may change: team leads, and administrators."""
    if _sees_everything(user):
        return Team.objects.all()
    memberships = current_memberships(user)
    return Team.objects.filter(
        Q(pk__in=memberships.filter(role=Role.TEAM_LEAD).values("team"))
        | Q(unit__in=memberships.filter(role=Role.ADMINISTRATOR).values("unit"))
    ).distinct()


def teams_staffed_by(user: UserLike) -> QuerySet[Team]:
    """The teams whose people a user may add and whose memberships they may end: the teams of the
    units they manage or administer, or every team for an administrator of every unit."""
    if _sees_everything(user):
        return Team.objects.all()
    managed = current_memberships(user).filter(
        role__in=(Role.UNIT_MANAGER, Role.ADMINISTRATOR), unit__isnull=False
    )
    return Team.objects.filter(unit__in=managed.values("unit"))


def team_members(
    teams: QuerySet[Team], *, on: datetime.date | None = None
) -> dict[int | None, list[Membership]]:
    """Each team's memberships that have not ended by a day (today by default), in one query: those
    in force and those still to start, the lead first, then by name."""
    on = on or timezone.localdate()
    members: dict[int | None, list[Membership]] = {pk: [] for pk in teams.values_list("pk", flat=True)}
    for membership in (
        Membership.objects.filter(team__in=teams)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "user__username", "start_date")
    ):
        members[membership.team_id].append(membership)
    return members


def own_teams(user: UserLike) -> QuerySet[Team]:
    """Teams the user works in as a worker or lead: their records, people and notes are the user's.

    Unlike teams_led_or_administered, administrators are not included: a team's personal data stays
    with the team.
    """
    return Team.objects.filter(pk__in=current_memberships(user).filter(role__in=TEAM_ROLES).values("team"))


def led_teams(user: UserLike) -> QuerySet[Team]:
    """Teams the user leads, and only those (teams_led_or_administered adds those administrators reach)."""
    return Team.objects.filter(pk__in=current_memberships(user).filter(role=Role.TEAM_LEAD).values("team"))


def memberships_for_user(user: UserLike) -> QuerySet[Membership]:
    """Memberships a user can see: their own, and those of the teams and units they reach."""
    if not is_member(user):
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            Q(user=user) | Q(team__in=teams_for_user(user)) | Q(unit__in=units_for_user(user))
        )
        .select_related("user", "team", "unit")
        .distinct()
    )


def audit_scope(team_ids: Iterable[int]) -> dict[str, int | None]:
    """Whose records a selection of teams' records is, for the audit trail: the one team they all
    belong to, else the one unit, else nobody's in particular (administrators read it)."""
    teams = set(team_ids)
    if len(teams) == 1:
        return {"team_id": teams.pop(), "unit_id": None}
    units = set(Team.objects.filter(pk__in=teams).values_list("unit_id", flat=True))
    return {"team_id": None, "unit_id": units.pop() if len(units) == 1 else None}
