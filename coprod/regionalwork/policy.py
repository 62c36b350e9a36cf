"""Who may act on the unit's regional work (see coprod.core.policy).

A region's plans, consultation windows and impact assessments are read across the region and kept by
its unit managers, as its money is (so only they sign an assessment off). A window's "you said, we
did" is written by the lead of the team that facilitated it, or by the region's managers. A team's
steering group, its seats and meetings are its lead's to keep; the unit's own, and the unit's other
meetings, its managers'.
"""

from __future__ import annotations

from typing import Any

from coprod.core.policy import Policy
from coprod.funding.policy import manages_region, region_policy
from coprod.funding.selectors import managed_units
from coprod.regionalwork.selectors import (
    assessments_for_user,
    meetings_for_user,
    plans_for_user,
    steering_groups_for_user,
    windows_for_user,
    you_said_for_user,
)
from coprod.units.models import CoProductionUnit, Team
from coprod.units.selectors import leads

PLAN = region_policy(plans_for_user, region_of=lambda plan: plan.region_id)
CONSULTATION = region_policy(windows_for_user, region_of=lambda window: window.plan.region_id)
ASSESSMENT = region_policy(assessments_for_user, region_of=lambda assessment: assessment.plan.region_id)

FACILITATORS = "the facilitating team's lead, or the region's unit managers,"


def writes_you_said(user: Any, window: Any) -> bool:
    return leads(user, window.team_id) or manages_region(user, window.plan.region_id)


YOU_SAID = Policy(
    "you_said",
    you_said_for_user,
    create=writes_you_said,
    update=lambda user, record: writes_you_said(user, record.window),
    delete=lambda user, record: writes_you_said(user, record.window),
    who=dict.fromkeys(("create", "update", "delete"), FACILITATORS),
)

KEEPERS = "the team's lead (or, for the unit's own, its managers)"


def keeps_for(user: Any, owner: Any) -> bool:
    """Whether the person keeps a steering group or meeting of `owner`: a team (its lead) or a unit
    (its managers and administrators)."""
    if isinstance(owner, CoProductionUnit):
        return managed_units(user).filter(pk=owner.pk).exists()
    if isinstance(owner, Team):
        return leads(user, owner.pk)
    return False


def owner_of_group(group: Any) -> Any:
    return group.team if group.team_id else group.unit


def owner_of_meeting(meeting: Any) -> Any:
    return owner_of_group(meeting.steering_group) if meeting.steering_group_id else meeting.unit


STEERING_GROUP = Policy(
    "team_plan",
    steering_groups_for_user,
    create=keeps_for,
    update=lambda user, group: keeps_for(user, owner_of_group(group)),
    delete=lambda user, group: keeps_for(user, owner_of_group(group)),
    who=dict.fromkeys(("create", "update", "delete"), KEEPERS),
)
MEETING = Policy(
    "team_plan",
    meetings_for_user,
    create=keeps_for,
    update=lambda user, meeting: keeps_for(user, owner_of_meeting(meeting)),
    delete=lambda user, meeting: keeps_for(user, owner_of_meeting(meeting)),
    who=dict.fromkeys(("create", "update", "delete"), KEEPERS),
)

POLICIES = {
    "plans": PLAN,
    "consultations": CONSULTATION,
    "impact-assessments": ASSESSMENT,
    "steering-groups": STEERING_GROUP,
    "meetings": MEETING,
}
