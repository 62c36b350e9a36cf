"""Two remittances from one savings claim saved at once, on two real PostgreSQL connections: the first
holds its transaction open after saving, the second is saved meanwhile. The claim's savings are still
remitted at most once: the second waits for the first's lock on the claim, then counts what the first
remitted and is refused for the rest."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from coprod.funding.selectors import position_of
from coprod.resources.models import Remittance
from coprod.resources.selectors import savings_of
from coprod.resources.services import remittance_save
from tests.funding.factories import InitiativeFactory
from tests.interleave import interleave
from tests.resources.factories import SavingsClaimFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two real PostgreSQL connections"),
]


def test_two_remittances_from_one_claim_at_once_never_pass_back_more_than_it_remits(world):
    region = world["units"]["a"].region
    manager = world["people"]["manager"]
    initiative = InitiativeFactory(region=region)
    claim = SavingsClaimFactory(region=region)
    assert savings_of(claim).remitted == Decimal("2016.00")

    def remit(amount: str):
        return lambda: remittance_save(
            actor=manager, initiative=initiative, agreement=claim.remittance_agreement, claims=[claim],
            amount=Decimal(amount), remitted_on=datetime.date(2026, 10, 1),
        )  # fmt: skip

    done = interleave(remit("1500.00"), remit("1000.00"))

    (refused,) = done["errors"]  # the second, once it could read the first's
    assert isinstance(refused, ValidationError) and "amount" in refused.message_dict
    assert "516.00" in " ".join(refused.message_dict["amount"])  # what was still to remit
    assert done["second_started"] - done["first_committed"] < 0  # it started while the first was open
    assert done.get("second_committed") is None
    assert list(Remittance.objects.values_list("amount", flat=True)) == [Decimal("1500.00")]
    assert position_of(initiative).capacity_building == Decimal("1500.00")
