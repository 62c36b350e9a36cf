"""The demo's regional work in the West Midlands (all made up): a transport plan whose listening
meetings closed in good time and whose "you said, we did" is published, a housing plan whose only
survey closed too close to its design freeze, impact assessments (one signed off, one draft with a
negative effect still to mitigate), the Stoke team's steering group and a meeting that brought a
regional body and neighbourhoods together."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from coprod.funding.models import RegionalInitiative
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LocalAuthority, PublicBody
from coprod.regionalwork.services import (
    assessment_save,
    assessment_sign_off,
    meeting_action_add,
    meeting_save,
    plan_save,
    seat_add,
    steering_group_save,
    window_save,
    you_said_publish,
    you_said_save,
)
from coprod.units.models import Team

WEEK = datetime.timedelta(days=7)


def load(out) -> None:
    users = get_user_model().objects
    manager, lead = users.get(username="wm.manager"), users.get(username="stoke.lead")
    worker = users.get(username="stoke.worker")
    stoke_team = Team.objects.get(slug="stoke")
    unit = stoke_team.unit
    region = unit.region
    today = timezone.localdate()
    bentilee = Neighbourhood.objects.get(name="Bentilee and Ubberley")
    abbey = Neighbourhood.objects.get(name="Abbey Hulton and Townsend")
    burslem = Neighbourhood.objects.get(name="Burslem")
    stoke = LocalAuthority.objects.get(code="E06000021")
    initiatives = list(RegionalInitiative.objects.filter(region=region).order_by("pk")[:1])

    busway = plan_save(
        actor=manager, region=region, title="North Stoke bus corridor", lead_body="West Midlands Combined Authority",
        summary="Bus priority and new stops from Bentilee to Hanley.", idea_on=today - 40 * WEEK,
        design_on=today - 20 * WEEK, design_freeze_on=today - 2 * WEEK, approval_on=today + 8 * WEEK,
        delivery_on=today + 30 * WEEK, initiatives=initiatives, authorities=[stoke],
        neighbourhoods=[bentilee, abbey, burslem],
    )  # fmt: skip
    listening = window_save(
        actor=manager, plan=busway, title="Listening meetings on the route", opens=today - 14 * WEEK,
        closes=today - 7 * WEEK, method="listening_meeting", team=stoke_team, neighbourhoods=[bentilee, abbey],
        groups=list(CommunityGroup.objects.filter(team=stoke_team).order_by("pk")[:3]),
    )  # fmt: skip
    you_said = you_said_save(
        actor=lead, window=listening, asked="Where should the stops go, and what would make the buses work for you?",
        themes=[{"theme": "Stops too far apart", "count": 41}, {"theme": "Evening services", "count": 27},
                {"theme": "Step-free access", "count": 12}],
        quotes="I would take the bus to work if there were one after six.\nThe stop by the shops matters most.",
        changed="A stop added at Bentilee shops; evening buses to 11pm in the first year.",
        not_changed="The route through Abbey Hulton stays on the main road: the side streets are too narrow.",
    )  # fmt: skip
    you_said_publish(actor=lead, record=you_said)
    homes = plan_save(
        actor=manager, region=region, title="Burslem riverside homes", lead_body="Stoke-on-Trent City Council",
        idea_on=today - 30 * WEEK, design_on=today - 10 * WEEK, design_freeze_on=today + 6 * WEEK,
        authorities=[stoke], neighbourhoods=[burslem],
    )  # fmt: skip
    window_save(
        actor=manager, plan=homes, title="Online survey", opens=today - 2 * WEEK, closes=today + 4 * WEEK,
        method="online", team=stoke_team, neighbourhoods=[burslem],
    )  # fmt: skip
    signed = assessment_save(
        actor=manager, plan=busway, neighbourhood=bentilee, jobs_income="positive", services="positive",
        environment="negative", environment_mitigation="Electric buses only on the corridor from the start.",
        community_infrastructure="none", evidence="Route study and the listening meetings.",
    )  # fmt: skip
    assessment_sign_off(actor=manager, assessment=signed)
    assessment_save(
        actor=manager, plan=busway, neighbourhood=abbey, jobs_income="positive",
        community_infrastructure="negative", evidence="The community centre's car park is on the route.",
    )  # fmt: skip

    steering = steering_group_save(
        actor=lead, team=stoke_team, name="Stoke CCB steering group", term_start=today - 30 * WEEK,
        term_end=today + 74 * WEEK,
    )  # fmt: skip
    seats = [seat_add(actor=lead, steering_group=steering, kind="resident", neighbourhood=h)
             for h in (bentilee, bentilee, abbey, burslem)]  # fmt: skip
    seats += [
        seat_add(actor=lead, steering_group=steering, kind="community_group", group=g)
        for g in CommunityGroup.objects.filter(team=stoke_team).order_by("pk")[:3]
    ]
    bodies = list(PublicBody.objects.filter(region=region).order_by("pk"))
    seats += [
        seat_add(actor=lead, steering_group=steering, kind="public_body", public_body=b) for b in bodies[:3]
    ]
    seats.append(
        seat_add(actor=lead, steering_group=steering, kind="other", organisation="Staffordshire University")
    )
    steering_group_save(actor=lead, group=steering, chair=seats[0])
    meeting = meeting_save(
        actor=lead, steering_group=steering, title="Quarterly meeting", held_on=today - 3 * WEEK, attended=seats[:8],
        decisions="Back the bus corridor's added stop; ask the council for the riverside survey on paper too.",
    )  # fmt: skip
    meeting_action_add(
        actor=lead, meeting=meeting, what="Print the riverside survey for the library", assigned_to=worker,
        due=today + WEEK,
    )  # fmt: skip
    meeting_save(
        actor=manager, unit=unit, title="Bus corridor: combined authority and residents", held_on=today - 9 * WEEK,
        plan=busway, public_bodies=bodies[:1], neighbourhoods=[bentilee, abbey],
        others_present="West Midlands Combined Authority transport team",
        decisions="The combined authority will publish the stop plan before the design freeze.",
    )  # fmt: skip
    out(
        "Regional work: 2 plans with 2 consultation windows (one published), 2 impact assessments, "
        f"a steering group of {len(seats)} seats and 2 meetings"
    )
