"""Seed the funding streams named in the domain notes; administrators can add more."""

from django.db import migrations

from coprod.funding.choices import FUNDING_STREAMS


def seed(apps, schema_editor):
    model = apps.get_model("funding", "FundingStream")
    for position, (slug, name) in enumerate(FUNDING_STREAMS, start=1):
        model.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
