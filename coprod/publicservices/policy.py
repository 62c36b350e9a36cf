"""Who may act on public services' records (see coprod.core.policy): a region's public bodies are read
across the region and kept by its unit managers, as its money is; a team's offers, their capacity
readings and referral counts are read as the directory is and kept by the team's lead; front-line
hours are the team's record, kept by its workers and lead."""

from __future__ import annotations

from coprod.funding.policy import region_policy
from coprod.publicservices.selectors import (
    capacity_readings_for_user,
    frontline_hours_for_user,
    offers_for_user,
    public_bodies_for_user,
    referral_counts_for_user,
)
from coprod.units.policy import LEAD, team_policy

PUBLIC_BODY = region_policy(public_bodies_for_user, region_of=lambda body: body.region_id)
FRONTLINE_HOURS = team_policy("team_record", frontline_hours_for_user, team_of=lambda record: record.team_id)

OFFER = team_policy(
    "team_plan",
    offers_for_user,
    team_of=lambda offer: offer.group.team_id,
    create=LEAD,
    update=LEAD,
    delete=LEAD,
)
CAPACITY_READING = team_policy(
    "team_plan",
    capacity_readings_for_user,
    team_of=lambda reading: reading.offer.group.team_id,
    create=LEAD,
    update=LEAD,
    delete=LEAD,
)
REFERRAL_COUNT = team_policy(
    "team_plan",
    referral_counts_for_user,
    team_of=lambda count: count.offer.group.team_id,
    create=LEAD,
    update=LEAD,
    delete=LEAD,
)

POLICIES = {
    "public-bodies": PUBLIC_BODY,
    "offers": OFFER,
    "capacity-readings": CAPACITY_READING,
    "referral-counts": REFERRAL_COUNT,
    "frontline-hours": FRONTLINE_HOURS,
}
