"""The demo's long-term resources: the real ONS regional GVA tables (both price bases), and in the North
East a growth dividend rule, the unit cost of a GP appointment, one savings claim remitted at 25%, and
on the Tees Valley Communities Fund a levy receipt, the claim's remittance and a year's local
opportunity (all but the GVA made up). The receipt and the remittance enter the 10% ledger as capacity
building, leaving the fund still short of 10% (9.8%). An earlier North East programme, 2019/20 to
2021/22, allocated capacity building in each of the years the GVA tables cover, so the growth dividend
shows what was due beside what was allocated, and the gap."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model

from coprod.funding.choices import AllocationState, Category
from coprod.funding.models import FundingStream, RegionalInitiative
from coprod.funding.services import allocation_save, initiative_save
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import Region
from coprod.resources.choices import Prices
from coprod.resources.imports import gva_import
from coprod.resources.services import (
    growth_rule_save,
    levy_receipt_save,
    local_opportunity_save,
    remittance_agreement_save,
    remittance_save,
    savings_claim_save,
    unit_cost_save,
)

# Extracts of the ONS tables in shared/data, kept beside the demo like the IMD extracts: the header
# and the nine English regions' "All industries" rows, unchanged (the import reads no other row).
DEMO_DIR = Path(__file__).resolve().parent / "demo_data"
GVA_FILES = {
    Prices.CURRENT: DEMO_DIR / "ons_gva_itl1_current_prices_demo.csv",
    Prices.CHAINED: DEMO_DIR / "ons_gva_itl1_chained_volume_2019_prices_demo.csv",
}
NORTH_EAST = "E12000001"
TEES_VALLEY = "Tees Valley Communities Fund"
EARLIER = "North East Community Capacity Programme"
# Capacity building the earlier programme allocated, by the date of each year's allocation.
EARLIER_YEARS = [
    (datetime.date(2019, 5, 1), Decimal("1000000.00")),
    (datetime.date(2020, 5, 1), Decimal("930000.00")),
    (datetime.date(2021, 5, 1), Decimal("960000.00")),
]


def load(out) -> None:
    """Add the demo's long-term resources; the North East unit and its manager are already there."""
    for prices, path in GVA_FILES.items():
        out(f"GVA ({Prices(prices).label.lower()}): {gva_import(source=path, prices=prices).line()}")
    manager = get_user_model().objects.get(username="ne.manager")
    region = Region.objects.get(code=NORTH_EAST)
    growth_rule_save(
        actor=manager,
        region=region,
        base_year=2019,
        base_funding=Decimal("1000000.00"),
        prices=Prices.CURRENT,
        notes="Demo rule: the region's 2019 capacity-building funding, grown with GVA at current prices.",
    )
    earlier = initiative_save(
        actor=manager,
        region=region,
        title=EARLIER,
        funding_stream=FundingStream.objects.get(slug="devolution-deal-funds"),
        lead_body="Demo North East combined authority",
        capital=Decimal("12000000"),
        revenue=Decimal("8000000"),
        start=datetime.date(2019, 4, 1),
        end=datetime.date(2022, 3, 31),
    )
    for date, amount in EARLIER_YEARS:
        allocation_save(
            actor=manager,
            initiative=earlier,
            amount=amount,
            date=date,
            category=Category.CAPACITY_BUILDING,
            state=AllocationState.SPENT,
            title=f"Community capacity building across the region, {date.year}/{(date.year + 1) % 100:02d}",
            recipient_name="Demo North East Co-Production Unit",
        )
    gp = unit_cost_save(
        actor=manager,
        region=region,
        service="Primary care",
        unit="GP appointment",
        cost=Decimal("42.00"),
        source="Demo figure for a GP appointment",
        year=2021,
        price_base="2021/22 prices",
    )
    agreement = remittance_agreement_save(
        actor=manager, region=region, public_body="Demo integrated care board", share=Decimal("25")
    )
    claim = savings_claim_save(
        actor=manager,
        region=region,
        neighbourhood=Neighbourhood.objects.filter(team__unit__region=region).order_by("name")[0],
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 9, 30),
        outcome="Fewer GP appointments for loneliness as residents joined community groups.",
        quantity=Decimal("480"),
        unit_cost=gp,
        attribution=Decimal("50"),
        attribution_evidence="Link workers' referral records: half of those referred joined a group.",
        deadweight=Decimal("20"),
        deadweight_evidence="Practices elsewhere in the area saw a fall of a fifth without the groups.",
        remittance_agreement=agreement,
    )
    fund = RegionalInitiative.objects.get(region=region, title=TEES_VALLEY)
    levy_receipt_save(
        actor=manager,
        initiative=fund,
        source="Demo freeport operator",
        scheme="Demo freeport business rates levy",
        amount=Decimal("10000.00"),
        received_on=datetime.date(2026, 10, 15),
    )
    remittance_save(
        actor=manager,
        initiative=fund,
        agreement=agreement,
        claims=[claim],
        amount=Decimal("2016.00"),
        remitted_on=datetime.date(2026, 11, 2),
    )
    local_opportunity_save(
        actor=manager,
        initiative=fund,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31),
        jobs_offered=40,
        jobs_filled=12,
        placements_offered=15,
        placements_filled=9,
        local_spend=Decimal("250000.00"),
        total_spend=Decimal("2000000.00"),
        notes="Demo figures: construction jobs and apprenticeships ring-fenced for Grangetown and Eston.",
    )
    out(
        "Resources: a North East growth dividend rule, a unit cost, a savings claim remitted at 25%, "
        f"a levy receipt and the claim's remittance on {TEES_VALLEY} (now 9.8%), and its local opportunity; "
        f"{EARLIER} allocating capacity building in 2019/20 to 2021/22"
    )
