"""Validation against the published 360Giving 1.4 schemas (vendor/360giving, with their licence).

`problems(package)` lists what is wrong with a data package: every error jsonschema finds against the
package schema (formats checked, so dates must be RFC 3339 date-times and URLs URIs), and every field
of a grant the standard does not define (its schemas do not forbid extra fields, so jsonschema alone
would let them through).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

VENDORED = Path(__file__).parent / "vendor" / "360giving" / "1.4"


@cache
def registry() -> tuple[Registry, dict, dict]:
    grant = json.loads((VENDORED / "360-giving-schema.json").read_text())
    package = json.loads((VENDORED / "360-giving-package-schema.json").read_text())
    resources = [
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012))
        for schema in (grant, package)
    ]
    return Registry().with_resources(resources), grant, package


def _undefined(value, node: dict, defs: dict, where: str) -> list[str]:
    """Fields (of a grant and the objects inside it) that the schema does not define."""
    while "$ref" in node:
        node = defs[node["$ref"].split("/")[-1]]
    found = []
    if isinstance(value, dict) and "properties" in node:
        for key, item in value.items():
            if key not in node["properties"]:
                found.append(f"{where}/{key}: not a field of the standard")
            else:
                found += _undefined(item, node["properties"][key], defs, f"{where}/{key}")
    elif isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            found += _undefined(item, node["items"], defs, f"{where}/{i}")
    return found


def problems(package: dict) -> list[str]:
    found_registry, grant_schema, package_schema = registry()
    validator = Draft202012Validator(package_schema, registry=found_registry, format_checker=FormatChecker())
    found = [
        f"/{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(package)
    ]
    for key in package:
        if key not in package_schema["properties"]:
            found.append(f"/{key}: not a field of the package")
    for i, grant in enumerate(package.get("grants") or []):
        found += _undefined(grant, grant_schema, grant_schema["$defs"], f"/grants/{i}")
    return found
