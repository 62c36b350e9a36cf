"""The demo's public bodies, offers, capacity, referral counts and front-line hours (all made up, the
ODS codes too): one lunch club that is full and turns referrals away, one walking group with room."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from coprod.core.periods import Quarter
from coprod.engagements.models import Engagement
from coprod.engagements.services import engagement_update
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LocalAuthority
from coprod.publicservices.services import (
    capacity_reading_save,
    frontline_hours_record,
    offer_save,
    public_body_save,
    referral_count_save,
)

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
    closed = quarter.previous()  # the last closed quarter, the one the demo's report is for
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
        for (source, received, accepted, full), period in [(r, quarter) for r in referrals] + [
            ((source, received - 2, accepted - 2, full), closed)
            for source, received, accepted, full in referrals
        ]:
            referral_count_save(
                actor=lead, offer=offer, period_start=period.start, period_end=period.end, source=source,
                received=received, accepted=accepted, declined_full=full,
            )  # fmt: skip
    stoke = LocalAuthority.objects.get(code="E06000021")
    team = lead.memberships.get().team
    bodies = [
        public_body_save(
            actor=None, region=stoke.region, kind=kind, name=name, ods_code=code, authorities=[stoke]
        )
        for kind, name, code in (
            ("primary_care_network", "North Stoke Primary Care Network", "U99001"),
            ("police_neighbourhood_team", "Bentilee neighbourhood policing team", ""),
            ("housing_provider", "Stoke-on-Trent council housing", ""),
        )
    ]
    for body, role, hours in (
        (bodies[1], "Police community support officer", 18),
        (bodies[2], "Housing officer", 6),
    ):
        frontline_hours_record(
            actor=lead, team=team, public_body=body, role=role, neighbourhood=hood, period_start=quarter.start,
            period_end=today, hours=Decimal(hours),
        )  # fmt: skip
    # The team's contacts whose partners were police, the primary care network or housing name the
    # body of that kind (as the data migration links contacts recorded before bodies were named).
    kinds = {"primary_care_network": bodies[0], "police": bodies[1], "housing": bodies[2]}
    links = 0
    for contact in Engagement.objects.filter(team=team).exclude(partners=[]).order_by("pk"):
        named = [kinds[kind] for kind in contact.partners if kind in kinds]
        if named:  # through the service, as a worker changing the contact would
            engagement_update(actor=contact.worker, engagement=contact, public_bodies=named)
            links += len(named)
    out(
        f"Offers: {len(OFFERS)}, one at capacity, with referral counts for {closed.label} and {quarter.label}; "
        f"public bodies: {len(bodies)}, two with front-line hours, named {links} times on contacts"
    )
