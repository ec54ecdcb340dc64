"""Vacancies, the announcement period, applications, screening, panels, ranking, PPK and appeals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jenjang.core.errors import AccessDenied, InvalidData, NotFound
from jenjang.core.models import AuditLog
from jenjang.personnel.models import PerformanceHistory
from jenjang.selection import scoring, services
from jenjang.selection.models import Application, PpkDecision, VacancyStatus
from tests.factories import EmployeeFactory
from tests.selection.factories import TODAY, apply, close_and_screen, make_candidate, make_vacancy

pytestmark = pytest.mark.django_db


def _employee_user(agency, make_user, *, rank="III/c", predicates=("BAIK", "BAIK")):
    from jenjang.domain.vocab import rank_code

    employee = EmployeeFactory(agency=agency, rank=rank_code(rank))
    for year, predicate in zip((2024, 2025), predicates, strict=True):
        PerformanceHistory.objects.create(employee=employee, year=year, predicate=predicate)
    return make_user("EMPLOYEE", agency, employee=employee)


def test_double_submit_creates_one_application(agency, manager, members):
    vacancy = make_vacancy(agency, manager, members)
    candidate = make_candidate()
    first, created = services.application_submit(actor=candidate, vacancy=vacancy, on=TODAY)
    second, created_again = services.application_submit(actor=candidate, vacancy=vacancy, on=TODAY)
    assert created and not created_again and first.pk == second.pk
    assert Application.objects.filter(vacancy=vacancy).count() == 1


def test_applications_outside_the_announcement_are_refused(agency, manager, members):
    vacancy = make_vacancy(agency, manager, members)
    with pytest.raises(InvalidData):
        apply(vacancy, make_candidate(), on=dt.date(2026, 2, 28))


def test_too_few_applicants_extends_the_announcement_at_most_twice(agency, manager, members):
    vacancy = make_vacancy(agency, manager, members)
    apply(vacancy, make_candidate("Ani Lestari"))
    assert services.announcement_roll(dt.date(2026, 4, 1)) == 1
    vacancy.refresh_from_db()
    assert (vacancy.announcement_end, vacancy.extensions) == (dt.date(2026, 4, 7), 1)
    assert AuditLog.objects.filter(action="selection.vacancy.extended", object_id=str(vacancy.pk)).exists()
    # applying in the extension is allowed; screening before its end is refused
    apply(vacancy, make_candidate("Citra Dewi"), on=dt.date(2026, 4, 3))
    with pytest.raises(InvalidData):
        services.screening_run(actor=members[0], vacancy=vacancy, on=dt.date(2026, 4, 5))
    services.announcement_roll(dt.date(2026, 5, 30))
    vacancy.refresh_from_db()
    assert (vacancy.announcement_end, vacancy.extensions) == (dt.date(2026, 4, 14), 2)


def test_enough_applicants_closes_without_extension(agency, manager, members):
    vacancy = make_vacancy(agency, manager, members)
    for name in ("Ani A", "Budi B", "Citra C", "Dedi D"):
        apply(vacancy, make_candidate(name))
    assert services.announcement_roll(dt.date(2026, 4, 1)) == 0


def test_screening_gives_reasons_and_override_needs_a_reason(agency, manager, members, make_user):
    vacancy = make_vacancy(agency, manager, members, requirements={"min_rank": "III/b", "min_predicate": "BAIK"})
    good = apply(vacancy, _employee_user(agency, make_user))
    weak = apply(vacancy, _employee_user(agency, make_user, predicates=("BAIK", "KURANG")))
    outsider = apply(vacancy, make_candidate())
    for name in ("X Y",):
        apply(vacancy, make_candidate(name))
    close_and_screen(vacancy, members[0])
    good.refresh_from_db(), weak.refresh_from_db(), outsider.refresh_from_db()
    assert good.screening_passed is True
    assert weak.screening_passed is False and weak.screening_blocked_by == ["PERFORMANCE"]
    assert any("2025" in r["id"] for r in weak.screening_reasons)
    assert outsider.screening_blocked_by == ["RANK", "PERFORMANCE"]
    with pytest.raises(InvalidData):
        services.screening_override(
            actor=members[0], application=weak, passed=True, reason="", expected_version=weak.version
        )
    outsider_staff = make_user("PERSONNEL", agency)  # not on the committee
    with pytest.raises(AccessDenied):
        services.screening_override(
            actor=outsider_staff,
            application=weak,
            passed=True,
            reason="Predikat 2025 dikoreksi",
            expected_version=weak.version,
        )
    weak = services.screening_override(
        actor=members[1],
        application=weak,
        passed=True,
        reason="SKP 2025 telah dikoreksi menjadi BAIK",
        expected_version=weak.version,
    )
    assert weak.screening_passed is True
    log = AuditLog.objects.get(action="selection.screening.overridden", object_id=str(weak.pk))
    assert log.reason == "SKP 2025 telah dikoreksi menjadi BAIK"


def _through_panels(vacancy, members, scores):
    """scores: {application: (assessment by each member, interview by each member)}."""
    for application, (assessment, interview) in scores.items():
        for member, a, i in zip(members, assessment, interview, strict=True):
            scoring.panel_score_submit(actor=member, application=application, stage="assessment", score=a)
            scoring.panel_score_submit(actor=member, application=application, stage="interview", score=i)


def _scored_vacancy(agency, manager, members, n=4):
    vacancy = make_vacancy(agency, manager, members, requirements={"min_education": "S1"})
    apps = [apply(vacancy, make_candidate(f"Calon{i} Nama")) for i in range(n)]
    close_and_screen(vacancy, members[0])
    scoring_vacancy = services.screening_publish(actor=members[0], vacancy=vacancy)
    return scoring_vacancy, [Application.objects.get(pk=a.pk) for a in apps]


def test_panel_is_blind_until_every_member_has_scored(agency, manager, members):
    vacancy, apps = _scored_vacancy(agency, manager, members)
    target = apps[0]
    scoring.panel_score_submit(actor=members[0], application=target, stage="assessment", score="80")
    scoring.panel_score_submit(actor=members[1], application=target, stage="assessment", score="70")
    from jenjang.selection.selectors import panel_rows

    rows = panel_rows(members[0], vacancy, "assessment")
    row = next(r for r in rows if r.application.pk == target.pk)
    assert row.own == Decimal("80.00") and row.others is None and row.final is None
    scoring.panel_score_submit(actor=members[2], application=target, stage="assessment", score="90,5")
    row = next(r for r in panel_rows(members[0], vacancy, "assessment") if r.application.pk == target.pk)
    assert row.final == Decimal("80.17") and sorted(row.others) == [
        Decimal("70.00"),
        Decimal("80.00"),
        Decimal("90.50"),
    ]
    with pytest.raises(InvalidData):
        scoring.panel_score_submit(actor=members[0], application=target, stage="assessment", score="10")
    with pytest.raises(InvalidData):
        scoring.panel_score_submit(actor=members[0], application=apps[1], stage="assessment", score="101")


def test_ranking_top_three_ppk_results_and_appeal_window(agency, manager, members, ppk):
    vacancy, apps = _scored_vacancy(agency, manager, members)
    _through_panels(
        vacancy,
        members,
        {
            apps[0]: ((80, 80, 80), (70, 70, 70)),  # 75
            apps[1]: ((70, 70, 70), (80, 80, 80)),  # 75, better interview
            apps[2]: ((90, 90, 90), (90, 90, 90)),  # 90
            apps[3]: ((50, 50, 50), (50, 50, 50)),  # 50
        },
    )
    ranked = scoring.ranking_compute(actor=members[0], vacancy=vacancy)
    assert [(a.pk, a.rank, a.total) for a in ranked] == [
        (apps[2].pk, 1, Decimal("90.00")), (apps[1].pk, 2, Decimal("75.00")),
        (apps[0].pk, 3, Decimal("75.00")), (apps[3].pk, 4, Decimal("50.00")),
    ]  # fmt: skip
    assert ranked[2].rank_decided_by == "interview"
    top = scoring.ranking_send_to_ppk(actor=members[0], vacancy=vacancy)
    assert [a.pk for a in top] == [apps[2].pk, apps[1].pk, apps[0].pk]
    vacancy.refresh_from_db()
    with pytest.raises(AccessDenied):
        scoring.ppk_decide(
            actor=members[0], vacancy=vacancy, chosen_id=apps[2].pk, reason="Nilai tertinggi dan rekam jejak"
        )
    with pytest.raises(InvalidData):
        scoring.ppk_decide(actor=ppk, vacancy=vacancy, chosen_id=apps[3].pk, reason="Bukan tiga besar tetapi dipilih")
    with pytest.raises(InvalidData):
        scoring.ppk_decide(actor=ppk, vacancy=vacancy, chosen_id=apps[2].pk, reason="")
    decision = scoring.ppk_decide(
        actor=ppk, vacancy=vacancy, chosen_id=apps[1].pk, reason="Pengalaman wawancara terbaik"
    )
    again = scoring.ppk_decide(actor=ppk, vacancy=vacancy, chosen_id=apps[2].pk, reason="Berubah pikiran sesudahnya")
    assert again.pk == decision.pk and PpkDecision.objects.get().chosen_id == apps[1].pk
    vacancy = scoring.results_publish(actor=members[0], vacancy=vacancy)
    assert vacancy.status == VacancyStatus.PUBLISHED
    published = timezone.localtime(vacancy.results_published_at).date()
    loser = Application.objects.get(pk=apps[3].pk)
    with pytest.raises(NotFound):
        scoring.appeal_submit(
            actor=Application.objects.get(pk=apps[0].pk).applicant,
            application=loser,
            stage="FINAL",
            text="Bukan milik saya",
        )
    with pytest.raises(InvalidData):
        scoring.appeal_submit(
            actor=loser.applicant,
            application=loser,
            stage="FINAL",
            text="Nilai wawancara keliru",
            on=published + dt.timedelta(days=4),
        )
    appeal, created = scoring.appeal_submit(
        actor=loser.applicant,
        application=loser,
        stage="FINAL",
        text="Nilai wawancara keliru",
        on=published + dt.timedelta(days=3),
    )
    _same, created_again = scoring.appeal_submit(
        actor=loser.applicant, application=loser, stage="FINAL", text="Lagi", on=published
    )
    assert created and not created_again
    with pytest.raises(InvalidData):
        scoring.appeal_decide(actor=members[0], appeal=appeal, upheld=False, reason="")
    decided = scoring.appeal_decide(
        actor=members[0], appeal=appeal, upheld=False, reason="Nilai telah diperiksa ulang oleh panel"
    )
    assert decided.status == "REJECTED" and decided.decision_reason.startswith("Nilai")


def test_ranking_refuses_missing_scores(agency, manager, members):
    vacancy, apps = _scored_vacancy(agency, manager, members)
    with pytest.raises(InvalidData) as info:
        scoring.ranking_compute(actor=members[0], vacancy=vacancy)
    assert apps[0].number in str(info.value.message)
