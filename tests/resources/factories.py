"""Factories for long-term resources: GVA figures, growth dividend rules, unit costs, agreements, claims."""

import datetime
from decimal import Decimal

import factory

from coprod.resources.models import (
    GrowthDividendRule,
    RegionalGva,
    RemittanceAgreement,
    SavingsClaim,
    UnitCost,
)
from tests.places.factories import RegionFactory


class RegionalGvaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalGva

    region = factory.SubFactory(RegionFactory)
    year = 2019
    prices = "current"
    value = Decimal("56008")
    source = "test"


class GrowthDividendRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrowthDividendRule

    region = factory.SubFactory(RegionFactory)
    base_year = 2019
    base_funding = Decimal("1000000.00")
    prices = "current"


class UnitCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitCost

    region = factory.SubFactory(RegionFactory)
    service = "Primary care"
    unit = "GP appointment"
    cost = Decimal("42.00")
    source = "Test unit costs"
    year = 2021
    price_base = "2021/22 prices"


class RemittanceAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RemittanceAgreement

    region = factory.SubFactory(RegionFactory)
    public_body = factory.Sequence(lambda n: f"Integrated care board {n}")
    share = Decimal("25")


class SavingsClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavingsClaim

    region = factory.SubFactory(RegionFactory)
    period_start = datetime.date(2026, 4, 1)
    period_end = datetime.date(2026, 9, 30)
    outcome = "Fewer GP appointments for loneliness"
    quantity = Decimal("480")
    unit_cost = factory.SubFactory(UnitCostFactory, region=factory.SelfAttribute("..region"))
    attribution = Decimal("50")
    deadweight = Decimal("20")
    remittance_agreement = factory.SubFactory(
        RemittanceAgreementFactory, region=factory.SelfAttribute("..region")
    )
