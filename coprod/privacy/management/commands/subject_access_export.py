"""manage.py subject_access_export --user USERNAME (--name NAME | --email EMAIL) --reference REF
[--output FILE]: everything held about a person, in the records the user reaches, as JSON."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from coprod.audit.context import acting_as
from coprod.privacy.services import subject_access_export


def person_arguments(parser) -> None:
    parser.add_argument("--user", required=True, help="Username of the team lead or administrator acting")
    parser.add_argument("--name", default="", help="The person's full name as the records have it")
    parser.add_argument("--email", default="", help="The person's e-mail address")
    parser.add_argument("--reference", required=True, help="The request's reference, e.g. SAR-2026-014")


def acting_user(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user with the username '{username}'.")
    return user


def problem(exc: Exception) -> CommandError:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return CommandError("; ".join(f"--{k}: {' '.join(v)}" for k, v in exc.message_dict.items()))
    return CommandError(" ".join(getattr(exc, "messages", [str(exc)])))


class Command(BaseCommand):
    help = "Export everything held about a named person (subject access request) as JSON."

    def add_arguments(self, parser):
        person_arguments(parser)
        parser.add_argument("--output", help="File to write (default: print to standard output)")

    def handle(self, *args, **options):
        user = acting_user(options["user"])
        try:
            with acting_as(user):
                document = subject_access_export(
                    actor=user, name=options["name"], email=options["email"], reference=options["reference"]
                )
        except (PermissionDenied, ValidationError) as exc:
            raise problem(exc) from None
        text = json.dumps(document, indent=2, default=str)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Written to {options['output']}.")
        else:
            self.stdout.write(text)
