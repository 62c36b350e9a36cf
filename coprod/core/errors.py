"""Server errors: a lost database answers 503 "try again", everything else Django's plain 500 page."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views import defaults

# How long a client should wait before retrying; a database restart takes seconds.
RETRY_AFTER_SECONDS = 5
DATABASE_UNAVAILABLE = "The database is unavailable; try again in a few seconds."


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: called while the exception is being handled, so sys.exc_info() names it.

    The answer never holds the exception's text, which can name hosts and queries.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        response: HttpResponse
        if request.path.startswith(reverse("api:api-root")) or "json" in request.headers.get("Accept", ""):
            response = JsonResponse({"detail": DATABASE_UNAVAILABLE}, status=503)
        else:
            response = HttpResponse(
                DATABASE_UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8"
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)
