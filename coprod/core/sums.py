"""Figures that add up: a dataclass of counts and amounts whose sum is taken field by field."""

from __future__ import annotations

import dataclasses
from typing import Any, Self


class Summable:
    """Mixed into a dataclass whose every field is a number: `a + b` adds each field, so a total
    row is the sum of its rows, with no field left out when one is added."""

    def __add__(self, other: Self) -> Self:
        assert dataclasses.is_dataclass(self)
        sums: dict[str, Any] = {
            f.name: getattr(self, f.name) + getattr(other, f.name) for f in dataclasses.fields(self)
        }
        return type(self)(**sums)
