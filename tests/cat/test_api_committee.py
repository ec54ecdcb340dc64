"""The committee's API: create a session (once per request key), change it before the start with the version
read, enroll by username, e-mail or NIP all or nothing; another agency, a candidate or a reader cannot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jenjang.accounts.models import Role
from jenjang.cat.models import ExamSession, Participant
from jenjang.core.models import AuditLog

from .factories import make_bank, make_blueprint, make_session

pytestmark = pytest.mark.django_db
SESSIONS = "/api/v1/cat/sessions/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(blueprint, **over):
    start = timezone.now() + dt.timedelta(days=1)
    body = {
        "title": "SKD Analis SDM",
        "blueprint": blueprint.pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        "duration_minutes": 90,
    }
    body.update(over)
    return body


def test_committee_creates_a_session_once_per_request_key(staff, blueprint):
    api = _api(staff)
    first = api.post(SESSIONS, _body(blueprint), format="json", HTTP_IDEMPOTENCY_KEY="req-1")
    again = api.post(SESSIONS, _body(blueprint), format="json", HTTP_IDEMPOTENCY_KEY="req-1")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"] and first.json()["version"] == 1
    assert ExamSession.objects.get().title == "SKD Analis SDM"
    assert AuditLog.objects.filter(action="cat.session_create").count() == 1
    other = api.post(SESSIONS, _body(blueprint, title="SKD kedua"), format="json", HTTP_IDEMPOTENCY_KEY="req-2")
    assert other.status_code == 201 and ExamSession.objects.count() == 2


def test_a_bad_window_or_another_agencys_blueprint_writes_nothing_and_names_the_field(staff, blueprint, other_agency):
    api = _api(staff)
    body = _body(blueprint)
    wrong = api.post(SESSIONS, {**body, "ends_at": body["starts_at"]}, format="json")
    assert wrong.status_code == 400
    assert wrong.json()["error"] == {
        "code": "invalid_input",
        "message": "Waktu selesai harus setelah waktu mulai.",
        "field": "ends_at",
    }
    foreign = make_blueprint(make_bank(other_agency, name="Bank lain"))
    refused = api.post(SESSIONS, _body(foreign), format="json")
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "blueprint"
    assert not ExamSession.objects.exists()


def test_update_needs_the_version_read_and_refuses_a_stale_one(staff, blueprint, agency):
    session = make_session(agency, staff, blueprint=blueprint, start_offset=60 * 24)
    api = _api(staff)
    url = f"{SESSIONS}{session.pk}/"
    assert api.get(url).json()["version"] == 1
    missing = api.patch(url, {"duration_minutes": 100}, format="json")
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "version"
    changed = api.patch(url, {"duration_minutes": 100, "version": 1}, format="json")
    assert changed.status_code == 200
    assert changed.json()["duration_minutes"] == 100 and changed.json()["version"] == 2
    stale = api.patch(url, {"duration_minutes": 120, "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert ExamSession.objects.get(pk=session.pk).duration_minutes == 100


def test_a_started_session_cannot_be_changed(staff, agency):
    session = make_session(agency, staff, start_offset=-5)
    changed = _api(staff).patch(f"{SESSIONS}{session.pk}/", {"duration_minutes": 10, "version": 1}, format="json")
    assert changed.status_code == 400
    assert changed.json()["error"]["message"] == "Sesi yang sudah dimulai tidak dapat diubah."
    assert ExamSession.objects.get(pk=session.pk).duration_minutes == 60


def test_enrol_is_all_or_nothing_and_idempotent(staff, agency, make_user, employee):
    session = make_session(agency, staff, start_offset=60)
    candidate = make_user(Role.CANDIDATE, None, email="ayu@example.org")
    make_user(Role.EMPLOYEE, agency, employee=employee)
    url = f"{SESSIONS}{session.pk}/participants/"
    api = _api(staff)
    bad = api.post(url, {"identifiers": ["ayu@example.org", "tidak-ada", employee.nip]}, format="json")
    assert bad.status_code == 400
    assert bad.json()["error"]["details"] == [
        {"line": 2, "value": "tidak-ada", "message": "Tidak ada pengguna dengan nama pengguna, e-mail, atau NIP ini."}
    ]
    assert not Participant.objects.filter(session=session).exists()
    good = api.post(url, {"identifiers": ["ayu@example.org", employee.nip]}, format="json")
    assert good.status_code == 200 and len(good.json()["added"]) == 2 and good.json()["already"] == []
    again = api.post(url, {"identifiers": [candidate.username]}, format="json")
    assert again.json()["added"] == [] and len(again.json()["already"]) == 1
    assert Participant.objects.filter(session=session).count() == 2


@pytest.mark.parametrize("who", ["other_agency_staff", "candidate", "auditor"])
def test_others_cannot_create_change_or_enrol(who, staff, agency, other_agency, blueprint, make_user):
    session = make_session(agency, staff, blueprint=blueprint, start_offset=60)
    user = {
        "other_agency_staff": lambda: make_user(Role.PERSONNEL, other_agency),
        "candidate": lambda: make_user(Role.CANDIDATE, None),
        "auditor": lambda: make_user(Role.AUDITOR, agency),
    }[who]()
    api = _api(user)
    created = api.post(SESSIONS, _body(blueprint), format="json")
    assert created.status_code in (400, 404)  # 400: the blueprint is not one this user may use
    assert api.patch(f"{SESSIONS}{session.pk}/", {"title": "x", "version": 1}, format="json").status_code == 404
    enrol = api.post(f"{SESSIONS}{session.pk}/participants/", {"identifiers": [user.username]}, format="json")
    assert enrol.status_code == 404
    assert ExamSession.objects.count() == 1 and not Participant.objects.filter(session=session).exists()
    assert ExamSession.objects.get(pk=session.pk).title == "Ujian SKD uji"


# --- blueprints (bank managers) --------------------------------------------------------------------------------


def _rules(n=2):
    return [{"category": c, "difficulty": None, "count": n} for c in ("TWK", "TIU", "TKP")]


def test_bank_manager_creates_a_blueprint_once_and_changes_it_with_the_version(agency, make_user):
    bank = make_bank(agency)
    admin = make_user(Role.ADMIN, agency)
    api = _api(admin)
    url = f"/api/v1/cat/banks/{bank.pk}/blueprints/"
    body = {"name": "SKD 6 soal", "skd": True, "rules": _rules(), "request_key": "bp-1"}
    first, again = api.post(url, body, format="json"), api.post(url, body, format="json")
    assert first.status_code == 201 and again.status_code == 200 and first.json()["id"] == again.json()["id"]
    assert api.get(url).json()["count"] == 1
    detail = f"{url}{first.json()['id']}/"
    changed = api.put(detail, {**body, "rules": _rules(3), "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert [r["count"] for r in changed.json()["rules"]] == [3, 3, 3]
    stale = api.put(detail, {**body, "rules": _rules(1), "version": 1}, format="json")
    assert stale.status_code == 409
    assert [r["count"] for r in api.get(detail).json()["rules"]] == [3, 3, 3]


def test_a_blueprint_the_bank_cannot_fill_is_refused_with_every_problem(agency, make_user):
    bank = make_bank(agency, per_category=2)
    api = _api(make_user(Role.ADMIN, agency))
    rules = [{"category": "TWK", "count": 5}, {"category": "XYZ", "count": 1}]
    refused = api.post(
        f"/api/v1/cat/banks/{bank.pk}/blueprints/", {"name": "Terlalu besar", "rules": rules}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "rules"
    assert refused.json()["error"]["details"] == ["Baris 2: kategori XYZ tidak ada di bank soal ini."]
    assert not bank.blueprints.exists()


def test_the_committee_and_another_agency_do_not_see_blueprint_rules(agency, other_agency, make_user):
    bank = make_bank(agency)
    blueprint = make_blueprint(bank)
    url = f"/api/v1/cat/banks/{bank.pk}/blueprints/"
    for user in (make_user(Role.PERSONNEL, agency), make_user(Role.ADMIN, other_agency)):
        api = _api(user)
        assert api.get(url).status_code == 404
        assert api.get(f"{url}{blueprint.pk}/").status_code == 404
        body = {"name": "x", "rules": _rules(), "version": 1}
        assert api.put(f"{url}{blueprint.pk}/", body, format="json").status_code == 404
    assert blueprint.version == 1
