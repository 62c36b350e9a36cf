"""Factories for the ledger: initiatives, allocations and proposals."""

import datetime
from decimal import Decimal

import factory

from coprod.funding.models import Allocation, FundingStream, Proposal, RegionalInitiative
from tests.places.factories import RegionFactory


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalInitiative

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    # The seeded stream, made again if a test that commits (and so flushes the seeds) ran before.
    funding_stream = factory.LazyFunction(
        lambda: FundingStream.objects.get_or_create(slug="town-deals", defaults={"name": "Town Deals"})[0]
    )
    lead_body = "Combined authority"
    capital = Decimal("1500000.00")
    revenue = Decimal("500000.00")
    start = datetime.date(2026, 4, 1)
    end = datetime.date(2029, 3, 31)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    initiative = factory.SubFactory(InitiativeFactory)
    amount = Decimal("1000.00")
    date = datetime.date(2026, 5, 1)
    category = "other"
    state = "committed"


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Proposal {n}")
    neighbourhood = None
    team = factory.SelfAttribute("neighbourhood.team")
    amount_sought = Decimal("10000.00")
    status_since = datetime.date(2026, 4, 1)
