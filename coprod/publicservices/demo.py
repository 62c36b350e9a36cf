"""The demo's offers, their capacity and referral counts (all made up): one lunch club that is full
and turns referrals away, one walking group with room."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from coprod.core.periods import Quarter
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.publicservices.services import capacity_reading_save, offer_save, referral_count_save

OFFERS = [
    # group, offer, schedule, who for, places a week, places funded, filled, waiting,
    # referrals this quarter by source as (source, received, accepted, declined because full)
    ("Bentilee Community Food Pantry", "Tuesday lunch club", "Tuesdays 12:00 to 14:00", "Older residents living alone",
     20, 12, 20, 6, [("social_prescribing", 18, 12, 6), ("gp_practice", 12, 9, 3)]),
    ("Friends of Bentilee Park", "Park walking group", "Thursdays 10:00", "Anyone; a slow pace",
     25, 0, 14, 0, [("social_prescribing", 7, 7, 0), ("self", 4, 4, 0)]),
]  # fmt: skip


def load(out) -> None:
    lead = get_user_model().objects.get(username="stoke.lead")
    hood = Neighbourhood.objects.get(name="Bentilee and Ubberley")
    today = timezone.localdate()
    quarter = Quarter.containing(today)
    for group_name, name, schedule, who_for, places, funded, filled, waiting, referrals in OFFERS:
        group = CommunityGroup.objects.get(team__slug="stoke", name=group_name)
        offer = offer_save(
            actor=lead, group=group, name=name, neighbourhood=hood, schedule=schedule, who_for=who_for,
            places_week=places, places_funded=funded,
        )  # fmt: skip
        capacity_reading_save(
            actor=lead,
            offer=offer,
            on=today - datetime.timedelta(days=1),
            places_filled=filled,
            waiting_list=waiting,
        )
        for source, received, accepted, full in referrals:
            referral_count_save(
                actor=lead, offer=offer, period_start=quarter.start, period_end=quarter.end, source=source,
                received=received, accepted=accepted, declined_full=full,
            )  # fmt: skip
    out(f"Offers: {len(OFFERS)}, one at capacity, with referral counts for {quarter.label}")
