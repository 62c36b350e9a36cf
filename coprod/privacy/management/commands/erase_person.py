"""manage.py erase_person --user USERNAME (--name NAME | --email EMAIL) --reference REF: delete a person's
contact records and remove their name and e-mail address from notes, in the records the user reaches."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand

from coprod.audit.context import acting_as
from coprod.privacy.management.commands.subject_access_export import acting_user, person_arguments, problem
from coprod.privacy.services import person_erase


class Command(BaseCommand):
    help = "Erase a named person's personal data; figures stay as they are."

    def add_arguments(self, parser):
        person_arguments(parser)

    def handle(self, *args, **options):
        user = acting_user(options["user"])
        try:
            with acting_as(user):
                done = person_erase(
                    actor=user, name=options["name"], email=options["email"], reference=options["reference"]
                )
        except (PermissionDenied, ValidationError) as exc:
            raise problem(exc) from None
        self.stdout.write(
            f"Erased: {done['contacts_deleted']} contact record(s) deleted, "
            f"{done['mentions_redacted']} mention(s) removed."
        )
