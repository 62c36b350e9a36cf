"""The demo's community groups and venues: made-up groups in the demo's real neighbourhoods."""

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from coprod.core.periods import last_closed_quarter
from coprod.groups.models import AreaOfWork
from coprod.groups.services import contact_add, group_create, link_add, venue_save
from coprod.neighbourhoods.models import Neighbourhood
from coprod.units.models import Team

ESTIMATED = datetime.date(2026, 6, 30)

GROUPS: list[tuple[str, str, str, dict[str, Any]]] = [
    # team, neighbourhood, name, fields
    ("stoke", "Bentilee and Ubberley", "Bentilee Community Food Pantry", {
        "legal_form": "informal_group", "income_band": "micro", "volunteers": 12,
        "volunteer_hours_week": Decimal("40"), "areas": ["community-development", "health-wellbeing"],
        "statutory_relationship": "neutral", "premises": "community_venue", "support_intensity": "intensive",
        "started": datetime.date(2026, 5, 10), "founded_year": 2026,
    }),
    ("stoke", "Bentilee and Ubberley", "Friends of Bentilee Park", {
        "legal_form": "unincorporated_association", "income_band": "micro", "volunteers": 8,
        "volunteer_hours_week": Decimal("10"), "areas": ["environment", "leisure-sport"],
        "user_group_kind": "friends_of_park", "statutory_relationship": "positive",
        "support_intensity": "light",
    }),
    ("stoke", "Abbey Hulton and Townsend", "St Mary's Tenants' Association", {
        "legal_form": "unincorporated_association", "income_band": "micro", "volunteers": 6,
        "volunteer_hours_week": Decimal("12"), "areas": ["housing", "cohesion"],
        "user_group_kind": "tenants_association", "statutory_relationship": "negative",
        "support_intensity": "moderate", "founded_year": 1987,
    }),
    ("stoke", "Abbey Hulton and Townsend", "Abbey Hulton Youth Football Club", {
        "legal_form": "unincorporated_association", "income_band": "small", "volunteers": 15,
        "volunteer_hours_week": Decimal("45"), "areas": ["leisure-sport"], "statutory_relationship": "none",
        "support_intensity": "moderate",
    }),
    ("stoke", "Burslem", "Burslem Men's Shed", {
        "legal_form": "unincorporated_association", "income_band": "micro", "volunteers": 9,
        "volunteer_hours_week": Decimal("18"), "areas": ["health-wellbeing", "training"],
        "statutory_relationship": "none", "premises": "rented", "support_intensity": "light",
        "anonymous_in_publications": True,
    }),
    ("redcar", "Greater Eston", "Grangetown Residents' Forum", {
        "legal_form": "unincorporated_association", "income_band": "micro", "volunteers": 10,
        "volunteer_hours_week": Decimal("20"), "areas": ["community-development", "cohesion"],
        "statutory_relationship": "neutral", "support_intensity": "intensive",
        "started": datetime.date(2026, 6, 2), "founded_year": 2026,
    }),
    ("redcar", "Greater Eston", "South Bank Allotment Society", {
        "legal_form": "unincorporated_association", "income_band": "micro", "volunteers": 14,
        "volunteer_hours_week": Decimal("35"), "areas": ["environment"], "statutory_relationship": "none",
        "support_intensity": "light", "premises": "rented",
    }),
    ("redcar", "Dormanstown and Kirkleatham", "Dormanstown Over-60s Club", {
        "legal_form": "informal_group", "income_band": "micro", "volunteers": 4,
        "volunteer_hours_week": Decimal("6"), "areas": ["health-wellbeing"], "status": "dormant",
        "statutory_relationship": "none", "support_intensity": "none",
    }),
    ("newcastle", "Knutton", "Knutton Community Cafe", {
        "legal_form": "informal_group", "income_band": "micro", "volunteers": 7,
        "volunteer_hours_week": Decimal("14"), "areas": ["community-development", "health-wellbeing"],
        "statutory_relationship": "neutral", "premises": "community_venue", "support_intensity": "intensive",
        "started": datetime.date(2026, 4, 22), "founded_year": 2026,
    }),
    ("newcastle", "Knutton", "Knutton Village Residents' Association", {
        "legal_form": "unincorporated_association", "income_band": "micro", "volunteers": 5,
        "volunteer_hours_week": Decimal("8"), "areas": ["housing", "cohesion"],
        "user_group_kind": "tenants_association", "statutory_relationship": "neutral",
        "support_intensity": "moderate", "founded_year": 1998,
    }),
    ("newcastle", "Crackley and Red Street", "Red Street Community Centre Trust", {
        "legal_form": "cio", "income_band": "small", "volunteers": 18,
        "volunteer_hours_week": Decimal("40"), "areas": ["culture-arts", "leisure-sport"],
        "statutory_relationship": "positive", "premises": "own", "support_intensity": "light",
        "founded_year": 2012,
    }),
    ("newcastle", "Crackley and Red Street", "Crackley Walking Group", {
        "legal_form": "informal_group", "income_band": "micro", "volunteers": 3,
        "volunteer_hours_week": Decimal("4"), "areas": ["health-wellbeing", "leisure-sport"],
        "status": "forming", "statutory_relationship": "none", "premises": "none",
        "support_intensity": "light",
    }),
    ("wolves", "East Park", "East Park Community Larder", {
        "legal_form": "informal_group", "income_band": "micro", "volunteers": 9,
        "volunteer_hours_week": Decimal("22"), "areas": ["community-development", "health-wellbeing"],
        "statutory_relationship": "neutral", "premises": "community_venue", "support_intensity": "intensive",
        "started": datetime.date(2026, 5, 18), "founded_year": 2026,
    }),
    ("wolves", "East Park", "Friends of East Park", {
        "legal_form": "unincorporated_association", "income_band": "micro", "volunteers": 10,
        "volunteer_hours_week": Decimal("20"), "areas": ["environment", "cohesion"],
        "user_group_kind": "friends_of_park", "statutory_relationship": "positive",
        "support_intensity": "moderate", "founded_year": 2009,
    }),
    ("wolves", "St Peter's", "St Peter's Youth Boxing Academy", {
        "legal_form": "cic", "income_band": "small", "volunteers": 12,
        "volunteer_hours_week": Decimal("30"), "areas": ["leisure-sport", "education"],
        "statutory_relationship": "positive", "premises": "rented", "support_intensity": "moderate",
        "founded_year": 2017,
    }),
    ("wolves", "St Peter's", "City Centre Elders' Lunch Club", {
        "legal_form": "unincorporated_association", "income_band": "micro", "volunteers": 6,
        "volunteer_hours_week": Decimal("12"), "areas": ["health-wellbeing", "faith"],
        "statutory_relationship": "none", "premises": "community_venue", "support_intensity": "light",
    }),
    ("middlesbrough", "Newport", "Newport Community Garden", {
        "legal_form": "informal_group", "income_band": "micro", "volunteers": 8,
        "volunteer_hours_week": Decimal("16"), "areas": ["environment", "health-wellbeing"],
        "statutory_relationship": "neutral", "premises": "none", "support_intensity": "intensive",
        "started": datetime.date(2026, 6, 12), "founded_year": 2026,
    }),
    ("middlesbrough", "Newport", "Newport Road Residents' Association", {
        "legal_form": "unincorporated_association", "income_band": "micro", "volunteers": 6,
        "volunteer_hours_week": Decimal("10"), "areas": ["housing", "cohesion"],
        "user_group_kind": "tenants_association", "statutory_relationship": "negative",
        "support_intensity": "moderate", "founded_year": 2004,
    }),
    ("middlesbrough", "Brambles and Thorntree", "Brambles and Thorntree Community Association", {
        "legal_form": "registered_charity", "income_band": "medium", "volunteers": 20,
        "volunteer_hours_week": Decimal("60"), "areas": ["community-development", "education"],
        "statutory_relationship": "positive", "premises": "own", "support_intensity": "light",
        "founded_year": 1979,
    }),
    ("middlesbrough", "Brambles and Thorntree", "Thorntree Parent and Toddler Group", {
        "legal_form": "informal_group", "income_band": "micro", "volunteers": 4,
        "volunteer_hours_week": Decimal("6"), "areas": ["education", "health-wellbeing"],
        "statutory_relationship": "none", "premises": "community_venue", "support_intensity": "moderate",
    }),
    ("hartlepool", "Manor House", "Owton Manor Community Pantry", {
        "legal_form": "informal_group", "income_band": "micro", "volunteers": 10,
        "volunteer_hours_week": Decimal("25"), "areas": ["community-development", "economic-wellbeing"],
        "statutory_relationship": "neutral", "premises": "community_venue", "support_intensity": "intensive",
        "started": datetime.date(2026, 4, 28), "founded_year": 2026,
    }),
    ("hartlepool", "Manor House", "Manor House Residents' Association", {
        "legal_form": "unincorporated_association", "income_band": "micro", "volunteers": 7,
        "volunteer_hours_week": Decimal("9"), "areas": ["housing", "cohesion"],
        "user_group_kind": "tenants_association", "statutory_relationship": "neutral",
        "support_intensity": "moderate", "founded_year": 1992,
    }),
    ("hartlepool", "De Bruce", "Friends of Rift House Recreation Ground", {
        "legal_form": "unincorporated_association", "income_band": "micro", "volunteers": 6,
        "volunteer_hours_week": Decimal("8"), "areas": ["environment", "leisure-sport"],
        "user_group_kind": "friends_of_park", "statutory_relationship": "positive",
        "support_intensity": "light",
    }),
    ("hartlepool", "De Bruce", "De Bruce Walking Football", {
        "legal_form": "informal_group", "income_band": "unknown", "volunteers": 5,
        "volunteer_hours_week": Decimal("6"), "areas": ["leisure-sport", "health-wellbeing"],
        "statutory_relationship": "none", "premises": "rented", "support_intensity": "none",
    }),
]  # fmt: skip


def load(out) -> None:
    """Load this part of the demo; `out` is a function that reports progress."""
    users = get_user_model().objects
    areas = {a.slug: a for a in AreaOfWork.objects.all()}
    made = {}
    # The groups started with a team's help start in the last closed financial quarter, on the days
    # they would have in 2026/27 Q1, so the quarter's report counts them.
    shift = last_closed_quarter(timezone.localdate()).start - datetime.date(2026, 4, 1)
    for team_slug, hood_name, name, fields in GROUPS:
        team = Team.objects.get(slug=team_slug)
        worker = users.get(username=f"{team_slug}.worker")
        fields = dict(fields)
        started = fields.pop("started", None)
        if started:
            started += shift
            fields["founded_year"] = started.year
        made[name] = group_create(
            actor=worker,
            team=team,
            name=name,
            areas_of_work=[areas[slug] for slug in fields.pop("areas")],
            neighbourhoods=[Neighbourhood.objects.get(team=team, name=hood_name)],
            volunteer_estimate_on=ESTIMATED,
            volunteer_estimate_source="estimate",
            started_with_team=team if started else None,
            started_with_team_on=started,
            **fields,
        )
    stoke_worker = users.get(username="stoke.worker")
    contact_add(
        actor=stoke_worker,
        group=made["Bentilee Community Food Pantry"],
        name="Dawn Fielding",
        role="Coordinator",
        email="pantry@example.org",
    )
    link_add(
        actor=stoke_worker,
        group=made["Bentilee Community Food Pantry"],
        kind="mentored_by",
        other=made["St Mary's Tenants' Association"],
    )
    # A second record of the same tenants' association, as a busy worker might type it: flagged.
    group_create(
        actor=stoke_worker,
        team=Team.objects.get(slug="stoke"),
        name="St Marys Tenants Association",
        neighbourhoods=[Neighbourhood.objects.get(team__slug="stoke", name="Abbey Hulton and Townsend")],
    )
    venue_save(
        actor=stoke_worker,
        team=Team.objects.get(slug="stoke"),
        name="Bentilee Neighbourhood Centre",
        kind="community_centre",
        owner="Stoke-on-Trent City Council",
        status="at_risk",
        lsoa=Neighbourhood.objects.get(team__slug="stoke", name="Bentilee and Ubberley").lsoas.order_by(
            "code"
        )[0],
        days_open_week=5,
        community_hire_rate=Decimal("12.00"),
        commercial_hire_rate=Decimal("35.00"),
        groups=[made["Bentilee Community Food Pantry"], made["Friends of Bentilee Park"]],
    )
    venue_save(
        actor=users.get(username="redcar.worker"),
        team=Team.objects.get(slug="redcar"),
        name="Grangetown Community Hall",
        kind="hall",
        owner="Grangetown Residents' Forum",
        status="transferred",
        asset_of_community_value=True,
        groups=[made["Grangetown Residents' Forum"]],
    )
    out(f"Community groups: {len(made) + 1}, one flagged as a possible duplicate; venues: 2")
