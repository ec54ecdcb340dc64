"""Employee create/update through the API: the NIP rule, uniqueness, immutability and optimistic locking."""

from __future__ import annotations

import pytest

from jenjang.core.models import AuditLog
from jenjang.domain.vocab import rank_code
from jenjang.personnel.models import Employee

from .test_access_matrix import ids, new_employee_payload

pytestmark = pytest.mark.django_db


def test_create_with_invalid_nip_is_400_naming_the_field_and_writes_nothing(world, api):
    before = Employee.objects.count()
    response = api("PERSONNEL").post("/api/v1/employees/", new_employee_payload(nip="12345"), format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "nip"
    assert "18 angka" in error["message"]
    assert Employee.objects.count() == before


def test_create_with_nip_contradicting_birth_date_is_400(world, api):
    response = api("PERSONNEL").post("/api/v1/employees/", new_employee_payload(birth_date="1991-05-05"), format="json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "nip"


def test_create_with_duplicate_nip_is_400(world, api):
    response = api("ADMIN").post(
        "/api/v1/employees/",
        new_employee_payload(nip=world.me.nip, birth_date=world.me.birth_date.isoformat(), gender=world.me.gender),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "nip"
    assert "sudah terdaftar" in response.json()["error"]["message"]
    assert Employee.objects.filter(nip=world.me.nip).count() == 1


def test_create_with_another_agencys_unit_is_400(world, api):
    response = api("ADMIN").post("/api/v1/employees/", new_employee_payload(unit=world.other_unit.pk), format="json")
    assert response.status_code == 400
    assert "unit" in response.json()["error"]["details"]
    assert not Employee.objects.filter(nip="199001022015031001").exists()


def test_create_with_unknown_rank_is_400(world, api):
    response = api("ADMIN").post("/api/v1/employees/", new_employee_payload(rank="III/x"), format="json")
    assert response.status_code == 400
    assert "rank" in response.json()["error"]["details"]


def test_create_writes_an_audit_row(world, api):
    response = api("PERSONNEL").post("/api/v1/employees/", new_employee_payload(), format="json")
    assert response.status_code == 201
    employee = Employee.objects.get(pk=response.json()["id"])
    assert employee.rank == rank_code("III/a")
    entry = AuditLog.objects.get(action="personnel.employee.created", employee_id=employee.pk)
    assert entry.actor == world.users["PERSONNEL"]


def test_update_moves_the_version_and_logs_old_and_new(world, api):
    employee = world.peer
    response = api("PERSONNEL").patch(
        f"/api/v1/employees/{employee.pk}/", {"version": employee.version, "rank": "III/c"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["rank"] == "III/c"
    assert response.json()["version"] == employee.version + 1
    entry = AuditLog.objects.get(action="personnel.employee.updated", employee_id=employee.pk)
    assert entry.changes["rank"] == [rank_code("III/b"), rank_code("III/c")]


def test_stale_patch_is_409_with_the_translated_message_and_nothing_overwritten(world, api):
    employee = world.peer
    client = api("PERSONNEL")
    first = client.patch(
        f"/api/v1/employees/{employee.pk}/", {"version": employee.version, "phone": "081111"}, format="json"
    )
    assert first.status_code == 200
    stale = client.patch(
        f"/api/v1/employees/{employee.pk}/", {"version": employee.version, "phone": "082222"}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert "diubah oleh pengguna lain" in stale.json()["error"]["message"]
    employee.refresh_from_db()
    assert employee.phone == "081111"
    assert employee.version == 2


def test_patch_without_version_is_400(world, api):
    response = api("PERSONNEL").patch(f"/api/v1/employees/{world.peer.pk}/", {"phone": "1"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()["error"]["details"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("nip", "199001022015031001"), ("agency", "other")],
)
def test_nip_and_agency_are_immutable(world, api, field, value):
    employee = world.peer
    payload = {"version": employee.version, field: world.other_agency.pk if value == "other" else value}
    response = api("ADMIN").patch(f"/api/v1/employees/{employee.pk}/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field
    employee.refresh_from_db()
    assert (employee.nip, employee.agency_id, employee.version) == (world.peer.nip, world.agency.pk, 1)


def test_naming_the_same_nip_and_agency_is_harmless(world, api):
    employee = world.peer
    response = api("ADMIN").patch(
        f"/api/v1/employees/{employee.pk}/",
        {"version": employee.version, "nip": employee.nip, "agency": world.agency.pk, "phone": "0370"},
        format="json",
    )
    assert response.status_code == 200


def test_list_search_by_name_and_nip_prefix(world, api):
    client = api("LEADER")
    assert ids(client.get("/api/v1/employees/?q=citra")) == {world.me.pk}
    assert ids(client.get(f"/api/v1/employees/?q={world.peer.nip}")) == {world.peer.pk}
    assert ids(client.get("/api/v1/employees/?q=provinsi")) == set()  # another agency's name never matches


def test_list_filters_and_ordering(world, api):
    Employee.objects.filter(pk=world.boss.pk).update(rank=rank_code("IV/a"), employment_type="PPPK")
    client = api("LEADER")
    assert ids(client.get("/api/v1/employees/?rank=IV/a")) == {world.boss.pk}
    assert ids(client.get("/api/v1/employees/?employment_type=PPPK")) == {world.boss.pk}
    assert ids(client.get(f"/api/v1/employees/?unit={world.admin_unit.pk}")) == {world.me.pk, world.peer.pk}
    assert ids(client.get(f"/api/v1/employees/?level={world.me.position.level}")) == world.own_employees
    assert ids(client.get("/api/v1/employees/?status=RETIRED")) == set()
    names = [row["name"] for row in client.get("/api/v1/employees/?ordering=-name").json()["results"]]
    assert names == sorted(names, reverse=True)
    assert client.get("/api/v1/employees/?ordering=password").status_code == 400
    assert client.get("/api/v1/employees/?rank=V/z").status_code == 400


def test_list_paginates(world, api):
    response = api("LEADER").get("/api/v1/employees/?page_size=2")
    body = response.json()
    assert body["count"] == 4
    assert len(body["results"]) == 2
    assert body["next"]


def test_protected_attributes_never_appear(world, api):
    body = api("ADMIN").get(f"/api/v1/employees/{world.me.pk}/").json()
    for word in ("religion", "ethnicity", "disability", "marital", "agama", "suku"):
        assert not any(word in key for key in body)


def national_client():
    from rest_framework.test import APIClient

    from tests.factories import UserFactory

    client = APIClient()
    client.force_login(UserFactory(username="nasional", is_superuser=True, agency=None, role="ADMIN"))
    return client


def test_national_administrator_creates_in_the_named_agency(world):
    payload = new_employee_payload(agency=world.other_agency.pk, unit=world.other_unit.pk)
    response = national_client().post("/api/v1/employees/", payload, format="json")
    assert response.status_code == 201
    assert Employee.objects.get(pk=response.json()["id"]).agency_id == world.other_agency.pk


def test_national_administrator_must_name_an_agency(world):
    response = national_client().post("/api/v1/employees/", new_employee_payload(), format="json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "agency"


def test_agency_in_the_payload_of_an_agency_user_is_ignored(world, api):
    response = api("ADMIN").post(
        "/api/v1/employees/", new_employee_payload(agency=world.other_agency.pk), format="json"
    )
    assert response.status_code == 201
    assert response.json()["agency"] == world.agency.pk
