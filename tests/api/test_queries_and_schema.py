"""List endpoints run a constant number of queries (5 rows or 50), and the OpenAPI schema is generated."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jenjang.core.audit import audit_record
from tests.factories import EmployeeFactory, PositionFactory, RankHistoryFactory, UnitFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8  # session + user + count + page (+ access lookups)


def grow(world, n: int) -> None:
    """Add rows until each list holds about n: employees, units, positions, ranks and audit entries."""
    for i in range(n):
        unit = UnitFactory(agency=world.agency, parent=world.lab)
        employee = EmployeeFactory(agency=world.agency, unit=unit)
        RankHistoryFactory(employee=world.me, effective_date=f"{2000 + i % 20}-0{1 + i % 9}-01")
        audit_record(actor=world.users["ADMIN"], action="personnel.employee.updated", obj=employee)
        # another agency's rows must not change the count either
        EmployeeFactory(agency=world.other_agency, unit=world.other_unit)


LISTS = [
    ("LEADER", "/api/v1/employees/"),
    ("LEADER", "/api/v1/employees/?q=a&ordering=-rank"),
    ("SUPERVISOR", "/api/v1/employees/"),
    ("LEADER", "/api/v1/units/"),
    ("LEADER", "/api/v1/positions/"),
    ("LEADER", "/api/v1/agencies/"),
    ("EMPLOYEE", "/api/v1/employees/{me}/ranks/"),
    ("EMPLOYEE", "/api/v1/employees/{me}/documents/"),
    ("AUDITOR", "/api/v1/audit/"),
]


@pytest.mark.parametrize(("role", "url"), LISTS)
def test_list_query_count_is_constant(world, api, role, url, django_assert_max_num_queries):
    client = api(role)
    url = url.format(me=world.me.pk)
    grow(world, 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(world, 45)
    with django_assert_max_num_queries(MAX_QUERIES), CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few)


def test_employee_list_shows_fifty_rows_with_unit_and_position(world, api, django_assert_max_num_queries):
    for _ in range(50):
        EmployeeFactory(agency=world.agency, unit=world.lab, position=PositionFactory(agency=world.agency))
    client = api("ADMIN")
    with django_assert_max_num_queries(MAX_QUERIES):
        body = client.get("/api/v1/employees/?page_size=60").json()
    assert len(body["results"]) == 54
    assert all(row["position"]["level"] for row in body["results"])


def test_openapi_schema_is_generated_with_every_endpoint(world, api):
    response = api("ADMIN").get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/agencies/",
        "/api/v1/units/{id}/",
        "/api/v1/positions/",
        "/api/v1/employees/",
        "/api/v1/employees/{id}/",
        "/api/v1/employees/{employee_id}/ranks/",
        "/api/v1/employees/{employee_id}/salary-increments/{id}/",
        "/api/v1/employees/{employee_id}/documents/{id}/download/",
        "/api/v1/me/",
        "/api/v1/audit/",
    ):
        assert path in paths, path
    rank = response.json()["components"]["schemas"]["RankEnum"]
    assert rank["enum"][0] == "I/a"
