"""Public services' figures (services_figures): offers at capacity by neighbourhood (with places per
1,000 residents) and by area of work, referrals declined for want of places with their trend by
financial quarter, and groups with dealings with a public body against the 69% of 2010; on the offers
page, in the report's frozen figures, and on the page anyone may read, which names no one."""

import datetime

import pytest

from coprod.core.periods import Quarter
from coprod.engagements.models import ActivityType
from coprod.engagements.services import engagement_log
from coprod.groups.models import AreaOfWork
from coprod.groups.services import contact_add, group_create
from coprod.places.models import PublicBody
from coprod.publicservices.selectors import services_figures, services_summary
from coprod.publicservices.services import capacity_reading_save, offer_save, referral_count_save

pytestmark = pytest.mark.django_db

Q2 = Quarter.parse("2026-27-Q2")  # July to September 2026
Q1 = Q2.previous()
D = datetime.date


def _contact(world, group, day, bodies=()):
    engagement_log(
        worker=world["people"]["lead"],
        team=world["teams"]["a1"],
        groups=[group],
        public_bodies=bodies,
        activity_type=ActivityType.objects.get(slug="outreach"),
        dimension="groups",
        minutes=30,
        date=day,
    )


@pytest.fixture
def area(world):
    """Neighbourhood a1 (4,000 residents, as entered) with a full lunch club and a walk with room; a
    contact naming the police with one group, GP referrals to another, a self-referral only to a third,
    a fourth with no dealings, and a fifth whose contact with the police is thirteen months old."""
    lead, team, hood = world["people"]["lead"], world["teams"]["a1"], world["hoods"]["a1"]
    hood.population_entered = 4000
    hood.save()
    food, health = (
        AreaOfWork.objects.get_or_create(slug="coprod-test-food", defaults={"name": "Food"})[0],
        AreaOfWork.objects.get_or_create(slug="coprod-test-health", defaults={"name": "Health"})[0],
    )
    club = group_create(actor=lead, team=team, name="Bentilee Lunch Club", notes="Sam's mum comes")
    club.areas_of_work.set([food, health])
    contact_add(
        actor=lead, group=club, name="Sam Planted", email="sam.planted@example.org", phone="07700 900111"
    )
    walkers = group_create(actor=lead, team=team, name="Meir Walkers")
    walkers.areas_of_work.set([health])
    shy = group_create(actor=lead, team=team, name="Quiet Carers Circle", anonymous_in_publications=True)
    none = group_create(actor=lead, team=team, name="No Dealings Group")
    old = group_create(actor=lead, team=team, name="Old Contact Group")
    lunch = offer_save(actor=lead, group=club, name="Tuesday lunch", neighbourhood=hood, places_week=20)
    walk = offer_save(actor=lead, group=walkers, name="Park walk", neighbourhood=hood, places_week=12)
    coffee = offer_save(actor=lead, group=shy, name="Carers' coffee", places_week=6)
    capacity_reading_save(actor=lead, offer=lunch, on=D(2026, 9, 29), places_filled=20, waiting_list=2)
    capacity_reading_save(actor=lead, offer=walk, on=D(2026, 9, 29), places_filled=5, waiting_list=0)
    capacity_reading_save(actor=lead, offer=coffee, on=D(2026, 9, 20), places_filled=6, waiting_list=0)
    for offer, source, period, received, full in (
        (lunch, "social_prescribing", Q2, 30, 9),
        (lunch, "gp_practice", Q1, 10, 1),
        (walk, "gp_practice", Q2, 2, 0),
        (coffee, "self", Q2, 4, 0),
    ):
        referral_count_save(
            actor=lead, offer=offer, period_start=period.start, period_end=period.end, source=source,
            received=received, accepted=received - full, declined_full=full,
        )  # fmt: skip
    police = PublicBody.objects.create(
        region=world["units"]["a"].region, kind="police_neighbourhood_team", name="SNT"
    )
    _contact(world, none, D(2026, 9, 1))  # a contact naming no public body
    _contact(world, club, D(2026, 8, 1), [police])
    _contact(world, old, D(2025, 8, 31), [police])  # thirteen months before the quarter's end
    return {"lunch": lunch, "walk": walk, "shy": shy}


def test_the_figures(world, area):
    figures = services_figures([world["teams"]["a1"].pk], start=Q2.start, end=Q2.end, as_at=Q2.end)
    assert (figures.at_capacity, len(figures.capacity), figures.places_week) == (2, 3, 38)
    hood, elsewhere = figures.by_neighbourhood
    assert (hood.label, hood.offers, hood.at_capacity, hood.places_week) == (
        world["hoods"]["a1"].name,
        2,
        1,
        32,
    )
    assert str(hood.places_per_1000) == "8.0"  # 32 places a week for 4,000 residents
    assert (hood.received, hood.declined_full, str(hood.declined_full_percent)) == (32, 9, "28.1")
    assert (elsewhere.label, elsewhere.offers, elsewhere.places_per_1000) == (
        "Not in one of the teams' neighbourhoods",
        1,
        None,
    )
    assert [(a.label, a.offers, a.at_capacity) for a in figures.by_area] == [("Food", 1, 1), ("Health", 2, 1)]
    assert [(q.label, q.received, q.declined_full) for q in figures.trend][-2:] == [
        ("2026/27 Q1", 10, 1),
        ("2026/27 Q2", 36, 9),
    ]
    # Linked: the club (a contact naming the police), the walkers (GP referrals); not the carers
    # (self-referrals), the group whose contact named no body, nor the one whose contact is too old.
    assert (figures.groups_active, figures.groups_linked, str(figures.no_dealings_percent)) == (5, 2, "60.0")


def test_the_report_freezes_them(world, area):
    summary = services_summary([world["teams"]["a1"].pk], start=Q2.start, end=Q2.end, as_at=Q2.end)
    assert summary["by_neighbourhood"][0]["places_per_1000"] == "8.0"
    assert summary["trend"][-1] == {"label": "2026/27 Q2", "received": 36, "declined_full_percent": "25.0"}
    assert (summary["groups_linked"], summary["no_dealings_percent"], summary["no_dealings_reference"]) == (
        2,
        "60.0",
        "69",
    )
    assert "Quiet Carers" not in str(summary) and "Bentilee Lunch Club" not in str(summary)


def test_the_page_anyone_may_read_names_no_one(client, world, area):
    region = world["units"]["a"].region
    response = client.get(f"/regions/{region.code}/nowhere-to-go/")  # signed out
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tuesday lunch" in page and "Bentilee Lunch Club" in page  # a group is named, as published
    for planted in ("Sam Planted", "sam.planted@example.org", "07700 900111", "Sam's mum", "Quiet Carers"):
        assert planted not in page
    assert "Carers&#x27; coffee" in page and "Anonymous group" in page
    assert "fewer than 3" in page  # the two waiting for the lunch club
    assert client.get("/regions/E99999999/nowhere-to-go/").status_code == 404


def test_the_offers_page_shows_them(client, world, area):
    client.force_login(world["people"]["manager"])
    page = client.get("/offers/").content.decode()
    assert "Places a week per 1,000 residents" in page and "Offers at capacity by area of work" in page
    assert "<title>Offers and where referrals have nowhere to go - coprod</title>" in page


def test_the_dashboard_has_their_line(client, world, area):
    client.force_login(world["people"]["manager"])
    page = " ".join(client.get("/dashboard/", {"period": "2026-27-Q2"}).content.decode().split())
    assert "2 of 3 offers at capacity; 36 referrals, 25.0% declined because the offer was full" in page
    client.force_login(world["people"]["worker"])  # a worker's own dashboard has no such line
    assert "offers at capacity" not in client.get("/dashboard/", {"period": "2026-27-Q2"}).content.decode()


def test_the_figures_api_has_them(world, area):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world["people"]["manager"])
    body = api.get("/api/v1/figures/", {"period": "2026-27-Q2"}).json()
    services = body["public_services"]
    assert (services["at_capacity"], services["received"], services["declined_full_percent"]) == (
        2,
        36,
        "25.0",
    )
    assert services["by_neighbourhood"][0]["places_per_1000"] == "8.0"
    api.force_authenticate(world["people"]["worker"])
    assert api.get("/api/v1/figures/", {"period": "2026-27-Q2"}).json()["public_services"] == {}
