"""Factories for community groups and venues."""

import datetime

import factory

from coprod.groups.models import CommunityGroup, Venue
from tests.units.factories import TeamFactory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityGroup

    team = factory.SubFactory(TeamFactory)
    local_authority = factory.SelfAttribute("team.host_authority")
    name = factory.Sequence(lambda n: f"Community Group {n}")
    search_name = factory.LazyAttribute(lambda o: o.name.lower())
    org_identifier = factory.Sequence(lambda n: f"360G-coprod-test{n}")
    status_since = factory.LazyFunction(datetime.date.today)
    support_intensity_since = factory.LazyFunction(datetime.date.today)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Venue {n}")
    kind = "community_centre"
