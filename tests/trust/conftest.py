"""A planted world for the access tests: one record of every kind in each of three teams.

Team A1 is "own team" for its worker and lead, team A2 is another team of the same unit and team B1
is a team of another unit in another region. Every text a record carries includes its team's marker,
so a page, a list or an export that shows another team's record can be caught by searching for it.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile

from coprod.core.periods import Quarter
from coprod.engagements.models import ActivityType
from coprod.engagements.services import (
    engagement_log,
    follow_up_create,
    volunteer_return_record,
    work_programme_save,
)
from coprod.funding.models import FundingStream
from coprod.funding.services import allocation_save, initiative_save, proposal_save
from coprod.groups.models import PossibleDuplicate
from coprod.groups.services import contact_add, group_create, venue_save
from coprod.neighbourhoods.services import baseline_take
from coprod.outcomes.models import Indicator
from coprod.outcomes.services import (
    group_outcome_record,
    indicator_define,
    involvement_record,
    measurement_record,
    story_write,
    target_set,
)
from coprod.places.models import PublicBody
from coprod.publicservices.services import (
    capacity_reading_save,
    frontline_hours_record,
    offer_save,
    public_body_save,
    referral_count_save,
)
from coprod.regionalwork.services import (
    assessment_save,
    assessment_sign_off,
    meeting_save,
    plan_save,
    seat_add,
    steering_group_save,
    window_save,
    you_said_publish,
    you_said_save,
)
from coprod.reporting.choices import ReportStatus
from coprod.reporting.models import Report
from coprod.resources.models import RegionalGva
from coprod.resources.services import (
    growth_rule_save,
    levy_receipt_save,
    local_opportunity_save,
    remittance_agreement_save,
    remittance_save,
    savings_claim_save,
    unit_cost_save,
)
from coprod.units.choices import Role
from tests.units.factories import UserFactory, member

TODAY = datetime.date.today()
MONTH_AGO = TODAY - datetime.timedelta(days=30)

# What each team's records say about themselves. The other team's and the other region's markers are
# the sentinels: a user of team A1 must never meet them; nobody outside the team meets PERSONAL ones.
MARKERS = {"a1": "OWNTEAMMARK", "a2": "SENTINELOTHERTEAM", "b1": "SENTINELOTHERREGION"}
PERSONAL = {"a1": "PERSONALOWNNOTE", "a2": "PERSONALOTHERTEAMNOTE", "b1": "PERSONALOTHERREGIONNOTE"}
# Regional money and proposals are read across the region, so their records carry a marker of their own.
MONEY = {"a1": "MONEYMARKOWNTEAM", "a2": "MONEYMARKOTHERTEAM", "b1": "SENTINELMONEYOTHERREGION"}
SCOPES = {"own_team": "a1", "other_team": "a2", "other_region": "b1"}


# Long-term resources are a region's records: the two teams of unit A share one region, so each team's
# records take years of their own (and a second batch ten years earlier) to keep the keys unique.
RESOURCE_YEARS = {"a1": 2019, "a2": 2018, "b1": 2019}


def plant_resources(key: str, team, *, manager, cash: str, initiative, suffix: str = "") -> dict:
    """A region's long-term resources: GVA, a growth dividend rule, a unit cost, an agreement, a claim,
    and on the team's initiative a levy receipt, a remittance from the claim and local opportunity."""
    region = team.unit.region
    year = RESOURCE_YEARS[key] - (10 if suffix else 0)
    gva = RegionalGva.objects.create(
        region=region, year=year, prices="current", value=Decimal("56008"), source=f"{cash} GVA"
    )
    rule = growth_rule_save(
        actor=manager, region=region, base_year=year, base_funding=Decimal("1000000.00"), prices="current",
        notes=f"{cash} rule",
    )  # fmt: skip
    unit_cost = unit_cost_save(
        actor=manager, region=region, service=f"{cash} service", unit="GP appointment", cost=Decimal("42"),
        source=f"{cash} source", year=2021, price_base="2021/22 prices",
    )  # fmt: skip
    agreement = remittance_agreement_save(
        actor=manager, region=region, public_body=f"{cash} board", share=Decimal("25")
    )
    claim = savings_claim_save(
        actor=manager, region=region, period_start=MONTH_AGO, period_end=TODAY, outcome=f"{cash} claim",
        quantity=Decimal("480"), unit_cost=unit_cost, attribution=Decimal("50"), deadweight=Decimal("20"),
        remittance_agreement=agreement,
    )  # fmt: skip
    receipt = levy_receipt_save(
        actor=manager, initiative=initiative, source=f"{cash} developer", scheme=f"{cash} levy scheme",
        amount=Decimal("300.00"), received_on=TODAY,
    )  # fmt: skip
    remittance = remittance_save(
        actor=manager, initiative=initiative, agreement=agreement, claims=[claim], amount=Decimal("200.00"),
        remitted_on=TODAY,
    )  # fmt: skip
    opportunity = local_opportunity_save(
        actor=manager, initiative=initiative, period_start=MONTH_AGO, period_end=TODAY, jobs_offered=40,
        jobs_filled=12, placements_offered=10, placements_filled=5, local_spend=Decimal("250000.00"),
        total_spend=Decimal("2000000.00"), notes=f"{cash} opportunity",
    )  # fmt: skip
    return {
        "levy_receipt": receipt,
        "remittance": remittance,
        "local_opportunity": opportunity,
        "gva": gva,
        "growth_rule": rule,
        "unit_cost": unit_cost,
        "remittance_agreement": agreement,
        "savings_claim": claim,
    }


def plant_regional_work(team, hood, group, *, lead, manager, mark: str, cash: str, money: bool) -> dict:
    """The region's plans (with the money: read across the region), a window the team facilitates with
    its "you said, we did", a draft and a signed-off assessment of the team's neighbourhood, and the
    team's steering group, a seat and a meeting (the team's: its lead keeps them)."""
    records: dict = {}
    if money:
        region = team.unit.region
        plans = [
            plan_save(
                actor=manager,
                region=region,
                title=f"{cash} Plan {n}",
                lead_body=cash,
                idea_on=MONTH_AGO,
                design_freeze_on=TODAY + datetime.timedelta(days=90),
                neighbourhoods=[hood],
            )  # fmt: skip
            for n in (1, 2, 3)
        ]
        window = window_save(
            actor=manager, plan=plans[0], title=f"{cash} Window", opens=MONTH_AGO,
            closes=TODAY - datetime.timedelta(days=1),
            method="survey", team=team, neighbourhoods=[hood], groups=[group],
        )  # fmt: skip
        you_said = you_said_save(actor=lead, window=window, asked=f"{cash} asked", changed=f"{cash} changed")
        you_said_publish(actor=lead, record=you_said)  # published: anyone may read its page
        draft = assessment_save(
            actor=manager, plan=plans[1], neighbourhood=hood, services="positive", evidence=f"{cash} evidence"
        )
        signed = assessment_save(actor=manager, plan=plans[2], neighbourhood=hood, environment="positive")
        assessment_sign_off(actor=manager, assessment=signed)
        records = {
            "plan": plans[0],
            "consultation": window,
            "you_said": you_said,
            "impact_assessment": draft,
            "signed_assessment": signed,
        }
    steering = steering_group_save(
        actor=lead, team=team, name=f"{mark} Steering Group", term_start=MONTH_AGO,
        term_end=TODAY + datetime.timedelta(days=700),
    )  # fmt: skip
    seat = seat_add(actor=lead, steering_group=steering, kind="resident", neighbourhood=hood)
    meeting = meeting_save(
        actor=lead, steering_group=steering, title=f"{mark} Meeting", held_on=TODAY, attended=[seat],
        neighbourhoods=[hood], decisions=mark,
    )  # fmt: skip
    return records | {"steering_group": steering, "seat": seat, "meeting": meeting}


def plant_team(key: str, team, hood, *, lead, worker, manager, suffix: str = "", money: bool = True) -> dict:
    """One record of every kind for a team, written through the services as its own people would."""
    mark, personal, cash = MARKERS[key], PERSONAL[key], MONEY[key]
    if suffix:  # a second batch: the same markers, names that do not collide
        mark, personal, cash = f"{mark} {suffix}", f"{personal} {suffix}", f"{cash} {suffix}"
    hood.name = f"{mark} Neighbourhood"
    hood.save(update_fields=["name"])
    outreach = ActivityType.objects.get(slug="outreach")
    group = group_create(
        actor=worker,
        team=team,
        name=f"{mark} Community Pantry",
        neighbourhoods=[hood],
        notes=f"{personal} group notes",
    )
    contact = contact_add(actor=worker, group=group, name=f"{personal} Contact", email="contact@example.org")
    venue = venue_save(
        actor=worker, team=team, name=f"{mark} Hall", kind="community_centre", groups=[group], notes=mark
    )
    engagement, _ = engagement_log(
        worker=worker,
        team=team,
        date=TODAY,
        neighbourhood=hood,
        groups=[group],
        activity_type=outreach,
        dimension="groups",
        minutes=97,
        people_present=7,
        new_people=3,
        tags=[mark.lower()],
        notes=f"{personal} met the residents; {mark}",
    )
    follow_up = follow_up_create(
        actor=worker,
        team=team,
        what=f"{mark} call back",
        assigned_to=worker,
        due=TODAY,
        engagement=engagement,
    )
    programme = work_programme_save(
        actor=lead,
        team=team,
        name=f"{mark} Programme",
        start=MONTH_AGO,
        end=TODAY + datetime.timedelta(days=365),
        neighbourhoods=[hood],
        planned_hours=Decimal(100),
    )
    volunteer_return = volunteer_return_record(
        actor=worker, group=group, start=MONTH_AGO, end=TODAY, hours=Decimal("313.5"), volunteers=11,
        source="estimate",
    )  # fmt: skip
    indicator = indicator_define(
        actor=lead, team=team, name=f"{mark} Indicator", definition=mark, unit="count", direction="higher"
    )
    belonging = Indicator.objects.get(code="cls-belong")
    measurement, _ = measurement_record(
        actor=worker,
        indicator=belonging,
        neighbourhood=hood,
        period_start=MONTH_AGO,
        period_end=TODAY - datetime.timedelta(days=1),
        value=Decimal("57.3"),
        source="survey",
        sample_size=90,
    )
    target = target_set(
        actor=lead, work_programme=programme, indicator=belonging, neighbourhood=hood,
        baseline_value=Decimal(50), baseline_on=MONTH_AGO, target_value=Decimal(70),
        target_on=TODAY + datetime.timedelta(days=300), notes=mark,
    )  # fmt: skip
    outcome = group_outcome_record(
        actor=worker, group=group, category="mutual_aid", achieved_on=TODAY, evidence=f"{mark} evidence"
    )
    involvement = involvement_record(
        actor=worker, neighbourhood=hood, period_start=MONTH_AGO, period_end=TODAY, intensive=41, regular=5
    )
    story = story_write(
        actor=worker, neighbourhood=hood, title=f"{mark} Story", body=f"{mark} story body", told_on=TODAY
    )
    proposal = initiative = allocation = None
    resources: dict = {}
    if money:  # the region's money and proposals, read across the region
        proposal = proposal_save(
            actor=lead, team=team, title=f"{cash} Proposal", neighbourhood=hood, groups=[group],
            amount_sought=Decimal("12345.00"), description=cash,
        )  # fmt: skip
        initiative = initiative_save(
            actor=manager, region=team.unit.region, title=f"{cash} Initiative",
            slug=f"{team.slug}-initiative{suffix}", lead_body=cash,
            funding_stream=FundingStream.objects.get(slug="town-deals"),
            capital=Decimal("100000.00"), revenue=Decimal(0), start=MONTH_AGO,
            end=TODAY + datetime.timedelta(days=700), description=cash,
        )  # fmt: skip
        allocation = allocation_save(
            actor=manager, initiative=initiative, amount=Decimal("777.77"), date=TODAY,
            category="capacity_building", state="committed", title=f"{cash} Allocation",
            recipient_name=f"{cash} recipient",
            neighbourhoods=[hood], groups=[group],
        )  # fmt: skip
        resources = plant_resources(
            key, team, manager=manager, cash=cash, initiative=initiative, suffix=suffix
        )
    baseline = baseline_take(actor=lead, neighbourhood=hood, notes=mark)
    # The region's public bodies are read across the region, as its money is: planted with it.
    body = police = None
    if money:
        body = public_body_save(
            actor=manager, region=team.unit.region, kind="primary_care_network", name=f"{cash} PCN",
            ods_code=f"U{10000 + team.pk * 10 + len(suffix)}", authorities=[team.host_authority],
        )  # fmt: skip
        police = public_body_save(
            actor=manager, region=team.unit.region, kind="police_neighbourhood_team", name=f"{cash} Police",
        )  # fmt: skip
    else:
        police = PublicBody.objects.filter(region=team.unit.region).order_by("pk").last()
    frontline = frontline_hours_record(
        actor=worker, team=team, public_body=police, role="PCSO", neighbourhood=hood,
        period_start=Quarter.containing(TODAY).start, period_end=TODAY, hours=Decimal("12.5"),
    )  # fmt: skip
    offer = offer_save(actor=lead, group=group, name=f"{mark} Lunch Club", neighbourhood=hood, places_week=20)
    reading = capacity_reading_save(actor=lead, offer=offer, on=TODAY, places_filled=20, waiting_list=6)
    quarter = Quarter.containing(TODAY)
    referrals = referral_count_save(
        actor=lead, offer=offer, period_start=quarter.start, period_end=quarter.end,
        source="social_prescribing", received=30, accepted=21, declined_full=9,
    )  # fmt: skip
    regional = plant_regional_work(
        team, hood, group, lead=lead, manager=manager, mark=mark, cash=cash, money=money
    )
    twin = group_create(actor=worker, team=team, name=f"{mark} Community Pantry Too")
    duplicate = PossibleDuplicate.objects.get(group=twin, other=group)  # flagged when the twin was added
    return {
        "team": team,
        "neighbourhood": hood,
        "group": group,
        "contact": contact,
        "venue": venue,
        "engagement": engagement,
        "follow_up": follow_up,
        "work_programme": programme,
        "volunteer_return": volunteer_return,
        "indicator": indicator,
        "measurement": measurement,
        "target": target,
        "group_outcome": outcome,
        "involvement": involvement,
        "story": story,
        "proposal": proposal,
        "initiative": initiative,
        "allocation": allocation,
        "baseline": baseline,
        "offer": offer,
        "public_body": body,
        "frontline_hours": frontline,
        "capacity_reading": reading,
        "referral_count": referrals,
        "duplicate": duplicate,
        "lead": lead,
        "twin": twin,
        "group_upload": str(uuid.uuid4()),
        "measurement_upload": str(uuid.uuid4()),
        "referral_upload": str(uuid.uuid4()),
        **resources,
        **regional,
    }


UPLOADS = {
    "group_upload": ("imports", "name\n"),
    "measurement_upload": (
        "measurement-imports",
        "neighbourhood,indicator,period_start,period_end,value,source\n",
    ),
    "referral_upload": ("referral-imports", "offer,source,period start,period end,received\n"),
}


def plant_uploads(planted) -> None:
    """Each team lead's pending imports: an uploaded file waiting for its confirmation."""
    for records in planted["records"].values():
        for name, (folder, header) in UPLOADS.items():
            path = (
                Path(django_settings.MEDIA_ROOT) / folder / str(records["lead"].pk) / f"{records[name]}.csv"
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(header)


@pytest.fixture
def planted(world, settings, tmp_path):
    """The world of tests/conftest.py with a record of every kind in teams A1, A2 and B1, a ready
    progress report for each unit, and people to act as: the five roles in unit A (worker and lead of
    team A1), a user with no membership, and the anonymous visitor (None)."""
    settings.MEDIA_ROOT = tmp_path
    teams, hoods, people = world["teams"], world["hoods"], world["people"]
    leads = {"a1": people["lead"], "a2": member(Role.TEAM_LEAD, team=teams["a2"])}
    leads["b1"] = member(Role.TEAM_LEAD, team=teams["b1"])
    workers = {"a1": people["worker"], "a2": people["worker_a2"], "b1": people["worker_b"]}
    managers = {"a": people["manager"], "b": member(Role.UNIT_MANAGER, unit=world["units"]["b"])}
    records = {}
    for key, team in teams.items():
        records[key] = plant_team(
            key, team, hoods[key], lead=leads[key], worker=workers[key], manager=managers[key[0]]
        )
    reports = {}
    for key, unit in world["units"].items():
        report = Report.objects.create(
            unit=unit,
            period="2024-25-Q4",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 3, 31),
            status=ReportStatus.READY,
        )
        report.pdf.save(f"{unit.slug}.pdf", ContentFile(b"%PDF-1.7\n% a stand-in\n"), save=True)
        reports[key] = report
    records["a1"]["report"] = records["a2"]["report"] = reports["a"]
    records["b1"]["report"] = reports["b"]
    roles = {
        "worker": people["worker"],
        "team_lead": people["lead"],
        "unit_manager": people["manager"],
        "regional_director": people["director"],
        "administrator": people["admin"],
        "no_membership": UserFactory(),
        "anonymous": None,
    }
    result = {
        "records": {scope: records[key] for scope, key in SCOPES.items()},
        "roles": roles,
        "world": world,
        "workers": workers,
        "leads": leads,
    }
    plant_uploads(result)
    return result
