"""Gives current administrators every model permission, so the admin works from roles, not flags."""

from coprod.units.selectors import is_administrator


class AdministratorBackend:
    """An authentication backend that authenticates nobody and only answers permission questions."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return bool(user_obj.is_active and is_administrator(user_obj))

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return bool(user_obj.is_active and is_administrator(user_obj))
