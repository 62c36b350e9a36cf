"""Validation against the published HSDS schemas (vendor/hsds, with their licence).

`problems(record, "service", version="3.1")` lists what is wrong with a record: every error
jsonschema finds (formats checked, so ids must be UUIDs and times RFC 3339), and every field the
standard does not define (its schemas do not forbid extra fields, so jsonschema alone would let
them through).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

VENDORED = Path(__file__).parent / "vendor" / "hsds"
VERSIONS = ("3.0", "3.1")


@cache
def registry(version: str) -> Registry:
    resources = []
    for path in sorted((VENDORED / version).glob("*.json")):
        contents = json.loads(path.read_text())
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def schema(name: str, version: str) -> dict:
    return registry(version).contents(f"{name}.json")


def _undefined(record, node: dict, version: str, where: str) -> list[str]:
    """Fields of the record (and of the records inside it) that the schema does not define."""
    while "$ref" in node:
        node = registry(version).contents(node["$ref"])
    found = []
    if isinstance(record, dict):
        properties = node.get("properties", {})
        for key, value in record.items():
            if key not in properties:
                found.append(f"{where}.{key}: not a field of HSDS {version}")
            else:
                found += _undefined(value, properties[key], version, f"{where}.{key}")
    elif isinstance(record, list) and "items" in node:
        for i, item in enumerate(record):
            found += _undefined(item, node["items"], version, f"{where}[{i}]")
    return found


def problems(record: dict, name: str, *, version: str) -> list[str]:
    validator = Draft202012Validator(
        schema(name, version), registry=registry(version), format_checker=FormatChecker()
    )
    errors = [
        f"{name}.{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)
    ]
    return errors + _undefined(record, schema(name, version), version, name)
