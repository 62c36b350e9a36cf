"""Factories for neighbourhoods."""

import factory

from coprod.neighbourhoods.models import Neighbourhood
from tests.places.factories import LSOAFactory, WardFactory
from tests.units.factories import TeamFactory


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Neighbourhood {n}")
    slug = factory.Sequence(lambda n: f"neighbourhood-{n}")

    @factory.post_generation
    def lsoas(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            ward = WardFactory(local_authority=obj.team.host_authority)
            extracted = LSOAFactory.create_batch(3, ward=ward)
        obj.lsoas.set(extracted)
