"""Offers, their capacity and the referrals they receive: the worked example on the page and in the
API, the rules refused wherever they are typed, no place for a person, and scoping."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from coprod.core.periods import Quarter
from coprod.publicservices import rules
from coprod.publicservices.models import Offer, ReferralCount
from coprod.publicservices.selectors import offer_capacity, offers_for_user, referral_figures
from coprod.publicservices.services import capacity_reading_save, offer_save, referral_count_save
from tests.groups.factories import GroupFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
QUARTER = Quarter.containing(TODAY)


@pytest.fixture
def example(world):
    """An offer of 20 places a week, read as 20 filled with 6 waiting, and 30 referrals in the quarter
    of which 9 were declined because it was full."""
    lead = world["people"]["lead"]
    group = GroupFactory(team=world["teams"]["a1"], name="Bentilee Lunch Club")
    offer = offer_save(
        actor=lead, group=group, name="Tuesday lunch", neighbourhood=world["hoods"]["a1"], places_week=20
    )
    capacity_reading_save(actor=lead, offer=offer, on=TODAY, places_filled=20, waiting_list=6)
    for source, received, accepted, full in (("social_prescribing", 18, 12, 6), ("gp_practice", 12, 9, 3)):
        referral_count_save(
            actor=lead, offer=offer, period_start=QUARTER.start, period_end=QUARTER.end, source=source,
            received=received, accepted=accepted, declined_full=full,
        )  # fmt: skip
    return offer


def test_the_worked_example_through_the_selectors(world, example):
    offers = offers_for_user(world["people"]["manager"])
    (capacity,) = offer_capacity(offers, on=TODAY)
    assert (capacity.filled, capacity.waiting, capacity.at_capacity) == (20, 6, True)
    figures = referral_figures(offers, start=QUARTER.start, end=QUARTER.end)
    assert (figures.received, figures.declined_full, figures.accepted) == (30, 9, 21)
    assert str(figures.declined_full_percent) == "30.0"
    assert figures.by_source == {"Social prescribing link worker": 18, "GP practice": 12}
    earlier = QUARTER.start - datetime.timedelta(days=1)
    assert referral_figures(offers, start=earlier - datetime.timedelta(days=80), end=earlier).received == 0


def test_the_worked_example_on_the_pages_and_in_the_api(client, world, example):
    client.force_login(world["people"]["manager"])
    listing = client.get("/offers/").content.decode()
    assert "At capacity" in listing and "Tuesday lunch" in listing
    assert "30.0%" in listing and "declined because the offer was full" in listing
    group_page = client.get(f"/groups/{example.group_id}/").content.decode()
    assert "Tuesday lunch" in group_page and "At capacity" in group_page
    api = APIClient()
    api.force_authenticate(world["people"]["manager"])
    (row,) = api.get("/api/v1/offers/").json()["results"]
    assert (row["at_capacity"], row["referrals_received"], row["declined_full"]) == (True, 30, 9)
    assert (row["declined_full_percent"], row["quarter"]) == ("30.0", QUARTER.code)
    # A write answers with the offer as the list reads it (six still wait, so it is still at capacity).
    api.force_authenticate(world["people"]["lead"])
    changed = api.patch(f"/api/v1/offers/{example.pk}/", {"places_week": 30}, format="json").json()
    assert (changed["places_week"], changed["at_capacity"], changed["referrals_received"]) == (30, True, 30)


def test_a_share_is_rounded_down_never_up():
    assert str(rules.share_percent(2, 3)) == "66.6"
    assert str(rules.share_percent(2999, 10000)) == "29.9"
    assert rules.share_percent(1, 0) is None


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"received": 5, "accepted": 4, "declined_full": 2}, "received", rules.COUNTS),
        ({"period_end": QUARTER.end + datetime.timedelta(days=1)}, "period_end", rules.ONE_QUARTER),
        ({"period_end": QUARTER.start - datetime.timedelta(days=1)}, "period_end", rules.ORDER),
        ({"period_start": datetime.date(1, 1, 1)}, "period_start", rules.YEARS),
    ],
)
def test_referral_rules_refused_alike_by_the_service_the_form_and_the_api(
    client, world, example, values, field, message
):
    lead = world["people"]["lead"]
    given = {
        "period_start": QUARTER.start,
        "period_end": QUARTER.end,
        "source": "council",
        "received": 5,
    } | values
    with pytest.raises(ValidationError) as excinfo:
        referral_count_save(actor=lead, offer=example, **given)
    assert excinfo.value.message_dict[field] == [message]

    client.force_login(lead)
    page = client.post(f"/offers/{example.pk}/referrals/new/", {k: str(v) for k, v in given.items()})
    assert page.status_code == 400
    assert page.context["form"].errors[field] == [message]
    assert page.context["form"]["received"].value() == str(given["received"])  # what was typed is kept

    api = APIClient()
    api.force_authenticate(lead)
    response = api.post(
        "/api/v1/referral-counts/", {"offer": example.pk, **{k: str(v) for k, v in given.items()}}
    )
    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert ReferralCount.objects.filter(source="council").count() == 0


def test_places_funded_within_places_a_week(world):
    group = GroupFactory(team=world["teams"]["a1"])
    with pytest.raises(ValidationError) as excinfo:
        offer_save(actor=world["people"]["lead"], group=group, name="Walk", places_week=10, places_funded=11)
    assert excinfo.value.message_dict["places_funded"] == [rules.FUNDED]


def test_no_field_can_hold_a_referred_person(world, example):
    """The referral record's fields are counts, dates, a source and its offer; a referral sent with a
    name or an NHS number is refused (400, naming the field), not stored without it."""
    fields = {f.name for f in ReferralCount._meta.get_fields()}
    assert fields == {
        "id", "offer", "period_start", "period_end", "source", "received", "accepted", "declined_full",
        "declined_other", "recorded_by", "created_at", "updated_at",
    }  # fmt: skip
    api = APIClient()
    api.force_authenticate(world["people"]["lead"])
    before = ReferralCount.objects.count()
    body = {
        "offer": example.pk, "period_start": str(QUARTER.start), "period_end": str(QUARTER.end),
        "source": "self", "received": 1, "name": "Jane Smith", "nhs_number": "943 476 5919",
    }  # fmt: skip
    response = api.post("/api/v1/referral-counts/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"name", "nhs_number"}
    assert ReferralCount.objects.count() == before


def test_only_the_teams_lead_keeps_offers_and_others_teams_are_out_of_reach(client, world, example):
    worker, other = world["people"]["worker"], world["people"]["worker_b"]
    with pytest.raises(PermissionDenied):
        offer_save(actor=worker, group=example.group, name="Not mine to add", places_week=5)
    with pytest.raises(PermissionDenied):
        capacity_reading_save(actor=worker, offer=example, on=TODAY, places_filled=1)
    assert not offers_for_user(other).exists()
    client.force_login(other)
    assert client.get(f"/offers/{example.pk}/").status_code == 404
    assert "Tuesday lunch" not in client.get("/offers/").content.decode()
    client.force_login(worker)
    assert client.get(f"/offers/{example.pk}/").status_code == 200
    assert client.get(f"/offers/{example.pk}/capacity/new/").status_code == 403
    assert Offer.objects.count() == 1


def test_a_reading_cannot_be_of_a_day_to_come(world, example):
    with pytest.raises(ValidationError) as excinfo:
        capacity_reading_save(
            actor=world["people"]["lead"],
            offer=example,
            on=TODAY + datetime.timedelta(days=1),
            places_filled=1,
        )
    assert "on" in excinfo.value.message_dict


def test_a_second_reading_for_a_day_is_refused_with_what_to_do(client, world, example):
    client.force_login(world["people"]["lead"])
    page = client.post(f"/offers/{example.pk}/capacity/new/", {"on": str(TODAY), "places_filled": "3"})
    assert page.status_code == 400
    assert "There is a reading of this offer for that day already" in str(page.context["form"].errors)
    assert example.readings.get().places_filled == 20
