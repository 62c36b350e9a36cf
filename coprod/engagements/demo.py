"""The demo's contacts, follow-ups, work programmes and volunteer-hour returns (all made up)."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from coprod.core.periods import last_closed_quarter, quarter_start
from coprod.engagements.models import ActivityType, Theme
from coprod.engagements.services import (
    engagement_log,
    follow_up_create,
    volunteer_return_record,
    work_programme_save,
)
from coprod.groups.models import CommunityGroup
from coprod.units.models import Team

CONTACTS = [
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
    dated = [(closed.end - datetime.timedelta(days=days * 80 // 120), row) for days, *row in CONTACTS]
    dated += [
        (today - datetime.timedelta(days=days), row)
        for days, *row in CONTACTS
        if today - datetime.timedelta(days=days) >= quarter_start(today)
    ]
    for day, (activity, dimension, minutes, present, new, hood, groups, themes, notes) in dated:
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
            themes=list(Theme.objects.filter(slug__in=themes)),
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
    out(f"Contacts: {len(CONTACTS)}; a work programme, two volunteer-hour returns and two follow-ups")
