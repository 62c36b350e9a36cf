"""manage.py progress_report --unit SLUG --period 2026-27-Q3 --output FILE: a unit's quarterly PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coprod.reporting import services
from coprod.reporting.choices import ReportStatus
from coprod.units.models import CoProductionUnit


class Command(BaseCommand):
    help = "Produce (once) a unit's progress report for a quarter and write its PDF to a file."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="The unit's slug, e.g. west-midlands")
        parser.add_argument(
            "--period", required=True, help="A financial-year quarter, e.g. 2026-27-Q3 (Q1 is April to June)"
        )
        parser.add_argument("--output", required=True, type=Path, help="Where to write the PDF")

    def handle(self, *args, unit, period, output, **options):
        found = CoProductionUnit.objects.filter(slug=unit).first()
        if found is None:
            raise CommandError(f"No unit with the slug '{unit}'.")
        try:
            report, _ = services.report_request(actor=None, unit=found, period=period)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        report = services.report_render(report.pk)  # here and now, whatever the queue is doing
        if report.status not in (ReportStatus.READY, ReportStatus.DELIVERED):
            raise CommandError(f"The report could not be produced: {report.failure or report.status}")
        with report.pdf.open("rb") as handle:
            output.write_bytes(handle.read())
        self.stdout.write(
            f"{output}: {report.unit.name} {report.period_label}, {report.pages} pages, "
            f"sha256 {report.checksum}"
        )
