"""What the pages could and the API could not: the session's integrity log (committee and agency readers, paginated)
and the item bank xlsx import as a multipart upload (bank managers, all or nothing)."""

from __future__ import annotations

import io

import pytest
from rest_framework.test import APIClient

from jenjang.accounts.models import Role
from jenjang.cat import importing, services
from jenjang.cat.models import Category, EventKind, IntegrityEvent, Item, ItemBank
from jenjang.core.models import AuditLog

from .factories import make_session, workbook

pytestmark = pytest.mark.django_db
GOOD = importing.TEMPLATE_ROWS


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- the integrity log ---------------------------------------------------------------------------------------


@pytest.fixture
def session(agency, staff, make_user):
    """A running session with three candidates: one reconnected from another browser, one finished."""
    s = make_session(agency, staff)
    users = [make_user(Role.CANDIDATE, None, first_name=f"Peserta{n}") for n in range(3)]
    p1, p2, _p3 = services.enroll(s, users, actor=staff)
    services.attempt_open(p1, browser="laptop")
    services.attempt_open(p1, browser="phone")
    a2 = services.attempt_open(p2, browser="b")
    services.attempt_finish(a2.pk, reason="SUBMITTED")
    return s


def _log(session) -> str:
    return f"/api/v1/cat/sessions/{session.pk}/integrity/"


def test_committee_reads_the_integrity_log_newest_first_paginated(session, staff):
    body = _api(staff).get(_log(session)).json()
    assert body["count"] == 4  # start, second browser, start, finish
    kinds = [e["kind"] for e in body["results"]]
    assert sorted(kinds) == sorted(["START", "SECOND_BROWSER", "START", "FINISH"])
    first = body["results"][0]
    assert set(first) == {"id", "at", "kind", "kind_label", "participant", "name", "ip", "user_agent", "detail"}
    assert first["name"].startswith("Peserta") and first["participant"].startswith(f"{session.pk:03d}-")
    ats = [e["at"] for e in body["results"]]
    assert ats == sorted(ats, reverse=True)
    page = _api(staff).get(_log(session), {"page_size": 3}).json()
    assert len(page["results"]) == 3 and page["next"]
    second = _api(staff).get(_log(session), {"page_size": 3, "page": 2}).json()
    assert len(second["results"]) == 1


def test_the_log_filters_by_kind_and_refuses_an_unknown_kind(session, staff):
    api = _api(staff)
    only = api.get(_log(session), {"kind": EventKind.SECOND_BROWSER}).json()
    assert [e["kind"] for e in only["results"]] == ["SECOND_BROWSER"]
    assert only["results"][0]["kind_label"] == "Dibuka di peramban lain"
    english = api.get(_log(session), {"kind": EventKind.SECOND_BROWSER}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["results"][0]["kind_label"] == "Opened in another browser"
    wrong = api.get(_log(session), {"kind": "NOPE"}, HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 400 and wrong.json()["error"]["field"] == "kind"
    assert wrong.json()["error"]["message"] == "Unknown event kind."


def test_the_log_never_carries_items_or_keys(session, staff):
    text = _api(staff).get(_log(session)).content.decode()
    assert "RAHASIA" not in text and "correct_index" not in text and "option_points" not in text


@pytest.mark.parametrize(
    ("role", "own_agency", "status"),
    [
        (Role.ADMIN, True, 200),
        (Role.LEADER, True, 200),  # agency readers read the log, as on the page
        (Role.AUDITOR, True, 200),
        (Role.EMPLOYEE, True, 404),
        (Role.CANDIDATE, False, 404),
        (Role.PERSONNEL, False, 404),  # another agency's committee
        (Role.ADMIN, False, 404),
    ],
)
def test_the_log_is_for_the_agencys_committee_and_readers_only(
    session, make_user, agency, other_agency, role, own_agency, status
):
    user = make_user(role, (agency if own_agency else other_agency) if role != Role.CANDIDATE else None)
    assert _api(user).get(_log(session)).status_code == status


def test_a_participant_cannot_read_the_log_of_their_session(session):
    participant = session.participants.first().user
    response = _api(participant).get(_log(session))
    assert response.status_code == 404
    assert IntegrityEvent.objects.filter(attempt__participant__session=session).count() == 4


def test_a_bank_manager_outside_the_committee_cannot_read_the_log(session, agency, make_user):
    manager = make_user(Role.EMPLOYEE, agency)
    session.blueprint.bank.managers.add(manager)
    assert _api(manager).get(_log(session)).status_code == 404


# --- the item import -----------------------------------------------------------------------------------------


@pytest.fixture
def bank(agency):
    return ItemBank.objects.create(agency=agency, name="Bank uji")


@pytest.fixture
def bank_admin(agency, make_user):
    return make_user(Role.ADMIN, agency)


def _import(bank) -> str:
    return f"/api/v1/cat/banks/{bank.pk}/items/import/"


def test_bank_manager_imports_items_and_a_repeat_writes_nothing(bank, bank_admin):
    api = _api(bank_admin)
    first = api.post(_import(bank), {"file": workbook(GOOD)}, format="multipart")
    assert first.status_code == 200
    assert first.json() == {"created": 2, "updated": 0, "unchanged": 0}
    twk = Item.objects.get(bank=bank, code="TWK-001")
    assert twk.correct_index == 0 and twk.category.skd_subtest == "twk"
    assert AuditLog.objects.filter(action="cat.items_import").count() == 1
    again = api.post(_import(bank), {"file": workbook(GOOD)}, format="multipart")  # double submit
    assert again.status_code == 200
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 2}
    assert Item.objects.filter(bank=bank).count() == 2 and Category.objects.filter(bank=bank).count() == 2
    assert AuditLog.objects.filter(action="cat.items_import").count() == 1
    changed = [list(GOOD[0]), list(GOOD[1])]
    changed[0][2] = "Pertanyaan yang diperbaiki"
    third = api.post(_import(bank), {"file": workbook(changed)}, format="multipart")
    assert third.json() == {"created": 0, "updated": 1, "unchanged": 1}
    assert Item.objects.get(bank=bank, code="TWK-001").stem == "Pertanyaan yang diperbaiki"


def test_a_named_manager_imports_too(bank, agency, make_user):
    manager = make_user(Role.EMPLOYEE, agency)
    bank.managers.add(manager)
    assert _api(manager).post(_import(bank), {"file": workbook(GOOD)}, format="multipart").status_code == 200
    assert Item.objects.filter(bank=bank).count() == 2


def test_a_bad_row_answers_400_with_every_row_and_writes_nothing(bank, bank_admin):
    bad_key = list(GOOD[0])
    bad_key[0], bad_key[8] = "TWK-002", "F"
    no_stem = list(GOOD[1])
    no_stem[0], no_stem[2] = "TKP-002", ""
    response = _api(bank_admin).post(_import(bank), {"file": workbook([GOOD[0], bad_key, no_stem])}, format="multipart")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and error["field"] == "file"
    assert error["message"] == "Berkas memuat 2 kesalahan; tidak ada soal yang disimpan."
    assert error["details"] == [
        {"row": 3, "message": "kunci harus salah satu huruf pilihan yang terisi (A–E)"},
        {"row": 4, "message": "pertanyaan wajib diisi"},
    ]
    assert not Item.objects.exists() and not Category.objects.exists()
    assert not AuditLog.objects.filter(action="cat.items_import").exists()


def test_a_category_scored_another_way_writes_nothing(bank, bank_admin):
    Category.objects.create(bank=bank, code="TKP", name="TKP", scoring="RIGHT_WRONG")
    response = _api(bank_admin).post(_import(bank), {"file": workbook(GOOD)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == [{"row": 3, "message": "kategori TKP dinilai dengan cara lain"}]
    assert not Item.objects.exists() and Category.objects.filter(bank=bank).count() == 1


def test_import_errors_are_translated(bank, bank_admin):
    no_stem = list(GOOD[0])
    no_stem[2] = ""
    response = _api(bank_admin).post(
        _import(bank), {"file": workbook([no_stem])}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == "The file has 1 error; no item was saved."
    assert error["details"] == [{"row": 2, "message": "the question is required"}]


def test_no_file_or_not_a_spreadsheet(bank, bank_admin):
    api = _api(bank_admin)
    missing = api.post(_import(bank), {}, format="multipart")
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "file"
    assert missing.json()["error"]["message"] == "Pilih berkas xlsx untuk diimpor."
    junk = io.BytesIO(b"kode,kategori\nA,B\n")
    junk.name = "soal.xlsx"
    wrong = api.post(_import(bank), {"file": junk}, format="multipart")
    assert wrong.status_code == 400 and wrong.json()["error"]["message"] == "Berkas bukan spreadsheet xlsx yang valid."
    as_json = api.post(_import(bank), {"file": "x"}, format="json")
    assert as_json.status_code == 415
    assert not Item.objects.exists()


@pytest.mark.parametrize(
    ("role", "own_agency"),
    [(Role.PERSONNEL, True), (Role.LEADER, True), (Role.EMPLOYEE, True), (Role.CANDIDATE, False), (Role.ADMIN, False)],
)
def test_only_bank_managers_import(bank, make_user, agency, other_agency, role, own_agency):
    user = make_user(role, (agency if own_agency else other_agency) if role != Role.CANDIDATE else None)
    response = _api(user).post(_import(bank), {"file": workbook(GOOD)}, format="multipart")
    assert response.status_code == 404
    assert not Item.objects.exists()
