"""manage.py import_groups FILE --team SLUG [--dry-run]: community groups into a team's directory."""

from django.core.management.base import CommandError

from coprod.core.management.base import ImportCommand
from coprod.groups.imports import groups_import
from coprod.units.models import Team


class Command(ImportCommand):
    help = "Import community groups from CSV into a team's directory (columns: see README)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--team", required=True, help="The team's slug, e.g. stoke")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, but write nothing")

    def run_import(self, path, options):
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(f"No team with the slug '{options['team']}'.")
        summary = groups_import(actor=None, team=team, source=path, dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        return summary
