"""The authorisation matrix: every role, every API operation and every page, on records of the user's
own team, another team of the unit and another region, for read, create, update, delete and export.

The expected answers are rules kept as data in access_rules.yaml. The API operations are read from the
OpenAPI schema and the pages from the URL resolver, so an operation or a page with no rule fails.
Every request that writes runs in a savepoint that is rolled back, so each case meets the same world.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from coprod.core.periods import Quarter
from coprod.funding.models import FundingStream
from coprod.groups.models import AreaOfWork
from coprod.outcomes.models import Indicator
from tests.trust.conftest import MARKERS, MONEY, SCOPES, plant_uploads
from tests.units.factories import PASSWORD

RULES = yaml.safe_load((Path(__file__).parent / "access_rules.yaml").read_text())
ROLES = RULES["roles"]
TODAY = datetime.date.today()
QUARTER = Quarter.containing(TODAY)
API = "/api/v1/"
STANDARD = {"get": "read", "post": "create", "put": "update", "patch": "update", "delete": "delete"}


class Rollback(Exception):
    pass


def expected(policy: str, action: str, scope: str) -> dict[str, str]:
    rows = RULES["policies"][policy][action]
    row = rows.get(scope, rows.get("any"))
    words = row.split()
    assert len(words) == len(ROLES), (policy, action, scope)
    return dict(zip(ROLES, words, strict=True))


def schema_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in STANDARD
    ]


def page_names() -> list[str]:
    """Every named page of the site, outside the admin and the API."""
    names = []

    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                if not route.startswith(("admin/", "api/")):
                    walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                assert p.name, f"the page at {route!r} has no name, so no rule can name it"
                names.append(p.name)

    walk(get_resolver().url_patterns)
    return names


# What a scope's record is, for each kind of record the rules name ------------------------------------


def record_of(planted, scope: str, kind: str):
    r = planted["records"][scope]
    team = r["team"]
    found = {
        "unit": lambda: team.unit,
        "team": lambda: team,
        "membership": lambda: planted["workers"][SCOPES[scope]].memberships.get(),
        "region": lambda: team.unit.region,
        "authority": lambda: team.host_authority,
        "ward": lambda: r["neighbourhood"].lsoas.first().ward,
        "lsoa": lambda: r["neighbourhood"].lsoas.first(),
        "area_of_work": lambda: AreaOfWork.objects.order_by("slug").first(),
        "funding_stream": lambda: FundingStream.objects.order_by("slug").first(),
    }
    return found[kind]() if kind in found else r[kind]


def api_key(kind: str, record) -> str:
    """How the API names a record in its paths and lists."""
    if kind in ("unit", "team", "neighbourhood", "initiative", "area_of_work", "funding_stream"):
        return record.slug
    if kind in ("region", "authority", "ward", "lsoa"):
        return record.code
    return str(record.pk)


def listed_keys(body) -> set[str]:
    rows = body.get("results", body) if isinstance(body, dict) else body
    keys = set()
    for row in rows if isinstance(rows, list) else []:
        for field in ("id", "slug", "code", "key"):
            if field in row:
                keys.add(str(row[field]))
    return keys


def create_body(planted, scope: str, resource: str) -> dict:
    r = planted["records"][scope]
    team, hood, group = r["team"], r["neighbourhood"], r["group"]
    day = TODAY.isoformat()
    region = team.unit.region.code
    early = (TODAY - datetime.timedelta(days=400)).isoformat()
    earlier = (TODAY - datetime.timedelta(days=430)).isoformat()
    other_indicator = Indicator.objects.filter(team__isnull=True, computed=False).exclude(code="cls-belong")
    bodies = {
        "groups": {"team": team.slug, "name": "Matrix Group", "neighbourhoods": [hood.slug]},
        "memberships": {"team": team.slug, "role": "worker", "username": "matrix.newcomer",
                        "password": "Tall-ladder-umbrella-42", "start_date": day},
        "venues": {"team": team.slug, "name": "Matrix Venue", "kind": "library", "groups": [group.pk]},
        "engagements": {
            "team": team.slug, "neighbourhood": hood.slug, "groups": [group.pk], "activity_type": "outreach",
            "dimension": "groups", "minutes": 30,
        },
        "indicators": {
            "team": team.slug, "name": "Matrix Indicator", "definition": "d", "unit": "count",
            "direction": "higher",
        },
        "targets": {
            "work_programme": r["work_programme"].pk, "indicator": other_indicator.first().code,
            "neighbourhood": hood.slug, "baseline_value": "10", "baseline_on": early, "target_value": "20",
            "target_on": (TODAY + datetime.timedelta(days=200)).isoformat(),
        },
        "measurements": {
            "indicator": "cls-belong", "neighbourhood": hood.slug, "period_start": earlier,
            "period_end": early, "value": "60", "source": "survey", "sample_size": 50,
        },
        "group-outcomes": {"group": group.pk, "category": "fundraising", "achieved_on": day, "evidence": "e"},
        "involvement": {
            "neighbourhood": hood.slug, "period_start": earlier, "period_end": early, "regular": 3,
        },
        "stories": {"neighbourhood": hood.slug, "title": "Matrix story", "body": "b", "told_on": day},
        "neighbourhoods": {
            "team": team.slug, "name": "Matrix Neighbourhood",
            "lsoas": [lsoa.code for lsoa in hood.lsoas.all()],
        },
        "proposals": {"team": team.slug, "title": "Matrix proposal", "neighbourhood": hood.slug,
                      "amount_sought": "100.00"},
        "initiatives": {
            "region": team.unit.region.code, "title": "Matrix initiative", "funding_stream": "town-deals",
            "lead_body": "Combined authority", "capital": "100.00", "revenue": "0.00", "start": early,
            "end": day,
        },
        "allocations": {"initiative": r["initiative"].slug, "amount": "5.00", "date": day,
                        "category": "other", "state": "committed"},
        "growth-dividend-rules": {"region": region, "base_year": 2015, "base_funding": "1000.00",
                                  "prices": "chained"},
        "unit-costs": {"region": region, "service": "Matrix service", "unit": "Visit", "cost": "10.00",
                       "source": "Matrix source", "year": 2024, "price_base": "2024/25 prices"},
        "remittance-agreements": {"region": region, "public_body": "Matrix body", "share": "10"},
        "savings-claims": {"region": region, "period_start": earlier, "period_end": early,
                           "outcome": "Matrix outcome", "quantity": "5", "unit_cost": r["unit_cost"].pk,
                           "attribution": "50", "deadweight": "10"},
        "levy-receipts": {"initiative": r["initiative"].slug, "source": "Matrix developer",
                          "scheme": "Matrix scheme", "amount": "5.00", "received_on": day},
        "remittances": {"initiative": r["initiative"].slug, "agreement": r["remittance_agreement"].pk,
                        "claims": [r["savings_claim"].pk], "amount": "5.00", "remitted_on": day},
        "offers": {"group": group.pk, "name": "Matrix offer", "places_week": 12},
        "public-bodies": {"region": region, "kind": "council_department", "name": "Matrix department"},
        "frontline-hours": {"team": team.slug, "public_body": r["public_body"].pk, "role": "Matrix role",
                            "period_start": QUARTER.start.isoformat(), "period_end": TODAY.isoformat(),
                            "hours": "3.5"},
        "capacity-readings": {"offer": r["offer"].pk, "on": (TODAY - datetime.timedelta(days=1)).isoformat(),
                              "places_filled": 5},
        "referral-counts": {"offer": r["offer"].pk, "period_start": QUARTER.start.isoformat(),
                            "period_end": QUARTER.end.isoformat(), "source": "gp_practice", "received": 4},
        "plans": {"region": region, "title": "Matrix plan", "lead_body": "Matrix body", "idea_on": early,
                  "design_freeze_on": day, "neighbourhoods": [hood.slug]},
        "consultations": {"plan": r["plan"].pk, "title": "Matrix window", "opens": early, "closes": day,
                          "method": "survey", "team": team.slug},
        "impact-assessments": {"plan": r["plan"].pk, "neighbourhood": hood.slug, "jobs_income": "positive"},
        "steering-groups": {"team": team.slug, "name": "Matrix steering group", "term_start": early,
                            "term_end": day},
        "meetings": {"steering_group": r["steering_group"].pk, "title": "Matrix meeting", "held_on": day},
        "local-opportunities": {"initiative": r["initiative"].slug, "period_start": earlier,
                                "period_end": early, "jobs_offered": 10, "jobs_filled": 3,
                                "local_spend": "10.00", "total_spend": "100.00"},
    }  # fmt: skip
    return bodies[resource]


PATCHES = {
    "memberships": {"end_date": (TODAY + datetime.timedelta(days=30)).isoformat()},
    "groups": {"name": "Renamed Group"},
    "venues": {"name": "Renamed Venue"},
    "engagements": {"minutes": 45},
    "indicators": {"name": "Renamed Indicator"},
    "targets": {"notes": "Renamed"},
    "measurements": {"value": "61"},
    "group-outcomes": {"evidence": "Renamed"},
    "involvement": {"regular": 9},
    "stories": {"title": "Renamed story"},
    "neighbourhoods": {"description": "Renamed"},
    "proposals": {"description": "Renamed"},
    "initiatives": {"description": "Renamed"},
    "allocations": {"title": "Renamed"},
    "growth-dividend-rules": {"notes": "Renamed"},
    "unit-costs": {"source": "Renamed"},
    "remittance-agreements": {"public_body": "Renamed"},
    "savings-claims": {"outcome": "Renamed"},
    "levy-receipts": {"scheme": "Renamed"},
    "remittances": {"amount": "6.00"},
    "local-opportunities": {"notes": "Renamed"},
    "offers": {"schedule": "Renamed"},
    "public-bodies": {"name": "Renamed"},
    "frontline-hours": {"role": "Renamed"},
    "capacity-readings": {"waiting_list": 2},
    "referral-counts": {"accepted": 3},
    "plans": {"summary": "Renamed"},
    "consultations": {"title": "Renamed"},
    "impact-assessments": {"evidence": "Renamed"},
    "steering-groups": {"name": "Renamed"},
    "meetings": {"decisions": "Renamed"},
}


def put_body(planted, scope: str, resource: str, record) -> dict:
    """A whole record for PUT: the create body, keeping what a record may never change."""
    body = create_body(planted, scope, resource) | PATCHES[resource]
    if resource == "targets":
        body["indicator"] = record.indicator.code
    if resource == "measurements":
        body.update(period_start=str(record.period_start), period_end=str(record.period_end))
    if resource == "involvement":
        body.update(period_start=str(record.period_start), period_end=str(record.period_end))
    if resource == "initiatives":
        body["title"] = record.title
    if resource == "capacity-readings":
        body["on"] = str(record.on)
    if resource == "referral-counts":
        body.update(source=record.source, received=30)
    if resource == "impact-assessments":
        body["plan"] = record.plan_id
    return body


# Answers ---------------------------------------------------------------------------------------------


def api_answer(response, *, listing: str | None) -> str:
    status = response.status_code
    if 200 <= status < 300:
        if listing is not None:
            return "listed" if listing in listed_keys(response.json()) else "unlisted"
        return "ok"
    return {400: "invalid", 401: "login", 403: "forbidden", 404: "hidden"}.get(status, str(status))


def page_answer(response, *, marker: str | None) -> str:
    status = response.status_code
    if status in (301, 302):
        return "login" if response["Location"].startswith(reverse("login")) else "ok"
    if status == 200 and marker is not None:
        body = b"".join(response) if response.streaming else response.content
        return "listed" if marker.encode() in body else "unlisted"
    return {200: "ok", 400: "invalid", 403: "forbidden", 404: "hidden"}.get(status, str(status))


def agrees(got: str, want: str, *, listing: bool, put: bool) -> bool:
    """For a list, a readable record is listed and a hidden one unlisted. A PUT names every field, so
    a refused PUT may be answered invalid for naming a record the user may not write to."""
    if listing:
        want = {"ok": "listed", "hidden": "unlisted"}.get(want, want)
    return got == want or (put and want == "forbidden" and got == "invalid")


def run(call):
    """Make a request in a savepoint that is rolled back, and return its response."""
    result = {}
    try:
        with transaction.atomic():
            result["response"] = call()
            raise Rollback
    except Rollback:
        pass
    return result["response"]


# The cases -------------------------------------------------------------------------------------------


def api_cases(planted):
    """(case name, policy, action, scope, call, listing key) for every operation of the schema."""
    resources, extra = RULES["api"], RULES["extra"]
    for method, path in schema_operations():
        name = f"{method.upper()} {path}"
        if name in extra:
            rule = extra[name]
            policy, action, kind = rule["policy"], rule["action"], rule.get("record")
        else:
            match = re.fullmatch(r"/api/v1/([a-z-]+)/(\{\w+\}/)?", path)
            assert match, f"{name} has no rule in access_rules.yaml (extra)"
            resource = match.group(1)
            assert resource in resources, (
                f"{name}: the resource {resource!r} has no rule in access_rules.yaml"
            )
            policy, kind, action = (
                resources[resource]["policy"],
                resources[resource]["record"],
                STANDARD[method],
            )
            detail = match.group(2) is not None
        rows = RULES["policies"][policy][action]
        scopes = list(SCOPES) if set(rows) != {"any"} else ["any"]
        for scope in scopes:
            real_scope = "own_team" if scope == "any" else scope
            record = record_of(planted, real_scope, kind) if kind else None
            key = api_key(kind, record) if record is not None else None
            url = re.sub(r"\{\w+\}", key or "0", path)
            listing = None
            if name in extra:
                if name == "POST /api/v1/auth/token/":
                    yield name, policy, action, scope, ("token", url, None), None
                    continue
                body = {"to": "in_development"} if action == "update" else None
                yield name, policy, action, scope, (method, url, body), None
                continue
            if method == "get" and not detail and record is not None:
                listing = key
            body = None
            if method == "post":
                body = create_body(planted, real_scope, resource)
            elif method == "patch":
                body = PATCHES[resource]
            elif method == "put":
                body = put_body(planted, real_scope, resource, record)
            yield name, policy, action, scope, (method, url, body), listing


def url_argument(arg: str, kind: str, record):
    if arg == "slug":
        return record.slug
    if arg == "code":
        return record.code
    if arg == "token":
        return record
    if arg == "pk":
        return record.group_id if kind == "contact" else record.pk
    assert arg == "contact_pk", arg
    return record.pk


def page_cases(planted):
    pages = RULES["pages"]
    for name in page_names():
        assert name in pages, f"the page {name!r} has no rule in access_rules.yaml"
        rule = pages[name]
        policy, action, kind = rule["policy"], rule["action"], rule.get("record")
        scopes = list(SCOPES) if (kind or rule.get("list")) else ["any"]
        for scope in scopes:
            real_scope = "own_team" if scope == "any" else scope
            r = planted["records"][real_scope]
            kwargs, data = {}, {}
            record = record_of(planted, real_scope, kind) if kind else None
            pattern = get_resolver().reverse_dict.getlist(name)[0][0][0][1]
            for arg in pattern:
                kwargs[arg] = url_argument(arg, kind, record)
            if name in ("group-import-confirm", "group-import-report", "measurement-import-confirm",
                        "measurement-import-report", "referral-import-confirm",
                        "referral-import-report"):  # fmt: skip
                data = {"team": r["team"].pk}
            elif name == "duplicate-resolve":
                data = {"action": "dismiss"}
            elif name == "contact-add":
                data = {"name": "Matrix Contact"}
            elif name == "report-request":
                data = {"unit": r["team"].unit.slug, "period": "2025-26-Q1"}
            elif name == "link-add":
                data = {"kind": "member_of", "other": r["twin"].pk}
            elif name == "baseline-take":
                data = {"taken_on": (TODAY - datetime.timedelta(days=1)).isoformat(), "notes": "Matrix"}
            markers = MONEY if rule.get("marker") == "money" else MARKERS
            marker = markers[SCOPES[real_scope]] if rule.get("list") else None
            url = reverse(name, kwargs=kwargs)
            yield name, policy, action, scope, (rule.get("method", "get"), url, data), marker


def test_authorisation_matrix(planted, capsys):
    api_clients, page_clients = {}, {}
    for role, user in planted["roles"].items():
        api_clients[role], page_clients[role] = APIClient(), Client()
        if user is not None:
            api_clients[role].force_authenticate(user)
            page_clients[role].force_login(user)

    mismatches, cases = [], 0
    for name, policy, action, scope, (method, url, body), listing in api_cases(planted):
        want = expected(policy, action, scope)
        for role in ROLES:
            user = planted["roles"][role]
            if method == "token":
                credentials = {"username": user.username, "password": PASSWORD} if user else {}
                response = run(lambda c=credentials, u=url: APIClient().post(u, c, format="json"))
            else:
                client = api_clients[role]
                response = run(lambda c=client, m=method, u=url, b=body: getattr(c, m)(u, b, format="json"))
            got = api_answer(response, listing=listing)
            cases += 1
            if not agrees(got, want[role], listing=listing is not None, put=method == "put"):
                mismatches.append(f"{name} {action} {scope} as {role}: expected {want[role]}, got {got}")

    for name, policy, action, scope, (method, url, data), marker in page_cases(planted):
        want = expected(policy, action, scope)
        for role in ROLES:
            client = page_clients[role]
            if "import" in name:  # a confirmed import removes its upload: put it back
                plant_uploads(planted)
            if name == "logout":  # signing out ends the session: sign out a session of its own
                client, user = Client(), planted["roles"][role]
                if user is not None:
                    client.force_login(user)
            response = run(lambda c=client, m=method, u=url, d=data: getattr(c, m)(u, d))
            got = page_answer(response, marker=marker)
            cases += 1
            if got != want[role]:
                mismatches.append(f"page {name} {action} {scope} as {role}: expected {want[role]}, got {got}")

    with capsys.disabled():
        print(f"\nauthorisation matrix: {cases} cases, {len(mismatches)} mismatches")
    assert cases > 2000
    assert mismatches == [], "\n".join(mismatches)
