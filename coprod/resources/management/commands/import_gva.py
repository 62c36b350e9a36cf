"""manage.py import_gva FILE --prices current|chained: ONS regional GVA, all industries, per region."""

from coprod.core.management.base import ImportCommand
from coprod.resources.choices import Prices
from coprod.resources.imports import gva_import


class Command(ImportCommand):
    help = "Import an ONS regional GVA (balanced) by industry table, ITL1 regions (columns found by header)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--prices", required=True, choices=Prices.values)

    def run_import(self, path, options):
        return gva_import(source=path, prices=options["prices"])
