"""Editing and cancelling a vacancy, withdrawing an application, and the panel's composition rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jenjang.core.errors import AccessDenied, InvalidData, NotFound, StaleEdit
from jenjang.core.models import AuditLog
from jenjang.notifications.models import Notification
from jenjang.selection import scoring, services
from jenjang.selection.models import Application, ApplicationStatus, CommitteeMember, Vacancy, VacancyStatus
from jenjang.selection.selectors import panel_rows
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory
from tests.selection.factories import TODAY, apply, close_and_screen, make_candidate, make_vacancy

pytestmark = pytest.mark.django_db

DATES = ("announcement_start", "announcement_end", "screening_date", "cat_date", "assessment_date", "interview_date",
         "final_date")  # fmt: skip


def _data(vacancy: Vacancy, **changes):
    data = {k: getattr(vacancy, k) for k in ("title", "description", "open_to_public", *DATES)}
    data.update(position=vacancy.position, requirements=dict(vacancy.requirements))
    data.update(changes)
    return data


# --- editing ---------------------------------------------------------------------------------------------


def test_a_draft_can_be_edited_entirely_with_one_audit_row(agency, manager, members, make_user):
    draft = make_vacancy(agency, manager, members[:2], announce=False)
    extra = make_user("PERSONNEL", agency)
    updated = services.vacancy_update(
        actor=manager,
        vacancy=draft,
        data=_data(
            draft, title="Kepala Bagian Keuangan", cat_date=dt.date(2026, 4, 10), requirements={"min_education": "S2"}
        ),
        committee=[members[0], members[1], extra],
        expected_version=draft.version,
    )
    assert updated.title == "Kepala Bagian Keuangan" and updated.version == draft.version + 1
    assert updated.requirements == {"min_education": "S2"}
    assert set(updated.weights) == {"cat", "assessment", "interview"}  # adding the CAT stage adds its weight
    assert set(CommitteeMember.objects.filter(vacancy=draft).values_list("user_id", flat=True)) == {
        members[0].pk, members[1].pk, extra.pk,
    }  # fmt: skip
    log = AuditLog.objects.get(action="selection.vacancy.edited", object_id=str(draft.pk))
    assert log.changes["title"] == ["Kepala Bagian Umum", "Kepala Bagian Keuangan"]
    assert extra.username in log.changes["committee"][1]


def test_a_stale_edit_writes_nothing(agency, manager, members):
    draft = make_vacancy(agency, manager, members, announce=False)
    services.vacancy_update(
        actor=manager, vacancy=draft, data=_data(draft, title="Versi A"), expected_version=draft.version
    )
    with pytest.raises(StaleEdit):
        services.vacancy_update(
            actor=manager, vacancy=draft, data=_data(draft, title="Versi B"), expected_version=draft.version
        )
    assert Vacancy.objects.get(pk=draft.pk).title == "Versi A"
    assert AuditLog.objects.filter(action="selection.vacancy.edited").count() == 1


def test_after_the_announcement_only_dates_move_in_the_applicants_favour(agency, manager, members, make_user):
    vacancy = make_vacancy(agency, manager, members)
    on = TODAY

    def edit(**changes):
        fresh = Vacancy.objects.get(pk=vacancy.pk)
        return services.vacancy_update(
            actor=manager, vacancy=fresh, data=_data(fresh, **changes), expected_version=fresh.version, on=on
        )

    extended = edit(announcement_end=dt.date(2026, 4, 7), screening_date=dt.date(2026, 4, 10))
    assert extended.announcement_end == dt.date(2026, 4, 7) and extended.screening_date == dt.date(2026, 4, 10)
    assert extended.original_announcement_end == dt.date(2026, 3, 31)
    refused = {
        "announcement_end": dt.date(2026, 4, 1),  # shortened
        "title": "Judul lain",
        "requirements": {"min_education": "S3"},
        "cat_date": dt.date(2026, 4, 15),  # a scored stage added: its weight was never published
        "assessment_date": dt.date(2026, 4, 15),  # moved earlier
        "interview_date": None,  # dropped
        "announcement_start": dt.date(2026, 3, 2),
    }
    for field, value in refused.items():
        with pytest.raises(InvalidData):
            edit(**{field: value})
    assert Vacancy.objects.get(pk=vacancy.pk).version == extended.version  # nothing written
    # committee members may be added before panel scoring begins, never removed
    extra = make_user("PERSONNEL", agency)
    fresh = Vacancy.objects.get(pk=vacancy.pk)
    services.vacancy_update(
        actor=manager, vacancy=fresh, data=_data(fresh), committee=[*members, extra],
        expected_version=fresh.version, on=on,
    )  # fmt: skip
    assert CommitteeMember.objects.filter(vacancy=vacancy).count() == 4
    fresh = Vacancy.objects.get(pk=vacancy.pk)
    with pytest.raises(InvalidData):
        services.vacancy_update(
            actor=manager, vacancy=fresh, data=_data(fresh), committee=members[:2],
            expected_version=fresh.version, on=on,
        )  # fmt: skip


def test_only_the_agencys_personnel_staff_edit(agency, other_agency, manager, members, make_user):
    vacancy = make_vacancy(agency, manager, members, announce=False)
    for user in (members[0], make_user("PERSONNEL", other_agency), make_candidate()):
        with pytest.raises(AccessDenied):
            services.vacancy_update(
                actor=user, vacancy=vacancy, data=_data(vacancy, title="X"), expected_version=vacancy.version
            )


# --- cancelling ------------------------------------------------------------------------------------------


def test_cancel_needs_a_reason_notifies_applicants_and_stays_on_the_board(client, agency, manager, members):
    vacancy = make_vacancy(agency, manager, members)
    ani, budi = make_candidate("Ani Lestari"), make_candidate("Budi Santoso")
    apply(vacancy, ani)
    services.application_withdraw(actor=budi, application=apply(vacancy, budi))
    with pytest.raises(InvalidData):
        services.vacancy_cancel(actor=manager, vacancy=vacancy, reason="batal", expected_version=vacancy.version)
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.OPEN
    with pytest.raises(AccessDenied):
        services.vacancy_cancel(
            actor=members[0], vacancy=vacancy, reason="Formasi dicabut oleh KemenPANRB", expected_version=None
        )
    cancelled = services.vacancy_cancel(
        actor=manager, vacancy=vacancy, reason="Formasi dicabut oleh KemenPANRB", expected_version=vacancy.version
    )
    assert cancelled.status == VacancyStatus.CANCELLED and cancelled.cancelled_from == VacancyStatus.OPEN
    assert list(Notification.objects.filter(kind="selection.cancelled").values_list("recipient_id", flat=True)) == [
        ani.pk
    ]  # not the applicant who had withdrawn
    again = services.vacancy_cancel(actor=manager, vacancy=vacancy, reason="lagi dan lagi", expected_version=None)
    assert again.version == cancelled.version  # a second submit changes nothing
    assert AuditLog.objects.get(action="selection.vacancy.cancelled").reason == "Formasi dicabut oleh KemenPANRB"
    board = client.get(reverse("selection:board")).content.decode()
    assert vacancy.title in board and "Dibatalkan" in board
    detail = client.get(reverse("selection:vacancy_detail", args=[vacancy.pk])).content.decode()
    assert "Formasi dicabut oleh KemenPANRB" in detail
    with pytest.raises(InvalidData):
        services.application_submit(actor=make_candidate("Citra Dewi"), vacancy=cancelled, on=TODAY)


def test_a_cancelled_draft_stays_hidden_and_a_decided_vacancy_cannot_be_cancelled(client, agency, manager, members):
    draft = make_vacancy(agency, manager, members, title="Konsep Rahasia", announce=False)
    services.vacancy_cancel(actor=manager, vacancy=draft, reason="Tidak jadi dibuka", expected_version=None)
    assert "Konsep Rahasia" not in client.get(reverse("selection:board")).content.decode()
    assert client.get(reverse("selection:vacancy_detail", args=[draft.pk])).status_code == 404
    decided = make_vacancy(agency, manager, members)
    Vacancy.objects.filter(pk=decided.pk).update(status=VacancyStatus.DECIDED)
    with pytest.raises(InvalidData):
        services.vacancy_cancel(actor=manager, vacancy=decided, reason="Terlambat dibatalkan", expected_version=None)


# --- withdrawing -----------------------------------------------------------------------------------------


def test_withdraw_is_own_idempotent_and_only_before_the_screening_is_published(agency, manager, members):
    vacancy = make_vacancy(agency, manager, members, requirements={"min_education": "S1"})
    ani, budi = make_candidate("Ani Lestari"), make_candidate("Budi Santoso")
    mine, theirs = apply(vacancy, ani), apply(vacancy, budi)
    with pytest.raises(NotFound):
        services.application_withdraw(actor=budi, application=mine)
    withdrawn, changed = services.application_withdraw(actor=ani, application=mine, reason="Diterima di tempat lain")
    assert changed and withdrawn.status == ApplicationStatus.WITHDRAWN and withdrawn.withdrawn_at is not None
    again, changed = services.application_withdraw(actor=ani, application=mine)
    assert not changed and again.version == withdrawn.version
    assert AuditLog.objects.filter(action="selection.application.withdrawn").count() == 1
    # a withdrawn application is not screened, and applying again returns it unchanged
    vacancy = close_and_screen(vacancy, members[0])
    assert Application.objects.get(pk=mine.pk).screening_passed is None
    assert services.application_submit(actor=ani, vacancy=vacancy)[0].status == ApplicationStatus.WITHDRAWN
    services.screening_publish(actor=members[0], vacancy=vacancy)
    with pytest.raises(InvalidData):
        services.application_withdraw(actor=budi, application=theirs)
    assert Application.objects.get(pk=theirs.pk).status == ApplicationStatus.PASSED


def test_withdrawals_count_towards_too_few_applicants(agency, manager, members):
    vacancy = make_vacancy(agency, manager, members)
    apps = [apply(vacancy, make_candidate(f"Calon{i} Nama")) for i in range(4)]
    services.application_withdraw(actor=apps[0].applicant, application=apps[0])
    assert services.announcement_roll(dt.date(2026, 4, 1)) == 1  # three left: extended


# --- panel composition -----------------------------------------------------------------------------------


def test_a_panel_stage_needs_the_minimum_committee_to_be_announced(agency, manager, members):
    with pytest.raises(InvalidData) as error:
        make_vacancy(agency, manager, members[:2])
    assert "3" in str(error.value.message)
    draft = make_vacancy(agency, manager, members[:2], announce=False)
    with pytest.raises(InvalidData):
        services.vacancy_announce(actor=manager, vacancy=draft)
    cat_only = make_vacancy(
        agency, manager, members[:1], assessment_date=None, interview_date=None, cat_date=dt.date(2026, 4, 20)
    )
    assert cat_only.status == VacancyStatus.OPEN  # no panel stage, no panel


def _employee_applicant(agency, make_user, **kwargs):
    employee = EmployeeFactory(agency=agency, education="S1", **kwargs)
    return make_user("EMPLOYEE", agency, employee=employee), employee


def _to_scoring(vacancy, member):
    vacancy = close_and_screen(vacancy, member)
    return services.screening_publish(actor=member, vacancy=vacancy)


def test_a_member_never_scores_their_own_application(agency, manager, members, make_user):
    applicant, _employee = _employee_applicant(agency, make_user)
    committee = [*members, applicant]
    vacancy = make_vacancy(agency, manager, committee, requirements={"min_education": "S1"})
    own = apply(vacancy, applicant)
    other = apply(vacancy, make_candidate("Ani Lestari"))
    vacancy = _to_scoring(vacancy, members[0])
    with pytest.raises(InvalidData) as error:
        scoring.panel_score_submit(actor=applicant, application=own, stage="assessment", score="99")
    assert "konflik kepentingan" in str(error.value.message)
    for member, score in zip(members, ("80", "70", "90"), strict=True):
        scoring.panel_score_submit(actor=member, application=own, stage="assessment", score=score)
    assert Application.objects.get(pk=own.pk).assessment_score == Decimal("80.00")  # the three others' mean
    log = AuditLog.objects.get(action="selection.panel.completed", object_id=str(own.pk))
    assert log.decision["excluded_for_conflict"] == [applicant.pk]
    scoring.panel_score_submit(actor=applicant, application=other, stage="assessment", score="75")
    rows = {r.application.pk: r for r in panel_rows(applicant, vacancy, "assessment")}
    assert rows[own.pk].conflict and rows[own.pk].panel == 3
    assert not rows[other.pk].conflict and rows[other.pk].panel == 4


def test_too_few_members_without_conflict_are_refused(agency, manager, members, make_user):
    applicant, _employee = _employee_applicant(agency, make_user)
    vacancy = make_vacancy(agency, manager, [*members[:2], applicant], requirements={"min_education": "S1"})
    own = apply(vacancy, applicant)
    _to_scoring(vacancy, members[0])
    with pytest.raises(InvalidData) as error:
        scoring.panel_score_submit(actor=members[0], application=own, stage="assessment", score="80")
    assert "paling sedikit 3" in str(error.value.message)
    assert not own.panel_scores.exists()


def test_a_direct_superior_does_not_score_the_subordinate(agency, manager, members, make_user):
    unit = UnitFactory(agency=agency)
    head_position = PositionFactory(agency=agency, unit=unit, level="ADMINISTRATOR")
    head = EmployeeFactory(agency=agency, unit=unit, position=head_position)
    superior = make_user("SUPERVISOR", agency, employee=head)
    applicant, _employee = _employee_applicant(agency, make_user, unit=unit)
    vacancy = make_vacancy(agency, manager, [*members, superior], requirements={"min_education": "S1"})
    application = apply(vacancy, applicant)
    _to_scoring(vacancy, members[0])
    with pytest.raises(InvalidData):
        scoring.panel_score_submit(actor=superior, application=application, stage="interview", score="90")
    scoring.panel_score_submit(actor=members[0], application=application, stage="interview", score="60")


# --- pages -----------------------------------------------------------------------------------------------


def _future_vacancy(agency, manager, members, **overrides):
    today = timezone.localdate()
    dates = {
        "announcement_start": today - dt.timedelta(days=2),
        "announcement_end": today + dt.timedelta(days=10),
        "assessment_date": today + dt.timedelta(days=30),
        "interview_date": today + dt.timedelta(days=37),
    }
    return make_vacancy(agency, manager, members, **{**dates, **overrides})


def _form(vacancy: Vacancy, **changes):
    post = {k: getattr(vacancy, k).isoformat() for k in DATES if getattr(vacancy, k)}
    post.update(title=vacancy.title, version=vacancy.version, committee=[m.user_id for m in vacancy.committee.all()])
    if vacancy.open_to_public:
        post["open_to_public"] = "on"
    post.update(changes)
    return post


def test_edit_page_for_staff_with_stale_version_message(agency, manager, members, login):
    draft = _future_vacancy(agency, manager, members, announce=False)
    client = login(manager)
    url = reverse("selection:vacancy_edit", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(draft, title="Analis Kebijakan"))
    assert response.status_code == 302 and Vacancy.objects.get(pk=draft.pk).title == "Analis Kebijakan"
    stale = client.post(url, _form(draft, title="Kalah cepat"))
    assert stale.status_code == 200 and "diubah oleh pengguna lain" in stale.content.decode()
    assert Vacancy.objects.get(pk=draft.pk).title == "Analis Kebijakan"


def test_edit_page_after_announcement_extends_the_end_and_ignores_locked_fields(agency, manager, members, login):
    vacancy = _future_vacancy(agency, manager, members)
    client = login(manager)
    url = reverse("selection:vacancy_edit", args=[vacancy.pk])
    page = client.get(url).content.decode()
    assert 'id="published-rules"' in page and "disabled" in page
    new_end = vacancy.announcement_end + dt.timedelta(days=5)
    response = client.post(url, _form(vacancy, announcement_end=new_end.isoformat(), title="Diam-diam diubah"))
    assert response.status_code == 302
    fresh = Vacancy.objects.get(pk=vacancy.pk)
    assert fresh.announcement_end == new_end and fresh.title == vacancy.title
    shorter = client.post(url, _form(fresh, announcement_end=vacancy.announcement_end.isoformat()))
    assert shorter.status_code == 200 and "hanya dapat diundur" in shorter.content.decode()


def test_edit_and_cancel_pages_refuse_others(agency, other_agency, manager, members, make_user, login, client):
    vacancy = _future_vacancy(agency, manager, members)
    apply(vacancy, make_candidate("Ani Lestari"), on=timezone.localdate())
    for name in ("vacancy_edit", "vacancy_cancel"):
        url = reverse(f"selection:{name}", args=[vacancy.pk])
        assert Client().get(url).status_code == 302  # anonymous: to the login page
        assert login(make_user("PERSONNEL", other_agency)).get(url).status_code == 404
        assert login(members[0]).get(url).status_code == 403  # committee member, not personnel staff
        assert login(make_candidate(f"Calon {name}")).get(url).status_code in (403, 404)
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.OPEN


def test_cancel_page_requires_a_reason(agency, manager, members, login):
    vacancy = _future_vacancy(agency, manager, members)
    client = login(manager)
    url = reverse("selection:vacancy_cancel", args=[vacancy.pk])
    empty = client.post(url, {"reason": "", "version": vacancy.version})
    assert empty.status_code == 200 and Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.OPEN
    done = client.post(url, {"reason": "Anggaran formasi dibatalkan", "version": vacancy.version})
    assert done.status_code == 302 and Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.CANCELLED
    page = client.get(reverse("selection:staff_vacancy", args=[vacancy.pk])).content.decode()
    assert "Anggaran formasi dibatalkan" in page


def test_withdraw_page_double_post_and_others(agency, manager, members, login, client):
    vacancy = _future_vacancy(agency, manager, members)
    ani = make_candidate("Ani Lestari")
    application = apply(vacancy, ani, on=timezone.localdate())
    url = reverse("selection:application_withdraw", args=[application.pk])
    assert client.post(url).status_code == 302 and Application.objects.get(pk=application.pk).status == "SUBMITTED"
    assert login(make_candidate("Budi Santoso")).post(url).status_code == 404
    client = login(ani)
    detail = client.get(reverse("selection:application_detail", args=[application.pk])).content.decode()
    assert 'id="withdraw"' in detail
    assert client.post(url, {"reason": "Pindah kota"}).status_code == 302
    second = client.post(url, {"reason": "Pindah kota"}, follow=True).content.decode()
    assert "sudah ditarik" in second and 'id="withdraw"' not in second
    assert Application.objects.get(pk=application.pk).withdrawal_reason == "Pindah kota"
    assert AuditLog.objects.filter(action="selection.application.withdrawn").count() == 1


def test_panel_page_marks_the_conflict(agency, manager, members, make_user, login):
    applicant, _employee = _employee_applicant(agency, make_user)
    vacancy = make_vacancy(agency, manager, [*members, applicant], requirements={"min_education": "S1"})
    apply(vacancy, applicant)
    _to_scoring(vacancy, members[0])
    page = login(applicant).get(reverse("selection:panel", args=[vacancy.pk, "assessment"])).content.decode()
    assert "konflik kepentingan" in page and 'name="score"' not in page


# --- API -------------------------------------------------------------------------------------------------

API = "/api/v1/selection"


def test_api_withdraw_and_cancel(agency, other_agency, manager, members, make_user, login):
    vacancy = make_vacancy(agency, manager, members)
    ani = make_candidate("Ani Lestari")
    application = apply(vacancy, ani)
    assert (
        login(make_candidate("Budi Santoso")).post(f"{API}/my/applications/{application.pk}/withdraw/").status_code
        == 404
    )
    api = login(ani)
    first = api.post(f"{API}/my/applications/{application.pk}/withdraw/", {"reason": "Pindah"})
    second = api.post(f"{API}/my/applications/{application.pk}/withdraw/", {"reason": "Pindah"})
    assert (first.status_code, second.status_code) == (200, 200) and first.json()["withdrawn_at"]
    url = f"{API}/staff/vacancies/{vacancy.pk}/cancel/"
    version = Vacancy.objects.get(pk=vacancy.pk).version
    assert (
        login(make_user("PERSONNEL", other_agency)).post(url, {"reason": "x" * 20, "version": version}).status_code
        == 404
    )
    assert login(members[0]).post(url, {"reason": "x" * 20, "version": version}).status_code == 403
    staff = login(manager)
    assert staff.post(url, {"reason": "pendek", "version": version}).status_code == 400
    assert staff.post(url, {"reason": "Anggaran dibatalkan", "version": version - 1}).status_code == 409
    done = staff.post(url, {"reason": "Anggaran dibatalkan", "version": version})
    assert done.status_code == 200 and done.json()["status"] == "CANCELLED"


def test_panel_page_query_count_does_not_grow(
    agency, manager, members, make_user, login, django_assert_max_num_queries
):
    vacancy = make_vacancy(agency, manager, members, requirements={"min_education": "S1"})
    for i in range(3):
        apply(vacancy, make_candidate(f"Calon{i} Nama"))
    for _i in range(3):
        apply(vacancy, _employee_applicant(agency, make_user)[0])
    _to_scoring(vacancy, members[0])
    client = login(members[0])
    url = reverse("selection:panel", args=[vacancy.pk, "assessment"])
    client.get(url)
    with django_assert_max_num_queries(16) as counted:
        assert client.get(url).status_code == 200
    few = len(counted.captured_queries)
    for i in range(8):
        employee_user = _employee_applicant(agency, make_user)[0] if i % 2 else make_candidate(f"Tambah{i} Nama")
        Application.objects.create(
            vacancy=vacancy, applicant=employee_user, employee=employee_user.employee, number=f"X{i}", name="X",
            screening_passed=True, status="PASSED",
        )  # fmt: skip
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200


def test_a_past_stage_and_a_date_before_today_are_refused(agency, manager, members):
    vacancy = make_vacancy(agency, manager, members)
    late = dt.date(2026, 4, 22)  # the assessment (20 April) is past, the interview (27 April) is not
    with pytest.raises(InvalidData) as error:
        services.vacancy_update(
            actor=manager, vacancy=vacancy, data=_data(vacancy, assessment_date=dt.date(2026, 4, 24)),
            expected_version=vacancy.version, on=late,
        )  # fmt: skip
    assert "sudah lewat" in str(error.value.message)
    with pytest.raises(InvalidData):
        services.vacancy_update(
            actor=manager, vacancy=vacancy, data=_data(vacancy, screening_date=dt.date(2026, 4, 21)),
            expected_version=vacancy.version, on=late,
        )  # fmt: skip
    moved = services.vacancy_update(
        actor=manager, vacancy=vacancy, data=_data(vacancy, interview_date=dt.date(2026, 5, 4)),
        expected_version=vacancy.version, on=late,
    )  # fmt: skip
    assert moved.interview_date == dt.date(2026, 5, 4)
    assert AuditLog.objects.get(action="selection.vacancy.edited").changes == {
        "interview_date": ["2026-04-27", "2026-05-04"]
    }
