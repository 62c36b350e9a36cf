"""manage.py import_engagements FILE --team SLUG [--dry-run]: historical contacts into a team's log."""

from coprod.engagements.imports import engagements_import
from coprod.units.management.base import TeamImportCommand


class Command(TeamImportCommand):
    help = "Import historical contacts from CSV into a team's engagement log (columns: see README)."

    def import_for_team(self, team, path, dry_run):
        return engagements_import(actor=None, team=team, source=path, dry_run=dry_run)
