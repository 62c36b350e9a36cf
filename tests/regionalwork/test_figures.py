"""The regional work figures on a worked example in 2026-27 Q2 (July to September 2026), and the
report's "Regional plans and community voice" section read back from the real PDF with pdftotext,
equal to the dashboard's row and the figures API."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from coprod.places.models import PublicBody
from coprod.regionalwork.models import ImpactAssessment, YouSaidWeDid
from coprod.regionalwork.selectors import regional_work_figures
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
from coprod.reporting import services as reporting
from coprod.reporting.choices import ReportStatus

D = datetime.date
Q2 = (D(2026, 7, 1), D(2026, 9, 30))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def _window(manager, plan, team, *, opens, closes, title="Listening"):
    return window_save(
        actor=manager,
        plan=plan,
        title=title,
        opens=opens,
        closes=closes,
        method="listening_meeting",
        team=team,
    )


@pytest.fixture
def worked(world, plan):
    """Plan 1 (the fixture's, freeze 30 Sep): a window of 6 weeks closing 4 weeks before it, published.
    Plan 2 (freeze 15 Aug): one window closing 2 weeks before. Plan 3: freeze in 2027, not yet judged.
    Plan 4: evaluated in March 2026, not live. Team A1's priority neighbourhood assessed and signed off
    in September; team A2's has a draft with a negative effect and no mitigation. A steering group of
    7 community seats of 12 and one of 5 of 12; three meetings in the quarter, one with a regional body
    and a neighbourhood present, one outside it."""
    manager, lead = world["people"]["manager"], world["people"]["lead"]
    a1, a2 = world["teams"]["a1"], world["teams"]["a2"]
    region = world["units"]["a"].region
    good = _window(manager, plan, a1, opens=D(2026, 7, 22), closes=D(2026, 9, 2))
    you_said_save(actor=lead, window=good, asked="Where should the stops go?", changed="Moved a stop.")
    you_said_publish(actor=lead, record=good.you_said)
    YouSaidWeDid.objects.filter(pk=good.you_said.pk).update(published_on=D(2026, 9, 20))  # published then
    plan2 = plan_save(
        actor=manager, region=region, title="Riverside homes", lead_body="Council", idea_on=D(2026, 2, 1),
        design_freeze_on=D(2026, 8, 15),
    )  # fmt: skip
    _window(manager, plan2, a2, opens=D(2026, 6, 1), closes=D(2026, 8, 1))
    plan_save(
        actor=manager, region=region, title="Skills hub", lead_body="College", idea_on=D(2026, 5, 1),
        design_freeze_on=D(2027, 2, 1),
    )  # fmt: skip
    plan_save(
        actor=manager, region=region, title="Old scheme", lead_body="Council", idea_on=D(2025, 1, 1),
        design_freeze_on=D(2025, 6, 1), evaluation_on=D(2026, 3, 1),
    )  # fmt: skip
    signed = assessment_save(
        actor=manager, plan=plan, neighbourhood=world["hoods"]["a1"], jobs_income="negative",
        jobs_income_mitigation="Local hiring", services="positive", evidence="Ward survey",
    )  # fmt: skip
    assessment_sign_off(actor=manager, assessment=signed)
    ImpactAssessment.objects.filter(pk=signed.pk).update(
        signed_off_at=timezone.make_aware(datetime.datetime(2026, 9, 15))
    )
    assessment_save(
        actor=manager, plan=plan, neighbourhood=world["hoods"]["a2"], environment="negative",
        services="negative", services_mitigation="Extra buses",
    )  # fmt: skip
    for name, community in (("Eston steering group", 7), ("Grangetown steering group", 5)):
        group = steering_group_save(
            actor=lead, team=a1, name=name, term_start=D(2026, 4, 1), term_end=D(2028, 3, 31)
        )
        for _ in range(community):
            seat_add(actor=lead, steering_group=group, kind="resident", neighbourhood=world["hoods"]["a1"])
        for n in range(12 - community):
            seat_add(actor=lead, steering_group=group, kind="other", organisation=f"Association {n}")
    body = PublicBody.objects.create(region=region, kind="council_department", name="Highways")
    unit = world["units"]["a"]
    meeting_save(
        actor=manager, unit=unit, title="Busway and residents", held_on=D(2026, 8, 3), plan=plan,
        public_bodies=[body], neighbourhoods=[world["hoods"]["a1"]],
    )  # fmt: skip
    meeting_save(actor=manager, unit=unit, title="Bodies only", held_on=D(2026, 8, 10), public_bodies=[body])
    meeting_save(actor=lead, steering_group=group, title="Steering", held_on=D(2026, 9, 1))
    meeting_save(actor=manager, unit=unit, title="Autumn", held_on=D(2026, 10, 2), public_bodies=[body],
                 neighbourhoods=[world["hoods"]["a1"]])  # fmt: skip
    return plan


def test_regional_work_figures_on_the_worked_example(world, worked):
    f = regional_work_figures(world["units"]["a"], start=Q2[0], end=Q2[1])
    assert (f.plans, f.judged, f.met_rule, f.no_window) == (3, 2, 1, 0)
    assert f.median_notice_weeks == Decimal("3.0")  # 28 and 14 days' notice
    assert (f.priority_touched, f.priority_assessed, f.negatives_unmitigated) == (1, 1, 1)
    assert (f.windows_closed, f.windows_published) == (2, 1)
    assert (f.steering_groups, f.steering_meet_rule) == (2, 1)
    assert (f.meetings, f.meetings_bodies_and_neighbourhoods) == (3, 1)
    # The quarter before sees none of the plans judged, nor the meetings.
    earlier = regional_work_figures(world["units"]["a"], start=D(2026, 4, 1), end=D(2026, 6, 30))
    assert (earlier.judged, earlier.meetings, earlier.priority_assessed) == (0, 0, 0)
    # Another unit's figures hold none of it.
    other = regional_work_figures(world["units"]["b"], start=Q2[0], end=Q2[1])
    assert (other.plans, other.meetings, other.steering_groups) == (0, 0, 0)


def _pdf_text(path) -> str:
    out = subprocess.run(
        [shutil.which("pdftotext"), "-layout", path, "-"], capture_output=True, text=True, check=True
    )
    return " ".join(out.stdout.split())


def test_the_report_section_equals_the_dashboard_and_the_api(
    world, worked, client, settings, tmp_path, committed
):
    settings.MEDIA_ROOT = tmp_path
    manager = world["people"]["manager"]
    report, _ = committed(
        reporting.report_request, actor=manager, unit=world["units"]["a"], period="2026-27-Q2"
    )
    report.refresh_from_db()
    assert report.status in (ReportStatus.READY, ReportStatus.DELIVERED), report.failure
    flat = _pdf_text(report.pdf.path)
    assert "Regional plans and community voice" in flat
    rows = report.figures["regional_work"]["rows"]
    assert {"label": "Plans past design freeze whose consultation met the rule", "value": "1 of 2"} in rows

    client.force_login(manager)
    page = client.get("/dashboard/", {"period": "2026-27-Q2", "unit": world["units"]["a"].slug})
    assert page.status_code == 200
    html = " ".join(page.content.decode().split())
    api = APIClient()
    api.force_authenticate(manager)
    figures = api.get("/api/v1/figures/", {"period": "2026-27-Q2"}).json()["regional_work"]
    assert figures["rows"] == rows
    for row in rows:
        assert f"{row['label']} {row['value']}" in flat, row
        assert f"{row['label']}: {row['value']}".replace('"', "&quot;") in html, row
