"""Who may act on a team's records, and on a team's people (the access rules of coprod.core.policy).

Most records belong to a team: its workers and lead keep them, and some are the lead's alone.
`team_policy` builds such a record's Policy from the selector that scopes it and the way to its team.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from coprod.core.policy import Check, Policy
from coprod.units.selectors import leads, memberships_for_user, teams_staffed_by, works_in

WORKERS = "the team's workers and lead"
LEAD = "the team's lead"
STAFF = "the unit's managers and administrators"

_TESTS: dict[str, Callable[[Any, int | None], bool]] = {WORKERS: works_in, LEAD: leads}


def team_id(team: Any) -> int | None:
    """A team's id, from the team or its id."""
    return getattr(team, "pk", team)


def team_policy(
    rule: str,
    reach: Callable[[Any], QuerySet[Any]],
    *,
    team_of: Callable[[Any], Any],
    create: str = WORKERS,
    update: str = WORKERS,
    delete: str = WORKERS,
) -> Policy:
    """A team's record: `create` is asked with the team a new record would belong to, `update` and
    `delete` with the record, whose team `team_of` gives; each action is for WORKERS or the LEAD."""

    def on_team(who: str) -> Check:
        return lambda user, team: _TESTS[who](user, team_id(team))

    def on_record(who: str) -> Check:
        return lambda user, record: _TESTS[who](user, team_id(team_of(record)))

    return Policy(
        rule,
        reach,
        create=on_team(create),
        update=on_record(update),
        delete=on_record(delete),
        who={"create": create, "update": update, "delete": delete},
    )


def staffs(user: Any, team: Any) -> bool:
    """Whether the person adds people to the team and ends their memberships."""
    return teams_staffed_by(user).filter(pk__in=[team_id(team)]).exists()


# A team's people: the unit's managers (and administrators) add them and end their memberships.
MEMBERSHIP = Policy(
    "team_people",
    memberships_for_user,
    create=staffs,
    update=lambda user, membership: staffs(user, membership.team_id),
    delete=lambda user, membership: False,  # a membership is ended, never removed
    who={"create": STAFF, "update": STAFF, "delete": "nobody"},
)

POLICIES = {"memberships": MEMBERSHIP}
