"""The workforce API: ABK reads, task edits with versions, import errors, runs and decisions, scoping."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from jenjang.workforce.abk import HEADERS
from jenjang.workforce.models import MatchingDecision, WorkloadTask
from tests.factories import EmployeeFactory, PositionFactory
from tests.workforce.factories import WorkloadTaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def position(agency, unit):
    position = PositionFactory(agency=agency, unit=unit, name="Analis SDM")
    for _ in range(3):
        EmployeeFactory(agency=agency, unit=unit, position=position)
    WorkloadTaskFactory(position=position, year=2025, task="Analisis", volume=3000, minutes=45)
    return position


def test_abk_positions_and_units(login, make_user, agency, position):
    client = login(make_user("LEADER", agency))
    body = client.get("/api/v1/workforce/abk/positions/?year=2025").json()
    row = next(r for r in body["results"] if r["position_id"] == position.pk)
    assert row["workload"]["required_staff"] == 1.8 and row["workload"]["current_staff"] == 3
    assert row["workload"]["grade"] == "D" and row["workload"]["need"] == 2 and row["workload"]["gap"] == -1
    units = client.get("/api/v1/workforce/abk/units/?year=2025").json()
    assert units["agency"]["workload_minutes"] == 135000


def test_task_update_refuses_a_stale_version(login, make_user, agency, position):
    client = login(make_user("PERSONNEL", agency))
    task = WorkloadTask.objects.get()
    payload = {"task": "Analisis", "output_unit": "dokumen", "volume": "10", "minutes": "5", "version": task.version}
    assert (
        client.patch(f"/api/v1/workforce/abk/tasks/{task.pk}/", payload, content_type="application/json").status_code
        == 200
    )
    stale = client.patch(f"/api/v1/workforce/abk/tasks/{task.pk}/", payload, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"


def test_import_errors_come_back_with_rows(login, make_user, agency, position):
    book = Workbook()
    sheet = book.active
    sheet.title = "ABK"
    sheet.append(list(HEADERS))
    sheet.append([2025, position.pk, "", "Tugas", "dokumen", "banyak", 10])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "abk.xlsx"
    response = login(make_user("PERSONNEL", agency)).post("/api/v1/workforce/abk/import/", {"file": buffer})
    assert response.status_code == 400
    assert response.json()["error"]["details"]["errors"][0] == {
        "row": 2, "column": "Volume per tahun", "message": "Harus berupa angka 0 atau lebih."
    }  # fmt: skip
    assert WorkloadTask.objects.count() == 1


def test_runs_and_decisions(login, make_user, agency, unit, other_agency):
    vacancy = PositionFactory(agency=agency, unit=unit, level="PELAKSANA", required_education="")
    EmployeeFactory(agency=agency, unit=unit)
    leader = login(make_user("LEADER", agency))
    created = leader.post(
        "/api/v1/workforce/runs/", {"title": "API", "position_ids": [vacancy.pk]}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["status"] == "DONE"
    run_id = created.json()["id"]
    detail = leader.get(f"/api/v1/workforce/runs/{run_id}/").json()
    optimal = detail["result"]["vacancies"][0]["optimal"]
    assert optimal is not None
    refused = leader.post(
        f"/api/v1/workforce/runs/{run_id}/decisions/",
        {"position_id": vacancy.pk, "employee_id": None, "reason": ""},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "reason"
    ok = leader.post(
        f"/api/v1/workforce/runs/{run_id}/decisions/",
        {"position_id": vacancy.pk, "employee_id": None, "reason": "Jabatan akan dihapus dalam penataan organisasi."},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["departs"] is True
    assert MatchingDecision.objects.get().reason.startswith("Jabatan akan dihapus")
    outsider = login(make_user("LEADER", other_agency))
    assert outsider.get(f"/api/v1/workforce/runs/{run_id}/").status_code == 404


def test_employee_gets_no_matching_api(login, make_user, agency, employee):
    client = login(make_user("EMPLOYEE", agency, employee=employee))
    assert client.get("/api/v1/workforce/runs/").status_code == 403
    assert client.get("/api/v1/workforce/abk/units/").status_code == 403
