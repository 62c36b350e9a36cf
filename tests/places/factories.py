"""Factories for places: codes follow the ONS patterns so validation treats them as real."""

import factory

from coprod.places.choices import Tier
from coprod.places.models import LSOA, Deprivation, LocalAuthority, Region, Ward


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"E12{900000 + n:06d}")
    name = factory.Sequence(lambda n: f"Region {n}")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority

    code = factory.Sequence(lambda n: f"E06{900000 + n:06d}")
    year = 2019
    name = factory.Sequence(lambda n: f"Authority {n}")
    tier = Tier.UNITARY
    region = factory.SubFactory(RegionFactory)


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward

    code = factory.Sequence(lambda n: f"E05{900000 + n:06d}")
    year = 2019
    name = factory.Sequence(lambda n: f"Ward {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)


class LSOAFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LSOA

    code = factory.Sequence(lambda n: f"E01{900000 + n:06d}")
    vintage = 2011
    name = factory.Sequence(lambda n: f"LSOA {n}")
    ward = factory.SubFactory(WardFactory)
    local_authority = factory.SelfAttribute("ward.local_authority")


class DeprivationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deprivation

    lsoa = factory.SubFactory(LSOAFactory)
    edition = 2019
    rank = factory.Sequence(lambda n: 1 + n * 97 % 32844)
    decile = factory.LazyAttribute(lambda o: min(10, 1 + (o.rank - 1) * 10 // 32844))
