"""Who may act on the engagement log and the team's plans (see coprod.core.policy).

A team's workers and lead log contacts; a contact is changed or removed by the worker who logged it
(while they are in the team) or by the team lead. Work programmes are the lead's to plan; follow-ups
and volunteer-hour returns are the team's.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from coprod.core.policy import Check
from coprod.engagements.selectors import (
    engagements_for_user,
    follow_ups_for_user,
    volunteer_returns_for_user,
    work_programmes_for_user,
)
from coprod.units.policy import LEAD, WORKERS, team_policy
from coprod.units.selectors import leads, own_teams, works_in

AUTHOR_OR_LEAD = "the worker who logged it, or the team lead,"


def _author_or_lead(user: Any, engagement: Any) -> bool:
    authored = engagement.worker_id == user.pk and works_in(user, engagement.team_id)
    return authored or leads(user, engagement.team_id)


_by_author: Check = _author_or_lead
ENGAGEMENT = dataclasses.replace(
    team_policy("engagement", engagements_for_user, team_of=lambda engagement: engagement.team_id),
    update=_by_author,
    delete=_by_author,
    who={"create": WORKERS, "update": AUTHOR_OR_LEAD, "delete": AUTHOR_OR_LEAD},
)
FOLLOW_UP = team_policy("team_internal", follow_ups_for_user, team_of=lambda follow_up: follow_up.team_id)
WORK_PROGRAMME = team_policy(
    "team_plan",
    work_programmes_for_user,
    team_of=lambda programme: programme.team_id,
    create=LEAD,
    update=LEAD,
    delete=LEAD,
)
VOLUNTEER_RETURN = team_policy(
    "team_record", volunteer_returns_for_user, team_of=lambda item: item.group.team_id
)

POLICIES = {"engagements": ENGAGEMENT}


def logs_contacts(user: Any) -> bool:
    """Whether the person works in a team, so logs its contacts."""
    return own_teams(user).exists()


def in_its_team(user: Any, engagement: Any) -> bool:
    """Whether the person works in the contact's team, which sees it whole (its notes, its
    confirmation); others who reach it read it without its notes."""
    return works_in(user, engagement.team_id)
