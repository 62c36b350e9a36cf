"""The regional work pages: plans added through their form, the timetable chart, consultation windows
and their "you said, we did" (with the page anyone may read, which names no one), impact assessments
signed off or refused, steering groups with seats, and meetings whose actions become follow-ups."""

import datetime
import html

import pytest
from django.urls import reverse

from coprod.engagements.models import FollowUp
from coprod.groups.models import GroupContact
from coprod.publicservices.services import public_body_save
from coprod.regionalwork import rules
from coprod.regionalwork.models import (
    ImpactAssessment,
    Meeting,
    RegionalPlan,
    Seat,
    SteeringGroup,
    YouSaidWeDid,
)
from coprod.regionalwork.services import assessment_save, window_save, you_said_save
from tests.groups.factories import GroupFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.date.today()


def page(response) -> str:
    """The page's text with its entities read, so quotes and dashes compare as typed."""
    return html.unescape(response.content.decode())


@pytest.fixture
def window(world, plan):
    """A closed window of the plan, facilitated by team A1 (so A1's lead writes its record)."""
    return window_save(
        actor=world["people"]["manager"], plan=plan, title="Listening on the route",
        opens=TODAY - datetime.timedelta(days=70), closes=TODAY - datetime.timedelta(days=10),
        method="listening_meeting", team=world["teams"]["a1"], neighbourhoods=[world["hoods"]["a1"]],
    )  # fmt: skip


# Plans ---------------------------------------------------------------------------------------------


def test_a_manager_adds_a_plan_through_the_form(client, world):
    manager, region, hood = world["people"]["manager"], world["units"]["a"].region, world["hoods"]["a1"]
    client.force_login(manager)
    assert client.get(reverse("plan-create")).status_code == 200
    response = client.post(
        reverse("plan-create"),
        {
            "region": region.pk, "title": "Northern line extension", "lead_body": "Combined authority",
            "summary": "Two new stations.", "idea_on": "2026-02-01", "design_on": "2026-03-01",
            "design_freeze_on": "2026-10-01", "neighbourhoods": [hood.pk],
        },
    )  # fmt: skip
    plan = RegionalPlan.objects.get(title="Northern line extension")
    assert response.status_code == 302 and response["Location"] == reverse("plan-detail", args=[plan.pk])
    assert plan.region == region and list(plan.neighbourhoods.all()) == [hood]
    assert plan.design_freeze_on == D(2026, 10, 1)
    client.force_login(world["people"]["worker"])  # read across the region
    listed = page(client.get(reverse("plan-list")))
    assert "Northern line extension" in listed and "No consultation window before the design freeze" in listed


def test_a_bad_date_keeps_what_was_typed_and_says_what_is_wrong(client, world):
    client.force_login(world["people"]["manager"])
    data = {
        "region": world["units"]["a"].region.pk, "title": "Keep what I typed", "lead_body": "The council",
        "idea_on": "2026-02-31", "design_freeze_on": "2026-10-01",
    }  # fmt: skip
    response = client.post(reverse("plan-create"), data)
    text = page(response)
    assert response.status_code == 400
    assert 'value="Keep what I typed"' in text and 'value="2026-02-31"' in text
    assert "Idea: Enter a valid date." in text
    # A stage before the one it follows: the model's rule, on the field, with the rest kept.
    response = client.post(reverse("plan-create"), data | {"idea_on": "2026-11-01"})
    text = page(response)
    assert response.status_code == 400 and 'value="Keep what I typed"' in text
    assert "The design freeze cannot come before the idea (1 November 2026)." in text
    assert not RegionalPlan.objects.filter(title="Keep what I typed").exists()


def test_only_managers_add_and_change_plans_and_other_regions_do_not_see_them(client, world, plan):
    people = world["people"]
    for who in ("worker", "lead", "director"):
        client.force_login(people[who])
        assert client.get(reverse("plan-create")).status_code == 403
        assert client.get(reverse("plan-edit", args=[plan.pk])).status_code == 403
        assert client.get(reverse("plan-detail", args=[plan.pk])).status_code == 200
    client.force_login(people["worker_b"])  # region B: unit A's plans are not there
    for name in ("plan-detail", "plan-edit", "window-create", "assessment-create"):
        assert client.get(reverse(name, args=[plan.pk])).status_code == 404
    assert "Eastern busway" not in page(client.get(reverse("plan-list")))
    client.force_login(people["manager"])
    touched = [world["hoods"]["a1"].pk, world["hoods"]["a2"].pk]
    response = client.post(
        reverse("plan-edit", args=[plan.pk]),
        {"title": "Eastern busway", "lead_body": "Transport body", "idea_on": "2026-01-10",
         "design_freeze_on": "2026-09-30", "neighbourhoods": touched},
    )  # fmt: skip
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.lead_body == "Transport body" and plan.design_on is None


def test_the_plan_page_draws_its_timetable_with_each_window_and_the_freeze(client, world, plan, window):
    client.force_login(world["people"]["worker"])
    text = page(client.get(reverse("plan-detail", args=[plan.pk])))
    chart = text[text.index("<svg") : text.index("</svg>")]
    assert 'class="coprod-timetable__window"' in chart and "<title>Listening on the route:" in chart
    assert 'class="coprod-timetable__freeze"' in chart and "Design freeze" in chart
    assert "style=" not in chart  # the content security policy allows no inline style
    # Team A2's neighbourhood is named only to those who reach it.
    assert world["hoods"]["a1"].name in text and world["hoods"]["a2"].name not in text
    assert f"A neighbourhood of {world['teams']['a2'].name}" in text


# Consultation windows ------------------------------------------------------------------------------


def test_a_manager_adds_a_window_through_the_form_and_sees_its_verdict(client, world, plan):
    client.force_login(world["people"]["worker"])
    assert client.get(reverse("window-create", args=[plan.pk])).status_code == 403
    client.force_login(world["people"]["manager"])
    response = client.post(
        reverse("window-create", args=[plan.pk]),
        {"title": "Short survey", "opens": "2026-09-01", "closes": "2026-09-20", "method": "survey",
         "team": world["teams"]["a2"].pk},
    )  # fmt: skip
    window = plan.windows.get(title="Short survey")
    assert response["Location"] == reverse("window-detail", args=[window.pk])
    text = page(client.get(response["Location"]))
    assert "Too short" in text and "Closes too close to the design freeze" in text
    response = client.post(
        reverse("window-edit", args=[window.pk]),
        {"title": "Short survey", "opens": "2026-08-20", "closes": "2026-08-01", "method": "survey",
         "team": world["teams"]["a2"].pk},
    )  # fmt: skip
    assert response.status_code == 400 and rules.CLOSES_BEFORE_OPENS in page(response)


def test_the_themes_error_names_the_line_and_what_it_says(client, world, window):
    client.force_login(world["people"]["lead"])  # the facilitating team's lead
    url = reverse("you-said-edit", args=[window.pk])
    typed = "Bus fares: 14\n\nTransport: lots\nNoise at night: 3"
    response = client.post(url, {"asked": "What would the route change for you?", "themes": typed})
    text = page(response)
    assert response.status_code == 400
    assert "Line 3: 'Transport: lots' — give the count as a whole number" in text
    assert "Noise at night: 3" in text  # what was typed is kept
    assert not YouSaidWeDid.objects.filter(window=window).exists()
    response = client.post(
        url, {"asked": "What would the route change for you?", "themes": "Bus fares: 14\nTransport: 9"}
    )
    assert response.status_code == 302
    record = YouSaidWeDid.objects.get(window=window)
    assert record.themes == [{"theme": "Bus fares", "count": 14}, {"theme": "Transport", "count": 9}]
    assert "Bus fares: 14\nTransport: 9" in page(client.get(url))  # shown again as typed
    client.force_login(world["people"]["worker"])
    assert client.get(url).status_code == 403


def test_the_published_page_names_no_one(client, world, window):
    lead, team = world["people"]["lead"], world["teams"]["a1"]
    lead.first_name, lead.last_name, lead.email = "Zebedee", "Mortlake-Vane", "zebedee.mv@example.org"
    lead.save()
    quiet = GroupFactory(team=team, name="Quietly Named Pantry", anonymous_in_publications=True)
    GroupContact.objects.create(group=quiet, name="Perpetua Quillfeather", email="perpetua@example.org")
    named = GroupFactory(team=team, name="Open Door Cafe")
    window.groups.set([quiet, named])
    record = you_said_save(
        actor=lead, window=window, asked="What would the route change for you?",
        themes=[{"theme": "Bus fares", "count": 14}, {"theme": "Night noise", "count": 2}],
        quotes="The bus is my lifeline.\nWe need a crossing by the school.",
        changed="A crossing is added by the school.", not_changed="The route stays: the road is too narrow.",
    )  # fmt: skip
    public = reverse("you-said-public", args=[record.pk])
    assert client.get(public).status_code == 404  # not published yet
    client.force_login(lead)
    response = client.post(reverse("you-said-publish", args=[window.pk]), {"published": "1"})
    assert response.status_code == 302
    client.logout()
    response = client.get(public)
    assert response.status_code == 200
    text = page(response)
    shown = [
        "Eastern busway",
        world["units"]["a"].region.name,
        "Listening meeting",
        "Bus fares",
        "The bus is my lifeline.",
        "A crossing is added by the school.",
        "the road is too narrow",
        world["hoods"]["a1"].name,
        "Open Door Cafe",
        "and 1 group that asked not to be named",
    ]
    for said in shown:
        assert said in text, said
    assert "fewer than 3" in text and ">2<" not in text  # the two who raised night noise
    for planted in ("Quietly Named Pantry", "Zebedee", "Mortlake-Vane", "zebedee.mv@example.org",
                    "Perpetua", "perpetua@example.org", lead.username, team.name):  # fmt: skip
        assert planted not in text, planted
    # Withdrawn, it is not there for anyone.
    client.force_login(lead)
    client.post(reverse("you-said-publish", args=[window.pk]), {"published": "0"})
    client.logout()
    assert client.get(public).status_code == 404


def test_a_window_still_open_cannot_be_published_and_says_why(client, world, plan):
    open_window = window_save(
        actor=world["people"]["manager"], plan=plan, title="Still open", opens=TODAY,
        closes=TODAY + datetime.timedelta(days=50), method="online", team=world["teams"]["a1"],
    )  # fmt: skip
    you_said_save(actor=world["people"]["lead"], window=open_window, asked="Anything?", changed="Not yet.")
    client.force_login(world["people"]["lead"])
    response = client.post(reverse("you-said-publish", args=[open_window.pk]), {"published": "1"})
    assert response.status_code == 400 and "publish it once it has closed" in page(response)
    client.force_login(world["people"]["worker"])
    assert (
        client.post(reverse("you-said-publish", args=[open_window.pk]), {"published": "1"}).status_code == 403
    )


# Impact assessments --------------------------------------------------------------------------------


def test_sign_off_is_the_managers_and_refused_while_a_negative_effect_is_unmitigated(client, world, plan):
    manager = world["people"]["manager"]
    assessment = assessment_save(
        actor=manager,
        plan=plan,
        neighbourhood=world["hoods"]["a1"],
        services="negative",
        jobs_income="positive",
    )
    sign_off = reverse("assessment-sign-off", args=[assessment.pk])
    client.force_login(world["people"]["lead"])
    assert client.post(sign_off).status_code == 403
    client.force_login(manager)
    response = client.post(sign_off)
    text = page(response)
    assert response.status_code == 400
    assert rules.UNMITIGATED.format(fields="services") in text and text.count("Give a mitigation") == 1
    assessment.refresh_from_db()
    assert assessment.signed_off_at is None
    response = client.post(
        reverse("assessment-edit", args=[assessment.pk]),
        {"jobs_income": "positive", "services": "negative", "services_mitigation": "A new surgery bus.",
         "environment": "none", "community_infrastructure": "none", "evidence": "Residents' survey."},
    )  # fmt: skip
    assert response.status_code == 302
    assert client.post(sign_off).status_code == 302
    assessment.refresh_from_db()
    assert assessment.signed_off_by == manager and assessment.services_mitigation == "A new surgery bus."
    # Frozen: its form offers to supersede it instead, which starts a new draft.
    frozen = client.get(reverse("assessment-edit", args=[assessment.pk]))
    assert rules.SIGNED_OFF in page(frozen) and reverse("assessment-supersede", args=[assessment.pk]) in page(
        frozen
    )
    response = client.post(reverse("assessment-supersede", args=[assessment.pk]))
    new = ImpactAssessment.objects.get(supersedes=assessment)
    assert response["Location"] == reverse("assessment-edit", args=[new.pk])
    assert new.signed_off_at is None and new.services_mitigation == "A new surgery bus."


def test_an_assessment_is_added_for_a_neighbourhood_the_plan_touches(client, world, plan):
    client.force_login(world["people"]["manager"])
    url = reverse("assessment-create", args=[plan.pk])
    effects = {
        "jobs_income": "none",
        "services": "none",
        "environment": "none",
        "community_infrastructure": "none",
    }
    response = client.post(url, effects | {"neighbourhood": world["hoods"]["b1"].pk})
    assert response.status_code == 400 and "Select a valid choice" in page(response)
    response = client.post(
        url, effects | {"neighbourhood": world["hoods"]["a2"].pk, "jobs_income": "negative"}
    )
    assessment = ImpactAssessment.objects.get(plan=plan, neighbourhood=world["hoods"]["a2"])
    assert response["Location"] == reverse("assessment-detail", args=[assessment.pk])
    assert "1 negative effect with no mitigation" in page(client.get(response["Location"]))


# Steering groups and meetings ----------------------------------------------------------------------


def test_a_lead_sets_up_a_steering_group_adds_seats_and_records_a_meeting_with_an_action(client, world):
    lead, worker, team, hood = (world["people"]["lead"], world["people"]["worker"], world["teams"]["a1"],
                                world["hoods"]["a1"])  # fmt: skip
    region = team.unit.region
    body = public_body_save(
        actor=world["people"]["manager"], region=region, kind="school", name="Hill School"
    )
    client.force_login(worker)
    assert client.get(reverse("steering-group-create")).status_code == 403
    client.force_login(lead)
    response = client.post(
        reverse("steering-group-create"),
        {"owner": f"team-{team.pk}", "name": "Hillside steering group", "term_start": "2026-04-01",
         "term_end": "2027-03-31"},
    )  # fmt: skip
    group = SteeringGroup.objects.get(name="Hillside steering group")
    assert group.team == team and response["Location"] == reverse("steering-group-detail", args=[group.pk])
    seat_url = reverse("seat-add", args=[group.pk])
    response = client.post(seat_url, {"kind": "resident", "organisation": "A name", "neighbourhood": hood.pk})
    assert response.status_code == 400 and "names their neighbourhood, not an organisation" in page(response)
    assert client.post(seat_url, {"kind": "resident", "neighbourhood": hood.pk}).status_code == 302
    assert client.post(seat_url, {"kind": "public_body", "public_body": body.pk}).status_code == 302
    listed = page(client.get(reverse("steering-group-list")))
    assert "Hillside steering group" in listed and "Meets it" in listed  # 1 community seat of 2: half
    seats = {s.kind: s for s in Seat.objects.filter(steering_group=group)}
    response = client.post(
        reverse("meeting-create", args=[group.pk]),
        {"title": "Autumn meeting", "held_on": "2026-10-14", "attended": [seats["resident"].pk],
         "public_bodies": [body.pk], "neighbourhoods": [hood.pk], "decisions": "Ask for a crossing."},
    )  # fmt: skip
    meeting = Meeting.objects.get(title="Autumn meeting")
    assert list(meeting.attended.all()) == [seats["resident"]] and list(meeting.public_bodies.all()) == [body]
    client.force_login(worker)  # reads the team's meetings, but does not keep them
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("meeting-action-add", args=[meeting.pk])).status_code == 403
    client.force_login(lead)
    response = client.post(
        reverse("meeting-action-add", args=[meeting.pk]),
        {"what": "Write to the council about the crossing", "assigned_to": worker.pk, "due": "2026-12-20"},
    )
    assert response["Location"] == reverse("meeting-detail", args=[meeting.pk])
    follow_up = FollowUp.objects.get(what="Write to the council about the crossing")
    assert follow_up.team == team and follow_up.assigned_to == worker
    assert follow_up.meeting_action.meeting == meeting
    client.force_login(worker)
    assert "Write to the council about the crossing" in page(client.get(reverse("follow-ups")))
    # Removing a seat is the keeper's.
    assert client.post(reverse("seat-remove", args=[seats["public_body"].pk])).status_code == 403
    client.force_login(world["people"]["worker_b"])
    assert client.get(reverse("steering-group-detail", args=[group.pk])).status_code == 404
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 404


def test_a_manager_records_a_meeting_of_bodies_and_neighbourhoods_about_a_plan(client, world, plan):
    manager, region = world["people"]["manager"], world["units"]["a"].region
    body = public_body_save(actor=manager, region=region, kind="council_department", name="Highways")
    client.force_login(world["people"]["lead"])
    assert client.get(reverse("unit-meeting-create")).status_code == 403
    client.force_login(manager)
    response = client.post(
        reverse("unit-meeting-create"),
        {"unit": world["units"]["a"].pk, "title": "Busway round table", "held_on": "2026-06-02",
         "plan": plan.pk, "public_bodies": [body.pk], "neighbourhoods": [world["hoods"]["a2"].pk]},
    )  # fmt: skip
    meeting = Meeting.objects.get(title="Busway round table")
    assert response.status_code == 302 and meeting.steering_group is None and meeting.plan == plan
    client.force_login(world["people"]["worker"])  # the unit's meetings are read by its people
    assert "Busway round table" in page(client.get(reverse("plan-detail", args=[plan.pk])))
    text = page(client.get(reverse("meeting-detail", args=[meeting.pk])))
    assert "Highways" in text and world["hoods"]["a2"].name not in text
