"""manage.py import_360giving FILE --initiative ID-or-slug [--category C] [--state S] [--require-match]
[--dry-run]: grants in the 360Giving standard (JSON package or CSV) as allocations of an initiative."""

from django.core.management.base import CommandError

from coprod.core.management.base import ImportCommand
from coprod.funding.choices import AllocationState, Category
from coprod.funding.imports import grants_import
from coprod.funding.models import RegionalInitiative


class Command(ImportCommand):
    help = (
        "Import 360Giving grants (JSON package or CSV with the standard's column titles) as allocations "
        "of one regional initiative; recipients are matched to the region's groups, locations to its "
        "neighbourhoods, and every grant that does not match is reported."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--initiative", required=True, help="The initiative's id or slug")
        parser.add_argument("--category", default=Category.OTHER, choices=Category.values)
        parser.add_argument("--state", default=AllocationState.COMMITTED, choices=AllocationState.values)
        parser.add_argument(
            "--require-match",
            action="store_true",
            help="Reject a grant whose recipient or location matches nothing (default: import it, say so)",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count, but write nothing")

    def run_import(self, path, options):
        wanted = options["initiative"]
        found = RegionalInitiative.objects.filter(slug=wanted)
        if wanted.isdigit():
            found = found | RegionalInitiative.objects.filter(pk=int(wanted))
        initiative = found.select_related("region").first()
        if initiative is None:
            raise CommandError(f"No initiative with the id or slug '{wanted}'.")
        summary = grants_import(
            actor=None,
            initiative=initiative,
            source=path,
            category=options["category"],
            state=options["state"],
            require_match=options["require_match"],
            dry_run=options["dry_run"],
        )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        return summary
