"""Who may act on public services' records (see coprod.core.policy): a team's offers, their capacity
readings and referral counts are read as the directory is and kept by the team's lead."""

from __future__ import annotations

from coprod.publicservices.selectors import (
    capacity_readings_for_user,
    offers_for_user,
    referral_counts_for_user,
)
from coprod.units.policy import LEAD, team_policy

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

POLICIES = {"offers": OFFER, "capacity-readings": CAPACITY_READING, "referral-counts": REFERRAL_COUNT}
