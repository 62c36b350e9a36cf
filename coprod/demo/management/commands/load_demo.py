"""manage.py load_demo: the demo places, units, teams, people, neighbourhoods and groups, once."""

from django.core.management.base import BaseCommand
from django.db import transaction

from coprod.engagements import demo as engagements_demo
from coprod.funding import demo as funding_demo
from coprod.groups import demo as groups_demo
from coprod.neighbourhoods import demo as neighbourhoods_demo
from coprod.outcomes import demo as outcomes_demo
from coprod.profiles import demo as profiles_demo
from coprod.publicservices import demo as publicservices_demo
from coprod.regionalwork import demo as regionalwork_demo
from coprod.resources import demo as resources_demo


class Command(BaseCommand):
    help = "Load the demo (once): real places for six authorities, two units of three teams, and records."

    def handle(self, *args, **options):
        if neighbourhoods_demo.is_loaded():
            self.stdout.write("The demo is already loaded.")
        else:
            with transaction.atomic():
                neighbourhoods_demo.load(self.stdout.write)
                groups_demo.load(self.stdout.write)
                engagements_demo.load(self.stdout.write)
                outcomes_demo.load(self.stdout.write)
                funding_demo.load(self.stdout.write)
                resources_demo.load(self.stdout.write)
                publicservices_demo.load(self.stdout.write)
                regionalwork_demo.load(self.stdout.write)
                profiles_demo.load(self.stdout.write)
            self.stdout.write(self.style.SUCCESS("Demo loaded."))
        self.stdout.write(f"Demo logins (password for each: {neighbourhoods_demo.DEMO_PASSWORD}):")
        for username, _first, _last, role, where in neighbourhoods_demo.USERS:
            self.stdout.write(f"  {username:<22} {role.label}{f', {where}' if where else ''}")
