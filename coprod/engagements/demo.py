"""The demo's contacts, follow-ups, work programmes and volunteer-hour returns (all made up).

Stoke's hand-written contacts tell the story of its food pantry; beside them every team's lead and
workers log contacts month by month over the twelve months up to today (neighbourhoods.demo.first_month),
made from the patterns below with a fixed seed, so every load of the demo on the same day gives the
same contacts. Each goes through engagement_log, as a worker's quick log would.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from coprod.core.periods import last_closed_quarter, month_end, months_between, quarter_start, recent_quarters
from coprod.engagements.choices import Dimension, Partner, ReturnSource
from coprod.engagements.models import ActivityType, Theme, VolunteerHourReturn
from coprod.engagements.services import (
    engagement_log,
    follow_up_create,
    volunteer_return_record,
    work_programme_save,
)
from coprod.groups import demo as groups_demo
from coprod.groups.choices import GroupStatus
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods import demo as neighbourhoods_demo
from coprod.units.choices import Role
from coprod.units.models import Membership, Team

# days ago, activity, dimension, minutes, present, new, neighbourhood, groups, themes, notes
Contact = tuple[int, str, str, int, int, int, str, list[str], list[str], str]
CONTACTS: list[Contact] = [
    # days ago, activity, dimension, minutes, present, new, neighbourhood, groups, themes, notes
    (120, "listening", "isolated_people", 180, 30, 12, "Bentilee and Ubberley", [], ["food"], "Listening event at the church hall."),
    (95, "group-development", "groups", 120, 7, 2, "Bentilee and Ubberley", ["Bentilee Community Food Pantry"], ["food"], "First pantry committee meeting."),
    (75, "brokering", "services", 90, 5, 0, "Abbey Hulton and Townsend", ["St Mary's Tenants' Association"], ["housing"], "Housing board agenda agreed."),
    (60, "outreach", "isolated_people", 150, 18, 6, "Abbey Hulton and Townsend", [], ["young-people"], "Summer outreach at the park."),
    (40, "outreach", "isolated_people", 120, 14, 5, "Bentilee and Ubberley", [], ["isolation"], "Door knocking on the estate."),
    (33, "group-development", "groups", 90, 8, 1, "Bentilee and Ubberley", ["Bentilee Community Food Pantry"], ["food"], "Helped plan a rota."),
    (26, "brokering", "services", 60, 4, 0, "Abbey Hulton and Townsend", ["St Mary's Tenants' Association"], ["housing"], "Met the housing officer about repairs."),
    (19, "listening", "isolated_people", 150, 22, 9, "Abbey Hulton and Townsend", [], ["young-people", "safety"], "Listening meeting at the school."),
    (12, "technical-assistance", "groups", 45, 2, 0, "Burslem", ["Burslem Men's Shed"], [], "Constitution template."),
    (5, "group-development", "groups", 60, 9, 2, "Bentilee and Ubberley", ["Bentilee Community Food Pantry", "Friends of Bentilee Park"], ["food", "environment"], "Joint event planning."),
]  # fmt: skip


SEED = 20260401  # the same generated contacts on every load on the same day
# Contacts a month: each worker's (in the field most of the week) and each team lead's.
WORKER_CONTACTS, LEAD_CONTACTS = (6, 9), (1, 2)

D = Dimension
PATTERNS = [
    # activity, weight, dimensions, minutes, people present, share of them new, chance of a group,
    # partners, themes, notes ({hood} the neighbourhood, {group} the group)
    ("outreach", 6, [D.ISOLATED_PEOPLE], (60, 180), (5, 25), 0.4, 0.0, [],
     ["isolation", "young-people", "older-people", "safety"],
     ["Door knocking in {hood}.", "Stall outside the shops in {hood}.",
      "Chatted to parents at the school gates.", "Outreach at the {hood} community fun day.",
      "Leaflets and conversations on the estate."]),
    ("one-to-one", 5, [D.ISOLATED_PEOPLE, D.GROUPS], (30, 90), (1, 2), 0.5, 0.3, [],
     ["isolation", "work-money", "health"],
     ["Coffee with a resident who wants to start something.",
      "Followed up a neighbour met on the doorstep.",
      "Talked a new volunteer through what {group} does.", "Walked a resident round to {group}."]),
    ("group-development", 6, [D.GROUPS], (60, 150), (4, 14), 0.1, 1.0, [], ["spaces", "food", "environment"],
     ["Committee meeting of {group}.", "Helped {group} plan the next six months.",
      "Roles and rota session with {group}.", "AGM preparation with {group}."]),
    ("technical-assistance", 3, [D.GROUPS], (30, 120), (1, 4), 0.0, 1.0, [], [],
     ["Constitution template for {group}.", "Helped {group} open a bank account.",
      "Safeguarding policy for {group}.", "Checked {group}'s funding bid."]),
    ("training", 2, [D.GROUPS, D.ISOLATED_PEOPLE], (90, 180), (5, 16), 0.2, 0.6, [], [],
     ["Treasurer training for local groups.", "Running a good meeting: a session with {group}.",
      "Food hygiene course for volunteers."]),
    ("listening", 3, [D.ISOLATED_PEOPLE, D.CO_PRODUCTION], (90, 180), (8, 30), 0.4, 0.0, [],
     ["housing", "safety", "young-people", "spaces", "transport"],
     ["Listening meeting at the community centre.", "What matters in {hood}? An evening session.",
      "Listening walk round {hood} with residents."]),
    ("networking", 2, [D.CO_PRODUCTION, D.GROUPS], (60, 150), (8, 30), 0.1, 0.3,
     [Partner.VOLUNTARY, Partner.FAITH, Partner.COUNCIL], [],
     ["Neighbourhood network meeting.", "Groups' get-together in {hood}.", "Voluntary sector forum."]),
    ("brokering", 3, [D.SERVICES], (45, 120), (2, 6), 0.0, 0.5,
     [Partner.COUNCIL, Partner.HOUSING, Partner.PCN, Partner.POLICE, Partner.SCHOOL],
     ["housing", "health", "safety"],
     ["Met the housing officer with {group}.", "Introduced {group} to the council's community team.",
      "Social prescribers met residents in {hood}.", "Neighbourhood police team at the residents' meeting."]),
    ("regeneration-proposal", 1, [D.CO_PRODUCTION], (60, 180), (3, 10), 0.1, 0.5, [Partner.COUNCIL],
     ["spaces", "transport", "environment"],
     ["Residents' ideas for the regeneration plan.", "Worked on the proposal with {group}."]),
]  # fmt: skip
# How often a group comes up in contacts, by the team's support intensity.
GROUP_WEIGHT = {"intensive": 5, "moderate": 3, "light": 1, "none": 0.3}

PROGRAMMES = [
    # team, name, planned hours, aims (Stoke's is made with its hand-written contacts)
    ("newcastle", "Knutton, 2026 to 2027", 400,
     "Get the community cafe on its feet; bring Knutton's residents together."),
    ("wolves", "East Park, 2026 to 2027", 450,
     "A food larder run by the people who use it; more residents in the park's groups."),
    ("redcar", "Greater Eston, 2026 to 2027", 450,
     "Keep the residents' forum growing: a voice for Grangetown and South Bank."),
    ("middlesbrough", "Newport, 2026 to 2027", 400,
     "A community garden for Newport; tenants heard by their landlords."),
    ("hartlepool", "Manor House, 2026 to 2027", 400,
     "A pantry run by Owton Manor's residents; more people in local groups."),
]  # fmt: skip


def _log_contacts(
    *, team: Team, today: datetime.date, rng: random.Random, programme, activities, themes
) -> int:
    """Log each of the team's people's contacts, month by month up to today; returns how many."""
    hoods = list(team.neighbourhoods.order_by("name"))
    names = [name for slug, _, name, _ in groups_demo.GROUPS if slug == team.slug]
    groups = [
        g
        for g in CommunityGroup.objects.filter(team=team, name__in=names).prefetch_related("neighbourhoods")
        if g.status != GroupStatus.DORMANT
    ]
    groups.sort(key=lambda g: g.name)
    people = [
        (m.user, m.role)
        for m in Membership.objects.filter(team=team).select_related("user").order_by("user__username")
    ]
    in_programme = set(programme.neighbourhoods.values_list("pk", flat=True)) if programme else set()
    weights = [p[1] for p in PATTERNS]
    logged = 0
    for month in months_between(neighbourhoods_demo.first_month(today), today):
        days = [month + datetime.timedelta(n) for n in range((min(month_end(month), today) - month).days + 1)]
        weekdays = [d for d in days if d.weekday() < 5] or days
        share = len(days) / month_end(month).day  # of this month that has come
        for user, role in people:
            low, high = LEAD_CONTACTS if role == Role.TEAM_LEAD else WORKER_CONTACTS
            for _ in range(round(rng.randint(low, high) * share)):
                day = rng.choice(weekdays if rng.random() < 0.9 else days)
                activity, _, dims, minutes, present, new_share, group_chance, partners, pool, notes = (
                    rng.choices(PATTERNS, weights)[0]
                )
                open_groups = [
                    g for g in groups if g.started_with_team_on is None or g.started_with_team_on <= day
                ]
                with_groups: list[CommunityGroup] = []
                if open_groups and rng.random() < group_chance:
                    with_groups = rng.choices(
                        open_groups, [GROUP_WEIGHT[g.support_intensity] for g in open_groups]
                    )
                    other = rng.choice(open_groups)
                    if rng.random() < 0.1 and other not in with_groups:  # now and then two groups together
                        with_groups.append(other)
                    hood = with_groups[0].neighbourhoods.all()[0]
                else:
                    hood = rng.choices(hoods, [3 if h.priority else 1 for h in hoods])[0]
                people_present = rng.randint(*present)
                note = rng.choice([n for n in notes if "{group}" not in n or with_groups] or notes)
                engagement_log(
                    worker=user,
                    team=team,
                    date=day,
                    activity_type=activities[activity],
                    dimension=rng.choice(dims),
                    minutes=rng.randrange(minutes[0], minutes[1] + 1, 15),
                    people_present=people_present,
                    new_people=rng.randint(0, round(people_present * new_share)),
                    neighbourhood=hood,
                    groups=with_groups,
                    themes=[themes[t] for t in rng.sample(pool, min(len(pool), rng.randint(0, 2)))],
                    partners=[str(p) for p in rng.sample(partners, min(len(partners), rng.randint(1, 2)))],
                    notes=note.format(
                        hood=hood.name, group=with_groups[0].name if with_groups else "the group"
                    ),
                    work_programme=(
                        programme
                        if programme and hood.pk in in_programme and programme.start <= day <= programme.end
                        else None
                    ),
                )
                logged += 1
    return logged


def _record_returns(*, team: Team, today: datetime.date, rng: random.Random) -> int:
    """The volunteer hours of the team's active groups, a return a quarter (this one to date), where
    a quarter has none yet; returns how many."""
    worker = get_user_model().objects.get(username=f"{team.slug}.worker")
    first = neighbourhoods_demo.first_month(today)
    quarters = [q for q in reversed(recent_quarters(today, 5)) if q.end >= first]
    recorded = 0
    groups = CommunityGroup.objects.filter(
        team=team, volunteer_hours_week__isnull=False, status__in=[GroupStatus.ACTIVE, GroupStatus.FORMING]
    ).order_by("name")
    for group in groups:
        started = group.started_with_team_on or first
        for quarter in quarters:
            start, end = max(quarter.start, first, started), min(quarter.end, today)
            if start > end:
                continue
            if VolunteerHourReturn.objects.filter(group=group, start__lte=end, end__gte=start).exists():
                continue
            weeks = Decimal((end - start).days + 1) / 7
            a_week = group.volunteer_hours_week or Decimal("0")
            volunteer_return_record(
                actor=worker,
                group=group,
                start=start,
                end=end,
                hours=Decimal(round(a_week * weeks * Decimal(rng.uniform(0.8, 1.15)))),
                volunteers=max(1, (group.volunteers or 1) + rng.randint(-2, 2)),
                source=rng.choice([ReturnSource.OWN_COUNT, ReturnSource.OWN_COUNT, ReturnSource.ESTIMATE]),
            )
            recorded += 1
    return recorded


def load(out) -> None:
    users = get_user_model().objects
    today = timezone.localdate()
    team = Team.objects.get(slug="stoke")
    worker, lead = users.get(username="stoke.worker"), users.get(username="stoke.lead")
    # The contacts fall in the last closed financial quarter, so its progress report has figures; the
    # latest of them are logged again in the quarter to date, which the dashboard opens on.
    closed = last_closed_quarter(today)
    programme = work_programme_save(
        actor=lead,
        team=team,
        name="Bentilee and Abbey Hulton, 2026 to 2027",
        start=datetime.date(2026, 4, 1),
        end=datetime.date(2027, 3, 31),
        aims="Draw isolated residents into groups; help the food pantry stand on its own feet.",
        planned_hours=Decimal("600"),
        neighbourhoods=list(team.neighbourhoods.filter(priority=True)),
    )
    dated = [(closed.end - datetime.timedelta(days=c[0] * 80 // 120), c[1:]) for c in CONTACTS]
    dated += [
        (today - datetime.timedelta(days=c[0]), c[1:])
        for c in CONTACTS
        if today - datetime.timedelta(days=c[0]) >= quarter_start(today)
    ]
    for day, (activity, dimension, minutes, present, new, hood, groups, theme_slugs, notes) in dated:
        engagement_log(
            worker=worker,
            team=team,
            date=day,
            activity_type=ActivityType.objects.get(slug=activity),
            dimension=dimension,
            minutes=minutes,
            people_present=present,
            new_people=new,
            neighbourhood=team.neighbourhoods.get(name=hood),
            groups=list(CommunityGroup.objects.filter(team=team, name__in=groups)),
            themes=list(Theme.objects.filter(slug__in=theme_slugs)),
            notes=notes,
            work_programme=programme,
        )
    for name, hours, volunteers in (
        ("Bentilee Community Food Pantry", 480, 12),
        ("Friends of Bentilee Park", 120, 8),
    ):
        volunteer_return_record(
            actor=worker,
            group=CommunityGroup.objects.get(team=team, name=name),
            start=closed.start,
            end=today,
            hours=Decimal(hours),
            volunteers=volunteers,
            source="own_count",
        )
    for what, days in (
        ("Send the pantry the food hygiene guidance", -2),
        ("Book the hall for the listening meeting", 5),
    ):
        follow_up_create(
            actor=worker, team=team, what=what, assigned_to=worker, due=today + datetime.timedelta(days=days)
        )

    # Every team's contacts over the months and its groups' volunteer-hour returns.
    programmes = {"stoke": programme}
    for team_slug, name, hours, aims in PROGRAMMES:
        other = Team.objects.get(slug=team_slug)
        programmes[team_slug] = work_programme_save(
            actor=users.get(username=f"{team_slug}.lead"),
            team=other,
            name=name,
            start=datetime.date(2026, 4, 1),
            end=datetime.date(2027, 3, 31),
            aims=aims,
            planned_hours=Decimal(hours),
            neighbourhoods=list(other.neighbourhoods.filter(priority=True)),
        )
    rng = random.Random(SEED)  # noqa: S311 (made-up demo figures, not secrets)
    activities = {a.slug: a for a in ActivityType.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    generated = returns = 0
    for team_slug in neighbourhoods_demo.TEAMS:
        each = Team.objects.get(slug=team_slug)
        generated += _log_contacts(
            team=each,
            today=today,
            rng=rng,
            programme=programmes.get(team_slug),
            activities=activities,
            themes=themes,
        )
        returns += _record_returns(team=each, today=today, rng=rng)
    out(
        f"Contacts: {len(dated)} written for Stoke-on-Trent, {generated} more over twelve months for "
        f"every team; {len(programmes)} work programmes, {returns + 2} volunteer-hour returns, two follow-ups"
    )
