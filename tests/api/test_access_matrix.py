"""Each role against each endpoint: who may list, read, create, update and delete; another agency's IDs are
always 404 and its rows never appear in a list."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token

from jenjang.core.audit import audit_record
from jenjang.core.models import AuditLog
from jenjang.domain.vocab import rank_code
from jenjang.personnel.models import RankHistory
from tests.factories import PositionFactory, RankHistoryFactory, UserFactory

from .conftest import AGENCY_READERS, AUDIT_READERS, DENIED_ANON, EDITORS, ROLES, expect

pytestmark = pytest.mark.django_db

SIGNED_IN = [r for r in ROLES if r != "ANON"]


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# --- employees -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_employee_list_shows_only_what_the_role_may_read(world, api, role):
    response = api(role).get("/api/v1/employees/")
    if role == "ANON":
        assert response.status_code in DENIED_ANON
        return
    assert response.status_code == 200
    expected = {
        "SUPERVISOR": {world.boss.pk, world.subordinate.pk},
        "EMPLOYEE": {world.me.pk},
    }.get(role, world.own_employees)
    assert ids(response) == expected
    assert world.stranger.pk not in ids(response)


@pytest.mark.parametrize(
    ("role", "target", "status"),
    [
        *[(r, t, 200) for r in AGENCY_READERS for t in ("boss", "subordinate", "me", "peer")],
        ("SUPERVISOR", "boss", 200),
        ("SUPERVISOR", "subordinate", 200),
        ("SUPERVISOR", "me", 404),
        ("EMPLOYEE", "me", 200),
        ("EMPLOYEE", "peer", 404),
        ("EMPLOYEE", "boss", 404),
        *[(r, "stranger", 404) for r in SIGNED_IN],
    ],
)
def test_employee_retrieve_by_role_and_target(world, api, role, target, status):
    response = api(role).get(f"/api/v1/employees/{getattr(world, target).pk}/")
    assert response.status_code == status
    if status == 404:
        assert response.json()["error"]["code"] == "not_found"
    else:
        assert response.json()["nip"] == getattr(world, target).nip


def test_employee_retrieve_signed_out_is_refused(world, api):
    assert api("ANON").get(f"/api/v1/employees/{world.me.pk}/").status_code in DENIED_ANON


def new_employee_payload(**overrides):
    data = {
        "nip": "199001022015031001",
        "name": "Fajar Baru",
        "birth_date": "1990-01-02",
        "gender": "M",
        "employment_type": "PNS",
        "appointment_date": "2015-03-01",
        "rank": "III/a",
        "rank_since": "2015-03-01",
        "education": "S1",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("role", ROLES)
def test_employee_create_only_by_editors(world, api, role):
    response = api(role).post("/api/v1/employees/", new_employee_payload(unit=world.admin_unit.pk), format="json")
    assert response.status_code in expect(role, role in EDITORS, 201)
    if role in EDITORS:
        body = response.json()
        assert body["rank"] == "III/a"
        assert body["agency"] == world.agency.pk
        assert body["unit"]["id"] == world.admin_unit.pk


@pytest.mark.parametrize(
    ("role", "target", "status"),
    [
        ("ADMIN", "peer", 200),
        ("PERSONNEL", "peer", 200),
        ("LEADER", "peer", 403),
        ("AUDITOR", "peer", 403),
        ("SUPERVISOR", "subordinate", 403),
        ("SUPERVISOR", "peer", 404),
        ("EMPLOYEE", "me", 403),
        ("EMPLOYEE", "peer", 404),
        *[(r, "stranger", 404) for r in SIGNED_IN],
    ],
)
def test_employee_update_by_role_and_target(world, api, role, target, status):
    employee = getattr(world, target)
    response = api(role).patch(
        f"/api/v1/employees/{employee.pk}/", {"version": employee.version, "phone": "0370-123456"}, format="json"
    )
    assert response.status_code == status
    employee.refresh_from_db()
    assert (employee.phone == "0370-123456") == (status == 200)


def test_employee_update_signed_out_is_refused(world, api):
    response = api("ANON").patch(f"/api/v1/employees/{world.me.pk}/", {"version": 1, "phone": "1"}, format="json")
    assert response.status_code in DENIED_ANON


@pytest.mark.parametrize("role", ROLES)
def test_employee_delete_is_not_offered(world, api, role):
    response = api(role).delete(f"/api/v1/employees/{world.peer.pk}/")
    assert response.status_code in ((405,) if role in AGENCY_READERS else (*DENIED_ANON, 404, 405))
    world.peer.refresh_from_db()


# --- histories -------------------------------------------------------------------------------------------

HISTORY_PAYLOADS = {
    "ranks": {"rank": "III/c", "effective_date": "2023-04-01", "kind": "REGULER", "decree_number": "800/1/2023"},
    "positions": {"position_name": "Analis SDM Aparatur", "start_date": "2024-01-02"},
    "education": {"level": "S2", "institution": "Universitas Mataram", "graduation_date": "2021-08-30"},
    "trainings": {
        "name": "Pelatihan Analis Kebijakan",
        "kind": "TEKNIS",
        "start_date": "2024-03-01",
        "end_date": "2024-03-05",
        "hours": 40,
    },
    "performance": {"year": 2023, "predicate": "SANGAT_BAIK"},
    "awards": {"name": "Satyalancana Karya Satya X Tahun", "awarded_on": "2020-08-17"},
    "sanctions": {"level": "RINGAN", "kind": "Teguran lisan", "start_date": "2022-01-10"},
    "salary-increments": {"effective_date": "2024-03-01", "service_years": 14, "base_salary": "3500000"},
}


@pytest.mark.parametrize("segment", list(HISTORY_PAYLOADS))
@pytest.mark.parametrize("role", ROLES)
def test_history_create_only_by_editors(world, api, role, segment):
    response = api(role).post(f"/api/v1/employees/{world.me.pk}/{segment}/", HISTORY_PAYLOADS[segment], format="json")
    if role in ("SUPERVISOR",):  # the supervisor cannot even see this employee
        assert response.status_code == 404
    else:
        assert response.status_code in expect(role, role in EDITORS, 201), response.content


@pytest.mark.parametrize("segment", list(HISTORY_PAYLOADS))
def test_history_of_another_agency_is_404_even_for_its_editors(world, api, segment):
    response = api("ADMIN").post(
        f"/api/v1/employees/{world.stranger.pk}/{segment}/", HISTORY_PAYLOADS[segment], format="json"
    )
    assert response.status_code == 404
    assert api("ADMIN").get(f"/api/v1/employees/{world.stranger.pk}/{segment}/").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [*[(r, 200) for r in AGENCY_READERS], ("SUPERVISOR", 404), ("EMPLOYEE", 200), ("ANON", None)],
)
def test_history_list_follows_employee_visibility(world, api, role, status):
    RankHistoryFactory(employee=world.me)
    response = api(role).get(f"/api/v1/employees/{world.me.pk}/ranks/")
    if status is None:
        assert response.status_code in DENIED_ANON
        return
    assert response.status_code == status
    if status == 200:
        assert [row["rank"] for row in response.json()["results"]] == ["III/a"]


@pytest.mark.parametrize("role", ROLES)
def test_history_delete_only_by_editors(world, api, role):
    row = RankHistoryFactory(employee=world.me)
    response = api(role).delete(
        f"/api/v1/employees/{world.me.pk}/ranks/{row.pk}/", {"reason": "SK dibatalkan"}, format="json"
    )
    if role == "SUPERVISOR":
        assert response.status_code == 404
    else:
        assert response.status_code in expect(role, role in EDITORS, 204)
    assert RankHistory.objects.filter(pk=row.pk).exists() == (role not in EDITORS)


def test_history_row_of_another_employee_is_404(world, api):
    row = RankHistoryFactory(employee=world.peer)
    response = api("ADMIN").delete(f"/api/v1/employees/{world.me.pk}/ranks/{row.pk}/", {"reason": "x"}, format="json")
    assert response.status_code == 404
    assert RankHistory.objects.filter(pk=row.pk).exists()


# --- units, positions, agencies --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_unit_list_for_agency_readers_without_other_agency(world, api, role):
    response = api(role).get("/api/v1/units/")
    assert response.status_code in expect(role, role in AGENCY_READERS, 200)
    if role in AGENCY_READERS:
        assert ids(response) == {world.root.pk, world.academic.pk, world.lab.pk, world.admin_unit.pk}


@pytest.mark.parametrize("role", SIGNED_IN)
def test_units_and_positions_of_another_agency_are_404_or_refused(world, api, role):
    client = api(role)
    for url in (f"/api/v1/units/{world.other_unit.pk}/", f"/api/v1/positions/{world.other_position.pk}/"):
        assert client.get(url).status_code == (404 if role in AGENCY_READERS else 403)
    if role in EDITORS:
        patch = client.patch(f"/api/v1/units/{world.other_unit.pk}/", {"version": 1, "name": "X"}, format="json")
        assert patch.status_code == 404
    world.other_unit.refresh_from_db()
    assert world.other_unit.name == "Sekretariat"


@pytest.mark.parametrize("role", ROLES)
def test_unit_create_and_update_only_by_editors(world, api, role):
    client = api(role)
    created = client.post("/api/v1/units/", {"code": "KEU", "name": "Keuangan", "parent": world.root.pk}, format="json")
    assert created.status_code in expect(role, role in EDITORS, 201)
    updated = client.patch(
        f"/api/v1/units/{world.lab.pk}/", {"version": world.lab.version, "name": "Lab Komputer"}, format="json"
    )
    assert updated.status_code in expect(role, role in EDITORS, 200)
    world.lab.refresh_from_db()
    assert (world.lab.name == "Lab Komputer") == (role in EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_position_list_create_update_by_role(world, api, role):
    client = api(role)
    own = PositionFactory(agency=world.agency, unit=world.lab, level="JF_AHLI_MUDA")
    listed = client.get("/api/v1/positions/")
    assert listed.status_code in expect(role, role in AGENCY_READERS, 200)
    if role in AGENCY_READERS:
        assert world.other_position.pk not in ids(listed)
        assert own.pk in ids(listed)
    created = client.post(
        "/api/v1/positions/", {"name": "Pranata Komputer", "level": "JF_TERAMPIL", "unit": world.lab.pk}, format="json"
    )
    assert created.status_code in expect(role, role in EDITORS, 201)
    if role in EDITORS:
        assert created.json()["kind"] == "FUNCTIONAL"
    updated = client.patch(f"/api/v1/positions/{own.pk}/", {"version": own.version, "level": "PENGAWAS"}, format="json")
    assert updated.status_code in expect(role, role in EDITORS, 200)
    own.refresh_from_db()
    assert (own.level, own.kind) == (("PENGAWAS", "STRUCTURAL") if role in EDITORS else ("JF_AHLI_MUDA", "FUNCTIONAL"))


@pytest.mark.parametrize("role", ROLES)
def test_agency_list_is_the_users_own_agency(world, api, role):
    response = api(role).get("/api/v1/agencies/")
    if role == "ANON":
        assert response.status_code in DENIED_ANON
        return
    assert response.status_code == 200
    assert ids(response) == {world.agency.pk}
    assert api(role).get(f"/api/v1/agencies/{world.other_agency.pk}/").status_code == 404
    assert api(role).get(f"/api/v1/agencies/{world.agency.pk}/").json()["code"] == "IPDN-NTB"


def test_national_administrator_sees_every_agency(world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(UserFactory(username="nasional", is_superuser=True, agency=None, role="ADMIN"))
    assert ids(client.get("/api/v1/agencies/")) == {world.agency.pk, world.other_agency.pk}
    assert world.stranger.pk in ids(client.get("/api/v1/employees/"))


# --- me and audit ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_me_describes_the_signed_in_user(world, api, role):
    response = api(role).get("/api/v1/me/")
    if role == "ANON":
        assert response.status_code in DENIED_ANON
        return
    body = response.json()
    assert (body["username"], body["role"], body["agency"]) == (world.users[role].username, role, world.agency.pk)
    assert body["employee"] == {"SUPERVISOR": world.boss.pk, "EMPLOYEE": world.me.pk}.get(role)


@pytest.mark.parametrize("role", ROLES)
def test_audit_log_for_auditors_personnel_and_admins_only(world, api, role):
    audit_record(actor=world.users["ADMIN"], action="personnel.employee.updated", obj=world.me)
    audit_record(actor=world.users["OTHER_ADMIN"], action="personnel.employee.updated", obj=world.stranger)
    client = api(role)
    response = client.get("/api/v1/audit/")
    assert response.status_code in expect(role, role in AUDIT_READERS, 200)
    if role in AUDIT_READERS:
        rows = response.json()["results"]
        assert [row["employee_id"] for row in rows] == [world.me.pk]
        stranger = client.get(f"/api/v1/audit/?employee={world.stranger.pk}").json()["results"]
        assert stranger == []
    before = AuditLog.objects.count()
    assert client.post("/api/v1/audit/", {"action": "x"}, format="json").status_code in (*DENIED_ANON, 405)
    assert AuditLog.objects.count() == before


def test_audit_filters_by_action_and_date(world, api):
    audit_record(actor=world.users["ADMIN"], action="personnel.employee.updated", obj=world.me)
    audit_record(actor=world.users["ADMIN"], action="organization.unit.created", obj=world.lab)
    client = api("AUDITOR")
    by_action = client.get("/api/v1/audit/?action=organization.").json()["results"]
    assert [row["action"] for row in by_action] == ["organization.unit.created"]
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert client.get(f"/api/v1/audit/?date_from={tomorrow}").json()["results"] == []
    assert client.get("/api/v1/audit/?date_from=bukan-tanggal").status_code == 400


# --- token authentication --------------------------------------------------------------------------------


def test_token_authentication_reads_with_the_same_scope(world, password):
    from rest_framework.test import APIClient

    client = APIClient()
    issued = client.post("/api/v1/auth/token/", {"username": "employee", "password": password}, format="json")
    assert issued.status_code == 200
    token = issued.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert ids(client.get("/api/v1/employees/")) == {world.me.pk}
    assert client.get(f"/api/v1/employees/{world.stranger.pk}/").status_code == 404
    assert client.patch(f"/api/v1/employees/{world.me.pk}/", {"version": 1}, format="json").status_code == 403


def test_token_authentication_lets_an_editor_write(world):
    from rest_framework.test import APIClient

    token = Token.objects.create(user=world.users["PERSONNEL"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(f"/api/v1/employees/{world.me.pk}/ranks/", HISTORY_PAYLOADS["ranks"], format="json")
    assert response.status_code == 201
    world.me.refresh_from_db()
    assert world.me.rank == rank_code("III/c")


def test_bad_token_is_refused(world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    assert client.get("/api/v1/employees/").status_code in DENIED_ANON
