"""The values a service takes, declared once as a TypedDict next to it.

A service takes them as `**values: Unpack[XValues]`, so mypy checks every call's keywords and types;
the same declaration names, at run time, what the service refuses (a value from a request or an import
that it does not take), so the list of fields is never written twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError


def keys_of(values_type: Any) -> frozenset[str]:
    """The keys a TypedDict declares."""
    return frozenset(values_type.__required_keys__ | values_type.__optional_keys__)


def refuse_unknown(
    values: Mapping[str, object], values_type: Any, *, saying: str = "These fields cannot be set here"
) -> None:
    """Refuse (ValidationError, naming them) values that the TypedDict does not declare."""
    unknown = set(values) - keys_of(values_type)
    if unknown:
        raise ValidationError(f"{saying}: {', '.join(sorted(unknown))}")
