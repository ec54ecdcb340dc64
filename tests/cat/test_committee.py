"""The committee's session pages (create, edit before the start, enroll) and the bank managers' blueprint pages,
with access for committee, bank manager, candidate, another agency and anonymous; paginated boards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jenjang.accounts.models import Role
from jenjang.cat import services, views
from jenjang.cat.models import Blueprint, ExamSession, Item, Participant
from jenjang.core.models import AuditLog

from .factories import make_bank, make_blueprint, make_session

pytestmark = pytest.mark.django_db
FMT = "%Y-%m-%dT%H:%M"


def _window(start_hours=24, hours=2):
    start = timezone.localtime() + dt.timedelta(hours=start_hours)
    return start.strftime(FMT), (start + dt.timedelta(hours=hours)).strftime(FMT)


def _session_post(blueprint, **over):
    start, end = _window()
    data = {
        "title": "SKD Analis SDM",
        "blueprint": blueprint.pk,
        "starts_at": start,
        "ends_at": end,
        "duration_minutes": 90,
        "form_key": "k" * 32,
    }
    data.update(over)
    return data


# --- creating sessions -----------------------------------------------------------------------------------------


def test_committee_creates_a_session_once_even_when_the_form_is_sent_twice(client, staff, blueprint):
    client.force_login(staff)
    page = client.get(reverse("cat:session_create"))
    assert page.status_code == 200 and blueprint.name in page.content.decode()
    first = client.post(reverse("cat:session_create"), _session_post(blueprint))
    second = client.post(reverse("cat:session_create"), _session_post(blueprint))
    session = ExamSession.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("cat:session_enrol", args=[session.pk])
    assert session.title == "SKD Analis SDM" and session.duration_minutes == 90 and session.created_by == staff
    assert AuditLog.objects.filter(action="cat.session_create").count() == 1


def test_a_bad_window_or_a_bank_too_small_writes_nothing_and_says_why(client, staff, blueprint):
    client.force_login(staff)
    start, _end = _window()
    page = client.post(reverse("cat:session_create"), _session_post(blueprint, ends_at=start))
    assert "Waktu selesai harus setelah waktu mulai." in page.content.decode()
    Item.objects.filter(bank=blueprint.bank, category__code="TIU").update(active=False)
    page = client.post(reverse("cat:session_create"), _session_post(blueprint, form_key="x" * 32))
    assert "Bank soal hanya memiliki 0 soal aktif untuk TIU, kisi-kisi meminta 2." in page.content.decode()
    assert not ExamSession.objects.exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.EMPLOYEE, Role.CANDIDATE])
def test_only_the_committee_creates_sessions(client, agency, make_user, blueprint, role):
    user = make_user(role, None if role == Role.CANDIDATE else agency)
    client.force_login(user)
    assert client.get(reverse("cat:session_create")).status_code == 404
    assert client.post(reverse("cat:session_create"), _session_post(blueprint)).status_code == 404
    assert not ExamSession.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, blueprint):
    response = client.post(reverse("cat:session_create"), _session_post(blueprint))
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
    assert not ExamSession.objects.exists()


def test_another_agency_cannot_use_this_agency_blueprint(client, other_agency, make_user, blueprint):
    client.force_login(make_user(Role.PERSONNEL, other_agency))
    page = client.post(reverse("cat:session_create"), _session_post(blueprint))
    assert page.status_code == 200 and blueprint.name not in page.content.decode()
    assert not ExamSession.objects.exists()


# --- editing before the start -----------------------------------------------------------------------------------


def _edit_post(session, **over):
    data = {
        "title": session.title,
        "blueprint": session.blueprint_id,
        "starts_at": timezone.localtime(session.starts_at).strftime(FMT),
        "ends_at": timezone.localtime(session.ends_at).strftime(FMT),
        "duration_minutes": session.duration_minutes,
        "version": session.version,
    }
    data.update(over)
    return data


def test_committee_edits_a_session_before_it_starts_with_audit_and_version(client, agency, staff):
    session = make_session(agency, staff, start_offset=60)
    client.force_login(staff)
    assert client.get(reverse("cat:session_edit", args=[session.pk])).status_code == 200
    post = _edit_post(session, title="SKD ganti")
    assert client.post(reverse("cat:session_edit", args=[session.pk]), post).status_code == 302
    assert client.post(reverse("cat:session_edit", args=[session.pk]), post).status_code == 302  # sent twice
    session.refresh_from_db()
    assert session.title == "SKD ganti" and session.version == 2
    log = AuditLog.objects.get(action="cat.session_update")
    assert log.changes["title"] == ["Ujian SKD uji", "SKD ganti"]


def test_a_stale_edit_is_refused_and_overwrites_nothing(client, agency, staff, make_user):
    session = make_session(agency, staff, start_offset=60)
    stale = _edit_post(session, title="Versi lama")
    services.session_update(
        session,
        actor=staff,
        expected_version=1,
        title="Versi baru",
        blueprint=session.blueprint,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        duration_minutes=session.duration_minutes,
    )
    client.force_login(make_user(Role.ADMIN, agency))
    page = client.post(reverse("cat:session_edit", args=[session.pk]), stale)
    assert "telah diubah oleh pengguna lain" in page.content.decode()
    session.refresh_from_db()
    assert session.title == "Versi baru" and session.version == 2


def test_a_started_session_cannot_be_edited(client, agency, staff):
    session = make_session(agency, staff, start_offset=-5)
    client.force_login(staff)
    page = client.post(reverse("cat:session_edit", args=[session.pk]), _edit_post(session, title="Terlambat"))
    assert "Sesi yang sudah dimulai tidak dapat diubah." in page.content.decode()
    session.refresh_from_db()
    assert session.title == "Ujian SKD uji" and session.version == 1
    detail = client.get(reverse("cat:session_detail", args=[session.pk])).content.decode()
    assert reverse("cat:session_edit", args=[session.pk]) not in detail


@pytest.mark.parametrize("who", ["leader", "candidate", "other_agency"])
def test_others_cannot_edit_or_enroll(client, agency, other_agency, staff, make_user, who):
    session = make_session(agency, staff, start_offset=60)
    user = {
        "leader": lambda: make_user(Role.LEADER, agency),
        "candidate": lambda: make_user(Role.CANDIDATE, None),
        "other_agency": lambda: make_user(Role.PERSONNEL, other_agency),
    }[who]()
    client.force_login(user)
    assert (
        client.post(reverse("cat:session_edit", args=[session.pk]), _edit_post(session, title="X")).status_code == 404
    )
    enrol = client.post(reverse("cat:session_enrol", args=[session.pk]), {"identifiers": user.username})
    assert enrol.status_code == 404
    session.refresh_from_db()
    assert session.title == "Ujian SKD uji" and not Participant.objects.exists()


# --- enrolment ------------------------------------------------------------------------------------------------


def test_enrol_by_username_email_and_nip_twice_enrolls_once(client, agency, staff, make_user, employee):
    session = make_session(agency, staff, start_offset=60)
    a = make_user(Role.CANDIDATE, None, email="Ayu@Example.org")
    b = make_user(Role.CANDIDATE, None)
    c = make_user(Role.EMPLOYEE, agency, employee=employee)
    text = f"ayu@example.org\n\n  {b.username}  \n{employee.nip}\n{b.username}\n"
    client.force_login(staff)
    url = reverse("cat:session_enrol", args=[session.pk])
    assert client.post(url, {"identifiers": text}).status_code == 302
    assert client.post(url, {"identifiers": text}).status_code == 302
    participants = list(Participant.objects.filter(session=session).order_by("number"))
    assert [p.user_id for p in participants] == [a.pk, b.pk, c.pk]
    assert [p.number for p in participants] == [f"{session.pk:03d}-{n:04d}" for n in (1, 2, 3)]
    assert AuditLog.objects.filter(action="cat.enroll").count() == 1


def test_one_bad_row_lists_every_error_and_enrolls_nobody(client, agency, staff, make_user):
    session = make_session(agency, staff, start_offset=60)
    good = make_user(Role.CANDIDATE, None)
    inactive = make_user(Role.CANDIDATE, None, is_active=False)
    make_user(Role.CANDIDATE, None, email="sama@example.org")
    make_user(Role.CANDIDATE, None, email="sama@example.org")
    client.force_login(staff)
    text = f"{good.username}\ntidak-ada\n{inactive.username}\nsama@example.org"
    page = client.post(reverse("cat:session_enrol", args=[session.pk]), {"identifiers": text})
    html = page.content.decode()
    assert page.status_code == 200
    assert "3 baris tidak dapat diproses; tidak ada peserta yang didaftarkan." in html
    assert "Tidak ada pengguna dengan nama pengguna, e-mail, atau NIP ini." in html and "tidak-ada" in html
    assert "Akun pengguna ini tidak aktif." in html
    assert "E-mail ini dipakai beberapa akun; pakai nama pengguna." in html
    assert not Participant.objects.exists()


def test_no_enrolment_after_the_session_ended(client, agency, staff, make_user):
    session = make_session(agency, staff, start_offset=-200, window_minutes=60)
    client.force_login(staff)
    page = client.post(
        reverse("cat:session_enrol", args=[session.pk]), {"identifiers": make_user(Role.CANDIDATE, None).username}
    )
    assert "Sesi ujian telah berakhir; peserta tidak dapat ditambahkan." in page.content.decode()
    assert not Participant.objects.exists()
    detail = client.get(reverse("cat:session_detail", args=[session.pk])).content.decode()
    assert reverse("cat:session_enrol", args=[session.pk]) not in detail


def test_enrolling_stays_two_user_queries_whatever_the_list_length(agency, staff, make_user):
    session = make_session(agency, staff, start_offset=60)
    few = "\n".join(make_user(Role.CANDIDATE, None).username for _n in range(2))
    many = "\n".join(make_user(Role.CANDIDATE, None).username for _n in range(20))
    with CaptureQueriesContext(connection) as small:
        services.enroll_identifiers(session, few, actor=staff)
    with CaptureQueriesContext(connection) as large:
        services.enroll_identifiers(session, many, actor=staff)
    assert len(small) == len(large)
    assert Participant.objects.filter(session=session).count() == 22


# --- the vacancy's session through the selection bridge ---------------------------------------------------------


def _screened_vacancy(agency, make_user):
    from jenjang.selection import services as selection_services
    from tests.selection.factories import apply, close_and_screen, make_candidate, make_vacancy

    manager = make_user(Role.PERSONNEL, agency)
    members = [make_user(Role.EMPLOYEE, agency), make_user(Role.SUPERVISOR, agency), make_user(Role.PERSONNEL, agency)]
    dates = {
        "cat_date": dt.date(2026, 4, 25),
        "assessment_date": dt.date(2026, 5, 1),
        "interview_date": dt.date(2026, 5, 5),
    }
    vacancy = make_vacancy(agency, manager, members, requirements={"min_education": "S1"}, **dates)
    passed = [apply(vacancy, make_candidate(f"Calon{i} Nama")) for i in range(2)]
    apply(vacancy, make_candidate("Gagal Nama", education="D3"))
    close_and_screen(vacancy, members[0])
    vacancy = selection_services.screening_publish(actor=members[0], vacancy=vacancy)
    return vacancy, members[2], passed


def test_a_vacancy_session_is_opened_through_the_bridge_with_the_form_values(client, agency, make_user, blueprint):
    vacancy, committee, passed = _screened_vacancy(agency, make_user)
    client.force_login(committee)
    page = client.get(reverse("cat:session_create")).content.decode()
    assert f'<option value="{vacancy.pk}">{vacancy.title}</option>' in page
    response = client.post(reverse("cat:session_create"), _session_post(blueprint, vacancy=vacancy.pk))
    assert response.status_code == 302
    session = ExamSession.objects.get()
    vacancy.refresh_from_db()
    assert vacancy.cat_session_id == session.pk and session.reference == f"selection:{vacancy.pk}"
    assert session.title == "SKD Analis SDM" and session.duration_minutes == 90
    assert timezone.localtime(session.starts_at).strftime(FMT) == _session_post(blueprint)["starts_at"]
    assert set(Participant.objects.filter(session=session).values_list("user_id", flat=True)) == {
        a.applicant_id for a in passed
    }
    # The vacancy is no longer offered; the enrol page offers its screened applicants (idempotent).
    assert vacancy.title not in client.get(reverse("cat:session_create")).content.decode()
    enrol = client.post(reverse("cat:session_enrol", args=[session.pk]), {"from_vacancy": "1"})
    assert enrol.status_code == 302
    assert Participant.objects.filter(session=session).count() == 2


# --- blueprints -----------------------------------------------------------------------------------------------


@pytest.fixture
def bank(agency):
    return make_bank(agency, per_category=6)  # difficulties 1,2,3,1,2,3 per category


def _rules_post(rows, name="Kisi-kisi baru", **over):
    data = {"name": name, "category": [], "difficulty": [], "count": [], "form_key": "b" * 32}
    for category, difficulty, count in rows:
        data["category"].append(category)
        data["difficulty"].append(difficulty)
        data["count"].append(count)
    data.update(over)
    return data


def test_bank_manager_creates_a_blueprint_with_a_difficulty_mix_once(client, agency, make_user, bank):
    client.force_login(make_user(Role.ADMIN, agency))
    url = reverse("cat:blueprint_create", args=[bank.pk])
    page = client.get(url)
    assert page.status_code == 200
    post = _rules_post([("TWK", "", "3"), ("TWK", "3", "2"), ("TKP", "1", "2"), ("", "", "")], skd="on")
    assert client.post(url, post).status_code == 302
    assert client.post(url, post).status_code == 302  # double submit
    blueprint = Blueprint.objects.get(bank=bank)
    assert blueprint.skd and blueprint.item_count == 7
    assert blueprint.rules[-1] == {"category": "TWK", "difficulty": None, "count": 3}  # difficulty rules first
    assert AuditLog.objects.filter(action="cat.blueprint_create").count() == 1
    for user_id in (1, 2, 3):  # the bank fills it for anyone
        assert len(services.draw_form(make_session(agency, None, blueprint=blueprint), user_id)) == 7


def test_a_blueprint_the_bank_cannot_fill_is_refused_with_every_reason(client, agency, make_user, bank):
    client.force_login(make_user(Role.ADMIN, agency))
    post = _rules_post([("TWK", "3", "3"), ("TIU", "", "7"), ("XYZ", "", "1"), ("TKP", "", "nol")])
    html = client.post(reverse("cat:blueprint_create", args=[bank.pk]), post).content.decode()
    assert "Baris 3: kategori XYZ tidak ada di bank soal ini." in html
    assert "Baris 4: jumlah soal harus bilangan bulat 1–1000." in html
    post = _rules_post([("TWK", "3", "3"), ("TIU", "", "7"), ("TWK", "", "5")])
    html = client.post(reverse("cat:blueprint_create", args=[bank.pk]), post).content.decode()
    assert "Bank soal tidak cukup: TWK (Sulit) meminta 3 soal, tersedia 2 soal aktif." in html
    assert "Bank soal tidak cukup: TIU meminta 7 soal, tersedia 6 soal aktif." in html
    assert not Blueprint.objects.exists()


def test_blueprint_edit_locks_optimistically_and_refuses_once_a_session_started(client, agency, make_user, bank):
    admin = make_user(Role.ADMIN, agency)
    blueprint, _ = services.blueprint_save(
        bank, actor=admin, name="A", rules=[{"category": "TWK", "difficulty": None, "count": 2}], skd=False
    )
    client.force_login(admin)
    url = reverse("cat:blueprint_edit", args=[bank.pk, blueprint.pk])
    assert client.post(url, _rules_post([("TWK", "", "4")], name="B", version="1")).status_code == 302
    assert client.post(url, _rules_post([("TWK", "", "4")], name="B", version="1")).status_code == 302  # twice
    blueprint.refresh_from_db()
    assert blueprint.name == "B" and blueprint.version == 2 and blueprint.item_count == 4
    html = client.post(url, _rules_post([("TWK", "", "1")], name="C", version="1")).content.decode()
    assert "telah diubah oleh pengguna lain" in html
    make_session(agency, admin, blueprint=blueprint, start_offset=-1)
    html = client.post(url, _rules_post([("TWK", "", "1")], name="C", version="2")).content.decode()
    assert "Kisi-kisi ini dipakai sesi ujian yang sudah dimulai; buat kisi-kisi baru." in html
    blueprint.refresh_from_db()
    assert blueprint.name == "B" and AuditLog.objects.filter(action="cat.blueprint_update").count() == 1


@pytest.mark.parametrize("who", ["personnel", "candidate", "other_admin", "anonymous"])
def test_only_bank_managers_edit_blueprints(client, agency, other_agency, make_user, bank, who):
    blueprint = make_blueprint(bank)
    if who != "anonymous":
        client.force_login(
            {
                "personnel": lambda: make_user(Role.PERSONNEL, agency),  # committee, not on the manager list
                "candidate": lambda: make_user(Role.CANDIDATE, None),
                "other_admin": lambda: make_user(Role.ADMIN, other_agency),
            }[who]()
        )
    for url in (
        reverse("cat:blueprint_create", args=[bank.pk]),
        reverse("cat:blueprint_edit", args=[bank.pk, blueprint.pk]),
    ):
        response = client.post(url, _rules_post([("TWK", "", "1")], name="Diretas", version="1"))
        assert response.status_code == (302 if who == "anonymous" else 404)
    assert list(Blueprint.objects.values_list("name", flat=True)) == ["SKD mini"]


def test_a_listed_manager_edits_and_the_committee_runs_sessions_without_items(client, agency, make_user, bank):
    listed = make_user(Role.EMPLOYEE, agency)
    bank.managers.add(listed)
    client.force_login(listed)
    assert (
        client.post(reverse("cat:blueprint_create", args=[bank.pk]), _rules_post([("TIU", "", "2")])).status_code == 302
    )
    assert client.get(reverse("cat:session_create")).status_code == 404  # a bank manager is not the committee


# --- paginated boards --------------------------------------------------------------------------------------------


def _many_participants(agency, staff, make_user, n):
    session = make_session(agency, staff)
    users = [make_user(Role.CANDIDATE, None) for _n in range(n)]
    services.enroll(session, users, actor=staff)
    for participant in Participant.objects.filter(session=session)[:3]:
        attempt = services.attempt_open(participant, browser="b")
        services.attempt_finish(attempt.pk, reason="SUBMITTED")
    return session


@pytest.mark.parametrize("page_size", [5, 20])
def test_public_scoreboard_and_participant_list_paginate_in_constant_queries(
    client, agency, staff, make_user, monkeypatch, page_size, django_assert_max_num_queries
):
    session = _many_participants(agency, staff, make_user, 24)
    counts = {}
    for size in (5, 20):
        monkeypatch.setattr(views, "BOARD_PAGE_SIZE", size)
        with CaptureQueriesContext(connection) as board:
            page = client.get(reverse("cat:scoreboard", args=[session.pk]))
        assert page.content.decode().count("<code>") == size
        counts[("board", size)] = len(board)
    client.force_login(staff)
    for size in (5, 20):
        monkeypatch.setattr(views, "BOARD_PAGE_SIZE", size)
        with CaptureQueriesContext(connection) as detail:
            page = client.get(reverse("cat:session_detail", args=[session.pk]))
        assert page.status_code == 200
        counts[("detail", size)] = len(detail)
    assert counts[("board", 5)] == counts[("board", 20)]
    assert counts[("detail", 5)] == counts[("detail", 20)]
    monkeypatch.setattr(views, "BOARD_PAGE_SIZE", page_size)
    last = client.get(reverse("cat:scoreboard", args=[session.pk]), {"page": 2}, HTTP_HX_REQUEST="true")
    html = last.content.decode()
    assert f"<td>{page_size + 1}</td>" in html  # ranks continue over pages
    assert "Halaman 2" in html and "24 data" in html


def test_the_api_scoreboard_is_paginated_in_constant_queries(client, agency, staff, make_user, monkeypatch):
    from jenjang.cat import api

    session = _many_participants(agency, staff, make_user, 12)
    counts = []
    for size in (3, 10):
        monkeypatch.setattr(api, "SCOREBOARD_PAGE_SIZE", size)
        with CaptureQueriesContext(connection) as queries:
            body = client.get(reverse("cat-api-scoreboard", args=[session.pk]), {"page": 2}).json()
        counts.append(len(queries))
        assert body["count"] == 12 and body["page"] == 2 and len(body["rows"]) == (3 if size == 3 else 2)
    assert counts[0] == counts[1]
    first = client.get(reverse("cat-api-scoreboard", args=[session.pk])).json()["rows"]
    assert [r["total"] is not None for r in first[:3]] == [True, True, True]  # finished first


def test_readers_see_the_session_without_the_committee_buttons(client, agency, staff, make_user):
    session = make_session(agency, staff, start_offset=60)
    client.force_login(make_user(Role.LEADER, agency))
    html = client.get(reverse("cat:session_detail", args=[session.pk])).content.decode()
    assert session.title in html
    assert reverse("cat:session_edit", args=[session.pk]) not in html
    assert reverse("cat:session_enrol", args=[session.pk]) not in html
    assert reverse("cat:session_create") not in client.get(reverse("cat:session_list")).content.decode()
    client.force_login(staff)
    html = client.get(reverse("cat:session_detail", args=[session.pk])).content.decode()
    assert reverse("cat:session_edit", args=[session.pk]) in html
    assert reverse("cat:session_enrol", args=[session.pk]) in html
    assert reverse("cat:session_create") in client.get(reverse("cat:session_list")).content.decode()
