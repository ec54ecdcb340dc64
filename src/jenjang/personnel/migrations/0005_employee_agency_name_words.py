"""A GIN index of the words of each name prefixed by the employee's agency ("Budi Haryanto" of agency 12:
a12wbudi, a12wharyanto), so an agency user's name search (`jenjang.personnel.selectors.AgencyNameWordsStartWith`)
reads only its agency's posting list instead of ANDing the national word list of migration 0004 with the agency
index (~119,000 entries for the largest agency). Words are those of migration 0004 (runs of ASCII letters); the
`w` ends the agency number, so 'a1w…' never matches agency 12's 'a12w…'. The expression must stay identical to
`AGENCY_NAME_WORDS_SQL` in the selectors, or PostgreSQL will not use the index. Nothing happens on SQLite."""

from django.db import migrations

INDEX = "employee_agency_name_words"
EXPRESSION = (
    "to_tsvector('simple'::regconfig, regexp_replace(regexp_replace(name::text, '[^A-Za-z]+', ' ', 'g'), "
    r"'([A-Za-z]+)', 'a' || agency_id::text || 'w\1', 'g'))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON personnel_employee USING gin (({EXPRESSION}))")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("personnel", "0004_employee_name_words")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
