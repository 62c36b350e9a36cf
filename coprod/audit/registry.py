"""Which models the trail follows, whose records they are, and which of their fields hold personal data.

Each app registers its models when it is ready (see its apps.py). A text or JSON field must be named
either personal (the trail records that it changed, never its value) or plain (safe to record), so a
new free-text field cannot reach the trail unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from auditlog.registry import auditlog
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import models

# Written as the recorded value of a personal field that had something in it.
HIDDEN = "(personal data, not recorded)"
# Fields that move on every save and say nothing about who did what.
NOT_TRACKED = ("created_at", "updated_at", "search_name")

_M = TypeVar("_M", bound=models.Model)

# A dotted path from the record to an id ('group.team_id'), or a function of the record.
Scope = str | Callable[[_M], int | None] | None


@dataclass(frozen=True)
class Tracked(Generic[_M]):
    team: Scope[_M] = None
    unit: Scope[_M] = None
    describe: Callable[[_M], str] | None = None
    personal: tuple[str, ...] = field(default_factory=tuple)


# Each model's entry takes records of that model, which one type cannot say for them all.
_TRACKED: dict[type[models.Model], Tracked[Any]] = {}


def hide(value: str) -> str:
    """auditlog's mask for personal fields: say whether there was a value, never what it was."""
    return "" if value in ("", "None", "null", "[]", "{}") else HIDDEN


def _free_text(model: type[models.Model]) -> set[str]:
    """Fields that can hold words about people: text, longer strings without choices, and JSON."""
    return {
        f.name
        for f in model._meta.concrete_fields
        if (
            isinstance(f, models.TextField | models.JSONField)
            or (
                isinstance(f, models.CharField)
                and not f.choices
                and (f.max_length is None or f.max_length >= 150)
            )
        )
        and f.name not in NOT_TRACKED
    }


def track(
    model: type[_M],
    *,
    team: Scope[_M] = None,
    unit: Scope[_M] = None,
    personal: Iterable[str] = (),
    plain: Iterable[str] = (),
    describe: Callable[[_M], str] | None = None,
) -> None:
    """Follow a model's creates, changes and deletes.

    team and unit say whose record it is, as a dotted path from the record ('group.team_id') or a
    function of it; unit managers read the entries of their unit's teams and of their unit. personal
    lists the fields whose values never enter the trail; plain the free-text fields that may. describe
    replaces str() where the record's name would itself be personal data.
    """
    personal, plain = tuple(personal), tuple(plain)
    unknown = (set(personal) | set(plain)) - {f.name for f in model._meta.concrete_fields}
    if unknown:
        raise ImproperlyConfigured(f"{model.__name__} has no field(s) {', '.join(sorted(unknown))}.")
    undeclared = _free_text(model) - set(personal) - set(plain)
    if undeclared:
        raise ImproperlyConfigured(
            f"{model.__name__}: say whether {', '.join(sorted(undeclared))} hold personal data "
            "(personal=...) or not (plain=...)."
        )
    auditlog.register(
        model,
        exclude_fields=list(NOT_TRACKED),
        mask_fields=list(personal),
        mask_callable="coprod.audit.registry.hide",
    )
    _TRACKED[model] = Tracked(team=team, unit=unit, describe=describe, personal=personal)


def tracked_models() -> dict[type[models.Model], Tracked[Any]]:
    return dict(_TRACKED)


def _resolve(instance: _M, scope: Scope[_M]) -> int | None:
    if scope is None:
        return None
    try:
        if callable(scope):
            return scope(instance)
        # A dotted path of attributes, ending at an id (or None on the way).
        value: Any = instance
        for part in scope.split("."):
            value = getattr(value, part)
            if value is None:
                return None
        return value
    except (ObjectDoesNotExist, AttributeError):
        return None


def scope_of(instance: models.Model) -> dict[str, int | None]:
    """The team and unit a record belongs to, for scoping its entries."""
    tracked = _TRACKED.get(type(instance))
    if tracked is None:
        return {"team_id": None, "unit_id": None}
    return {"team_id": _resolve(instance, tracked.team), "unit_id": _resolve(instance, tracked.unit)}


def describe(instance: models.Model) -> str:
    """How the trail names a record: its own name, unless that would be personal data."""
    tracked = _TRACKED.get(type(instance))
    try:
        if tracked is not None and tracked.describe is not None:
            return tracked.describe(instance)
        return str(instance)
    except ObjectDoesNotExist:
        return f"{instance._meta.verbose_name} {instance.pk}"
