"""Two managers at once on two real PostgreSQL connections, the first holding its transaction open
after its write: a neighbourhood's first assessment of a plan, and the superseding of a signed-off
one, each happen once. The second waits for the first's lock on the plan (or the assessment), then
reads what the first wrote and is refused with a clear message, not a database error."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from coprod.regionalwork.models import ImpactAssessment
from coprod.regionalwork.selectors import current_assessments
from coprod.regionalwork.services import assessment_save, assessment_sign_off, assessment_supersede, plan_save
from tests.interleave import interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two real PostgreSQL connections"),
]


@pytest.fixture
def busway(world):
    return plan_save(
        actor=world["people"]["manager"], region=world["units"]["a"].region, title="Busway",
        lead_body="Combined authority", idea_on=datetime.date(2026, 1, 10),
        neighbourhoods=[world["hoods"]["a1"]],
    )  # fmt: skip


def test_two_first_assessments_of_one_neighbourhood_at_once_make_one(world, busway):
    manager, hood = world["people"]["manager"], world["hoods"]["a1"]

    def assess(effect: str):
        return lambda: assessment_save(actor=manager, plan=busway, neighbourhood=hood, services=effect)

    done = interleave(assess("positive"), assess("negative"))
    (refused,) = done["errors"]
    assert isinstance(refused, ValidationError) and "assessed already" in str(refused)
    assert done["second_started"] < done["first_committed"]  # it began while the first was open
    assert list(ImpactAssessment.objects.values_list("services", flat=True)) == ["positive"]


def test_a_signed_off_assessment_superseded_twice_at_once_is_superseded_once(world, busway):
    manager, hood = world["people"]["manager"], world["hoods"]["a1"]
    signed = assessment_sign_off(
        actor=manager, assessment=assessment_save(actor=manager, plan=busway, neighbourhood=hood)
    )

    def supersede(effect: str):
        return lambda: assessment_supersede(actor=manager, assessment=signed, environment=effect)

    done = interleave(supersede("positive"), supersede("negative"))
    (refused,) = done["errors"]
    assert isinstance(refused, ValidationError) and "supersedes this one already" in str(refused)
    assert done["second_started"] < done["first_committed"]
    (current,) = current_assessments(busway)
    assert (current.supersedes_id, current.environment) == (signed.pk, "positive")
