"""A small world for the API tests: one agency with a unit tree and a user per role, and a second agency whose
rows must never show through."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from rest_framework.test import APIClient

from jenjang.accounts.models import Role
from tests.factories import AgencyFactory, EmployeeFactory, PositionFactory, UnitFactory, UserFactory

ROLES = ("ADMIN", "PERSONNEL", "LEADER", "SUPERVISOR", "EMPLOYEE", "AUDITOR", "ANON")
EDITORS = {"ADMIN", "PERSONNEL"}
AGENCY_READERS = {"ADMIN", "PERSONNEL", "LEADER", "AUDITOR"}
AUDIT_READERS = {"ADMIN", "PERSONNEL", "AUDITOR"}
DENIED_ANON = (401, 403)


@dataclass
class World:
    agency: Any
    other_agency: Any
    root: Any  # Direktorat
    academic: Any  # under root; the supervisor's unit
    lab: Any  # under academic
    admin_unit: Any  # under root
    boss: Any  # employee in academic, linked to the SUPERVISOR user
    subordinate: Any  # employee in lab (the supervisor's subtree)
    me: Any  # employee in admin_unit, linked to the EMPLOYEE user
    peer: Any  # employee in admin_unit
    stranger: Any  # employee of the other agency
    other_unit: Any
    other_position: Any
    users: dict[str, Any] = field(default_factory=dict)

    @property
    def own_employees(self) -> set[int]:
        return {self.boss.pk, self.subordinate.pk, self.me.pk, self.peer.pk}


@pytest.fixture
def world(db) -> World:
    agency = AgencyFactory(code="IPDN-NTB", name="IPDN Kampus NTB", short_name="IPDN NTB")
    other = AgencyFactory(code="PROV-NTB", name="BKD Provinsi NTB", short_name="BKD NTB")
    root = UnitFactory(agency=agency, code="DIR", name="Direktorat")
    academic = UnitFactory(agency=agency, parent=root, code="AKD", name="Bagian Akademik")
    lab = UnitFactory(agency=agency, parent=academic, code="LAB", name="Laboratorium")
    admin_unit = UnitFactory(agency=agency, parent=root, code="UMUM", name="Bagian Umum")
    other_unit = UnitFactory(agency=other, code="SEKR", name="Sekretariat")
    w = World(
        agency=agency,
        other_agency=other,
        root=root,
        academic=academic,
        lab=lab,
        admin_unit=admin_unit,
        boss=EmployeeFactory(agency=agency, unit=academic, name="Ahmad Kepala"),
        subordinate=EmployeeFactory(agency=agency, unit=lab, name="Baiq Laboran"),
        me=EmployeeFactory(agency=agency, unit=admin_unit, name="Citra Pegawai"),
        peer=EmployeeFactory(agency=agency, unit=admin_unit, name="Dedi Rekan"),
        stranger=EmployeeFactory(agency=other, unit=other_unit, name="Eka Provinsi"),
        other_unit=other_unit,
        other_position=PositionFactory(agency=other, unit=other_unit),
    )
    for role in ("ADMIN", "PERSONNEL", "LEADER", "AUDITOR"):
        w.users[role] = UserFactory(username=role.lower(), role=role, agency=agency)
    w.users["SUPERVISOR"] = UserFactory(username="supervisor", role=Role.SUPERVISOR, agency=agency, employee=w.boss)
    w.users["EMPLOYEE"] = UserFactory(username="employee", role=Role.EMPLOYEE, agency=agency, employee=w.me)
    w.users["OTHER_ADMIN"] = UserFactory(username="other-admin", role=Role.ADMIN, agency=other)
    w.users["ANON"] = None
    return w


@pytest.fixture
def api(world):
    """api(role) -> an APIClient signed in (session) as that role's user; "ANON" stays signed out."""

    def make(role: str) -> APIClient:
        client = APIClient()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        return client

    return make


def expect(role: str, allowed: bool, ok: int) -> tuple[int, ...]:
    """The statuses a role may get: `ok` when allowed, 401/403 signed out, 403 otherwise."""
    if role == "ANON":
        return DENIED_ANON
    return (ok,) if allowed else (403,)
