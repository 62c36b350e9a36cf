"""A request whose body is larger than any upload coprod takes is answered 413 from its Content-Length
header alone, before anything reads the body (the sign-in check of a form reads it all otherwise): a
50 MB file sent to an import page costs the server nothing. A page says how large a file may be and
links back to the form; an API client gets JSON."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def size_label(size: int) -> str:
    """50.0 MB, 7 KB, 512 bytes."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:,.1f} MB"
    if size >= 1_000:
        return f"{size // 1_000:,} KB"
    return f"{size:,} bytes"


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        limit = settings.COPROD_UPLOAD_MAX_BYTES
        if size <= limit:
            return self.get_response(request)
        message = (
            f"The file is {size_label(size)}: at most {size_label(limit)} can be uploaded at once. "
            "Split it into smaller files (each with the header row) and upload each in turn."
        )
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": message}, status=413)
        else:
            response = render(request, "413.html", {"message": message, "back": request.path}, status=413)
        response["Connection"] = "close"  # the body is never read: the connection cannot be reused
        return response
