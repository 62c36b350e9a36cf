"""Gives global administrators every model permission, so the admin works from roles, not flags.

Administrators limited to one unit get none: the admin shows whole tables, not one unit's part.
"""

from coprod.units.selectors import is_global_administrator


class AdministratorBackend:
    """An authentication backend that authenticates nobody and only answers permission questions."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return is_global_administrator(user_obj)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return is_global_administrator(user_obj)
