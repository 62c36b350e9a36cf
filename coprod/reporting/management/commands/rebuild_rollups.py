"""Recompute the dashboard's rollups from the records they sum.

Every write keeps the rollups equal in its own transaction; this is for after records were loaded by
other means (a database restore, a bulk load). It changes no figure that was right.

    manage.py rebuild_rollups
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from coprod.engagements import rollups
from coprod.groups import rollups as group_rollups


class Command(BaseCommand):
    help = "Recompute the dashboard's rollups (contacts, groups engaged, the directory) from the records."

    def handle(self, *args, **options):
        with transaction.atomic():
            rollups.rebuild()
            group_rollups.rebuild()
        self.stdout.write("Rollups recomputed.")
