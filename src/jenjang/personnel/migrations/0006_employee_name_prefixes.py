"""The distinct one- and two-letter starts of the words of each employee's name, with the employee's agency
(`EmployeeNamePrefix`), so that a short name search ("ha", "b s") reads matches in index order and stops after the
page's cap instead of reading a GIN posting list of 50,000-120,000 entries (docs/decisions/0003-name-word-index.md).

On PostgreSQL: `personnel_name_prefixes(name)` gives a name's prefixes (words are runs of ASCII letters,
lower-case, as in migrations 0004/0005 and the search); triggers on the employee table keep the rows in step on
insert, delete, a change of name or agency, and truncate; existing employees are filled in one INSERT ... SELECT.
The population generator (`jenjang.demo.national`) disables the row triggers for its bulk load and fills the table
set-based the same way (`fill_name_prefixes`). On SQLite the table is created but stays empty: its search does not
use it."""

from django.db import migrations, models

PREFIXES_FUNCTION = r"""
CREATE OR REPLACE FUNCTION personnel_name_prefixes(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT left(word, n)), '{}')
    FROM regexp_split_to_table(lower(regexp_replace(name, '[^A-Za-z]+', ' ', 'g')), ' ') AS word,
         (VALUES (1), (2)) AS length (n)
    WHERE word <> ''
$$
"""

SYNC_FUNCTION = r"""
CREATE OR REPLACE FUNCTION personnel_employee_name_prefixes_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        -- DELETE, not TRUNCATE: Django's flush truncates both tables in one statement, and a TRUNCATE of a
        -- table that statement is truncating fails; here there is nothing left to delete.
        DELETE FROM personnel_employeenameprefix;
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM personnel_employeenameprefix
        WHERE prefix = ANY (personnel_name_prefixes(OLD.name)) AND employee_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO personnel_employeenameprefix (prefix, employee_id, agency_id)
        SELECT prefix, NEW.id, NEW.agency_id FROM unnest(personnel_name_prefixes(NEW.name)) AS prefix;
    END IF;
    RETURN NULL;
END
$$
"""

# The row triggers (the generator disables these two for its bulk load) and the truncate trigger.
ROW_TRIGGERS = ("personnel_employee_name_prefixes", "personnel_employee_name_prefixes_update")
TRIGGERS = (
    """CREATE TRIGGER personnel_employee_name_prefixes AFTER INSERT OR DELETE ON personnel_employee
       FOR EACH ROW EXECUTE FUNCTION personnel_employee_name_prefixes_sync()""",
    """CREATE TRIGGER personnel_employee_name_prefixes_update AFTER UPDATE OF name, agency_id ON personnel_employee
       FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.agency_id IS DISTINCT FROM NEW.agency_id)
       EXECUTE FUNCTION personnel_employee_name_prefixes_sync()""",
    """CREATE TRIGGER personnel_employee_name_prefixes_truncate AFTER TRUNCATE ON personnel_employee
       FOR EACH STATEMENT EXECUTE FUNCTION personnel_employee_name_prefixes_sync()""",
)

FILL = """
INSERT INTO personnel_employeenameprefix (prefix, employee_id, agency_id)
SELECT prefix, e.id, e.agency_id
FROM personnel_employee e, unnest(personnel_name_prefixes(e.name)) AS prefix
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(PREFIXES_FUNCTION)
    schema_editor.execute(SYNC_FUNCTION)
    for trigger in TRIGGERS:
        schema_editor.execute(trigger)
    schema_editor.execute(FILL)
    schema_editor.execute("ANALYZE personnel_employeenameprefix")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in (*ROW_TRIGGERS, "personnel_employee_name_prefixes_truncate"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON personnel_employee")
    schema_editor.execute("DROP FUNCTION IF EXISTS personnel_employee_name_prefixes_sync()")
    schema_editor.execute("DROP FUNCTION IF EXISTS personnel_name_prefixes(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0001_initial"),
        ("personnel", "0005_employee_agency_name_words"),
    ]

    operations = [
        migrations.CreateModel(
            name="EmployeeNamePrefix",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "prefix", "employee", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("prefix", models.CharField(max_length=2)),
                (
                    "agency",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="+",
                        to="organization.agency",
                    ),
                ),
                (
                    "employee",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="name_prefixes",
                        to="personnel.employee",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["agency", "prefix", "employee"], name="employee_nameprefix_agency")],
            },
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
