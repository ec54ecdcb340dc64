from __future__ import annotations

import pytest

from jenjang.domain.vocab import COMPETENCIES
from jenjang.talent.models import Assessment, KeyPosition, Placement, Successor
from tests.factories import EmployeeFactory, PositionFactory
from tests.talent.conftest import YEAR

pytestmark = pytest.mark.django_db
API = "/api/v1/talent"


def test_assessments_map_run_placements_and_successors(agency, make_user, login, make_talent, unit):
    star = make_talent(("SANGAT_BAIK", "SANGAT_BAIK"), level=2, score=95)
    target = make_talent(("BAIK", "BAIK"), level=2, score=70, assess=False)
    client = login(make_user("PERSONNEL", agency))
    created = client.post(
        f"{API}/assessments/",
        {
            "employee": target.pk,
            "assessed_on": "2025-04-01",
            "method": "CACT",
            "levels": dict.fromkeys(COMPETENCIES, 2),
            "potential_score": "70.00",
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["current"] is True
    bad = client.post(
        f"{API}/assessments/",
        {"employee": target.pk, "assessed_on": "2025-04-02", "method": "AC", "levels": {"integrity": 9}},
        content_type="application/json",
    )
    assert bad.status_code == 400
    started = client.post(f"{API}/map-runs/", {"year": YEAR}, content_type="application/json")
    assert started.status_code == 202 and started.json()["status"] == "SUCCEEDED"  # inline runner in tests
    run = started.json()["result"]
    assert run["placed"] == 2 and run["counts"]["9"] == 1 and run["counts"]["5"] == 1
    job = client.get(f"/api/v1/jobs/{started.json()['job']}/").json()
    assert job["status"] == "SUCCEEDED" and job["kind"] == "talent.map"
    nine = client.get(f"{API}/placements/", {"year": YEAR, "box": 9}).json()
    assert [row["employee"] for row in nine["results"]] == [star.pk]
    position = PositionFactory(agency=agency, unit=unit, level="ADMINISTRATOR")
    key = KeyPosition.objects.create(agency=agency, position=position)
    response = client.post(
        f"{API}/key-positions/{key.pk}/successors/",
        {"employee": star.pk, "readiness": "NOW", "year": YEAR},
        content_type="application/json",
    )
    assert response.status_code == 201
    refused = client.post(
        f"{API}/key-positions/{key.pk}/successors/",
        {"employee": target.pk, "readiness": "NOW", "year": YEAR},
        content_type="application/json",
    )
    assert refused.status_code == 400  # box 5 is not in the pool
    assert Successor.objects.count() == 1
    listed = client.get(f"{API}/key-positions/").json()
    assert listed["results"][0]["successors"][0]["employee"] == star.pk


def test_an_employee_reads_only_their_own_jpm(agency, make_user, login, unit):
    position = PositionFactory(agency=agency, unit=unit, level="PENGAWAS")
    me = EmployeeFactory(agency=agency, unit=unit)
    other = EmployeeFactory(agency=agency, unit=unit)
    Assessment.objects.create(
        agency=agency,
        employee=me,
        assessed_on="2025-01-01",
        method="AC",
        levels={**dict.fromkeys(COMPETENCIES, 2), "teamwork": 1},
    )
    client = login(make_user("EMPLOYEE", agency, employee=me))
    mine = client.get(f"{API}/jpm/", {"position": position.pk}).json()
    assert mine["gaps"] == [{"competency": "teamwork", "required": 2, "actual": 1}]
    assert client.get(f"{API}/jpm/", {"position": position.pk, "employee": other.pk}).status_code == 404
    assert client.get(f"{API}/placements/", {"year": YEAR}).status_code == 403


def test_another_agency_is_not_found(agency, other_agency, make_user, login, unit):
    position = PositionFactory(agency=agency, unit=unit, level="PENGAWAS")
    key = KeyPosition.objects.create(agency=agency, position=position)
    client = login(make_user("PERSONNEL", other_agency))
    assert client.get(f"{API}/positions/{position.pk}/standards/").status_code == 404
    response = client.post(
        f"{API}/key-positions/{key.pk}/successors/",
        {"employee": 1, "readiness": "NOW", "year": YEAR},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Placement.objects.exists()
