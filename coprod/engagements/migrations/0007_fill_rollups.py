from django.db import migrations


def fill(apps, schema_editor):
    """Nothing here: 0008_rollup_keys sums the contacts with the historical models."""


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0006_contact_days"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
