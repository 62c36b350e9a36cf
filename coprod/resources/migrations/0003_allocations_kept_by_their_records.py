"""Mark the ledger entries of levy receipts and remittances already recorded as kept by them."""

from django.db import migrations


def mark(apps, schema_editor):
    Allocation = apps.get_model("funding", "Allocation")
    for model, keeper in (("LevyReceipt", "levy receipt"), ("Remittance", "remittance")):
        kept = apps.get_model("resources", model).objects.values("allocation_id")
        Allocation.objects.filter(pk__in=kept).update(kept_by=keeper)


def unmark(apps, schema_editor):
    apps.get_model("funding", "Allocation").objects.update(kept_by="")


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0003_allocation_kept_by"),
        ("resources", "0002_levy_remittances_local_opportunity"),
    ]

    operations = [migrations.RunPython(mark, unmark)]
