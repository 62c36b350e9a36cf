"""Who sees and changes long-term resources, on the pages and through the API: a region's people read
its records, its unit managers write them, other regions' records are not found; and the pages show
each figure with its formula, and keep what was typed when a value is refused."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from coprod.resources.models import GrowthDividendRule, SavingsClaim
from tests.resources.factories import (
    GrowthDividendRuleFactory,
    RegionalGvaFactory,
    RemittanceAgreementFactory,
    SavingsClaimFactory,
    UnitCostFactory,
)


@pytest.fixture
def records(world):
    ours, theirs = world["units"]["a"].region, world["units"]["b"].region
    for year, value in ((2019, "56008"), (2020, "52767"), (2021, "56483")):
        RegionalGvaFactory(region=ours, year=year, value=Decimal(value))
    return {
        "ours": ours,
        "theirs": theirs,
        "our_rule": GrowthDividendRuleFactory(region=ours),
        "their_rule": GrowthDividendRuleFactory(region=theirs),
        "our_claim": SavingsClaimFactory(region=ours),
        "their_claim": SavingsClaimFactory(region=theirs, outcome="SENTINEL other region's claim"),
    }


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_another_regions_rule_and_claim_are_not_found_on_pages(client, world, records):
    client.force_login(world["people"]["manager"])
    assert client.get(f"/resources/growth-dividend/{records['our_rule'].pk}/").status_code == 200
    assert client.get(f"/resources/savings-claims/{records['our_claim'].pk}/").status_code == 200
    assert client.get(f"/resources/growth-dividend/{records['their_rule'].pk}/").status_code == 404
    assert client.get(f"/resources/savings-claims/{records['their_claim'].pk}/").status_code == 404
    assert client.get(f"/resources/{records['theirs'].code}/").status_code == 404
    assert client.get(f"/resources/{records['theirs'].code}/savings-claims/new/").status_code == 404


def test_another_regions_rule_and_claim_are_not_found_in_the_api(world, records):
    api = api_for(world["people"]["manager"])
    rules = api.get("/api/v1/growth-dividend-rules/").json()["results"]
    assert [r["id"] for r in rules] == [records["our_rule"].pk]
    claims = api.get("/api/v1/savings-claims/").json()["results"]
    assert [c["id"] for c in claims] == [records["our_claim"].pk]
    assert api.get(f"/api/v1/growth-dividend-rules/{records['their_rule'].pk}/").status_code == 404
    assert api.get(f"/api/v1/savings-claims/{records['their_claim'].pk}/").status_code == 404
    response = api.patch(
        f"/api/v1/savings-claims/{records['their_claim'].pk}/", {"outcome": "x"}, format="json"
    )
    assert response.status_code == 404
    gva = api.get("/api/v1/gva/").json()["results"]
    assert {row["region"] for row in gva} == {records["ours"].code}


def test_a_regional_director_reads_but_cannot_write(client, world, records):
    director = world["people"]["director"]
    client.force_login(director)
    code = records["ours"].code
    assert client.get(f"/resources/{code}/").status_code == 200
    for form in ("growth-dividend", "unit-costs", "savings-claims", "remittance-agreements"):
        assert client.get(f"/resources/{code}/{form}/new/").status_code == 403, form
    response = client.post(
        f"/resources/{code}/growth-dividend/new/",
        {"base_year": "2018", "base_funding": "500", "prices": "current"},
    )
    assert response.status_code == 403
    assert GrowthDividendRule.objects.filter(region=records["ours"]).count() == 1
    api = api_for(director)
    assert api.get(f"/api/v1/savings-claims/{records['our_claim'].pk}/").status_code == 200
    response = api.patch(
        f"/api/v1/growth-dividend-rules/{records['our_rule'].pk}/", {"notes": "changed"}, format="json"
    )
    assert response.status_code == 403
    response = api.patch(
        f"/api/v1/savings-claims/{records['our_claim'].pk}/", {"outcome": "changed"}, format="json"
    )
    assert response.status_code == 403
    assert SavingsClaim.objects.get(pk=records["our_claim"].pk).outcome != "changed"


def test_the_region_page_shows_each_figure_with_its_formula(client, world, records):
    client.force_login(world["people"]["manager"])
    response = client.get(f"/resources/{records['ours'].code}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "£1,008,480.93" in body and "£1,000,000.00 × 56,483 / 56,008" in body
    assert "£942,133.27" in body and "£1,000,000.00 × 52,767 / 56,008" in body
    assert "£20,160.00" in body and "480 × £42.00" in body
    assert "£8,064.00" in body and "£20,160.00 × 50% × (1 − 20%)" in body
    assert "£2,016.00" in body and "£8,064.00 × 25%" in body
    assert "net = gross × attribution × (1 − deadweight)" in body
    assert "SENTINEL" not in body
    assert f'href="/resources/{records["ours"].code}/savings-claims/new/"' in body


def test_the_same_figures_in_the_api_as_on_the_page(world, records):
    api = api_for(world["people"]["manager"])
    rule = api.get(f"/api/v1/growth-dividend-rules/{records['our_rule'].pk}/").json()
    by_year = {d["year"]: d for d in rule["dividends"]}
    assert by_year[2021]["due"] == "1008480.93"
    assert by_year[2021]["formula"] == "£1,000,000.00 × 56,483 / 56,008"
    assert by_year[2021]["allocated"] == "0.00" and by_year[2021]["gap"] == "1008480.93"
    claim = api.get(f"/api/v1/savings-claims/{records['our_claim'].pk}/").json()
    assert claim["figures"]["remitted"] == "2016.00"


def test_claim_and_rule_pages_render_with_their_formulas(client, world, records):
    client.force_login(world["people"]["worker"])
    body = client.get(f"/resources/savings-claims/{records['our_claim'].pk}/").content.decode()
    assert "£8,064.00 = £20,160.00 × 50% × (1 − 20%)" in body
    body = client.get(f"/resources/growth-dividend/{records['our_rule'].pk}/").content.decode()
    assert "£1,000,000.00 × 56,483 / 56,008" in body


def test_a_refused_claim_keeps_what_was_typed_and_names_the_field(client, world, records):
    manager = world["people"]["manager"]
    client.force_login(manager)
    region = records["ours"]
    cost = UnitCostFactory(region=region, unit="Police call-out")
    agreement = RemittanceAgreementFactory(region=region)
    data = {
        "outcome": "Fewer call-outs on the estate", "period_start": "2026-04-01", "period_end": "2026-09-30",
        "quantity": "12", "unit_cost": cost.pk, "attribution": "150", "deadweight": "20",
        "remittance_agreement": agreement.pk,
    }  # fmt: skip
    url = f"/resources/{region.code}/savings-claims/new/"
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="150"' in body and "Fewer call-outs on the estate" in body
    assert 'id="id_attribution-error"' in body and "Attribution is a percentage from 0 to 100" in body
    assert 'id="id_deadweight-error"' not in body
    response = client.post(url, data | {"attribution": "50"})
    assert response.status_code == 302
    assert SavingsClaim.objects.filter(region=region, unit_cost=cost).count() == 1


def test_unit_managers_add_rules_costs_and_agreements_through_the_forms(client, world, records):
    client.force_login(world["people"]["manager"])
    code = records["ours"].code
    response = client.post(
        f"/resources/{code}/growth-dividend/new/",
        {"base_year": "2020", "base_funding": "250000", "prices": "chained"},
    )
    assert response.status_code == 302
    assert GrowthDividendRule.objects.filter(region=records["ours"], base_year=2020).exists()
    response = client.post(
        f"/resources/{code}/remittance-agreements/new/", {"public_body": "Police", "share": "101"}
    )
    assert response.status_code == 400
    assert 'id="id_share-error"' in response.content.decode()
    response = client.post(
        f"/resources/{code}/unit-costs/new/",
        {"service": "Policing", "unit": "Call-out", "cost": "310.50", "source": "Force figures",
         "year": "2024", "price_base": "2024/25 prices"},
    )  # fmt: skip
    assert response.status_code == 302
    assert "£310.50" in client.get(f"/resources/{code}/").content.decode()


def test_resources_are_in_the_menu(client, world):
    client.force_login(world["people"]["worker"])
    assert 'href="/resources/">Resources</a>' in client.get("/").content.decode()
    body = client.get("/resources/").content.decode()
    assert f'href="/resources/{world["units"]["a"].region.code}/"' in body
    assert f'href="/resources/{world["units"]["b"].region.code}/"' not in body


def test_a_claims_neighbourhood_is_named_only_to_those_who_reach_it(client, world):
    """A claim is the region's, its neighbourhood its team's: a worker of team A2 reads team A1's claim
    without the neighbourhood's name or slug, on the page, in the CSV and in the API; A1 and the unit
    manager see it."""
    region = world["units"]["a"].region
    hood = world["hoods"]["a1"]
    hood.name, hood.slug = "SENTINEL Hollowfield", "sentinel-hollowfield"
    hood.save(update_fields=["name", "slug"])
    claim = SavingsClaimFactory(region=region, neighbourhood=hood)
    urls = (f"/resources/savings-claims/{claim.pk}/", f"/resources/{region.code}/savings-claims.csv")

    for person, named in (("worker_a2", False), ("worker", True), ("manager", True)):
        user = world["people"][person]
        client.force_login(user)
        for url in urls:
            body = client.get(url).content.decode()
            assert ("SENTINEL Hollowfield" in body) is named, (person, url)
            assert ("a neighbourhood of another team" in body) is not named, (person, url)
        sent = api_for(user).get(f"/api/v1/savings-claims/{claim.pk}/").json()
        assert sent["neighbourhood"] == ("sentinel-hollowfield" if named else None), person
        listed = api_for(user).get("/api/v1/savings-claims/").json()["results"]
        assert "sentinel" not in str(listed).lower() or named, person
