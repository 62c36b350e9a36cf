"""manage.py import_imd FILE [--edition 2019]: Index of Multiple Deprivation ranks and deciles."""

from coprod.core.management.base import ImportCommand
from coprod.places.choices import ImdEdition
from coprod.places.services import imd_import


class Command(ImportCommand):
    help = "Import an IMD file of LSOA ranks and deciles (columns found by header name)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--edition", type=int, default=ImdEdition.E2019, choices=ImdEdition.values)

    def run_import(self, path, options):
        return imd_import(source=path, edition=options["edition"])
