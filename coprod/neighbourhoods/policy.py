"""Who may act on neighbourhoods and their baselines (see coprod.core.policy): the team's lead, or an
administrator of the team's unit (or of every unit)."""

from __future__ import annotations

from typing import Any

from coprod.core.policy import Policy
from coprod.neighbourhoods.selectors import baselines_for_user, neighbourhoods_for_user
from coprod.units.policy import team_id
from coprod.units.selectors import teams_led_or_administered

LEAD_OR_ADMINISTRATOR = "the team's lead (or an administrator)"
_WHO = {"create": LEAD_OR_ADMINISTRATOR, "update": LEAD_OR_ADMINISTRATOR, "delete": LEAD_OR_ADMINISTRATOR}


def plans_for(user: Any, team: Any) -> bool:
    """Whether the person draws the team's neighbourhoods and takes their baselines."""
    return teams_led_or_administered(user).filter(pk__in=[team_id(team)]).exists()


def plans_for_some_team(user: Any) -> bool:
    return teams_led_or_administered(user).exists()


NEIGHBOURHOOD = Policy(
    "neighbourhood",
    neighbourhoods_for_user,
    create=plans_for,
    update=lambda user, neighbourhood: plans_for(user, neighbourhood.team_id),
    delete=lambda user, neighbourhood: plans_for(user, neighbourhood.team_id),
    who=_WHO,
)
BASELINE = Policy(
    "lead_page",
    baselines_for_user,
    create=plans_for,
    update=lambda user, baseline: plans_for(user, baseline.neighbourhood.team_id),
    delete=lambda user, baseline: plans_for(user, baseline.neighbourhood.team_id),
    who=_WHO,
)

POLICIES = {"neighbourhoods": NEIGHBOURHOOD}
