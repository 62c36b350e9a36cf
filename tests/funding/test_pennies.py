"""Sums over many allocations with odd pennies agree to the penny: page, API and CSV export."""

import csv
import io
import random
import re
from decimal import Decimal

from rest_framework.test import APIClient

from coprod.funding.choices import Category
from tests.funding.factories import AllocationFactory, InitiativeFactory


def test_two_hundred_allocations_agree_to_the_penny(world, client):
    rng = random.Random(20260401)
    initiative = InitiativeFactory(region=world["units"]["a"].region, revenue=Decimal("0.07"))
    categories = [c.value for c in Category]
    amounts = []
    for n in range(200):
        amount = Decimal(rng.randint(1, 9_999_999)) / 100 + Decimal("0.01") * (n % 3)
        amounts.append(amount)
        AllocationFactory(
            initiative=initiative,
            amount=amount,
            category=categories[n % 3],
            state="spent" if n % 5 == 0 else "committed",
        )
    expected = sum(amounts, Decimal("0"))
    expected_qualifying = sum((a for n, a in enumerate(amounts) if n % 3 != 2), Decimal("0"))
    assert expected != expected.quantize(Decimal("1"))  # the pennies matter

    client.force_login(world["people"]["director"])
    page = client.get(f"/funding/initiatives/{initiative.slug}/").content.decode()
    shown = re.search(r'id="allocations-total"><strong>£([\d,]+\.\d\d)<', page).group(1)
    assert Decimal(shown.replace(",", "")) == expected

    api = APIClient()
    api.force_authenticate(world["people"]["director"])
    ten = api.get(f"/api/v1/initiatives/{initiative.slug}/").json()["ten_percent"]
    assert Decimal(ten["allocated"]) == expected
    assert Decimal(ten["qualifying"]) == expected_qualifying
    assert Decimal(ten["committed"]) + Decimal(ten["spent"]) == expected
    listed, url = [], f"/api/v1/allocations/?initiative={initiative.slug}"
    while url:
        body = api.get(url).json()
        listed += [Decimal(a["amount"]) for a in body["results"]]
        url = body["next"]
    assert len(listed) == 200 and sum(listed, Decimal("0")) == expected

    export = client.get(f"/funding/allocations.csv?initiative={initiative.slug}").content.decode()
    rows = list(csv.DictReader(io.StringIO(export)))
    assert len(rows) == 200
    assert sum((Decimal(r["Amount (£)"]) for r in rows), Decimal("0")) == expected

    ledger = list(csv.DictReader(io.StringIO(client.get("/funding/ledger.csv").content.decode())))
    assert Decimal(ledger[0]["Qualifying (£)"]) == expected_qualifying
    assert Decimal(ledger[0]["Budget (£)"]) == Decimal("1500000.07")
