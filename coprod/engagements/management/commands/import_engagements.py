"""manage.py import_engagements FILE --team SLUG [--dry-run]: historical contacts into a team's log."""

from django.core.management.base import CommandError

from coprod.core.management.base import ImportCommand
from coprod.engagements.imports import engagements_import
from coprod.units.models import Team


class Command(ImportCommand):
    help = "Import historical contacts from CSV into a team's engagement log (columns: see README)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--team", required=True, help="The team's slug, e.g. stoke")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, but write nothing")

    def run_import(self, path, options):
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(f"No team with the slug '{options['team']}'.")
        summary = engagements_import(actor=None, team=team, source=path, dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        return summary
