"""Import commands that load a file into one team's records: --team and --dry-run, then the summary."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
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


class TeamImportAsUserCommand(TeamImportCommand):
    """A team import recorded in the name of one person (--user), whose role the import checks:
    subclasses implement import_as(user, team, path, dry_run)."""

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--user", required=True, help="Username of the person recording the records")

    def run_import(self, path, options):
        self.username = options["user"]
        return super().run_import(path, options)

    def import_as(self, user, team: Team, path: Path, dry_run: bool) -> ImportSummary:
        raise NotImplementedError

    def import_for_team(self, team, path, dry_run):
        user = get_user_model().objects.filter(username=self.username).first()
        if user is None:
            raise CommandError(f"No user with the username '{self.username}'.")
        try:
            return self.import_as(user, team, path, dry_run)
        except PermissionDenied as exc:
            raise CommandError(f"{self.username}: {exc}") from None
