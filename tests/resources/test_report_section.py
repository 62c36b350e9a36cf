"""The progress report's "Resources for the long haul": the region's growth dividend for its latest
GVA year, the savings claims' totals, and the levy receipts and remittances dated in the quarter,
read back from the real PDF; the dashboard's figures leave it out."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest

from coprod.reporting import services
from coprod.reporting.choices import ReportStatus
from coprod.reporting.selectors import unit_figures
from coprod.resources.services import levy_receipt_save, remittance_save
from tests.funding.factories import InitiativeFactory
from tests.resources.factories import GrowthDividendRuleFactory, RegionalGvaFactory, SavingsClaimFactory

D = datetime.date


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def long_haul(world):
    unit = world["units"]["a"]
    region = unit.region
    for year, value in ((2019, "56008"), (2020, "52767"), (2021, "56483")):
        RegionalGvaFactory(region=region, year=year, value=Decimal(value))
    GrowthDividendRuleFactory(region=region, base_year=2019, base_funding=Decimal("1000000.00"))
    initiative = InitiativeFactory(region=region, title="Tees Valley Fund")
    claim = SavingsClaimFactory(region=region)  # gross £20,160.00, net £8,064.00, remitted £2,016.00
    for scheme, day in (("Freeport levy", D(2026, 8, 3)), ("Later levy", D(2026, 10, 5))):
        levy_receipt_save(
            actor=None, initiative=initiative, source="Port operator", scheme=scheme,
            amount=Decimal("12345.67"), received_on=day,
        )  # fmt: skip
    remittance_save(
        actor=None, initiative=initiative, agreement=claim.remittance_agreement, claims=[claim],
        amount=Decimal("2016.00"), remitted_on=D(2026, 9, 30),
    )  # fmt: skip
    return {"unit": unit, "manager": world["people"]["manager"]}


def test_the_report_has_the_long_haul_section(long_haul, settings, tmp_path, committed):
    settings.MEDIA_ROOT = tmp_path
    report, _ = committed(
        services.report_request, actor=long_haul["manager"], unit=long_haul["unit"], period="2026-27-Q2"
    )
    report.refresh_from_db()
    assert report.status in (ReportStatus.READY, ReportStatus.DELIVERED), report.failure
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", report.pdf.path, "-"], capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    flat = " ".join(text.split())
    assert "Resources for the long haul" in flat
    assert "£1,000,000.00 × 56,483 / 56,008" in flat
    assert "£1,008,480.93" in flat
    assert "Gross saving £20,160.00" in flat and "Net saving £8,064.00" in flat
    assert "Remitted under agreements £2,016.00" in flat
    assert "Freeport levy" in flat and "Later levy" not in flat  # only the quarter's receipts
    assert "Levy receipts in total £12,345.67" in flat and "Remittances in total £2,016.00" in flat


def test_the_dashboards_figures_leave_it_out(long_haul):
    figures = unit_figures(long_haul["unit"], start=D(2026, 7, 1), end=D(2026, 9, 30), today=D(2026, 10, 5))
    assert figures.resources == {}
