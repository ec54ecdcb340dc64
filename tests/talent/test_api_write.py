"""The talent API does what the pages do: key positions, successors, review meetings, xlsx imports."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from jenjang.core.models import AuditLog
from jenjang.domain.vocab import COMPETENCIES
from jenjang.talent.models import Assessment, KeyPosition, Standard, Successor, TalentImport, TalentReview
from tests.factories import EmployeeFactory, PositionFactory
from tests.talent.conftest import YEAR

pytestmark = pytest.mark.django_db
API = "/api/v1/talent"
JSON = "application/json"
ASSESSMENT_HEADER = ["nip", "tanggal", "metode", "asesor", *COMPETENCIES, "potensial"]
STANDARD_HEADER = ["kode_jabatan", "id_jabatan", "nama_jabatan", *COMPETENCIES]


@pytest.fixture
def position(agency, unit):
    return PositionFactory(agency=agency, unit=unit, level="ADMINISTRATOR", name="Kepala Bagian Umum")


@pytest.fixture
def key(position):
    return KeyPosition.objects.create(agency=position.agency, position=position, impact="HIGH")


@pytest.fixture
def successor(key, agency, unit):
    person = EmployeeFactory(agency=agency, unit=unit)
    return Successor.objects.create(key_position=key, employee=person, readiness="ONE_TWO_YEARS")


def _xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "upload.xlsx"
    return buffer


# --- key positions ----------------------------------------------------------------------------------------------


def test_staff_mark_change_and_unmark_a_key_position(agency, make_user, login, position, unit):
    client = login(make_user("PERSONNEL", agency))
    body = {"position": position.pk, "impact": "MEDIUM", "note": "Satu-satunya pejabat keuangan"}
    marked = client.post(f"{API}/key-positions/", body, content_type=JSON)
    assert marked.status_code == 201
    assert marked.json()["impact"] == "MEDIUM" and marked.json()["version"] == 1
    again = client.post(f"{API}/key-positions/", body, content_type=JSON)  # a double submit
    assert again.status_code == 200 and again.json()["id"] == marked.json()["id"]
    assert KeyPosition.objects.count() == 1
    assert AuditLog.objects.filter(action="talent.key_position.create").count() == 1

    url = f"{API}/key-positions/{marked.json()['id']}/"
    changed = client.patch(url, {"impact": "HIGH", "version": 1}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["impact"] == "HIGH" and changed.json()["version"] == 2
    assert changed.json()["note"] == "Satu-satunya pejabat keuangan"
    no_version = client.patch(url, {"impact": "LOW"}, content_type=JSON)
    assert no_version.status_code == 400

    key = KeyPosition.objects.get()
    Successor.objects.create(key_position=key, employee=EmployeeFactory(agency=agency, unit=unit), readiness="NOW")
    without_reason = client.delete(url, {"reason": " "}, content_type=JSON)
    assert without_reason.status_code == 400 and KeyPosition.objects.exists()
    assert client.delete(url, {"reason": "Dirampingkan", "version": 1}, content_type=JSON).status_code == 409
    removed = client.delete(url, {"reason": "Jabatan dirampingkan", "version": 2}, content_type=JSON)
    assert removed.status_code == 204
    assert not KeyPosition.objects.exists() and not Successor.objects.exists()
    audit = AuditLog.objects.get(action="talent.key_position.remove")
    assert audit.reason == "Jabatan dirampingkan" and len(audit.changes["successors"]) == 1
    assert client.delete(url, {"reason": "lagi"}, content_type=JSON).status_code == 404


def test_unmark_reads_the_reason_from_the_query_string(agency, make_user, login, key):
    client = login(make_user("ADMIN", agency))
    response = client.delete(f"{API}/key-positions/{key.pk}/?reason=Tidak%20lagi%20kunci")
    assert response.status_code == 204 and not KeyPosition.objects.exists()


def test_a_stale_key_position_change_is_409_and_writes_nothing(agency, make_user, login, key):
    client = login(make_user("PERSONNEL", agency))
    url = f"{API}/key-positions/{key.pk}/"
    assert client.patch(url, {"impact": "LOW", "version": 1}, content_type=JSON).status_code == 200
    stale = client.patch(url, {"impact": "MEDIUM", "note": "x", "version": 1}, content_type=JSON,
                         HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert "changed by another user" in stale.json()["error"]["message"]
    key.refresh_from_db()
    assert (key.impact, key.note, key.version) == ("LOW", "", 2)


def test_an_unknown_impact_is_a_translated_400(agency, make_user, login, position):
    client = login(make_user("PERSONNEL", agency))
    response = client.post(
        f"{API}/key-positions/", {"impact": "HIGH"}, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en"
    )  # no position
    assert response.status_code == 400 and response.json()["error"]["field"] == "position"
    assert response.json()["error"]["message"] == "Choose a position."
    assert not KeyPosition.objects.exists()


# --- successors ---------------------------------------------------------------------------------------------------


def test_staff_update_and_remove_a_successor(agency, make_user, login, key, successor):
    client = login(make_user("PERSONNEL", agency))
    url = f"{API}/key-positions/{key.pk}/successors/{successor.pk}/"
    updated = client.patch(url, {"readiness": "NOW", "development": "Diklat PIM III", "version": 1}, content_type=JSON)
    assert updated.status_code == 200
    assert updated.json()["readiness"] == "NOW" and updated.json()["development"] == "Diklat PIM III"
    stale = client.patch(url, {"readiness": "THREE_PLUS_YEARS", "version": 1}, content_type=JSON)
    assert stale.status_code == 409
    successor.refresh_from_db()
    assert (successor.readiness, successor.version) == ("NOW", 2)
    assert client.patch(url, {"readiness": "NOW"}, content_type=JSON).status_code == 400  # the version is required

    refused = client.delete(url, {"reason": ""}, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and Successor.objects.exists()
    assert client.delete(url, {"reason": "Mutasi ke instansi lain"}, content_type=JSON).status_code == 204
    assert not Successor.objects.exists()
    assert AuditLog.objects.get(action="talent.successor.remove").reason == "Mutasi ke instansi lain"
    assert client.delete(url, {"reason": "lagi"}, content_type=JSON).status_code == 404  # a double submit


def test_a_successor_of_another_key_position_is_not_found(agency, make_user, login, key, successor, unit):
    other_key = KeyPosition.objects.create(agency=agency, position=PositionFactory(agency=agency, unit=unit))
    client = login(make_user("PERSONNEL", agency))
    url = f"{API}/key-positions/{other_key.pk}/successors/{successor.pk}/"
    assert client.patch(url, {"readiness": "NOW", "version": 1}, content_type=JSON).status_code == 404
    assert client.delete(url, {"reason": "x"}, content_type=JSON).status_code == 404
    assert Successor.objects.filter(readiness="ONE_TWO_YEARS").exists()


# --- access ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["LEADER", "AUDITOR", "EMPLOYEE"])
def test_readers_and_employees_cannot_write(agency, make_user, login, role, key, successor, position):
    client = login(make_user(role, agency, employee=EmployeeFactory(agency=agency)))
    s_url = f"{API}/key-positions/{key.pk}/successors/{successor.pk}/"
    attempts = [
        client.post(f"{API}/key-positions/", {"position": position.pk, "impact": "LOW"}, content_type=JSON),
        client.patch(f"{API}/key-positions/{key.pk}/", {"impact": "LOW", "version": 1}, content_type=JSON),
        client.delete(f"{API}/key-positions/{key.pk}/", {"reason": "x"}, content_type=JSON),
        client.patch(s_url, {"readiness": "NOW", "version": 1}, content_type=JSON),
        client.delete(s_url, {"reason": "x"}, content_type=JSON),
        client.post(f"{API}/reviews/", {"year": YEAR, "held_on": "2026-01-10", "title": "Rapat"}, content_type=JSON),
        client.post(f"{API}/imports/assessments/", {"file": _xlsx([ASSESSMENT_HEADER])}),
        client.post(f"{API}/imports/standards/", {"file": _xlsx([STANDARD_HEADER])}),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts)
    key.refresh_from_db()
    successor.refresh_from_db()
    assert (key.impact, key.version, successor.version) == ("HIGH", 1, 1)
    assert not TalentReview.objects.exists() and not TalentImport.objects.exists()
    reads = client.get(f"{API}/reviews/").status_code
    assert reads == (200 if role in ("LEADER", "AUDITOR") else 403)


def test_another_agency_ids_are_not_found(agency, other_agency, make_user, login, key, successor, position):
    client = login(make_user("PERSONNEL", other_agency))
    s_url = f"{API}/key-positions/{key.pk}/successors/{successor.pk}/"
    attempts = [
        client.post(f"{API}/key-positions/", {"position": position.pk, "impact": "LOW"}, content_type=JSON),
        client.get(f"{API}/key-positions/{key.pk}/"),
        client.patch(f"{API}/key-positions/{key.pk}/", {"impact": "LOW", "version": 1}, content_type=JSON),
        client.delete(f"{API}/key-positions/{key.pk}/", {"reason": "x"}, content_type=JSON),
        client.patch(s_url, {"readiness": "NOW", "version": 1}, content_type=JSON),
        client.delete(s_url, {"reason": "x"}, content_type=JSON),
    ]
    assert [r.status_code for r in attempts] == [404] * len(attempts)
    key.refresh_from_db()
    assert key.impact == "HIGH" and Successor.objects.filter(pk=successor.pk, readiness="ONE_TWO_YEARS").exists()
    # their own imports never reach this agency's positions and employees
    person = EmployeeFactory(agency=agency)
    bad = _xlsx([ASSESSMENT_HEADER, [person.nip, "2025-03-01", "AC", "UPT", *[3] * 9, 80]])
    assert client.post(f"{API}/imports/assessments/", {"file": bad}).status_code == 400
    rows = [STANDARD_HEADER, [position.code, position.pk, position.name, *[3] * 9]]
    assert client.post(f"{API}/imports/standards/", {"file": _xlsx(rows)}).status_code == 400
    assert not Assessment.objects.exists() and not Standard.objects.exists()
    assert client.get(f"{API}/reviews/").json()["results"] == []


# --- talent review meetings ------------------------------------------------------------------------------------


def test_staff_record_a_review_once_and_list_it(agency, other_agency, make_user, login, make_talent, run_map):
    person = make_talent(("BAIK", "BAIK"), level=2, score=70)
    run_map()
    TalentReview.objects.create(agency=other_agency, year=YEAR, held_on="2026-01-05", title="Rapat instansi lain")
    client = login(make_user("PERSONNEL", agency))
    body = {
        "year": YEAR,
        "held_on": "2026-01-12",
        "title": "Talent review 2025",
        "members": "Sekretaris; Kepala BKPSDM",
        "notes": "Kuorum",
        "request_key": "form-1",
    }
    created = client.post(f"{API}/reviews/", body, content_type=JSON)
    assert created.status_code == 201
    assert created.json()["title"] == "Talent review 2025" and created.json()["moves"] == []
    again = client.post(f"{API}/reviews/", body, content_type=JSON)  # a double submit: the same key
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    assert TalentReview.objects.filter(agency=agency).count() == 1
    assert AuditLog.objects.filter(action="talent.review.create").count() == 1
    header_key = client.post(
        f"{API}/reviews/", {**body, "request_key": ""}, content_type=JSON, HTTP_IDEMPOTENCY_KEY="header-1"
    )
    header_again = client.post(
        f"{API}/reviews/", {**body, "request_key": ""}, content_type=JSON, HTTP_IDEMPOTENCY_KEY="header-1"
    )
    assert header_key.status_code == 201 and header_again.status_code == 200
    assert TalentReview.objects.filter(agency=agency).count() == 2

    placement = person.talent_placements.get()
    moved = client.post(
        f"{API}/placements/{placement.pk}/moves/",
        {"review": created.json()["id"], "to_box": 8, "reason": "Kinerja proyek luar biasa"},
        content_type=JSON,
    )
    assert moved.status_code == 200
    listed = client.get(f"{API}/reviews/", {"year": YEAR}).json()["results"]
    assert [r["title"] for r in listed] == ["Talent review 2025", "Talent review 2025"]
    moves = next(r["moves"] for r in listed if r["id"] == created.json()["id"])
    assert moves == [
        {
            "id": moves[0]["id"],
            "placement": placement.pk,
            "employee": person.pk,
            "from_box": 5,
            "to_box": 8,
            "reason": "Kinerja proyek luar biasa",
            "moved_at": moves[0]["moved_at"],
        }
    ]


def test_a_review_without_title_is_refused_in_the_users_language(agency, make_user, login):
    client = login(make_user("PERSONNEL", agency))
    response = client.post(
        f"{API}/reviews/",
        {"year": YEAR, "held_on": "2026-01-12", "title": " "},
        content_type=JSON,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "The title and meeting date are required."
    assert not TalentReview.objects.exists()


def test_a_repeated_key_of_another_user_records_its_own_meeting(agency, make_user, login):
    body = {"year": YEAR, "held_on": "2026-01-12", "title": "Rapat", "request_key": "same"}
    first = login(make_user("PERSONNEL", agency)).post(f"{API}/reviews/", body, content_type=JSON)
    second = login(make_user("ADMIN", agency)).post(f"{API}/reviews/", body, content_type=JSON)
    assert first.status_code == 201 and second.status_code == 201
    assert TalentReview.objects.count() == 2


# --- imports ------------------------------------------------------------------------------------------------------


def test_assessment_import_writes_all_rows_once(agency, make_user, login, unit):
    a = EmployeeFactory(agency=agency, unit=unit)
    b = EmployeeFactory(agency=agency, unit=unit)
    rows = [
        ASSESSMENT_HEADER,
        [a.nip, "2025-03-01", "AC", "UPT", *[3] * 9, 82],
        [b.nip, "2025-03-01", "CACT", "UPT", *[2] * 9, None],
    ]
    client = login(make_user("PERSONNEL", agency))
    url = f"{API}/imports/assessments/"
    done = client.post(url, {"file": _xlsx(rows), "request_key": "upload-1"})
    assert done.status_code == 201
    assert done.json()["rows"] == 2 and done.json()["kind"] == "ASSESSMENTS"
    again = client.post(url, {"file": _xlsx(rows), "request_key": "upload-1"})  # a double submit
    assert again.status_code == 200 and again.json()["id"] == done.json()["id"]
    assert Assessment.objects.filter(current=True).count() == 2 and Assessment.objects.count() == 2
    without_key = client.post(url, {"file": _xlsx(rows)}, HTTP_ACCEPT_LANGUAGE="en")  # the rows are there already
    assert without_key.status_code == 400
    assert without_key.json()["error"]["details"]["rows"] == ["Row 2: already recorded.", "Row 3: already recorded."]
    assert Assessment.objects.count() == 2 and TalentImport.objects.count() == 1


def test_a_bad_assessment_file_is_400_with_every_row_and_writes_nothing(agency, make_user, login, unit):
    a = EmployeeFactory(agency=agency, unit=unit)
    b = EmployeeFactory(agency=agency, unit=unit)
    rows = [
        ASSESSMENT_HEADER,
        [a.nip, "2025-03-01", "AC", "UPT", *[3] * 9, 82],
        [b.nip, "2025-03-01", "AC", "UPT", *[3] * 8, 7, 82],
        ["199999999999999999", "kemarin", "AC", "UPT", *[3] * 9, 82],
    ]
    client = login(make_user("PERSONNEL", agency))
    response = client.post(f"{API}/imports/assessments/", {"file": _xlsx(rows)}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "file" and error["message"].startswith("Nothing was imported.")
    assert [row.split(":")[0] for row in error["details"]["rows"]] == ["Row 3", "Row 4"]
    garbage = io.BytesIO(b"not a workbook")
    garbage.name = "x.xlsx"
    unreadable = client.post(f"{API}/imports/assessments/", {"file": garbage})
    assert unreadable.status_code == 400 and "bukan xlsx" in unreadable.json()["error"]["message"]
    assert client.post(f"{API}/imports/assessments/", {}).status_code == 400  # no file
    assert not Assessment.objects.exists() and not TalentImport.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="talent.assessment").exists()


def test_standards_import_is_all_or_nothing(agency, make_user, login, unit):
    first = PositionFactory(agency=agency, unit=unit, level="PENGAWAS")
    second = PositionFactory(agency=agency, unit=unit, level="PENGAWAS")
    good = [first.code, first.pk, first.name, *[4] * 9]
    bad = [second.code, second.pk, second.name, *[3] * 8, 9]
    client = login(make_user("ADMIN", agency))
    url = f"{API}/imports/standards/"
    refused = client.post(url, {"file": _xlsx([STANDARD_HEADER, good, bad])})
    assert refused.status_code == 400
    assert [row.split(":")[0] for row in refused.json()["error"]["details"]["rows"]] == ["Baris 3"]
    assert not Standard.objects.exists() and not TalentImport.objects.exists()
    bad[-1] = 3
    done = client.post(url, {"file": _xlsx([STANDARD_HEADER, good, bad])}, HTTP_IDEMPOTENCY_KEY="skj-1")
    assert done.status_code == 201 and done.json()["rows"] == 2 and done.json()["kind"] == "STANDARDS"
    assert Standard.objects.get(position=first, competency__code="integrity").level == 4
    audits = AuditLog.objects.filter(action="talent.standard.set").count()
    again = client.post(url, {"file": _xlsx([STANDARD_HEADER, good, bad])}, HTTP_IDEMPOTENCY_KEY="skj-1")
    assert again.status_code == 200 and again.json()["id"] == done.json()["id"]
    assert TalentImport.objects.count() == 1 and AuditLog.objects.filter(action="talent.standard.set").count() == audits


def test_openapi_lists_the_write_endpoints(agency, make_user, login):
    client = login(make_user("ADMIN", agency))
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    for path in (
        "/api/v1/talent/key-positions/{id}/",
        "/api/v1/talent/key-positions/{id}/successors/{sid}/",
        "/api/v1/talent/reviews/",
        "/api/v1/talent/imports/assessments/",
        "/api/v1/talent/imports/standards/",
    ):
        assert path in text
