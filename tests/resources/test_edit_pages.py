"""A unit manager changes a region's records on their pages: the form starts from what the record
holds, a refused value keeps what was typed beside its field, and a saved change moves the figures
(and, for a levy receipt or a remittance, its allocation in the 10% ledger)."""

import datetime
from decimal import Decimal

from coprod.funding.selectors import position_of
from coprod.resources.services import levy_receipt_save, remittance_save
from tests.funding.factories import InitiativeFactory
from tests.resources.factories import GrowthDividendRuleFactory, SavingsClaimFactory


def test_a_savings_claim_is_changed_on_its_page(client, world):
    region = world["units"]["a"].region
    claim = SavingsClaimFactory(region=region)
    client.force_login(world["people"]["manager"])
    url = f"/resources/savings-claims/{claim.pk}/edit/"
    form = client.get(url)
    assert form.status_code == 200
    body = form.content.decode()
    assert 'value="480.00"' in body and 'value="2026-04-01"' in body  # what the claim holds

    data = {
        "outcome": claim.outcome, "period_start": "2026-04-01", "period_end": "2026-09-30", "quantity": "500",
        "unit_cost": claim.unit_cost_id, "attribution": "150", "deadweight": "20",
        "remittance_agreement": claim.remittance_agreement_id,
    }  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'id="id_attribution-error"' in body and 'value="150"' in body and 'value="500"' in body
    claim.refresh_from_db()
    assert claim.quantity == Decimal("480.00")

    saved = client.post(url, data | {"attribution": "50"})
    assert saved.status_code == 302 and saved["Location"] == f"/resources/savings-claims/{claim.pk}/"
    page = client.get(saved["Location"]).content.decode()
    assert "£21,000.00" in page  # 500 × £42.00
    assert "Change this record" in page


def test_a_levy_receipt_changed_on_its_page_changes_its_ledger_entry(client, world):
    region = world["units"]["a"].region
    initiative = InitiativeFactory(region=region)
    manager = world["people"]["manager"]
    receipt = levy_receipt_save(
        actor=manager, initiative=initiative, source="Developer", scheme="Freeport business rates",
        amount=Decimal("150000.00"), received_on=datetime.date(2026, 10, 1),
    )  # fmt: skip
    client.force_login(manager)
    url = f"/resources/levy-receipts/{receipt.pk}/edit/"
    data = {"initiative": initiative.pk, "scheme": "Freeport business rates", "source": "Developer",
            "amount": "90000.00", "received_on": "2026-10-01"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert position_of(initiative).capacity_building == Decimal("90000.00")


def test_a_remittance_changed_on_its_page_keeps_to_what_is_still_to_remit(client, world):
    region = world["units"]["a"].region
    initiative = InitiativeFactory(region=region)
    manager = world["people"]["manager"]
    claim = SavingsClaimFactory(region=region)  # remits £2,016.00
    remittance = remittance_save(
        actor=manager, initiative=initiative, agreement=claim.remittance_agreement, claims=[claim],
        amount=Decimal("1000.00"), remitted_on=datetime.date(2026, 10, 1),
    )  # fmt: skip
    client.force_login(manager)
    url = f"/resources/remittances/{remittance.pk}/edit/"
    data = {"initiative": initiative.pk, "agreement": claim.remittance_agreement_id, "claims": [claim.pk],
            "amount": "2016.01", "remitted_on": "2026-10-01"}  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 400 and 'id="id_amount-error"' in refused.content.decode()
    assert client.post(url, data | {"amount": "2016.00"}).status_code == 302
    assert position_of(initiative).capacity_building == Decimal("2016.00")


def test_a_regional_director_reads_but_does_not_change(client, world):
    rule = GrowthDividendRuleFactory(region=world["units"]["a"].region)
    client.force_login(world["people"]["director"])
    assert "Change this record" not in client.get(f"/resources/growth-dividend/{rule.pk}/").content.decode()
    assert client.get(f"/resources/growth-dividend/{rule.pk}/edit/").status_code == 403
