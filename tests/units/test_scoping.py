"""Who reaches which teams and units, from current memberships only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coprod.units.choices import Role
from coprod.units.models import Membership
from coprod.units.selectors import (
    is_administrator,
    is_member,
    teams_for_user,
    teams_led_or_administered,
    units_for_user,
)
from coprod.units.services import membership_end, membership_grant, team_create
from tests.places.factories import LocalAuthorityFactory
from tests.units.factories import MembershipFactory, TeamFactory, UnitFactory, UserFactory


def names(qs):
    return set(qs.values_list("name", flat=True))


def test_each_role_reaches_what_the_domain_says(world):
    p, t = world["people"], world["teams"]
    assert names(teams_for_user(p["worker"])) == {t["a1"].name}
    assert names(teams_for_user(p["lead"])) == {t["a1"].name}
    assert names(teams_for_user(p["manager"])) == {t["a1"].name, t["a2"].name}
    assert names(teams_for_user(p["director"])) == {t["a1"].name, t["a2"].name}
    assert names(teams_for_user(p["worker_b"])) == {t["b1"].name}
    assert names(teams_for_user(p["admin"])) == {t["a1"].name, t["a2"].name, t["b1"].name}
    assert names(units_for_user(p["worker"])) == {world["units"]["a"].name}
    assert names(teams_led_or_administered(p["lead"])) == {t["a1"].name}
    assert not teams_led_or_administered(p["worker"]).exists()
    assert not teams_led_or_administered(p["manager"]).exists()


def test_no_current_membership_reaches_nothing(world):
    stranger = UserFactory()
    assert not is_member(stranger)
    assert not teams_for_user(stranger).exists()
    assert not units_for_user(stranger).exists()

    worker = world["people"]["worker"]
    membership = Membership.objects.get(user=worker)
    membership_end(membership=membership, end_date=datetime.date.today() - datetime.timedelta(days=1))
    assert not is_member(worker)
    assert not teams_for_user(worker).exists()


def test_future_membership_does_not_count_yet(db):
    user = MembershipFactory(start_date=datetime.date.today() + datetime.timedelta(days=3)).user
    assert not teams_for_user(user).exists()


def test_unit_administrator_reaches_only_their_unit(world):
    admin = MembershipFactory(role=Role.ADMINISTRATOR, team=None, unit=world["units"]["b"]).user
    assert names(teams_for_user(admin)) == {world["teams"]["b1"].name}
    assert is_administrator(admin)
    assert not is_administrator(world["people"]["manager"])


@pytest.mark.parametrize(
    "role, with_team, with_unit",
    [
        (Role.WORKER, False, True),
        (Role.TEAM_LEAD, True, True),
        (Role.UNIT_MANAGER, True, False),
        (Role.REGIONAL_DIRECTOR, False, False),
        (Role.ADMINISTRATOR, True, False),
    ],
)
def test_role_must_match_team_or_unit(db, role, with_team, with_unit):
    team, unit = TeamFactory(), UnitFactory()
    kwargs = {
        "user": UserFactory(),
        "role": role,
        "team": team if with_team else None,
        "unit": unit if with_unit else None,
        "start_date": datetime.date.today(),
    }
    with pytest.raises(ValidationError):
        membership_grant(**kwargs)
    with pytest.raises(IntegrityError):
        Membership.objects.create(**kwargs)


def test_membership_cannot_end_before_it_starts(db):
    with pytest.raises(ValidationError, match="end date"):
        membership_grant(
            user=UserFactory(),
            role=Role.WORKER,
            team=TeamFactory(),
            start_date=datetime.date(2026, 5, 1),
            end_date=datetime.date(2026, 4, 1),
        )


def test_team_host_must_be_covered_and_in_the_units_region(db):
    unit = UnitFactory()
    inside, other = LocalAuthorityFactory(region=unit.region), LocalAuthorityFactory(region=unit.region)
    elsewhere = LocalAuthorityFactory()
    with pytest.raises(ValidationError, match="host authority"):
        team_create(unit=unit, name="T", authorities=[inside], host_authority=other)
    with pytest.raises(ValidationError, match="region"):
        team_create(unit=unit, name="T", authorities=[inside, elsewhere], host_authority=inside)
    team = team_create(unit=unit, name="Two towns", authorities=[inside, other], host_authority=other)
    assert set(team.authorities.all()) == {inside, other}


def test_a_request_reads_its_users_memberships_once_and_the_next_request_sees_a_change(client, world):
    """The page's many role checks (navigation, the dashboard's scope, who may request reports) share
    one read of the user's memberships; ending a membership shows at the next request."""
    manager = world["people"]["manager"]
    client.force_login(manager)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("dashboard")).status_code == 200
    reads = [q["sql"] for q in captured.captured_queries if 'FROM "units_membership"' in q["sql"]]
    # One read of the roles; the rest are subqueries of scoped reads (which teams, which units).
    plain = [sql for sql in reads if sql.lstrip().startswith('SELECT "units_membership"."role"')]
    assert len(plain) == 1, plain

    membership_end(
        membership=Membership.objects.get(user=manager),
        end_date=datetime.date.today() - datetime.timedelta(days=1),
    )
    assert client.get(reverse("dashboard")).status_code == 403
