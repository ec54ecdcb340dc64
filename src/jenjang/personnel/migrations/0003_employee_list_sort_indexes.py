"""Indexes for every sort of the employee list, in the order it reads, for one agency and nationally (the
national list walks (name, id) instead of sorting a million rows). The (agency, rank) and (agency, rank_since)
indexes become prefixes of the wider ones."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0001_initial"),
        ("personnel", "0002_employee_name_trigram"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="employee",
            name="employee_agency_rank",
        ),
        migrations.RemoveIndex(
            model_name="employee",
            name="employee_agency_rank_since",
        ),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["name", "id"], name="employee_name"),
        ),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["agency", "nip"], name="employee_agency_nip"),
        ),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["agency", "rank", "name", "id"], name="employee_agency_rank_name"),
        ),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["rank", "name", "id"], name="employee_rank_name"),
        ),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["agency", "rank_since", "name", "id"], name="employee_agency_rank_since_nm"),
        ),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["rank_since", "name", "id"], name="employee_rank_since_name"),
        ),
    ]
