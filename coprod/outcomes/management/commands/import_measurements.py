"""manage.py import_measurements FILE --team SLUG --user USERNAME [--dry-run]: survey results for many
neighbourhoods, recorded in the name of one of the team's workers or its lead."""

from coprod.outcomes.imports import measurements_import
from coprod.units.management.base import TeamImportAsUserCommand


class Command(TeamImportAsUserCommand):
    help = "Import survey results (measurements) for a team's neighbourhoods from CSV (columns: see README)."

    def import_as(self, user, team, path, dry_run):
        return measurements_import(actor=user, team=team, source=path, dry_run=dry_run)
