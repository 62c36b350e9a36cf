"""schemathesis against the OpenAPI schema, in-process through the WSGI app, as a worker and as a unit
manager: every operation, 60 generated requests each (half of them, for an operation on one record,
on the user's own records), no server error and no response outside the schema.

Each request runs in a savepoint that is rolled back, so every example meets the planted world. The
run takes minutes, so it has a make target of its own (make pytest-schema, part of make test, on
SQLite) and the everyday pytest run skips it unless COPROD_SCHEMA_FUZZ=1.

The checks: no server error, every response body and header as its schema says, the content type
the schema names. Not the status-code check: the schema documents each operation's success answer
only, so every 400, 403 and 404 that the scoping rules give would count against it (the answers
themselves are the authorisation matrix's business). Requests are generated from the schema as it
is (positive mode); the generated values exercise the serializers' and filters' refusals.
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

pytestmark = pytest.mark.skipif(
    os.environ.get("COPROD_SCHEMA_FUZZ") != "1", reason="minutes long: run by make pytest-schema"
)

EXAMPLES = 60  # per operation and role: about 12,000 requests, some 12 minutes on SQLite
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]


class Rollback(Exception):
    pass


def openapi_schema() -> dict:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


def own_keys(planted) -> dict[str, dict]:
    """Path parameters naming the user's own team's records, so examples also reach real records."""
    r = planted["records"]["own_team"]
    return {
        "groups": {"id": r["group"].pk},
        "venues": {"id": r["venue"].pk},
        "engagements": {"id": r["engagement"].pk},
        "indicators": {"id": r["indicator"].pk},
        "targets": {"id": r["target"].pk},
        "measurements": {"id": r["measurement"].pk},
        "group-outcomes": {"id": r["group_outcome"].pk},
        "involvement": {"id": r["involvement"].pk},
        "stories": {"id": r["story"].pk},
        "proposals": {"id": r["proposal"].pk},
        "allocations": {"id": r["allocation"].pk},
        "initiatives": {"slug": r["initiative"].slug},
        "neighbourhoods": {"slug": r["neighbourhood"].slug},
        "teams": {"slug": r["team"].slug},
        "units": {"slug": r["team"].unit.slug},
        "memberships": {"id": planted["roles"]["worker"].memberships.get().pk},
        "regions": {"code": r["team"].unit.region.code},
        "authorities": {"code": r["team"].host_authority.code},
        "lsoas": {"code": r["neighbourhood"].lsoas.first().code},
        "wards": {"code": r["neighbourhood"].lsoas.first().ward.code},
        "offers": {"id": r["offer"].pk},
        "public-bodies": {"id": r["public_body"].pk},
        "frontline-hours": {"id": r["frontline_hours"].pk},
        "capacity-readings": {"id": r["capacity_reading"].pk},
        "referral-counts": {"id": r["referral_count"].pk},
        "plans": {"id": r["plan"].pk},
        "consultations": {"id": r["consultation"].pk},
        "impact-assessments": {"id": r["impact_assessment"].pk},
        "steering-groups": {"id": r["steering_group"].pk},
        "meetings": {"id": r["meeting"].pk},
    }


def strategy_for(operation, keys: dict[str, dict]):
    generated = operation.as_strategy()
    resource = operation.path.strip("/").split("/")[2]
    if "{" in operation.path and resource in keys:
        return st.one_of(generated, operation.as_strategy(path_parameters=keys[resource]))
    return generated


def checker(strategy, headers: dict, seen: list):
    """A hypothesis test of one operation: each example is sent, rolled back and checked."""

    @seed(20260401)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=["explicit", "generate"],
    )
    @given(case=strategy)
    def check(case):
        seen.append(1)
        try:
            with transaction.atomic():
                response = case.call(headers=headers)
                raise Rollback(response)
        except Rollback as done:
            response = done.args[0]
        case.validate_response(response, checks=CHECKS)

    return check


@pytest.mark.parametrize("role", ["worker", "unit_manager"])
def test_every_operation_answers_within_its_schema(planted, role):
    schema = schemathesis.openapi.from_dict(openapi_schema())
    schema.app = get_wsgi_application()
    token = Token.objects.create(user=planted["roles"][role])
    headers = {"Authorization": f"Token {token.key}"}
    keys = own_keys(planted)
    failures, operations, examples = [], 0, 0

    # COPROD_SCHEMA_FUZZ_ONLY=offers,referral-counts fuzzes those resources alone, while working on them.
    only = {name for name in os.environ.get("COPROD_SCHEMA_FUZZ_ONLY", "").split(",") if name}
    for result in schema.get_all_operations():
        operation = result.ok()
        if only and operation.path.strip("/").split("/")[2] not in only:
            continue
        operations += 1
        seen = []

        check = checker(strategy_for(operation, keys), headers, seen)
        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # every operation runs; all failures are reported
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
        examples += len(seen)
        assert len(seen) >= EXAMPLES or failures, f"{operation.label} ran {len(seen)} examples"

    print(f"\nschemathesis as {role}: {operations} operations, {examples} examples, {len(failures)} failures")
    assert operations >= (1 if only else 96)
    assert failures == [], "\n\n".join(failures)
