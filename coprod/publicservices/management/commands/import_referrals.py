"""manage.py import_referrals FILE --team SLUG --user USERNAME [--dry-run]: referral counts for a
team's offers, recorded in the name of its lead. Counts only: a file with a column for a referred
person's details is refused whole."""

from coprod.publicservices.imports import referrals_import
from coprod.units.management.base import TeamImportAsUserCommand


class Command(TeamImportAsUserCommand):
    help = "Import referral counts for a team's offers from CSV (columns: see README)."

    def import_as(self, user, team, path, dry_run):
        return referrals_import(actor=user, team=team, source=path, dry_run=dry_run)
