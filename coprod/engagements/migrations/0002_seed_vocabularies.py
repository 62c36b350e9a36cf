"""Seed the activity types and themes; administrators can add more."""

from django.db import migrations

from coprod.engagements.choices import ACTIVITY_TYPES, THEMES


def seed(apps, schema_editor):
    for model_name, items in (("ActivityType", ACTIVITY_TYPES), ("Theme", THEMES)):
        model = apps.get_model("engagements", model_name)
        for position, (slug, name) in enumerate(items, start=1):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("engagements", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
