"""manage.py profile_snapshots [--on YYYY-MM-DD]: keep this financial year's snapshot of every public
profile that has none yet (Celery beat runs it each 1 April)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from coprod.profiles.services import snapshots_take


class Command(BaseCommand):
    help = "Keep this financial year's snapshot of every public community sector profile."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="The day to date the snapshots (default today), 2026-04-01.")

    def handle(self, *args, on=None, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else None
        except ValueError:
            raise CommandError(f"--on: '{on}' is not a date written 2026-04-01") from None
        taken = snapshots_take(on=day)
        self.stdout.write(f"profile snapshots taken: {taken}")
