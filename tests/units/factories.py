"""Factories for users, units, teams and memberships."""

import datetime

import factory
from django.contrib.auth import get_user_model

from coprod.units.choices import Role
from coprod.units.models import CoProductionUnit, Membership, Team
from tests.places.factories import LocalAuthorityFactory, RegionFactory

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoProductionUnit

    name = factory.Sequence(lambda n: f"Unit {n}")
    slug = factory.Sequence(lambda n: f"unit-{n}")
    region = factory.SubFactory(RegionFactory)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    host_authority = factory.SubFactory(LocalAuthorityFactory, region=factory.SelfAttribute("..unit.region"))

    @factory.post_generation
    def authorities(obj, create, extracted, **kwargs):
        if create:
            obj.authorities.set(extracted or [obj.host_authority])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.WORKER
    team = factory.SubFactory(TeamFactory)
    unit = None
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    end_date = None


def member(role: str, *, team: Team | None = None, unit: CoProductionUnit | None = None, **kwargs):
    """A user holding one current role in a team or a unit."""
    if role in (Role.WORKER, Role.TEAM_LEAD):
        return MembershipFactory(role=role, team=team or TeamFactory(), unit=None, **kwargs).user
    return MembershipFactory(role=role, team=None, unit=unit, **kwargs).user
