"""A GIN index of the words of each name, so the list's name search (each searched word begins a word of the
name, `jenjang.personnel.selectors.name_words_match`) reads one short posting list per word instead of the
trigram lists of migration 0002 (which stays for the "contains" fallback). A word is a run of ASCII letters:
every other character separates words, so "A.Rahman" and "Siti-Aisyah" have the words a, rahman, siti, aisyah.
The expression must stay identical to `NAME_WORDS_SQL` in the selectors, or PostgreSQL will not use the index.
Nothing happens on SQLite."""

from django.db import migrations

INDEX = "employee_name_words"
EXPRESSION = "to_tsvector('simple'::regconfig, regexp_replace(name::text, '[^A-Za-z]+', ' ', 'g'))"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON personnel_employee USING gin (({EXPRESSION}))")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("personnel", "0003_employee_list_sort_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
