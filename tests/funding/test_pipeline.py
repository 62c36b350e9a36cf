"""The proposal pipeline: allowed moves, refused moves with their reasons, dated stages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from coprod.funding.choices import TRANSITIONS, ProposalStatus
from coprod.funding.selectors import pipeline, proposals_for_user
from coprod.funding.services import allocation_save, proposal_move, proposal_save
from tests.funding.factories import InitiativeFactory

D = datetime.date
S = ProposalStatus


@pytest.fixture
def proposal(world):
    initiative = InitiativeFactory(region=world["units"]["a"].region)
    return proposal_save(
        actor=world["people"]["worker"],
        team=world["teams"]["a1"],
        title="Community garden",
        neighbourhood=world["hoods"]["a1"],
        amount_sought=Decimal("25000.50"),
        initiative=initiative,
        on=D(2026, 1, 5),
    )


def _walk(proposal, actor, *steps):
    for status, day in steps:
        proposal_move(actor=actor, proposal=proposal, to=status, on=day)
    proposal.refresh_from_db()
    return proposal


def test_the_whole_pipeline_with_dated_transitions(world, proposal):
    worker = world["people"]["worker"]
    _walk(
        proposal,
        worker,
        (S.IN_DEVELOPMENT, D(2026, 1, 15)),
        (S.SUBMITTED, D(2026, 2, 14)),
        (S.ACCEPTED, D(2026, 3, 1)),
        (S.FUNDED, D(2026, 3, 10)),
        (S.DELIVERED, D(2026, 6, 30)),
    )
    assert proposal.status == S.DELIVERED and proposal.status_since == D(2026, 6, 30)
    moves = list(proposal.transitions.values_list("from_status", "to_status", "on"))
    assert moves[0] == ("", S.IDEA, D(2026, 1, 5))
    assert moves[-1] == (S.FUNDED, S.DELIVERED, D(2026, 6, 30))
    days = {row.status: row.average_days for row in pipeline(proposals_for_user(worker))}
    assert days[S.IDEA] == Decimal("10.0")
    assert days[S.IN_DEVELOPMENT] == Decimal("30.0")
    assert days[S.SUBMITTED] == Decimal("15.0")
    assert days[S.FUNDED] == Decimal("112.0")
    assert days[S.DELIVERED] is None


@pytest.mark.parametrize(
    "path, to, reason",
    [
        (
            [],
            S.SUBMITTED,
            "cannot move from idea to submitted: from idea it can move only to in development or withdrawn",
        ),
        ([], S.FUNDED, "cannot move from idea to funded"),
        ([S.IN_DEVELOPMENT], S.DECLINED, "cannot move from in development to declined"),
        (
            [S.IN_DEVELOPMENT, S.SUBMITTED],
            S.FUNDED,
            "from submitted it can move only to accepted or declined or withdrawn",
        ),
        ([S.IN_DEVELOPMENT, S.SUBMITTED], S.IDEA, "cannot move from submitted to idea"),
        ([S.WITHDRAWN], S.IN_DEVELOPMENT, "cannot move from withdrawn to in development: withdrawn is final"),
        ([S.IN_DEVELOPMENT, S.SUBMITTED, S.DECLINED], S.ACCEPTED, "declined is final"),
        ([S.IN_DEVELOPMENT], S.IN_DEVELOPMENT, "already in development"),
        ([], "approved", "'approved' is not a proposal status"),
    ],
)
def test_refused_moves_say_from_what_to_what_and_why(world, proposal, path, to, reason):
    worker = world["people"]["worker"]
    _walk(proposal, worker, *[(s, D(2026, 2, 1)) for s in path])
    with pytest.raises(ValidationError) as refused:
        proposal_move(actor=worker, proposal=proposal, to=to, on=D(2026, 3, 1))
    assert reason in refused.value.message_dict["status"][0]
    proposal.refresh_from_db()
    assert proposal.transitions.count() == 1 + len(path)


def test_declined_from_submitted_or_accepted_and_withdrawn_from_any_open_status(world, proposal):
    assert S.DECLINED in TRANSITIONS[S.SUBMITTED] and S.DECLINED in TRANSITIONS[S.ACCEPTED]
    for status in S:
        if status in (S.DELIVERED, S.DECLINED, S.WITHDRAWN):
            assert TRANSITIONS[status] == ()
        else:
            assert S.WITHDRAWN in TRANSITIONS[status]
    worker = world["people"]["worker"]
    _walk(proposal, worker, (S.IN_DEVELOPMENT, D(2026, 2, 1)), (S.SUBMITTED, D(2026, 2, 2)))
    _walk(proposal, worker, (S.ACCEPTED, D(2026, 2, 3)), (S.DECLINED, D(2026, 2, 4)))
    assert proposal.status == S.DECLINED


def test_submitting_needs_an_initiative_and_moves_keep_their_order(world, proposal):
    worker = world["people"]["worker"]
    proposal.initiative = None
    proposal.save()
    _walk(proposal, worker, (S.IN_DEVELOPMENT, D(2026, 2, 1)))
    with pytest.raises(ValidationError, match="choose the initiative it is submitted to first"):
        proposal_move(actor=worker, proposal=proposal, to=S.SUBMITTED, on=D(2026, 2, 2))
    with pytest.raises(ValidationError, match="cannot be dated before that"):
        proposal_move(actor=worker, proposal=proposal, to=S.WITHDRAWN, on=D(2026, 1, 31))
    with pytest.raises(ValidationError, match="future"):
        proposal_move(actor=worker, proposal=proposal, to=S.WITHDRAWN, on=D(2999, 1, 1))


def test_only_the_team_and_its_managers_move_a_proposal(world, proposal):
    for who in ("director", "worker_a2", "worker_b"):
        with pytest.raises(PermissionDenied):
            proposal_move(actor=world["people"][who], proposal=proposal, to=S.IN_DEVELOPMENT)
    proposal_move(actor=world["people"]["manager"], proposal=proposal, to=S.IN_DEVELOPMENT)
    proposal.refresh_from_db()
    assert proposal.status == S.IN_DEVELOPMENT


def test_api_and_page_refuse_with_the_reason(world, proposal, client):
    api = APIClient()
    api.force_authenticate(world["people"]["worker"])
    response = api.post(f"/api/v1/proposals/{proposal.pk}/move/", {"to": "funded"}, format="json")
    assert response.status_code == 400
    assert "cannot move from idea to funded" in response.json()["status"][0]
    response = api.post(
        f"/api/v1/proposals/{proposal.pk}/move/", {"to": "in_development", "on": "2026-02-01"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "in_development"
    assert [t["to_status"] for t in response.json()["transitions"]] == ["idea", "in_development"]

    client.force_login(world["people"]["lead"])
    page = client.post(
        f"/funding/proposals/{proposal.pk}/", {"to": "delivered", "on": "2026-02-02", "note": "x"}
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert "cannot move from in development to delivered" in body
    assert 'value="delivered" checked' in body  # what the user chose stays chosen
    proposal.refresh_from_db()
    assert proposal.status == S.IN_DEVELOPMENT


def test_pipeline_counts_sums_sought_and_won(world, proposal):
    worker, manager = world["people"]["worker"], world["people"]["manager"]
    other = proposal_save(
        actor=worker,
        team=world["teams"]["a1"],
        title="Play area",
        neighbourhood=world["hoods"]["a1"],
        amount_sought=Decimal("1000.25"),
    )
    _walk(
        proposal,
        worker,
        (S.IN_DEVELOPMENT, D(2026, 1, 6)),
        (S.SUBMITTED, D(2026, 1, 7)),
        (S.ACCEPTED, D(2026, 1, 8)),
        (S.FUNDED, D(2026, 1, 9)),
    )
    allocation_save(
        actor=manager,
        initiative=proposal.initiative,
        amount=Decimal("24000.99"),
        date=D(2026, 1, 9),
        category="community_proposed",
        state="committed",
        proposal=proposal,
    )
    rows = {r.status: r for r in pipeline(proposals_for_user(world["people"]["director"]))}
    assert (rows[S.IDEA].count, rows[S.IDEA].sought) == (1, other.amount_sought)
    assert (rows[S.FUNDED].count, rows[S.FUNDED].sought, rows[S.FUNDED].won) == (
        1,
        Decimal("25000.50"),
        Decimal("24000.99"),
    )
    assert sum(r.count for r in rows.values()) == 2
    assert rows[S.SUBMITTED].left == 1
