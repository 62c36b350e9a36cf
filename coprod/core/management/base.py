"""The base class for import commands: same arguments, same report, same closing summary line."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coprod.core.csvimport import ImportFileError, ImportSummary


class ImportCommand(BaseCommand):
    """Subclasses implement run_import(path, options) -> ImportSummary.

    Every rejected row is written to stderr with its line, column, value and reason; the last line on
    stdout is always the summary. The exit status is 1 when any row was rejected, so scripts notice.
    """

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV file to import")

    def run_import(self, path: Path, options: dict) -> ImportSummary:
        raise NotImplementedError

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        try:
            summary = self.run_import(path, options)
        except ImportFileError as exc:
            raise CommandError(f"{path}: nothing imported: {exc}") from None
        for warning in summary.warnings:
            self.stderr.write(f"{path}: note: {warning}")
        for error in summary.errors:
            self.stderr.write(f"{path}: {error}")
        self.stdout.write(summary.line())
        if summary.rejected:
            raise CommandError(f"{summary.rejected} rows rejected", returncode=1)
