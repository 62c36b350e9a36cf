"""The demo's outcomes: survey results, targets, group outcomes, involvement and stories (all made up)."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from coprod.engagements.models import WorkProgramme
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.neighbourhoods.services import baseline_sign_off, baseline_take
from coprod.outcomes.models import Indicator
from coprod.outcomes.services import (
    group_outcome_record,
    indicator_define,
    involvement_record,
    measurement_record,
    story_write,
    target_set,
)

D = datetime.date
SURVEYS = [
    # neighbourhood, indicator, value at the spring survey, value at the autumn survey
    ("Bentilee and Ubberley", "cls-belong", 52, 58),
    ("Bentilee and Ubberley", "cls-isolated", 17, 14),
    ("Bentilee and Ubberley", "cls-chat", 61, 63),
    ("Abbey Hulton and Townsend", "cls-belong", 55, 54),
    ("Abbey Hulton and Townsend", "cls-informal-volunteer", 24, 27),
]
BASELINE_ON = D(2026, 4, 1)
SPRING, AUTUMN = (D(2026, 3, 1), D(2026, 3, 31)), (D(2026, 9, 1), D(2026, 9, 30))
TARGETS = [
    # neighbourhood, indicator, baseline value, target value
    ("Bentilee and Ubberley", "cls-belong", 52, 62),
    ("Bentilee and Ubberley", "cls-isolated", 17, 12),
    ("Abbey Hulton and Townsend", "cls-belong", 55, 62),
]
# The other teams' door-to-door surveys in a priority neighbourhood, and a target set from each.
TEAM_SURVEYS = [
    # team, neighbourhood, indicator, spring value (the target's baseline), autumn value, target value
    ("newcastle", "Knutton", "cls-belong", 47, 50, 55),
    ("wolves", "East Park", "cls-isolated", 21, 19, 15),
    ("redcar", "Greater Eston", "cls-belong", 51, 53, 58),
    ("middlesbrough", "Newport", "cls-chat", 58, 57, 65),
    ("hartlepool", "Manor House", "cls-belong", 45, 49, 54),
]
OUTCOMES = [
    # group, category, date, evidence
    ("Bentilee Community Food Pantry", "mutual_aid", D(2026, 6, 20), "Forty households a week share food; rota of 12."),
    ("Bentilee Community Food Pantry", "services_to_others", D(2026, 8, 2), "Opened a Saturday session for the estate."),
    ("Bentilee Community Food Pantry", "fundraising", D(2026, 9, 14), "£2,400 from the council's community chest."),
    ("Friends of Bentilee Park", "community_participation", D(2026, 7, 5), "Park clean-up: 35 residents came."),
    ("St Mary's Tenants' Association", "influence_on_authorities", D(2026, 8, 28), "Repairs backlog put on the housing board's agenda."),
    ("Abbey Hulton Youth Football Club", "additional_groups", D(2026, 9, 1), "Parents started a girls' team."),
]  # fmt: skip
STORIES = [
    ("Bentilee and Ubberley", "The pantry that grew a community", D(2026, 10, 1),
     "In May a handful of neighbours started sharing food from a church hall. By the autumn the pantry had a "
     "rota of twelve volunteers, a Saturday session and its first grant. People who came for food stayed to "
     "help, and several now run the park clean-ups too."),
    ("Abbey Hulton and Townsend", "Tenants get a hearing", D(2026, 9, 30),
     "After years of letters, the tenants' association took its repairs list to the housing board. The board "
     "agreed a timetable, and the association now meets the housing officer every month."),
]  # fmt: skip


def load(out) -> None:
    users = get_user_model().objects
    worker, lead = users.get(username="stoke.worker"), users.get(username="stoke.lead")
    hoods = {n.name: n for n in Neighbourhood.objects.filter(team__slug="stoke").select_related("team")}
    for hood_name, code, spring, autumn in SURVEYS:
        for (start, end), value in ((SPRING, spring), (AUTUMN, autumn)):
            measurement_record(
                actor=worker,
                indicator=Indicator.objects.get(code=code),
                neighbourhood=hoods[hood_name],
                period_start=start,
                period_end=end,
                value=Decimal(value),
                source="Door-to-door survey by the CCB team and volunteers",
                sample_size=140,
                method="door_to_door",
            )
    # A new baseline now the spring survey is in: it supersedes the one taken without survey results.
    for hood_name in ("Bentilee and Ubberley", "Abbey Hulton and Townsend"):
        draft = baseline_take(
            actor=lead,
            neighbourhood=hoods[hood_name],
            taken_on=BASELINE_ON,
            notes="Retaken with the spring door-to-door survey.",
        )
        baseline_sign_off(actor=lead, baseline=draft)
    programme = WorkProgramme.objects.get(team__slug="stoke")
    for hood_name, code, baseline, target in TARGETS:
        target_set(
            actor=lead,
            work_programme=programme,
            indicator=Indicator.objects.get(code=code),
            neighbourhood=hoods[hood_name],
            baseline_value=Decimal(baseline),
            baseline_on=SPRING[1],
            target_value=Decimal(target),
            target_on=D(2027, 3, 31),
        )
    for team_slug, hood_name, code, spring, autumn, target in TEAM_SURVEYS:
        neighbourhood = Neighbourhood.objects.get(team__slug=team_slug, name=hood_name)
        indicator = Indicator.objects.get(code=code)
        for (start, end), value in ((SPRING, spring), (AUTUMN, autumn)):
            measurement_record(
                actor=users.get(username=f"{team_slug}.worker"),
                indicator=indicator,
                neighbourhood=neighbourhood,
                period_start=start,
                period_end=end,
                value=Decimal(value),
                source="Door-to-door survey by the CCB team and volunteers",
                sample_size=120,
                method="door_to_door",
            )
        target_set(
            actor=users.get(username=f"{team_slug}.lead"),
            work_programme=WorkProgramme.objects.get(team__slug=team_slug),
            indicator=indicator,
            neighbourhood=neighbourhood,
            baseline_value=Decimal(spring),
            baseline_on=SPRING[1],
            target_value=Decimal(target),
            target_on=D(2027, 3, 31),
        )
    play = indicator_define(
        actor=lead,
        team=programme.team,
        name="Children at the Saturday play session",
        definition="Counted by the volunteers who run the session, averaged over the month.",
        unit="count",
        direction="higher",
    )
    for month, count in ((7, 18), (8, 26), (9, 31)):
        measurement_record(
            actor=worker,
            indicator=play,
            neighbourhood=hoods["Bentilee and Ubberley"],
            period_start=D(2026, month, 1),
            period_end=D(2026, month, 28),
            value=Decimal(count),
            source="Volunteers' head count",
        )
    for name, category, on, evidence in OUTCOMES:
        group_outcome_record(
            actor=worker,
            group=CommunityGroup.objects.get(team__slug="stoke", name=name),
            category=category,
            achieved_on=on,
            evidence=evidence,
        )
    involvement_record(
        actor=worker,
        neighbourhood=hoods["Bentilee and Ubberley"],
        period_start=D(2026, 4, 1),
        period_end=D(2026, 9, 30),
        intensive=14,
        regular=38,
        occasional=120,
        service_users=650,
    )
    for hood_name, title, on, body in STORIES:
        story_write(actor=worker, neighbourhood=hoods[hood_name], title=title, body=body, told_on=on)
    out(
        f"Outcomes: {(len(SURVEYS) + len(TEAM_SURVEYS)) * 2 + 3} survey results and counts, "
        f"{len(TARGETS) + len(TEAM_SURVEYS)} targets, {len(OUTCOMES)} group outcomes, {len(STORIES)} stories"
    )
