"""Who is acting and from where: set by the middleware for each request, or by acting_as for commands.

The person is read from the request when an entry is written, not when the request starts, so API
calls authenticated by token (which Django REST framework resolves inside the view) are attributed
to the token's holder.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

_request: ContextVar[HttpRequest | None] = ContextVar("coprod_audit_request", default=None)
_actor: ContextVar[object | None] = ContextVar("coprod_audit_actor", default=None)


def current_actor():
    """The person acting now: the one named by acting_as, else the request's signed-in user, else None."""
    actor = _actor.get()
    if actor is not None:
        return actor
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and user.is_authenticated:
        return user
    return None


def current_address() -> str | None:
    """The address the request came from, as the sign-in lockout sees it."""
    request = _request.get()
    if request is None:
        return None
    getter = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    if getter:
        return import_string(getter)(request) or None
    return request.META.get("REMOTE_ADDR") or None


@contextlib.contextmanager
def acting_as(user) -> Iterator[None]:
    """Attribute every entry written inside the block to this person (a command or a task)."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


class AuditContextMiddleware:
    """Keeps the request at hand so entries written while it is served name its user and address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
