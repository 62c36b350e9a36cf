"""The consultation window rule on worked examples, the seat rule, and the plan's verdict, through the
services and the API's verdict fields."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from coprod.regionalwork import rules
from coprod.regionalwork.models import RegionalWorkRules
from coprod.regionalwork.selectors import plan_verdict, window_verdict
from coprod.regionalwork.services import rules_save, seat_add, steering_group_save, window_save
from tests.groups.factories import GroupFactory
from tests.regionalwork.conftest import FREEZE

D = datetime.date
WEEK = datetime.timedelta(days=7)


def closing(weeks_before: int, *, weeks_open: int = 6):
    closes = FREEZE - weeks_before * WEEK
    return closes - weeks_open * WEEK, closes


@pytest.mark.parametrize(
    ("weeks_open", "weeks_before", "meets", "problems"),
    [
        (5, 8, False, ["too short"]),  # a 5-week window, in good time
        (6, 2, False, ["closes too close to the design freeze"]),  # closing 2 weeks before the freeze
        (6, -1, False, ["closes after the design freeze"]),  # closing a week after it
        (6, 4, True, []),  # six weeks open, closing four weeks before: the rule exactly
    ],
)
def test_window_rule_on_worked_examples(world, plan, weeks_open, weeks_before, meets, problems):
    opens, closes = closing(weeks_before, weeks_open=weeks_open)
    window = window_save(
        actor=world["people"]["manager"], plan=plan, title="Listening", opens=opens, closes=closes,
        method="listening_meeting", team=world["teams"]["a1"],
    )  # fmt: skip
    verdict = window_verdict(window)
    assert (verdict.meets, verdict.problems) == (meets, problems)
    assert verdict.days_open == 7 * weeks_open and verdict.days_notice == 7 * weeks_before
    assert plan_verdict(plan).met_rule is meets

    client = APIClient()
    client.force_authenticate(world["people"]["worker"])  # read across the region
    body = client.get(f"/api/v1/consultations/{window.pk}/").json()
    assert body["meets_rule"] is meets and body["problems"] == problems
    assert body["weeks_open"] == f"{weeks_open}.0"
    plan_body = client.get(f"/api/v1/plans/{plan.pk}/").json()
    assert plan_body["window_met_rule"] is meets and plan_body["window_before_freeze"] is (weeks_before >= 0)


def test_plan_with_no_window_before_the_freeze_is_flagged(world, plan):
    assert plan_verdict(plan).problem == "no consultation window before the design freeze"
    opens, closes = closing(-2)
    window_save(
        actor=world["people"]["manager"], plan=plan, title="Late survey", opens=opens, closes=closes,
        method="survey", team=world["teams"]["a1"],
    )  # fmt: skip
    assert plan_verdict(plan).problem == "no consultation window before the design freeze"


def test_a_units_own_rule_judges_its_windows(world, plan):
    opens, closes = closing(3, weeks_open=4)
    window = window_save(
        actor=world["people"]["manager"], plan=plan, title="Workshop", opens=opens, closes=closes,
        method="workshop", team=world["teams"]["a2"],
    )  # fmt: skip
    assert window_verdict(window).meets is False
    rules_save(
        actor=world["people"]["manager"], unit=world["units"]["a"], min_weeks_open=4, min_weeks_notice=3
    )
    assert window_verdict(window).meets is True
    with pytest.raises(Exception, match="unit's managers|region's unit managers"):
        rules_save(actor=world["people"]["lead"], unit=world["units"]["a"], min_weeks_open=1)
    assert RegionalWorkRules.objects.get().min_weeks_open == 4


def test_a_window_cannot_close_before_it_opens_nor_be_facilitated_from_another_region(world, plan):
    manager = world["people"]["manager"]
    with pytest.raises(ValidationError, match="cannot close before it opens"):
        window_save(actor=manager, plan=plan, title="W", opens=D(2026, 5, 2), closes=D(2026, 5, 1),
                    method="survey", team=world["teams"]["a1"])  # fmt: skip
    with pytest.raises(ValidationError, match="team of the plan's region"):
        window_save(actor=manager, plan=plan, title="W", opens=D(2026, 5, 1), closes=D(2026, 6, 1),
                    method="survey", team=world["teams"]["b1"])  # fmt: skip


@pytest.mark.parametrize(("community", "meets"), [(7, True), (6, True), (5, False)])
def test_seat_rule_residents_and_groups_hold_at_least_half(world, community, meets):
    lead = world["people"]["lead"]
    team = world["teams"]["a1"]
    group = steering_group_save(
        actor=lead, team=team, name="Eston steering group", term_start=D(2026, 4, 1), term_end=D(2028, 3, 31)
    )
    for n in range(community):
        if n % 2:
            seat_add(actor=lead, steering_group=group, kind="community_group", group=GroupFactory(team=team))
        else:
            seat_add(actor=lead, steering_group=group, kind="resident", neighbourhood=world["hoods"]["a1"])
    for n in range(12 - community):
        seat_add(actor=lead, steering_group=group, kind="other", organisation=f"Housing association {n}")
    assert rules.seats_meet_rule(community=community, total=12) is meets
    client = APIClient()
    client.force_authenticate(lead)
    body = client.get(f"/api/v1/steering-groups/{group.pk}/").json()
    assert (body["seats_total"], body["seats_community"], body["meets_seat_rule"]) == (12, community, meets)


def test_a_residents_seat_names_a_neighbourhood_not_a_person(world):
    lead = world["people"]["lead"]
    group = steering_group_save(
        actor=lead, team=world["teams"]["a1"], name="SG", term_start=D(2026, 4, 1), term_end=D(2027, 3, 31)
    )
    with pytest.raises(ValidationError, match="Name the neighbourhood"):
        seat_add(actor=lead, steering_group=group, kind="resident")
    with pytest.raises(ValidationError, match="not an organisation"):
        seat_add(
            actor=lead,
            steering_group=group,
            kind="resident",
            neighbourhood=world["hoods"]["a1"],
            organisation="Jo",
        )
    with pytest.raises(ValidationError, match="neighbourhood of the unit's region"):
        seat_add(actor=lead, steering_group=group, kind="resident", neighbourhood=world["hoods"]["b1"])


def test_plan_stages_keep_their_order(world, plan):
    from coprod.regionalwork.services import plan_save

    with pytest.raises(ValidationError) as refused:
        plan_save(actor=world["people"]["manager"], plan=plan, approval_on=D(2026, 9, 1))
    assert "approval cannot come before the design freeze" in str(refused.value)


def test_a_manager_sets_the_units_rule_on_its_page_and_a_worker_cannot(world, plan, client):
    opens, closes = closing(3, weeks_open=4)
    window = window_save(
        actor=world["people"]["manager"], plan=plan, title="Workshop", opens=opens, closes=closes,
        method="workshop", team=world["teams"]["a1"],
    )  # fmt: skip
    unit = world["units"]["a"]
    url = f"/plans/rules/{unit.slug}/"
    client.force_login(world["people"]["worker"])
    assert client.get(url).status_code == 403
    assert client.get(f"/plans/rules/{world['units']['b'].slug}/").status_code == 404
    client.force_login(world["people"]["manager"])
    assert b"Change the rules of" in client.get("/plans/").content
    typed = {"min_weeks_open": "4", "min_weeks_notice": "three", "community_share_percent": "50"}
    refused = client.post(url, typed)
    assert refused.status_code == 400 and b'value="three"' in refused.content  # kept as typed
    assert window_verdict(window).meets is False
    answer = client.post(url, typed | {"min_weeks_notice": "3"})
    assert answer.status_code == 302
    assert window_verdict(window).meets is True
    assert RegionalWorkRules.objects.get(unit=unit).as_rule() == rules.WindowRule(4, 3, 50)
