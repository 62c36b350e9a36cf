"""A region's plan for the regional work tests: unit A's region, touching team A1's neighbourhood
(a priority one) and team A2's."""

import datetime

import pytest

from coprod.regionalwork.services import plan_save

D = datetime.date
FREEZE = D(2026, 9, 30)


@pytest.fixture
def plan(world):
    for key in ("a1", "a2"):
        hood = world["hoods"][key]
        hood.priority = key == "a1"
        hood.save()
    return plan_save(
        actor=world["people"]["manager"], region=world["units"]["a"].region, title="Eastern busway",
        lead_body="Combined authority", idea_on=D(2026, 1, 10), design_on=D(2026, 4, 1),
        design_freeze_on=FREEZE, approval_on=D(2026, 11, 1),
        neighbourhoods=[world["hoods"]["a1"], world["hoods"]["a2"]],
    )  # fmt: skip
