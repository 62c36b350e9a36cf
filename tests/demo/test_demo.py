"""The demo that `make run` loads looks like units at work: three teams in each, a year of contacts by
every worker, and a last closed quarter whose report has figures for every team."""

import io
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from coprod.core.periods import last_closed_quarter, month_start, months_between
from coprod.engagements.models import Engagement
from coprod.funding.models import RegionalInitiative
from coprod.funding.selectors import position_of
from coprod.reporting.selectors import unit_figures
from coprod.resources.models import (
    GrowthDividendRule,
    LevyReceipt,
    LocalOpportunity,
    RegionalGva,
    Remittance,
    SavingsClaim,
)
from coprod.resources.selectors import (
    growth_dividend,
    growth_dividends,
    local_opportunity_figures,
    savings_of,
)
from coprod.units.choices import Role
from coprod.units.models import CoProductionUnit, Membership, Team


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module's tests (the migrations have seeded the vocabularies it
    uses) and rolled back after the last of them."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_each_unit_has_three_teams_with_a_lead_and_two_workers(demo, db):
    units = CoProductionUnit.objects.all()
    teams = {unit.slug: sorted(unit.teams.values_list("slug", flat=True)) for unit in units}
    assert teams == {
        "west-midlands": ["newcastle", "stoke", "wolves"],
        "north-east": ["hartlepool", "middlesbrough", "redcar"],
    }
    for team in Team.objects.all():
        assert team.neighbourhoods.count() >= 2, team.slug
        roles = sorted(Membership.objects.filter(team=team).values_list("role", flat=True))
        assert roles == sorted([Role.TEAM_LEAD, Role.WORKER, Role.WORKER]), team.slug


def test_every_team_has_contacts_in_at_least_ten_of_the_last_twelve_months(demo, db):
    today = timezone.localdate()
    months = months_between(month_start(today) - relativedelta(months=11), today)
    assert len(months) == 12
    for team in Team.objects.all():
        days = Engagement.objects.filter(team=team, date__gte=months[0]).values_list("date", flat=True)
        active = {month_start(day) for day in days}
        assert len(active) >= 10, (team.slug, sorted(active))


def test_every_worker_has_contacts_and_none_is_dated_ahead(demo, db):
    workers = list(Membership.objects.filter(role=Role.WORKER).values_list("user__username", flat=True))
    contacts = dict(
        Engagement.objects.order_by()
        .values_list("worker__username")
        .annotate(n=Count("pk"))
        .values_list("worker__username", "n")
    )
    assert len(workers) == 12
    assert [w for w in workers if not contacts.get(w)] == [], contacts
    span = Engagement.objects.aggregate(last=Max("date"), low=Min("minutes"), high=Max("minutes"))
    assert span["last"] <= timezone.localdate()
    assert span["low"] >= 30 and span["high"] <= 180


def test_the_last_closed_quarter_has_figures_for_every_team(demo, db):
    today = timezone.localdate()
    quarter = last_closed_quarter(today)
    for unit in CoProductionUnit.objects.all():
        figures = unit_figures(unit, start=quarter.start, end=quarter.end, today=today)
        assert len(figures.teams) == 3, unit.slug
        for team in figures.teams:
            assert team.professional_hours > 0, (unit.slug, team.key)
            assert team.volunteer_hours > 0 and team.ratio is not None, (unit.slug, team.key)
        assert figures.total.groups_started > 0, unit.slug
        # The report's trend is the twelve months to the quarter's end; the contacts cover the twelve
        # months up to today, at least nine of them.
        assert sum(1 for point in figures.trend if point.professional_hours > 0) >= 9, figures.trend


def test_the_north_east_has_its_growth_dividend_and_a_remitted_saving(demo, db):
    assert RegionalGva.objects.count() == 2 * 9 * 24
    rule = GrowthDividendRule.objects.get(region__code="E12000001")
    in_2021 = growth_dividend(rule, 2021)
    assert in_2021 is not None and in_2021.due == Decimal("1008480.93")
    claim = SavingsClaim.objects.get(region__code="E12000001")
    assert savings_of(claim).remitted == Decimal("2016.00")
    assert claim.neighbourhood is not None and claim.neighbourhood.team.unit.region.code == "E12000001"


def test_the_north_east_levy_receipt_and_remittance_are_in_the_ledger(demo, db):
    fund = RegionalInitiative.objects.get(title="Tees Valley Communities Fund")
    receipt = LevyReceipt.objects.get(initiative=fund)
    remittance = Remittance.objects.get(initiative=fund)
    assert remittance.amount == Decimal("2016.00")
    assert list(remittance.claims.all()) == [SavingsClaim.objects.get(region__code="E12000001")]
    position = position_of(fund)
    # £90,000 allocated to capacity building, then £10,000 levied and £2,016 remitted.
    assert position.capacity_building == Decimal("90000.00") + receipt.amount + remittance.amount
    assert position.meets is False and position.share_label == "9.8%"
    figures = local_opportunity_figures(LocalOpportunity.objects.filter(initiative=fund))
    assert (figures.jobs_label, figures.spend_label) == ("30.0%", "12.5%")


def test_the_north_east_growth_dividend_shows_what_was_allocated_beside_what_was_due(demo, db):
    rule = GrowthDividendRule.objects.get(region__code="E12000001")
    by_year = {d.year: d for d in growth_dividends(rule)}
    assert by_year[2020].due == Decimal("942133.27") and by_year[2020].allocated == Decimal("930000.00")
    assert by_year[2020].gap == Decimal("12133.27")
    assert by_year[2021].allocated == Decimal("960000.00") and by_year[2021].gap == Decimal("48480.93")
