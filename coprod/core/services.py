"""The write every app's services share: add or change a record as its policy allows, with the
values its TypedDict declares, checked in full before it is saved; or remove one."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from coprod.core.policy import Policy
from coprod.core.values import refuse_unknown


def save_values(record: Any, values: Mapping[str, object], values_type: Any) -> None:
    """Set the values (refusing any the TypedDict does not declare), check the record, save it."""
    refuse_unknown(values, values_type)
    for key, value in values.items():
        setattr(record, key, value)
    record.full_clean()
    record.save()


def not_after_today(field: str, day: datetime.date | None) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: "This cannot be a day to come."})


def keep(
    policy: Policy,
    actor: Any,
    *,
    record: Any,
    make: Callable[[], Any],
    owner: Any,
    doing: str,
    values: Mapping[str, object],
    values_type: Any,
    dated: str = "",
) -> Any:
    """Add a record (record None: make() builds it, for the `owner` the policy's create is asked of)
    or change one, as its policy allows; a `dated` field cannot be a day to come."""
    if record is None:
        policy.require("create", actor, owner, doing)
        record = make()
    else:
        policy.require("update", actor, record, "change it")
    if dated:
        not_after_today(dated, values.get(dated, getattr(record, dated)))  # type: ignore[arg-type]
    save_values(record, values, values_type)
    return record


def remove(policy: Policy, actor: Any, record: Any) -> None:
    policy.require("delete", actor, record, "remove it")
    record.delete()
