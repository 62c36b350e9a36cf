"""The demo's places, units, teams, people, neighbourhoods and baselines.

Two units of three teams each: Stoke-on-Trent, Newcastle-under-Lyme and Wolverhampton (West Midlands);
Redcar and Cleveland, Middlesbrough and Hartlepool (North East), with their wards, LSOAs and IMD 2019
deciles taken from the ONS lookup and the MHCLG IMD file. The neighbourhoods of the Newcastle-under-Lyme,
Wolverhampton, Middlesbrough and Hartlepool teams are wards with the largest shares of LSOAs in IMD
deciles 1 and 2 in their authorities.
"""

import datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from coprod.core.periods import month_start
from coprod.neighbourhoods.services import (
    baseline_sign_off,
    baseline_take,
    neighbourhood_create,
)
from coprod.places.models import LocalAuthority, Region, Ward
from coprod.places.services import geography_import, imd_import
from coprod.units.choices import Role
from coprod.units.models import CoProductionUnit
from coprod.units.services import membership_grant, team_create, unit_create, user_create

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"
DEMO_PASSWORD = "coprod-demo-2026"  # noqa: S105 (printed for the demo on purpose)
START = datetime.date(2026, 4, 1)

UNITS = [
    # region, unit name, unit slug, teams:
    #   (authority code, team name, team slug, neighbourhoods: (name, wards, priority))
    (
        "E12000005",
        "West Midlands Co-Production Unit",
        "west-midlands",
        [
            (
                "E06000021",
                "Stoke-on-Trent CCB Team",
                "stoke",
                [
                    ("Bentilee and Ubberley", ["Bentilee and Ubberley"], True),
                    ("Abbey Hulton and Townsend", ["Abbey Hulton and Townsend"], True),
                    ("Burslem", ["Burslem Central", "Ford Green and Smallthorne"], False),
                ],
            ),
            (
                "E07000195",
                "Newcastle-under-Lyme CCB Team",
                "newcastle",
                [
                    ("Knutton", ["Knutton"], True),
                    ("Crackley and Red Street", ["Crackley & Red Street"], False),
                ],
            ),
            (
                "E08000031",
                "Wolverhampton CCB Team",
                "wolves",
                [
                    ("East Park", ["East Park"], True),
                    ("St Peter's", ["St Peter's"], False),
                ],
            ),
        ],
    ),
    (
        "E12000001",
        "North East Co-Production Unit",
        "north-east",
        [
            (
                "E06000003",
                "Redcar and Cleveland CCB Team",
                "redcar",
                [
                    ("Greater Eston", ["Grangetown", "South Bank", "Eston"], True),
                    ("Dormanstown and Kirkleatham", ["Dormanstown", "Kirkleatham"], False),
                ],
            ),
            (
                "E06000002",
                "Middlesbrough CCB Team",
                "middlesbrough",
                [
                    ("Newport", ["Newport"], True),
                    ("Brambles and Thorntree", ["Brambles & Thorntree"], False),
                ],
            ),
            (
                "E06000001",
                "Hartlepool CCB Team",
                "hartlepool",
                [
                    ("Manor House", ["Manor House"], True),
                    ("De Bruce", ["De Bruce"], False),
                ],
            ),
        ],
    ),
]
# Every team's slug, in the order of UNITS.
TEAMS = [team_slug for *_, teams in UNITS for _, _, team_slug, _ in teams]

USERS = [
    # username, first name, last name, role, unit slug or team slug
    ("admin", "Alex", "Administrator", Role.ADMINISTRATOR, None),
    ("wm.director", "Priya", "Sharma", Role.REGIONAL_DIRECTOR, "west-midlands"),
    ("wm.manager", "Tom", "Bailey", Role.UNIT_MANAGER, "west-midlands"),
    ("stoke.lead", "Joanne", "Platt", Role.TEAM_LEAD, "stoke"),
    ("stoke.worker", "Sam", "Hughes", Role.WORKER, "stoke"),
    ("stoke.worker2", "Kelly", "Birch", Role.WORKER, "stoke"),
    ("newcastle.lead", "Gareth", "Plant", Role.TEAM_LEAD, "newcastle"),
    ("newcastle.worker", "Nadia", "Hussain", Role.WORKER, "newcastle"),
    ("newcastle.worker2", "Becky", "Lowe", Role.WORKER, "newcastle"),
    ("wolves.lead", "Harjit", "Sandhu", Role.TEAM_LEAD, "wolves"),
    ("wolves.worker", "Marcus", "Campbell", Role.WORKER, "wolves"),
    ("wolves.worker2", "Emma", "Price", Role.WORKER, "wolves"),
    ("ne.director", "David", "Armstrong", Role.REGIONAL_DIRECTOR, "north-east"),
    ("ne.manager", "Claire", "Robson", Role.UNIT_MANAGER, "north-east"),
    ("redcar.lead", "Mark", "Lowther", Role.TEAM_LEAD, "redcar"),
    ("redcar.worker", "Aisha", "Khan", Role.WORKER, "redcar"),
    ("redcar.worker2", "Liam", "Dobson", Role.WORKER, "redcar"),
    ("middlesbrough.lead", "Sarah", "Hetherington", Role.TEAM_LEAD, "middlesbrough"),
    ("middlesbrough.worker", "Kwame", "Mensah", Role.WORKER, "middlesbrough"),
    ("middlesbrough.worker2", "Laura", "Pearson", Role.WORKER, "middlesbrough"),
    ("hartlepool.lead", "Steven", "Bell", Role.TEAM_LEAD, "hartlepool"),
    ("hartlepool.worker", "Gemma", "Wilkinson", Role.WORKER, "hartlepool"),
    ("hartlepool.worker2", "Ryan", "Atkinson", Role.WORKER, "hartlepool"),
]


def first_month(today: datetime.date) -> datetime.date:
    """The first day of the demo's contacts: they cover the twelve months up to today's (this one to
    date), the months the dashboard's trend shows."""
    return month_start(today) - relativedelta(months=11)


def load(out) -> None:
    """Load this part of the demo; `out` is a function that reports progress."""
    geo = geography_import(source=DEMO_DIR / "lsoa11_ward19_lad19_demo.csv")
    imd = imd_import(source=DEMO_DIR / "imd2019_demo.csv", edition=2019)
    # The real mid-2015 populations of the same LSOAs (IoD 2019 File 6), so density and every
    # per-head figure are the places' own.
    people = imd_import(source=DEMO_DIR / "imd2019_population_demo.csv", edition=2019)
    out(f"Geography: {geo.line()}")
    out(f"IMD 2019: {imd.line()}")
    out(f"IMD 2019 populations: {people.line()}")
    users = {
        username: user_create(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
        )
        for username, first, last, _, _ in USERS
    }
    units, teams = {}, {}
    for region_code, unit_name, unit_slug, unit_teams in UNITS:
        units[unit_slug] = unit_create(
            region=Region.objects.get(code=region_code), name=unit_name, slug=unit_slug
        )
        for lad_code, team_name, team_slug, _ in unit_teams:
            authority = LocalAuthority.objects.get(code=lad_code, year=2019)
            teams[team_slug] = team_create(
                unit=units[unit_slug],
                name=team_name,
                slug=team_slug,
                authorities=[authority],
                host_authority=authority,
            )
    # Everyone joined by START, or earlier when the demo's contacts begin before it.
    joined = min(START, first_month(timezone.localdate()))
    for username, _, _, role, where in USERS:
        membership_grant(
            user=users[username],
            role=role,
            team=None if where is None else teams.get(where),
            unit=None if where is None else units.get(where),
            start_date=joined,
        )
    for *_, unit_teams in UNITS:
        for _, _, team_slug, neighbourhoods in unit_teams:
            team = teams[team_slug]
            lead = users[f"{team_slug}.lead"]
            for name, ward_names, priority in neighbourhoods:
                wards = list(
                    Ward.objects.filter(name__in=ward_names, local_authority__in=team.authorities.all())
                )
                neighbourhood = neighbourhood_create(
                    actor=lead, team=team, name=name, wards=wards, priority=priority
                )
                if priority:
                    draft = baseline_take(actor=lead, neighbourhood=neighbourhood, taken_on=START)
                    baseline_sign_off(actor=lead, baseline=draft)


def is_loaded() -> bool:
    return CoProductionUnit.objects.filter(slug="west-midlands").exists()
