from django.db import migrations


def fill(apps, schema_editor):
    """Sum the contacts and returns that are already there into the new quarterly and daily rollups
    (the app's own code, as manage.py rebuild_rollups)."""
    if apps.get_model("engagements", "Engagement").objects.exists():
        from coprod.engagements import rollups

        rollups.rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0006_contact_days"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
