"""Who may act on the community group directory (see coprod.core.policy).

A team's workers and lead keep its groups and venues; only the lead removes one, imports a directory
or exports people's contact details and notes.
"""

from __future__ import annotations

from typing import Any

from coprod.groups.selectors import groups_for_user, venues_for_user
from coprod.units.policy import LEAD, team_id, team_policy
from coprod.units.selectors import leads, led_teams, own_teams

GROUP = team_policy("directory_record", groups_for_user, team_of=lambda group: group.team_id, delete=LEAD)
VENUE = team_policy("directory_record", venues_for_user, team_of=lambda venue: venue.team_id, delete=LEAD)

POLICIES = {"groups": GROUP, "venues": VENUE}


def keeps_a_directory(user: Any) -> bool:
    """Whether the person works in a team, so has a directory to add groups and venues to."""
    return own_teams(user).exists()


def may_import(user: Any, team: Any) -> bool:
    """A directory is imported by its team's lead."""
    return leads(user, team_id(team))


def imports_somewhere(user: Any) -> bool:
    """Whether the person leads a team, so may import into its directory."""
    return led_teams(user).exists()


def may_export_personal(user: Any) -> bool:
    """Contact details and notes leave coprod only in a team lead's export of their own team."""
    return led_teams(user).exists()
