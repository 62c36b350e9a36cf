"""The demo's funding records (all made up): one initiative per demo region, one above and one below
10%, with allocations to the demo's neighbourhoods and groups, and proposals at several stages."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from coprod.funding.models import FundingStream
from coprod.funding.services import allocation_save, initiative_save, proposal_move, proposal_save
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import Region
from coprod.units.models import Team

D = datetime.date

INITIATIVES = [
    # manager, region code, title, stream, lead body, capital, revenue, start, end
    ("wm.manager", "E12000005", "Stoke-on-Trent Town Deal", "town-deals", "Stoke-on-Trent City Council",
     Decimal("1500000"), Decimal("500000"), D(2026, 4, 1), D(2029, 3, 31)),
    ("ne.manager", "E12000001", "Tees Valley Communities Fund", "uk-shared-prosperity-fund",
     "Tees Valley Combined Authority", Decimal("900000"), Decimal("600000"), D(2026, 4, 1), D(2028, 3, 31)),
]  # fmt: skip

ALLOCATIONS = [
    # initiative, amount, date, category, state, title, neighbourhoods, groups
    ("Stoke-on-Trent Town Deal", "150000.00", D(2026, 5, 1), "capacity_building", "committed",
     "CCB team in Bentilee and Abbey Hulton, three years", ["Bentilee and Ubberley", "Abbey Hulton and Townsend"], []),
    ("Stoke-on-Trent Town Deal", "35000.00", D(2026, 6, 15), "community_proposed", "spent",
     "Bentilee food pantry kitchen", ["Bentilee and Ubberley"], ["Bentilee Community Food Pantry"]),
    ("Stoke-on-Trent Town Deal", "25000.00", D(2026, 7, 1), "community_proposed", "committed",
     "Abbey Hulton youth football pitch drainage", ["Abbey Hulton and Townsend"], ["Abbey Hulton Youth Football Club"]),
    ("Stoke-on-Trent Town Deal", "640000.00", D(2026, 5, 20), "other", "committed",
     "Burslem town centre public realm", ["Burslem"], []),
    ("Tees Valley Communities Fund", "90000.00", D(2026, 5, 12), "capacity_building", "committed",
     "CCB team in Greater Eston", ["Greater Eston"], []),
    ("Tees Valley Communities Fund", "45000.00", D(2026, 8, 3), "community_proposed", "spent",
     "Grangetown residents' community hall repairs", ["Greater Eston"], ["Grangetown Residents' Forum"]),
    ("Tees Valley Communities Fund", "400000.00", D(2026, 6, 1), "other", "committed",
     "Skills hub", [], []),
]  # fmt: skip

PROPOSALS = [
    # team, neighbourhood, title, sought, initiative, groups, moves [(status, date)]
    ("stoke", "Bentilee and Ubberley", "Bentilee food pantry kitchen", "35000.00", "Stoke-on-Trent Town Deal",
     ["Bentilee Community Food Pantry"],
     [("in_development", D(2026, 4, 20)), ("submitted", D(2026, 5, 10)), ("accepted", D(2026, 5, 28)),
      ("funded", D(2026, 6, 15))]),
    ("stoke", "Abbey Hulton and Townsend", "Safer walking routes to school", "60000.00", "Stoke-on-Trent Town Deal",
     ["St Mary's Tenants' Association"], [("in_development", D(2026, 6, 1)), ("submitted", D(2026, 7, 20))]),
    ("stoke", "Burslem", "Men's Shed workshop", "12000.00", None, ["Burslem Men's Shed"], []),
    ("redcar", "Greater Eston", "Grangetown community hall repairs", "45000.00", "Tees Valley Communities Fund",
     ["Grangetown Residents' Forum"],
     [("in_development", D(2026, 4, 15)), ("submitted", D(2026, 5, 20)), ("accepted", D(2026, 7, 1)),
      ("funded", D(2026, 8, 3))]),
    ("redcar", "Dormanstown and Kirkleatham", "Dormanstown play area", "80000.00", "Tees Valley Communities Fund",
     [], [("in_development", D(2026, 4, 10)), ("submitted", D(2026, 5, 1)), ("declined", D(2026, 6, 12))]),
]  # fmt: skip


def load(out) -> None:
    """Add the demo's funding records; the places, teams, people and groups are already there."""
    users = get_user_model().objects
    initiatives = {}
    for manager_name, region, title, stream, lead_body, capital, revenue, start, end in INITIATIVES:
        initiatives[title] = initiative_save(
            actor=users.get(username=manager_name),
            region=Region.objects.get(code=region),
            title=title,
            funding_stream=FundingStream.objects.get(slug=stream),
            lead_body=lead_body,
            capital=capital,
            revenue=revenue,
            start=start,
            end=end,
        )
    proposals = {}
    for team_slug, hood, title, sought, initiative_title, groups, moves in PROPOSALS:
        team = Team.objects.get(slug=team_slug)
        worker = users.get(username=f"{team_slug}.worker")
        proposal = proposal_save(
            actor=worker,
            team=team,
            title=title,
            neighbourhood=Neighbourhood.objects.get(team=team, name=hood),
            amount_sought=Decimal(sought),
            initiative=None if initiative_title is None else initiatives.get(initiative_title),
            groups=CommunityGroup.objects.filter(team=team, name__in=groups),
            on=D(2026, 4, 2),
        )
        for status, day in moves:
            proposal_move(actor=worker, proposal=proposal, to=status, on=day)
        proposals[title] = proposal
    for title, amount, day, category, state, what, hoods, groups in ALLOCATIONS:
        initiative = initiatives[title]
        manager = users.get(username="wm.manager" if initiative.region.code == "E12000005" else "ne.manager")
        allocation_save(
            actor=manager,
            initiative=initiative,
            amount=Decimal(amount),
            date=day,
            category=category,
            state=state,
            title=what,
            neighbourhoods=Neighbourhood.objects.filter(name__in=hoods),
            groups=CommunityGroup.objects.filter(name__in=groups),
            proposal=next((p for p in proposals.values() if p.title == what), None),
        )
    out(
        f"Funding: {len(initiatives)} initiatives (one at 10.5%, one at 9%), {len(ALLOCATIONS)} allocations, "
        f"{len(proposals)} proposals"
    )
