"""manage.py import_measurements FILE --team SLUG --user USERNAME [--dry-run]: survey results for many
neighbourhoods, recorded in the name of one of the team's workers or its lead."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from coprod.outcomes.imports import measurements_import
from coprod.units.management.base import TeamImportCommand


class Command(TeamImportCommand):
    help = "Import survey results (measurements) for a team's neighbourhoods from CSV (columns: see README)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--user", required=True, help="Username of the team member recording the results")

    def run_import(self, path, options):
        self.username = options["user"]
        return super().run_import(path, options)

    def import_for_team(self, team, path, dry_run):
        user = get_user_model().objects.filter(username=self.username).first()
        if user is None:
            raise CommandError(f"No user with the username '{self.username}'.")
        try:
            return measurements_import(actor=user, team=team, source=path, dry_run=dry_run)
        except PermissionDenied as exc:
            raise CommandError(f"{self.username}: {exc}") from None
