"""Who may act: the API's membership check, and the team checks services make before they write."""

from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from coprod.units.models import Team
from coprod.units.selectors import UserLike, is_member, led_teams, own_teams


def require_own_team(actor: UserLike, team: Team, what: str = "change the team's records") -> None:
    """Only the team's workers and lead may do this."""
    if not own_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied(f"Only the team's workers and lead can {what}.")


def require_team_lead(actor: UserLike, team: Team, what: str = "do this") -> None:
    """Only the team's lead may do this."""
    if not led_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied(f"Only the team's lead can {what}.")


class HasCurrentMembership(BasePermission):
    message = "You need a current membership of a team or unit to use coprod."

    def has_permission(self, request, view) -> bool:
        return is_member(request.user)
