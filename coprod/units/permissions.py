"""API permissions: every endpoint needs a logged-in user with a current membership."""

from rest_framework.permissions import BasePermission

from coprod.units.selectors import is_member


class HasCurrentMembership(BasePermission):
    message = "You need a current membership of a team or unit to use coprod."

    def has_permission(self, request, view) -> bool:
        return is_member(request.user)
