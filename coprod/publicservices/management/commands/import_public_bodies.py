"""manage.py import_public_bodies FILE --region E12000005: a region's primary care networks (or other
public bodies) from a CSV in the NHS ODS shape (code, name; kind and areas optional)."""

from django.core.management.base import CommandError

from coprod.core.management.base import ImportCommand
from coprod.places.models import Region
from coprod.publicservices.imports import public_bodies_import


class Command(ImportCommand):
    help = "Import a region's public bodies (code, name, kind, areas) from a CSV in the NHS ODS shape."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--region", required=True, help="The region's ONS code, like E12000005")

    def run_import(self, path, options):
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"No region with the code {options['region']}.")
        return public_bodies_import(source=path, region=region)
