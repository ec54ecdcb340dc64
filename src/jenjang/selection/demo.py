"""The selection's part of `jenjang demo` (IPDN Kampus NTB): one open vacancy taking applications, and one
finished selection with published screening and final results, the PPK's decision and an open appeal window.

The finished selection has no CAT stage: the cat app's demo (its item bank and sessions) loads after this one in
INSTALLED_APPS order, so its scores cannot feed this selection; its assessment and interview are scored by the
committee through the same services as the pages. Candidates `pelamar.umumN` (password `jenjang-demo-2026`).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from jenjang.accounts.models import Role, User
from jenjang.demo.campus import PASSWORD

from . import scoring, services
from .models import (
    Appeal,
    Application,
    CandidateDocument,
    CandidateProfile,
    CommitteeMember,
    PanelScore,
    PpkDecision,
    Vacancy,
)

CANDIDATES = (
    ("pelamar.umum1", "Lale Sri Handayani", "S1", dt.date(1994, 2, 11)),
    ("pelamar.umum2", "I Gede Putu Arsana", "S2", dt.date(1990, 7, 3)),
    ("pelamar.umum3", "Siti Rahmawati", "S1", dt.date(1996, 12, 24)),
    ("pelamar.umum4", "Zainul Arifin", "D3", dt.date(1993, 5, 9)),
    ("pelamar.umum5", "Yuliana Putri", "S1", dt.date(1997, 9, 17)),
)


def clear(agency_ids: list[int]) -> None:
    vacancies = Vacancy.objects.filter(agency_id__in=agency_ids)
    PpkDecision.objects.filter(vacancy__in=vacancies).delete()
    Appeal.objects.filter(application__vacancy__in=vacancies).delete()
    PanelScore.objects.filter(application__vacancy__in=vacancies).delete()
    Application.objects.filter(vacancy__in=vacancies).delete()
    CommitteeMember.objects.filter(vacancy__in=vacancies).delete()
    vacancies.delete()
    users = User.objects.filter(username__in=[c[0] for c in CANDIDATES], role=Role.CANDIDATE)
    Application.objects.filter(applicant__in=users).delete()
    CandidateDocument.objects.filter(user__in=users).delete()
    users.delete()


def _candidates() -> list[User]:
    from django.contrib.auth.hashers import make_password

    password = make_password(PASSWORD)  # one hash for every demo candidate: hashing is deliberately slow
    users = []
    for username, name, _education, _birth in CANDIDATES:
        users.append(User(username=username, email=f"{username}@contoh.id", first_name=name[:150],
                          role=Role.CANDIDATE, password=password))  # fmt: skip
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__in=[c[0] for c in CANDIDATES]).order_by("username"))
    CandidateProfile.objects.bulk_create(
        CandidateProfile(user=u, full_name=c[1], education=c[2], birth_date=c[3], phone="0812-0000-000")
        for u, c in zip(users, CANDIDATES, strict=True)
    )
    return users


def _position(agency: Any, levels: tuple[str, ...]) -> Any:
    from jenjang.organization.models import Position

    return Position.objects.filter(agency=agency, level__in=levels, is_active=True).order_by("id").first()


def load(*, agencies: dict[str, Any], today: dt.date, seed: int) -> None:
    agency = agencies.get("IPDN-NTB")
    if agency is None:
        return
    rng = random.Random(seed + 5)
    users = {
        u.username: u
        for u in User.objects.filter(
            agency=agency, username__in=["kepegawaian", "atasan", "admin", "pimpinan", "pegawai"]
        )
    }
    manager, leader = users.get("kepegawaian"), users.get("pimpinan")
    committee = [u for u in (users.get("kepegawaian"), users.get("atasan"), users.get("admin")) if u is not None]
    if manager is None or leader is None or not committee:
        return
    candidates = _candidates()

    # 1) a finished selection: announced two months ago, screened, scored, decided, published
    start = today - dt.timedelta(days=60)
    finished = services.vacancy_create(
        actor=manager,
        agency=agency,
        committee=committee,
        data={
            "title": "Seleksi Terbuka Analis SDM Aparatur Ahli Pertama",
            "position": _position(agency, ("JF_AHLI_PERTAMA",)),
            "description": "Mengelola data dan analisis kebutuhan pegawai di lingkungan kampus.",
            "open_to_public": True,
            "announcement_start": start,
            "announcement_end": start + dt.timedelta(days=14),
            "screening_date": start + dt.timedelta(days=17),
            "assessment_date": start + dt.timedelta(days=30),
            "interview_date": start + dt.timedelta(days=35),
            "final_date": start + dt.timedelta(days=45),
            "announce": True,
            "requirements": {"min_education": "S1", "max_age": 35, "custom": ["Sehat jasmani dan rohani"]},
        },
    )
    for user in candidates:
        services.application_submit(
            actor=user, vacancy=finished, declared=["Sehat jasmani dan rohani"], on=start + dt.timedelta(days=2),
            motivation="Ingin berkontribusi pada pengelolaan ASN berbasis merit.",
        )  # fmt: skip
    services.screening_run(actor=committee[0], vacancy=finished, on=start + dt.timedelta(days=17))
    finished = services.screening_publish(actor=committee[0], vacancy=finished)
    for application in Application.objects.filter(vacancy=finished, screening_passed=True).order_by("id"):
        base = rng.randint(65, 88)
        for member in committee:
            scoring.panel_score_submit(
                actor=member, application=application, stage="assessment", score=base + rng.randint(-4, 4)
            )
            scoring.panel_score_submit(
                actor=member, application=application, stage="interview", score=base + rng.randint(-6, 6)
            )
    scoring.ranking_compute(actor=committee[0], vacancy=finished)
    top = scoring.ranking_send_to_ppk(actor=committee[0], vacancy=finished)
    scoring.ppk_decide(
        actor=leader, vacancy=Vacancy.objects.get(pk=finished.pk), chosen_id=top[0].pk,
        reason="Peringkat pertama dengan nilai wawancara dan asesmen yang konsisten.",
    )  # fmt: skip
    scoring.results_publish(actor=committee[0], vacancy=Vacancy.objects.get(pk=finished.pk))

    # 2) an open vacancy: announced five days ago for two more weeks; the demo employee has applied
    open_start = today - dt.timedelta(days=5)
    vacancy = services.vacancy_create(
        actor=manager,
        agency=agency,
        committee=committee,
        data={
            "title": "Seleksi Terbuka Kepala Subbagian Kepegawaian",
            "position": _position(agency, ("PENGAWAS",)),
            "description": "Memimpin pengelolaan administrasi kepegawaian dan pengembangan karier pegawai kampus.",
            "open_to_public": True,
            "announcement_start": open_start,
            "announcement_end": open_start + dt.timedelta(days=19),
            "screening_date": open_start + dt.timedelta(days=21),
            "assessment_date": open_start + dt.timedelta(days=30),
            "interview_date": open_start + dt.timedelta(days=33),
            "final_date": open_start + dt.timedelta(days=40),
            "announce": True,
            "requirements": {},
        },
    )
    employee_user = users.get("pegawai")
    if employee_user is not None and employee_user.employee_id:
        services.application_submit(actor=employee_user, vacancy=vacancy, on=today, motivation="Siap mengemban amanah.")
