"""The selection's demo: one open vacancy and one finished selection with published results, made by the services."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from jenjang.selection.models import Application, PpkDecision, Vacancy, VacancyStatus

TODAY = dt.date(2026, 3, 1)


@pytest.mark.django_db
def test_demo_has_an_open_vacancy_and_a_published_selection(client):
    call_command("demo", "--today", TODAY.isoformat(), "--seed", "7", stdout=io.StringIO())
    published = Vacancy.objects.get(status=VacancyStatus.PUBLISHED)
    ranked = list(Application.objects.filter(vacancy=published, rank__isnull=False).order_by("rank"))
    assert len(ranked) >= 3 and ranked[0].rank == 1
    assert Application.objects.filter(vacancy=published, screening_passed=False).exists()  # the D3 applicant
    assert PpkDecision.objects.get(vacancy=published).chosen.shortlisted
    open_vacancy = Vacancy.objects.get(status=VacancyStatus.OPEN)
    assert open_vacancy.announcement_start <= TODAY <= open_vacancy.announcement_end
    page = client.get(f"/seleksi/hasil/{published.pk}/").content.decode()
    assert ranked[0].name in page
    # loading again from scratch (reset) clears and rebuilds without errors
    call_command("demo", "--today", TODAY.isoformat(), "--seed", "7", "--reset", stdout=io.StringIO())
    assert Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).count() == 1
