"""Sign-in lockout: what a locked-out person (or API client) is told, and whose address a failure counts."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

LOCKED_OUT_STATUS = 429


def try_again_at():
    """When the lockout has ended at the latest; a failed attempt while locked out starts the wait again."""
    return timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)


def lockout_message(when) -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"Too many failed attempts to sign in. Try again in {minutes} minutes, "
        f"after {when:%H:%M} on {when.day} {when:%B %Y}."
    )


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """A GOV.UK page for people, a JSON error for API clients; both say when to try again."""
    when = try_again_at()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": lockout_message(when), "try_again_after": when.isoformat()}, status=LOCKED_OUT_STATUS
        )
    else:
        response = render(
            request,
            "units/locked_out.html",
            {"try_again_at": when, "cooloff_minutes": minutes},
            status=LOCKED_OUT_STATUS,
        )
    response["Retry-After"] = retry_after
    return response


def client_ip(request: HttpRequest) -> str | None:
    """The address failed attempts count against.

    Behind COPROD_TRUSTED_PROXY_COUNT proxies, the one each proxy saw is appended to X-Forwarded-For,
    so the client is that many entries from the end; anything further left could be made up by the client.
    """
    count = settings.COPROD_TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
