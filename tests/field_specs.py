"""The check every field spec (app/fields.py) answers to: each of its record's fields is declared once,
or is one the system sets itself."""

from __future__ import annotations


def undeclared_fields(model, spec, system: set[str]) -> tuple[list[str], set[str]]:
    """(names declared more than once, the model's own fields neither declared nor the system's, and
    declared names that are not the model's), for a spec's FIELDS."""
    declared = [f.name for f in spec]
    repeated = sorted({name for name in declared if declared.count(name) > 1})
    own = {
        f.name
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many) and f.model is model and not f.auto_created
    }
    return repeated, (own - system) ^ set(declared)
