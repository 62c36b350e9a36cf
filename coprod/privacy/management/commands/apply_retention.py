"""manage.py apply_retention: clear personal data past its retention period now (beat runs it daily)."""

from django.core.management.base import BaseCommand

from coprod.privacy.services import retention_apply


class Command(BaseCommand):
    help = "Clear engagement notes and contacts of long-folded groups past their retention period."

    def handle(self, *args, **options):
        done = retention_apply()
        self.stdout.write(
            f"{done['notes_cleared']} engagement note(s) cleared, "
            f"{done['contacts_deleted']} contact(s) deleted."
        )
