"""Template context: the signed-in person's current roles, for navigation."""

from django.utils.functional import SimpleLazyObject

from coprod.units.choices import TEAM_ROLES
from coprod.units.selectors import current_memberships, is_global_administrator


def roles(request):
    user = request.user
    return {
        "current_memberships": SimpleLazyObject(
            lambda: list(current_memberships(user).select_related("team", "unit"))
        ),
        "user_is_administrator": SimpleLazyObject(lambda: is_global_administrator(user)),
        "user_works_in_a_team": SimpleLazyObject(
            lambda: current_memberships(user).filter(role__in=TEAM_ROLES).exists()
        ),
    }
