"""Who may act: the API's membership check, and the team checks services make before they write."""

from __future__ import annotations

from typing import overload

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from coprod.units.models import Team
from coprod.units.selectors import UserLike, is_member, leads, works_in


@overload
def as_user(actor: UserLike) -> User: ...
@overload
def as_user(actor: None) -> None: ...
def as_user(actor: UserLike | None) -> User | None:
    """The person acting, as the user their records name, once a permission check has let them through
    (so never an anonymous user); None, for no one (the command line), stays None."""
    assert actor is None or isinstance(actor, User)
    return actor


def require_own_team(actor: UserLike, team: Team, what: str = "change the team's records") -> None:
    """Only the team's workers and lead may do this."""
    if not works_in(actor, team.pk):
        raise PermissionDenied(f"Only the team's workers and lead can {what}.")


def require_team_lead(actor: UserLike, team: Team, what: str = "do this") -> None:
    """Only the team's lead may do this."""
    if not leads(actor, team.pk):
        raise PermissionDenied(f"Only the team's lead can {what}.")


class HasCurrentMembership(BasePermission):
    message = "You need a current membership of a team or unit to use coprod."

    def has_permission(self, request, view) -> bool:
        return is_member(request.user)
