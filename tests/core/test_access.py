"""The access rules in jenjang.core.access, role by role."""

import pytest

from jenjang.core import access
from tests.factories import EmployeeFactory, UnitFactory


@pytest.fixture
def world(agency, other_agency):
    head_unit = UnitFactory(agency=agency, code="BAG", name="Bagian Umum")
    sub_unit = UnitFactory(agency=agency, code="SUB", name="Subbagian Kepegawaian", parent=head_unit)
    sibling = UnitFactory(agency=agency, code="AKD", name="Bagian Akademik")
    boss = EmployeeFactory(agency=agency, unit=head_unit)
    worker = EmployeeFactory(agency=agency, unit=sub_unit)
    elsewhere = EmployeeFactory(agency=agency, unit=sibling)
    foreign = EmployeeFactory(agency=other_agency)
    return {"boss": boss, "worker": worker, "elsewhere": elsewhere, "foreign": foreign}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["ADMIN", "PERSONNEL", "LEADER", "AUDITOR"])
def test_agency_readers_see_their_whole_agency_and_nothing_else(make_user, agency, world, role):
    visible = set(access.employees_visible_to(make_user(role, agency)))
    assert visible == {world["boss"], world["worker"], world["elsewhere"]}


@pytest.mark.django_db
def test_a_supervisor_sees_their_unit_and_the_units_below(make_user, agency, world):
    supervisor = make_user("SUPERVISOR", agency, employee=world["boss"])
    assert set(access.employees_visible_to(supervisor)) == {world["boss"], world["worker"]}


@pytest.mark.django_db
def test_an_employee_sees_only_themself(make_user, agency, world):
    user = make_user("EMPLOYEE", agency, employee=world["worker"])
    assert list(access.employees_visible_to(user)) == [world["worker"]]


@pytest.mark.django_db
def test_another_agency_id_is_not_found_rather_than_forbidden(make_user, agency, world):
    from jenjang.core.errors import NotFound

    with pytest.raises(NotFound):
        access.employee_get(make_user("ADMIN", agency), world["foreign"].pk)
    with pytest.raises(NotFound):
        access.employee_get(make_user("ADMIN", agency), "not-a-number")


@pytest.mark.django_db
def test_only_admins_and_personnel_staff_edit_records(make_user, agency):
    assert access.can_edit_records(make_user("ADMIN", agency))
    assert access.can_edit_records(make_user("PERSONNEL", agency))
    for role in ("LEADER", "SUPERVISOR", "EMPLOYEE", "AUDITOR"):
        assert not access.can_edit_records(make_user(role, agency))


@pytest.mark.django_db
def test_an_inactive_user_reaches_nothing(make_user, agency, world):
    user = make_user("ADMIN", agency, is_active=False)
    assert not access.employees_visible_to(user).exists()
    assert not access.can_edit_records(user)
