"""A database trigger that refuses any change to a signed-off baseline, whoever tries.

The model and the services refuse too; the trigger covers raw SQL, queryset.update() and
queryset.delete(). On SQLite, Django's test flush deletes rows with DELETE, so a transactional test
(live_server, transactional_db) must not leave a signed-off baseline behind there.
"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER baseline_signed_off_frozen
BEFORE UPDATE ON neighbourhoods_baseline
WHEN OLD.status = 'signed_off'
BEGIN
    SELECT RAISE(ABORT, 'a signed-off baseline cannot be changed');
END;
"""
SQLITE_UP_DELETE = """
CREATE TRIGGER baseline_signed_off_undeletable
BEFORE DELETE ON neighbourhoods_baseline
WHEN OLD.status = 'signed_off'
BEGIN
    SELECT RAISE(ABORT, 'a signed-off baseline cannot be deleted');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS baseline_signed_off_frozen;"
SQLITE_DOWN_DELETE = "DROP TRIGGER IF EXISTS baseline_signed_off_undeletable;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION neighbourhoods_baseline_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'signed_off' THEN
        RAISE EXCEPTION 'a signed-off baseline cannot be changed or deleted (baseline %)', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER baseline_signed_off_frozen
BEFORE UPDATE OR DELETE ON neighbourhoods_baseline
FOR EACH ROW EXECUTE FUNCTION neighbourhoods_baseline_frozen();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS baseline_signed_off_frozen ON neighbourhoods_baseline;
DROP FUNCTION IF EXISTS neighbourhoods_baseline_frozen();
"""


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("neighbourhoods", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
        # SQLite runs one statement per execute.
        migrations.RunPython(_run({"sqlite": SQLITE_UP_DELETE}), _run({"sqlite": SQLITE_DOWN_DELETE})),
    ]
