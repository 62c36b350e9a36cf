"""Each venue added before its history was kept starts it with its status now, from the day it was added."""

from django.db import migrations


def start_histories(apps, schema_editor):
    Venue = apps.get_model("groups", "Venue")
    VenueStatusChange = apps.get_model("groups", "VenueStatusChange")
    begun = set(VenueStatusChange.objects.values_list("venue_id", flat=True))
    VenueStatusChange.objects.bulk_create(
        [
            VenueStatusChange(venue_id=pk, from_status="", status=status, on=created_at.date())
            for pk, status, created_at in Venue.objects.values_list("pk", "status", "created_at")
            if pk not in begun
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("groups", "0006_venues_over_time")]

    operations = [migrations.RunPython(start_histories, migrations.RunPython.noop)]
