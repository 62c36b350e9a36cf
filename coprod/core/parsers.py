"""The API's JSON parser: DRF's, with a limit on the body's size and on how deeply it nests, so a body
built to exhaust the server (megabytes, or thousands of nested brackets, which make Python's decoder
raise RecursionError) is refused with a 4xx saying what is allowed, before any view sees it."""

from __future__ import annotations

import io

from django.conf import settings
from rest_framework import exceptions, parsers, status


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def depth_of(value) -> int:
    """How deeply lists and objects nest in a parsed value (a scalar is 0), without recursing."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit, most = settings.COPROD_API_MAX_JSON_BYTES, settings.COPROD_API_MAX_JSON_DEPTH
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge(f"A JSON body may be at most {limit:,} bytes.")
        try:
            data = super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(f"JSON may nest at most {most} levels deep.") from exc
        if depth_of(data) > most:
            raise exceptions.ParseError(f"JSON may nest at most {most} levels deep.")
        return data
