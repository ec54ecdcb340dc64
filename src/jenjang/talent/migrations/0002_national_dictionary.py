from django.db import migrations


def load(apps, schema_editor):
    from jenjang.talent.dictionary import load_national_dictionary

    load_national_dictionary(apps.get_model("talent", "Competency"), apps.get_model("talent", "CompetencyLevel"))


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
