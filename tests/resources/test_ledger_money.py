"""Levy receipts and remittances enter the 10% ledger as community capacity building: recording one
raises its initiative's position by its amount, changing it changes the allocation, removing it takes
the allocation out; and a remittance is no more than its claims' remitted figures add to."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from coprod.funding.models import Allocation
from coprod.funding.selectors import position_of
from coprod.funding.services import allocation_delete, allocation_save
from coprod.resources import rules
from coprod.resources.models import LevyReceipt, Remittance
from coprod.resources.services import (
    levy_receipt_delete,
    levy_receipt_save,
    remittance_delete,
    remittance_save,
)
from tests.funding.factories import InitiativeFactory
from tests.resources.factories import RemittanceAgreementFactory, SavingsClaimFactory

DAY = datetime.date(2026, 10, 1)


@pytest.fixture
def ledger(world):
    region = world["units"]["a"].region
    initiative = InitiativeFactory(region=region)  # £2,000,000 budget
    claim = SavingsClaimFactory(region=region)  # remits £2,016.00 at 25%
    return {
        "manager": world["people"]["manager"],
        "region": region,
        "initiative": initiative,
        "claim": claim,
        "agreement": claim.remittance_agreement,
    }


def test_a_levy_receipt_is_capacity_building_in_the_ledger_and_removing_it_takes_it_back(ledger):
    initiative, manager = ledger["initiative"], ledger["manager"]
    before = position_of(initiative)
    receipt = levy_receipt_save(
        actor=manager, initiative=initiative, source="Teesworks developer", scheme="Freeport business rates",
        amount=Decimal("150000.00"), received_on=DAY,
    )  # fmt: skip
    after = position_of(initiative)
    assert after.capacity_building - before.capacity_building == Decimal("150000.00")
    assert after.qualifying - before.qualifying == Decimal("150000.00")
    assert after.other == before.other and after.community_proposed == before.community_proposed
    assert after.share_label == "7.5%"
    allocation = Allocation.objects.get(pk=receipt.allocation_id)
    assert allocation.category == "capacity_building" and allocation.date == DAY
    assert allocation.title == "Levy receipt: Freeport business rates"
    assert "levy receipt" in allocation.recipient_name

    levy_receipt_save(actor=manager, receipt=receipt, amount=Decimal("100000.00"))
    assert position_of(initiative).capacity_building == before.capacity_building + Decimal("100000.00")
    assert Allocation.objects.filter(initiative=initiative).count() == 1

    levy_receipt_delete(actor=manager, receipt=receipt)
    assert position_of(initiative) == before
    assert not Allocation.objects.filter(pk=allocation.pk).exists()
    assert not LevyReceipt.objects.exists()


def test_a_remittance_is_capacity_building_in_the_ledger_and_removing_it_takes_it_back(ledger):
    initiative, manager = ledger["initiative"], ledger["manager"]
    before = position_of(initiative)
    remittance = remittance_save(
        actor=manager, initiative=initiative, agreement=ledger["agreement"], claims=[ledger["claim"]],
        amount=Decimal("2016.00"), remitted_on=DAY,
    )  # fmt: skip
    after = position_of(initiative)
    assert after.capacity_building - before.capacity_building == Decimal("2016.00")
    assert list(remittance.claims.all()) == [ledger["claim"]]
    assert remittance.allocation.title.startswith("Remittance: ")

    remittance_delete(actor=manager, remittance=remittance)
    assert position_of(initiative) == before
    assert not Remittance.objects.exists() and not Allocation.objects.exists()


def test_a_remittance_over_its_claims_remitted_total_is_refused_naming_the_amount(ledger):
    with pytest.raises(ValidationError) as refused:
        remittance_save(
            actor=ledger["manager"], initiative=ledger["initiative"], agreement=ledger["agreement"],
            claims=[ledger["claim"]], amount=Decimal("2016.01"), remitted_on=DAY,
        )  # fmt: skip
    assert refused.value.message_dict == {"amount": [rules.over_claims(Decimal("2016.00"))]}
    assert "£2,016.00" in refused.value.message_dict["amount"][0]
    assert not Remittance.objects.exists() and not Allocation.objects.exists()
    # Two claims remit £4,032.00 between them.
    second = SavingsClaimFactory(region=ledger["region"], remittance_agreement=ledger["agreement"])
    remittance = remittance_save(
        actor=ledger["manager"], initiative=ledger["initiative"], agreement=ledger["agreement"],
        claims=[ledger["claim"], second], amount=Decimal("4032.00"), remitted_on=DAY,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        remittance_save(actor=ledger["manager"], remittance=remittance, claims=[second])
    assert list(refused.value.message_dict) == ["amount"]
    assert Remittance.objects.get().allocation.amount == Decimal("4032.00")


def test_a_remittance_needs_claims_of_its_own_agreement(ledger):
    other = RemittanceAgreementFactory(region=ledger["region"])
    with pytest.raises(ValidationError) as refused:
        remittance_save(
            actor=ledger["manager"], initiative=ledger["initiative"], agreement=other,
            claims=[ledger["claim"]], amount=Decimal("1.00"), remitted_on=DAY,
        )  # fmt: skip
    assert list(refused.value.message_dict) == ["claims"]


def test_a_remittance_over_its_claims_is_refused_by_the_api_naming_the_amount(ledger):
    api = APIClient()
    api.force_authenticate(ledger["manager"])
    body = {
        "initiative": ledger["initiative"].slug, "agreement": ledger["agreement"].pk,
        "claims": [ledger["claim"].pk], "amount": "2500.00", "remitted_on": "2026-10-01",
    }  # fmt: skip
    response = api.post("/api/v1/remittances/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["amount"]
    assert not Allocation.objects.exists()
    response = api.post("/api/v1/remittances/", body | {"amount": "2000.00"}, format="json")
    assert response.status_code == 201
    assert position_of(ledger["initiative"]).capacity_building == Decimal("2000.00")
    assert response.json()["region"] == ledger["region"].code
    response = api.delete(f"/api/v1/remittances/{response.json()['id']}/")
    assert response.status_code == 204
    assert position_of(ledger["initiative"]).capacity_building == Decimal("0.00")


def test_a_levy_receipt_through_the_api_enters_the_ledger(ledger):
    api = APIClient()
    api.force_authenticate(ledger["manager"])
    body = {"initiative": ledger["initiative"].slug, "source": "Developer", "scheme": "Levy",
            "amount": "0", "received_on": "2026-10-01"}  # fmt: skip
    response = api.post("/api/v1/levy-receipts/", body, format="json")
    assert response.status_code == 400 and list(response.json()) == ["amount"]
    response = api.post("/api/v1/levy-receipts/", body | {"amount": "1234.56"}, format="json")
    assert response.status_code == 201
    assert position_of(ledger["initiative"]).capacity_building == Decimal("1234.56")
    response = api.patch(
        f"/api/v1/levy-receipts/{response.json()['id']}/", {"amount": "34.56"}, format="json"
    )
    assert response.status_code == 200
    assert position_of(ledger["initiative"]).capacity_building == Decimal("34.56")


def test_only_the_regions_unit_managers_record_ledger_money(world, ledger):
    for person in ("director", "worker"):
        with pytest.raises(PermissionDenied):
            levy_receipt_save(
                actor=world["people"][person], initiative=ledger["initiative"], source="x", scheme="y",
                amount=Decimal("1"), received_on=DAY,
            )  # fmt: skip
    elsewhere = InitiativeFactory(region=world["units"]["b"].region)
    with pytest.raises(PermissionDenied):
        levy_receipt_save(
            actor=ledger["manager"], initiative=elsewhere, source="x", scheme="y", amount=Decimal("1"),
            received_on=DAY,
        )  # fmt: skip
    assert not Allocation.objects.exists()


def test_a_claim_is_remitted_once_whether_in_one_payment_or_several(ledger):
    """The claim remits £2,016.00: £1,500.00 now leaves £516.00 for a later remittance, and no more."""
    first = remittance_save(
        actor=ledger["manager"], initiative=ledger["initiative"], agreement=ledger["agreement"],
        claims=[ledger["claim"]], amount=Decimal("1500.00"), remitted_on=DAY,
    )  # fmt: skip
    later = {"actor": ledger["manager"], "initiative": ledger["initiative"], "agreement": ledger["agreement"],
             "claims": [ledger["claim"]], "remitted_on": DAY + datetime.timedelta(days=30)}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        remittance_save(**later, amount=Decimal("516.01"))
    assert refused.value.message_dict == {"amount": [rules.over_claims(Decimal("516.00"))]}
    remittance_save(**later, amount=Decimal("516.00"))
    # Changing the first counts what the second has taken, not the first's own earlier amount.
    with pytest.raises(ValidationError):
        remittance_save(actor=ledger["manager"], remittance=first, amount=Decimal("1500.01"))
    remittance_save(actor=ledger["manager"], remittance=first, amount=Decimal("1400.00"))
    assert position_of(ledger["initiative"]).capacity_building == Decimal("1916.00")


def test_an_entry_a_receipt_keeps_changes_only_through_the_receipt(client, ledger):
    """The funding page, the allocations API and the funding services all refuse to change or remove
    a levy receipt's allocation, saying where it is changed; the receipt's own service still does."""
    manager, initiative = ledger["manager"], ledger["initiative"]
    receipt = levy_receipt_save(
        actor=manager, initiative=initiative, source="Developer", scheme="Freeport business rates",
        amount=Decimal("150000.00"), received_on=DAY,
    )  # fmt: skip
    allocation = receipt.allocation
    message = "This allocation is kept by its levy receipt: change or remove the levy receipt instead."
    with pytest.raises(PermissionDenied, match=message):
        allocation_save(actor=manager, initiative=initiative, allocation=allocation, amount=Decimal("1"))
    with pytest.raises(PermissionDenied, match=message):
        allocation_delete(actor=manager, allocation=allocation)

    client.force_login(manager)
    page = client.get(f"/funding/initiatives/{initiative.slug}/")
    assert "Kept by its levy receipt" in page.content.decode()
    assert client.get(f"/funding/allocations/{allocation.pk}/edit/").status_code == 403
    assert client.post(f"/funding/allocations/{allocation.pk}/delete/").status_code == 403
    api = APIClient()
    api.force_authenticate(manager)
    assert (
        api.patch(f"/api/v1/allocations/{allocation.pk}/", {"amount": "1.00"}, format="json").status_code
        == 403
    )
    assert api.delete(f"/api/v1/allocations/{allocation.pk}/").status_code == 403
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("150000.00")

    levy_receipt_save(actor=manager, receipt=receipt, amount=Decimal("90000.00"))
    assert Allocation.objects.get(pk=allocation.pk).amount == Decimal("90000.00")
    levy_receipt_delete(actor=manager, receipt=receipt)
    assert not Allocation.objects.filter(pk=allocation.pk).exists()
