"""Seed the areas of work with the National Survey of Charities and Social Enterprises vocabulary."""

from django.db import migrations

from coprod.groups.choices import NSCSE_AREAS


def seed(apps, schema_editor):
    AreaOfWork = apps.get_model("groups", "AreaOfWork")
    for position, (slug, name) in enumerate(NSCSE_AREAS, start=1):
        AreaOfWork.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
