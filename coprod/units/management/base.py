"""Import commands that load a file into one team's records: --team and --dry-run, then the summary."""

from pathlib import Path

from django.core.management.base import CommandError

from coprod.core.csvimport import ImportSummary
from coprod.core.management.base import ImportCommand
from coprod.units.models import Team


class TeamImportCommand(ImportCommand):
    """Subclasses implement import_for_team(team, path, dry_run); the command line needs no role."""

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--team", required=True, help="The team's slug, e.g. stoke")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, but write nothing")

    def import_for_team(self, team: Team, path: Path, dry_run: bool) -> ImportSummary:
        raise NotImplementedError

    def run_import(self, path, options):
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(f"No team with the slug '{options['team']}'.")
        summary = self.import_for_team(team, path, options["dry_run"])
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        return summary
