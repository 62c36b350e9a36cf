"""The API's membership check, and the person acting as a user (the rules of who may do what to each
kind of record are in each app's policy module: coprod.core.policy)."""

from __future__ import annotations

from typing import overload

from django.contrib.auth.models import User
from rest_framework.permissions import BasePermission

from coprod.units.selectors import UserLike, is_member


@overload
def as_user(actor: UserLike) -> User: ...
@overload
def as_user(actor: None) -> None: ...
def as_user(actor: UserLike | None) -> User | None:
    """The person acting, as the user their records name, once a permission check has let them through
    (so never an anonymous user); None, for no one (the command line), stays None."""
    assert actor is None or isinstance(actor, User)
    return actor


class HasCurrentMembership(BasePermission):
    message = "You need a current membership of a team or unit to use coprod."

    def has_permission(self, request, view) -> bool:
        return is_member(request.user)
