"""The progress report's "Public services" section, read back from the real PDF: the worked example
(20 places, 20 filled and 6 waiting, 30 referrals with 9 declined because it was full), the same
figures the page and the API show, and the group not named."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest

from coprod.publicservices.selectors import offers_for_user, referral_figures
from coprod.publicservices.services import (
    capacity_reading_save,
    frontline_hours_record,
    offer_save,
    public_body_save,
    referral_count_save,
)
from coprod.reporting import services
from coprod.reporting.choices import ReportStatus
from coprod.reporting.selectors import unit_figures
from tests.groups.factories import GroupFactory

D = datetime.date
Q2 = (D(2026, 7, 1), D(2026, 9, 30))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def lunch_club(world):
    lead = world["people"]["lead"]
    group = GroupFactory(
        team=world["teams"]["a1"], name="Quietly Named Pantry", anonymous_in_publications=True
    )
    offer = offer_save(
        actor=lead, group=group, name="Tuesday lunch", neighbourhood=world["hoods"]["a1"], places_week=20
    )
    capacity_reading_save(actor=lead, offer=offer, on=D(2026, 9, 29), places_filled=20, waiting_list=6)
    referral_count_save(
        actor=lead, offer=offer, period_start=Q2[0], period_end=Q2[1], source="social_prescribing",
        received=30, accepted=21, declined_full=9,
    )  # fmt: skip
    police = public_body_save(
        actor=world["people"]["manager"], region=world["units"]["a"].region, kind="police_neighbourhood_team",
        name="Eston police",
    )  # fmt: skip
    frontline_hours_record(
        actor=lead, team=world["teams"]["a1"], public_body=police, role="PCSO", period_start=Q2[0],
        period_end=Q2[1], hours=Decimal("40.5"),
    )  # fmt: skip
    return offer


def test_the_report_has_the_public_services_section(world, lunch_club, settings, tmp_path, committed):
    settings.MEDIA_ROOT = tmp_path
    manager = world["people"]["manager"]
    report, _ = committed(
        services.report_request, actor=manager, unit=world["units"]["a"], period="2026-27-Q2"
    )
    report.refresh_from_db()
    assert report.status in (ReportStatus.READY, ReportStatus.DELIVERED), report.failure
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", report.pdf.path, "-"], capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    flat = " ".join(text.split())
    assert "Public services: offers and referrals" in flat
    assert "Offers at capacity 1" in flat and "Referrals received 30" in flat
    assert "Declined because the offer was full 9 (30.0%)" in flat
    assert "Social prescribing link worker 30" in flat
    assert "Tuesday lunch" in flat and "Quietly Named Pantry" not in flat
    assert "Front-line hours with community groups" in flat
    assert "Eston police (police neighbourhood team) 40.5" in flat and "In all 40.5" in flat
    # The same figures as the offers page and the API read.
    page = referral_figures(offers_for_user(manager), start=Q2[0], end=Q2[1])
    assert report.figures["public_services"]["declined_full_percent"] == str(page.declined_full_percent)
    assert report.figures["public_services"]["received"] == page.received


def test_the_dashboards_figures_leave_it_out(world, lunch_club):
    figures = unit_figures(world["units"]["a"], start=Q2[0], end=Q2[1], today=D(2026, 10, 5))
    assert figures.public_services == {}
