"""A unit manager removes a region's record on a page that asks first; a record others rest on is
refused, naming what rests on it, and stays; removing money that stands in the 10% ledger takes its
allocation out with it; unit costs and remittance agreements are changed on pages of their own."""

import datetime
from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from coprod.audit.models import AuditEntry
from coprod.funding.models import Allocation
from coprod.funding.selectors import position_of
from coprod.resources.models import GrowthDividendRule, Remittance, SavingsClaim, UnitCost
from coprod.resources.services import remittance_save
from tests.funding.factories import InitiativeFactory
from tests.resources.factories import GrowthDividendRuleFactory, SavingsClaimFactory


def test_a_rule_is_removed_after_asking_and_the_trail_keeps_it(client, world):
    rule = GrowthDividendRuleFactory(region=world["units"]["a"].region)
    client.force_login(world["people"]["manager"])
    page = client.get(f"/resources/growth-dividend/{rule.pk}/").content.decode()
    assert f"/resources/growth-dividend/{rule.pk}/delete/" in page
    asking = client.get(f"/resources/growth-dividend/{rule.pk}/delete/")
    assert asking.status_code == 200 and "Remove this growth dividend rule?" in asking.content.decode()
    assert GrowthDividendRule.objects.filter(pk=rule.pk).exists()  # asking removes nothing

    done = client.post(f"/resources/growth-dividend/{rule.pk}/delete/")
    assert done.status_code == 302 and done["Location"] == f"/resources/{rule.region.code}/"
    assert not GrowthDividendRule.objects.filter(pk=rule.pk).exists()
    kind = ContentType.objects.get_for_model(GrowthDividendRule)
    removed = AuditEntry.objects.filter(
        content_type=kind, object_pk=str(rule.pk), action=LogEntry.Action.DELETE
    )
    assert removed.count() == 1 and removed.get().actor == world["people"]["manager"]


def test_a_unit_cost_a_claim_rests_on_is_refused_naming_it_until_the_claim_goes(client, world):
    claim = SavingsClaimFactory(region=world["units"]["a"].region)
    cost = claim.unit_cost
    client.force_login(world["people"]["manager"])
    refused = client.post(f"/resources/unit-costs/{cost.pk}/delete/")
    assert refused.status_code == 400
    assert "This unit cost cannot be removed: 1 savings claim rests on it." in refused.content.decode()
    assert UnitCost.objects.filter(pk=cost.pk).exists()

    assert client.post(f"/resources/savings-claims/{claim.pk}/delete/").status_code == 302
    assert not SavingsClaim.objects.filter(pk=claim.pk).exists()
    assert client.post(f"/resources/unit-costs/{cost.pk}/delete/").status_code == 302
    assert not UnitCost.objects.filter(pk=cost.pk).exists()


def test_a_claim_remitted_from_stays_and_removing_the_remittance_takes_its_ledger_entry(client, world):
    region = world["units"]["a"].region
    initiative = InitiativeFactory(region=region)
    manager = world["people"]["manager"]
    claim = SavingsClaimFactory(region=region)
    remittance = remittance_save(
        actor=manager, initiative=initiative, agreement=claim.remittance_agreement, claims=[claim],
        amount=Decimal("1000.00"), remitted_on=datetime.date(2026, 10, 1),
    )  # fmt: skip
    allocation = remittance.allocation
    assert position_of(initiative).capacity_building == Decimal("1000.00")
    client.force_login(manager)

    refused = client.post(f"/resources/savings-claims/{claim.pk}/delete/")
    assert refused.status_code == 400 and "1 remittance rests on it" in refused.content.decode()
    agreement = client.post(f"/resources/remittance-agreements/{claim.remittance_agreement_id}/delete/")
    assert "1 savings claim and 1 remittance rest on it" in agreement.content.decode()

    assert client.post(f"/resources/remittances/{remittance.pk}/delete/").status_code == 302
    assert not Remittance.objects.filter(pk=remittance.pk).exists()
    assert not Allocation.objects.filter(pk=allocation.pk).exists()
    assert position_of(initiative).capacity_building == Decimal("0.00")
    assert client.post(f"/resources/savings-claims/{claim.pk}/delete/").status_code == 302


def test_only_the_regions_managers_remove_and_other_regions_records_are_not_found(client, world):
    ours = GrowthDividendRuleFactory(region=world["units"]["a"].region)
    theirs = GrowthDividendRuleFactory(region=world["units"]["b"].region)
    client.force_login(world["people"]["director"])
    page = client.get(f"/resources/growth-dividend/{ours.pk}/").content.decode()
    assert "Remove this record" not in page
    assert client.get(f"/resources/growth-dividend/{ours.pk}/delete/").status_code == 403
    assert client.post(f"/resources/growth-dividend/{ours.pk}/delete/").status_code == 403
    client.force_login(world["people"]["manager"])
    assert client.post(f"/resources/growth-dividend/{theirs.pk}/delete/").status_code == 404
    assert GrowthDividendRule.objects.filter(pk__in=[ours.pk, theirs.pk]).count() == 2


def test_unit_costs_and_agreements_are_changed_on_their_own_pages(client, world):
    claim = SavingsClaimFactory(region=world["units"]["a"].region)
    cost, agreement = claim.unit_cost, claim.remittance_agreement
    client.force_login(world["people"]["manager"])
    region_page = client.get(f"/resources/{claim.region.code}/").content.decode()
    assert f"/resources/unit-costs/{cost.pk}/edit/" in region_page
    assert f"/resources/remittance-agreements/{agreement.pk}/edit/" in region_page

    url = f"/resources/unit-costs/{cost.pk}/edit/"
    assert 'value="42.00"' in client.get(url).content.decode()
    data = {"service": cost.service, "unit": cost.unit, "cost": "-1", "source": cost.source,
            "year": "2021", "price_base": cost.price_base}  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 400 and 'value="-1"' in refused.content.decode()
    saved = client.post(url, data | {"cost": "45.00"})
    assert saved.status_code == 302 and saved["Location"].endswith("#unit-costs")
    claim_page = client.get(f"/resources/savings-claims/{claim.pk}/").content.decode()
    assert "£21,600.00" in claim_page  # 480 × £45.00

    url = f"/resources/remittance-agreements/{agreement.pk}/edit/"
    saved = client.post(url, {"public_body": agreement.public_body, "share": "50"})
    assert saved.status_code == 302 and saved["Location"].endswith("#remittance-agreements")
    agreement.refresh_from_db()
    assert agreement.share == Decimal("50")
