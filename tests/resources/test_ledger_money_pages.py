"""Levy receipts, remittances and local opportunity on the pages and through the API: a region's
people read them, another region's are not found, a regional director cannot write, the region page
shows each figure with its formula and the GVA index beside the funding index, and a refused form
keeps what was typed with the error beside its field."""

import datetime
from decimal import Decimal

import pytest
from django.utils.html import escape
from rest_framework.test import APIClient

from coprod.funding.selectors import position_of
from coprod.resources import rules
from coprod.resources.models import LevyReceipt, LocalOpportunity, Remittance
from coprod.resources.services import levy_receipt_save, local_opportunity_save, remittance_save
from tests.funding.factories import AllocationFactory, InitiativeFactory
from tests.resources.factories import GrowthDividendRuleFactory, RegionalGvaFactory, SavingsClaimFactory

DAY = datetime.date(2026, 10, 1)
KINDS = {
    "receipt": ("levy-receipts", "levy-receipts"),
    "remittance": ("remittances", "remittances"),
    "opportunity": ("local-opportunity", "local-opportunities"),
}


def plant(region, manager, marker: str) -> dict:
    initiative = InitiativeFactory(region=region, title=f"{marker} initiative")
    claim = SavingsClaimFactory(region=region)
    return {
        "initiative": initiative,
        "claim": claim,
        "receipt": levy_receipt_save(
            actor=manager, initiative=initiative, source=f"{marker} developer", scheme=f"{marker} scheme",
            amount=Decimal("150000.00"), received_on=DAY,
        ),
        "remittance": remittance_save(
            actor=manager, initiative=initiative, agreement=claim.remittance_agreement, claims=[claim],
            amount=Decimal("2016.00"), remitted_on=DAY,
        ),
        "opportunity": local_opportunity_save(
            actor=manager, initiative=initiative, period_start=datetime.date(2026, 4, 1),
            period_end=datetime.date(2027, 3, 31), jobs_offered=40, jobs_filled=12,
            local_spend=Decimal("250000.00"), total_spend=Decimal("2000000.00"), notes=marker,
        ),
    }  # fmt: skip


@pytest.fixture
def records(world):
    ours, theirs = world["units"]["a"].region, world["units"]["b"].region
    return {
        "ours": ours,
        "theirs": theirs,
        "our": plant(ours, world["people"]["manager"], "Ours"),
        "their": plant(theirs, None, "SENTINEL"),
    }


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize("kind", list(KINDS))
def test_another_regions_record_is_not_found_on_pages_or_in_the_api(client, world, records, kind):
    page, resource = KINDS[kind]
    manager = world["people"]["manager"]
    client.force_login(manager)
    assert client.get(f"/resources/{page}/{records['our'][kind].pk}/").status_code == 200
    assert client.get(f"/resources/{page}/{records['their'][kind].pk}/").status_code == 404
    assert client.get(f"/resources/{records['theirs'].code}/{page}/new/").status_code == 404
    api = api_for(manager)
    listed = api.get(f"/api/v1/{resource}/").json()["results"]
    assert [row["id"] for row in listed] == [records["our"][kind].pk]
    assert api.get(f"/api/v1/{resource}/{records['their'][kind].pk}/").status_code == 404
    response = api.patch(f"/api/v1/{resource}/{records['their'][kind].pk}/", {}, format="json")
    assert response.status_code == 404


def test_a_regional_director_reads_but_cannot_write(client, world, records):
    director = world["people"]["director"]
    client.force_login(director)
    code = records["ours"].code
    for page in ("levy-receipts", "remittances", "local-opportunity"):
        assert client.get(f"/resources/{code}/{page}/new/").status_code == 403, page
    response = client.post(
        f"/resources/{code}/levy-receipts/new/",
        {"initiative": records["our"]["initiative"].pk, "source": "x", "scheme": "y", "amount": "5",
         "received_on": "2026-10-02"},
    )  # fmt: skip
    assert response.status_code == 403
    assert LevyReceipt.objects.filter(initiative__region=records["ours"]).count() == 1
    api = api_for(director)
    receipt = records["our"]["receipt"]
    assert api.get(f"/api/v1/levy-receipts/{receipt.pk}/").status_code == 200
    assert (
        api.patch(f"/api/v1/levy-receipts/{receipt.pk}/", {"amount": "1.00"}, format="json").status_code
        == 403
    )
    assert api.delete(f"/api/v1/remittances/{records['our']['remittance'].pk}/").status_code == 403
    response = api.patch(
        f"/api/v1/local-opportunities/{records['our']['opportunity'].pk}/", {"notes": "x"}, format="json"
    )
    assert response.status_code == 403
    assert LevyReceipt.objects.get(pk=receipt.pk).amount == Decimal("150000.00")
    assert Remittance.objects.filter(pk=records["our"]["remittance"].pk).exists()
    assert LocalOpportunity.objects.get(pk=records["our"]["opportunity"].pk).notes == "Ours"


def test_the_region_page_shows_the_new_sections_with_their_formulas(client, world, records):
    client.force_login(world["people"]["worker"])
    body = client.get(f"/resources/{records['ours'].code}/").content.decode()
    assert "Ours scheme" in body and "£150,000.00" in body
    assert "£2,016.00" in body and 'href="/resources/remittances/' in body
    assert "30.0%" in body and "12 ÷ 40 × 100" in body
    assert "12.5%" in body and "£250,000.00 ÷ £2,000,000.00 × 100" in body
    assert "local spend share = local spend ÷ the initiative's total spend × 100" in body
    assert "SENTINEL" not in body
    # A worker reads but is offered no form.
    assert "/levy-receipts/new/" not in body


def test_the_gva_index_is_charted_beside_the_funding_index(client, world, records):
    region = records["ours"]
    for year, value in ((2019, "56008"), (2020, "52767"), (2021, "56483")):
        RegionalGvaFactory(region=region, year=year, value=Decimal(value))
    GrowthDividendRuleFactory(region=region, base_year=2019, base_funding=Decimal("1000000.00"))
    AllocationFactory(
        initiative=records["our"]["initiative"], amount=Decimal("500000.00"), date=datetime.date(2021, 5, 1),
        category="capacity_building",
    )  # fmt: skip
    client.force_login(world["people"]["manager"])
    body = client.get(f"/resources/{region.code}/").content.decode()
    assert '<img class="coprod-chart" src="data:image/svg+xml;base64,' in body
    # 56,483 / 56,008 × 100 = 100.848...; 52,767 / 56,008 × 100 = 94.213...; £500,000 of £1,000,000 = 50.
    assert "100.8" in body and "94.2" in body and "50.0" in body


def test_a_refused_remittance_keeps_what_was_typed_and_names_the_field(client, world, records):
    client.force_login(world["people"]["manager"])
    region, ours = records["ours"], records["our"]
    url = f"/resources/{region.code}/remittances/new/"
    # A claim of its own: the planted one is remitted already.
    claim = SavingsClaimFactory(region=region, remittance_agreement=ours["claim"].remittance_agreement)
    data = {
        "initiative": ours["initiative"].pk, "agreement": claim.remittance_agreement_id,
        "claims": [claim.pk], "amount": "9999.99", "remitted_on": "2026-11-01",
    }  # fmt: skip
    before = position_of(ours["initiative"])
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="9999.99"' in body and 'value="2026-11-01"' in body
    assert 'id="id_amount-error"' in body and escape(rules.over_claims(Decimal("2016.00"))) in body
    assert 'id="id_remitted_on-error"' not in body
    assert position_of(ours["initiative"]) == before
    response = client.post(url, data | {"amount": "16.00"})
    assert response.status_code == 302
    assert position_of(ours["initiative"]).capacity_building == before.capacity_building + Decimal("16.00")


def test_unit_managers_add_receipts_and_local_opportunity_through_the_forms(client, world, records):
    client.force_login(world["people"]["manager"])
    code, initiative = records["ours"].code, records["our"]["initiative"]
    response = client.post(
        f"/resources/{code}/local-opportunity/new/",
        {"initiative": initiative.pk, "period_start": "2027-04-01", "period_end": "2028-03-31",
         "jobs_offered": "5", "jobs_filled": "6", "placements_offered": "0", "placements_filled": "0",
         "local_spend": "10", "total_spend": "100"},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_jobs_filled-error"' in body and "Jobs filled cannot be more than the jobs offered" in body
    assert 'value="6"' in body
    before = position_of(initiative)
    response = client.post(
        f"/resources/{code}/levy-receipts/new/",
        {"initiative": initiative.pk, "source": "Port operator", "scheme": "Freeport levy",
         "amount": "250.50", "received_on": "2026-12-01"},
    )  # fmt: skip
    assert response.status_code == 302
    assert position_of(initiative).capacity_building == before.capacity_building + Decimal("250.50")
    assert "Freeport levy" in client.get(f"/resources/{code}/").content.decode()
