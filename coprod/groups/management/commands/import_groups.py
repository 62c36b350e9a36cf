"""manage.py import_groups FILE --team SLUG [--dry-run]: community groups into a team's directory."""

from coprod.groups.imports import groups_import
from coprod.units.management.base import TeamImportCommand


class Command(TeamImportCommand):
    help = "Import community groups from CSV into a team's directory (columns: see README)."

    def import_for_team(self, team, path, dry_run):
        return groups_import(actor=None, team=team, source=path, dry_run=dry_run)
