"""Every app's policy (coprod/<app>/policy.py) against the access rules (access_rules.yaml).

The authorisation matrix asks the pages and the API; this asks the policies they all ask, directly:
for each kind of record the API serves, each role and each scope (a record of the user's own team,
another team of the unit, another region), whether the policy lets the person read, create, change
and remove it. A rule's "ok" must be the policy's yes; "hidden" must be a record outside the
person's reach; anything else ("forbidden", "invalid") a no.
"""

from __future__ import annotations

import importlib

import pytest

from coprod.core.policy import Policy
from tests.trust.test_access_matrix import RULES, expected, record_of

APPS = (
    "units", "groups", "engagements", "outcomes", "neighbourhoods", "funding", "resources", "publicservices",
    "regionalwork",
)  # fmt: skip
POLICIES: dict[str, Policy] = {}
for app in APPS:
    POLICIES |= importlib.import_module(f"coprod.{app}.policy").POLICIES

# API resources that are read and never written through a record's policy: reference data and the
# directory of units and teams (administrators keep them in the admin), and the 10% position, a figure.
READ_ONLY = {"units", "teams", "regions", "authorities", "wards", "lsoas", "areas-of-work", "funding-streams"}
READ_ONLY |= {"ten-percent"}
MEMBERS = ("worker", "team_lead", "unit_manager", "regional_director", "administrator", "no_membership")
SCOPES = ("own_team", "other_team", "other_region")


def test_every_written_kind_of_record_has_a_policy_stating_its_rule():
    written = {name for name in RULES["api"] if name not in READ_ONLY}
    assert written - set(POLICIES) == set(), "kinds of record written through the API with no policy"
    assert set(POLICIES) - set(RULES["api"]) == set(), "policies for no kind of record the API serves"
    for name, policy in POLICIES.items():
        assert policy.rule == RULES["api"][name]["policy"], name


def _owner(planted, scope: str, policy: Policy):
    """What a new record would belong to: the scope's team, or for the region's money its region."""
    team = planted["records"][scope]["team"]
    return team.unit.region if policy.rule == "region_money" else team


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_policy_answers_as_the_access_rules_say(planted, name):
    policy = POLICIES[name]
    kind = RULES["api"][name]["record"]
    mismatches = []
    for action in ("read", "create", "update", "delete"):
        if action not in RULES["policies"][policy.rule]:
            continue
        for scope in SCOPES:
            answers = expected(policy.rule, action, scope)
            record = record_of(planted, scope, kind)
            for role in MEMBERS:
                user, answer = planted["roles"][role], answers[role]
                if action == "read":
                    found = policy.reaches(user, record)
                elif action == "create":
                    found = policy.may("create", user, _owner(planted, scope, policy))
                else:
                    found = policy.may(action, user, record)
                    if role != "no_membership" and policy.reaches(user, record) == (answer == "hidden"):
                        mismatches.append(f"{action} by {role} on {scope}: {answer}, but reach disagrees")
                if found != (answer == "ok"):
                    mismatches.append(f"{action} by {role} on {scope}: {answer}, but the policy says {found}")
    assert mismatches == [], f"{name} ({policy.rule}): " + "; ".join(mismatches)
