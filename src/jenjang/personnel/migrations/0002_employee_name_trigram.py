"""A GIN trigram index on upper(name) so name search (UPPER(name::text) LIKE UPPER('%q%'), what Django emits for
`name__icontains` on PostgreSQL) stays fast at a million employees. Nothing happens on SQLite."""

from django.db import migrations

INDEX = "employee_name_upper_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON personnel_employee USING gin (upper(name::text) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("personnel", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
