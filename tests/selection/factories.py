"""Selection test data: a vacancy with a committee, candidates and applications."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jenjang.accounts.models import Role
from jenjang.selection import services
from jenjang.selection.models import Application, CandidateProfile, Vacancy, VacancyStatus
from tests.factories import UserFactory

TODAY = dt.date(2026, 3, 20)


def make_vacancy(agency, manager, committee, *, position=None, external=(), **overrides: Any) -> Vacancy:
    data: dict[str, Any] = {
        "title": "Kepala Bagian Umum",
        "position": position,
        "level": "ADMINISTRATOR",
        "announcement_start": dt.date(2026, 3, 1),
        "announcement_end": dt.date(2026, 3, 31),
        "assessment_date": dt.date(2026, 4, 20),
        "interview_date": dt.date(2026, 4, 27),
        "announce": True,
        "requirements": {"min_education": "S1", "min_rank": "III/b", "min_predicate": "BAIK", "max_age": 56},
    }
    data.update(overrides)
    return services.vacancy_create(actor=manager, agency=agency, data=data, committee=committee, external=external)


def make_candidate(name: str = "Budi Santoso", *, education: str = "S1", birth: dt.date = dt.date(1990, 5, 1)):
    user = UserFactory(role=Role.CANDIDATE, agency=None, email=f"{name.split()[0].lower()}@example.org")
    CandidateProfile.objects.create(user=user, full_name=name, education=education, birth_date=birth)
    return user


def apply(vacancy: Vacancy, user, on: dt.date = TODAY, **kwargs: Any) -> Application:
    application, _created = services.application_submit(actor=user, vacancy=vacancy, on=on, **kwargs)
    return application


def close_and_screen(vacancy: Vacancy, member, on: dt.date = dt.date(2026, 4, 20)) -> Vacancy:
    """Past the announcement and its two possible extensions."""
    services.screening_run(actor=member, vacancy=vacancy, on=on)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.SCREENING
    return vacancy
