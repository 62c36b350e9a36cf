"""Who may act on outcomes: indicators, targets, measurements, group outcomes, involvement, stories
(see coprod.core.policy).

The team's workers and lead record what happened (measurements, outcomes, involvement, stories; a
story is changed by its writer or the lead); the community's own indicators and the targets of a work
programme are the lead's to set. National indicators belong to no team, so no team changes them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from coprod.outcomes.selectors import (
    group_outcomes_for_user,
    indicators_for_user,
    involvement_for_user,
    measurements_for_user,
    stories_for_user,
    targets_for_user,
)
from coprod.units.policy import LEAD, WORKERS, team_policy
from coprod.units.selectors import leads, works_in

INDICATOR = team_policy(
    "team_plan",
    indicators_for_user,
    team_of=lambda indicator: indicator.team_id,  # None for a national one: no team's lead
    create=LEAD,
    update=LEAD,
    delete=LEAD,
)
TARGET = team_policy(
    "team_plan",
    targets_for_user,
    team_of=lambda target: target.work_programme.team_id,
    create=LEAD,
    update=LEAD,
    delete=LEAD,
)
MEASUREMENT = team_policy(
    "team_record", measurements_for_user, team_of=lambda measurement: measurement.subject.team_id
)
GROUP_OUTCOME = team_policy(
    "team_record", group_outcomes_for_user, team_of=lambda outcome: outcome.group.team_id
)
INVOLVEMENT = team_policy(
    "team_record", involvement_for_user, team_of=lambda record: record.neighbourhood.team_id
)

WRITER_OR_LEAD = "the story's writer, or the team lead,"


def _writer_or_lead(user: Any, story: Any) -> bool:
    team = story.neighbourhood.team_id
    return works_in(user, team) and (story.written_by_id == user.pk or leads(user, team))


STORY = dataclasses.replace(
    team_policy("team_record", stories_for_user, team_of=lambda story: story.neighbourhood.team_id),
    update=_writer_or_lead,
    delete=_writer_or_lead,
    who={"create": WORKERS, "update": WRITER_OR_LEAD, "delete": WRITER_OR_LEAD},
)

POLICIES = {
    "indicators": INDICATOR,
    "targets": TARGET,
    "measurements": MEASUREMENT,
    "group-outcomes": GROUP_OUTCOME,
    "involvement": INVOLVEMENT,
    "stories": STORY,
}
