from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jenjang.careers.duelists import (
    due_lists_get,
    rank_promotion_due_list,
    retirement_due_list,
    rotation_due_list,
    salary_increment_due_list,
)
from jenjang.core.errors import AccessDenied, NotFound
from jenjang.domain.parameters import default_parameters
from jenjang.personnel.models import Employee
from tests.factories import UnitFactory

from .conftest import PERIOD, TODAY

pytestmark = pytest.mark.django_db
PARAMS = default_parameters()


def nips(found, status=None):
    return {row.nip for row in found.rows if status is None or row.status == status}


def test_rank_promotion_boundary_day_of_eligibility(make_employee):
    on_time = make_employee(rank_since=dt.date(2021, 4, 1))  # four years exactly on the period date
    one_day_late = make_employee(rank_since=dt.date(2021, 4, 2))
    found = rank_promotion_due_list(Employee.objects.all(), today=TODAY, params=PARAMS)
    assert found.as_of == PERIOD
    assert nips(found) == {on_time.nip}
    row = found.rows[0]
    assert row.status == "due" and row.date == PERIOD and row.rank == "III/b"
    assert row.reasons[0] == "Memenuhi syarat kenaikan pangkat reguler dari III/b ke III/c"
    assert any("Kepala BKN 12/2002" in basis for basis in row.legal_basis)
    assert one_day_late.nip not in nips(found)


def test_rank_promotion_lists_blocked_employees_with_codes(make_employee):
    eligible = make_employee(rank_since=dt.date(2020, 4, 1), name="Ahmad")
    poor = make_employee(rank_since=dt.date(2020, 4, 1), predicates={2023: "BAIK", 2024: "KURANG"}, name="Budi")
    missing = make_employee(rank_since=dt.date(2020, 4, 1), predicates={2024: "BAIK"}, name="Citra")
    sanctioned = make_employee(rank_since=dt.date(2020, 4, 1), sanction=True, name="Dewi")
    at_ceiling = make_employee(rank="III/d", rank_since=dt.date(2015, 4, 1), name="Eka")
    found = rank_promotion_due_list(Employee.objects.all(), today=TODAY, params=PARAMS)
    codes = {row.nip: row.blocked_by for row in found.rows}
    assert nips(found, "due") == {eligible.nip}
    assert codes[poor.nip] == ["PERFORMANCE"]
    assert codes[missing.nip] == ["PERFORMANCE"]
    assert codes[sanctioned.nip] == ["DISCIPLINARY_SANCTION"]
    assert codes[at_ceiling.nip] == ["EDUCATION_CEILING"]
    assert [row.status for row in found.rows] == ["due", "blocked", "blocked", "blocked", "blocked"]
    assert [row.name for row in found.rows[1:]] == ["Budi", "Citra", "Dewi", "Eka"]
    assert "Predikat kinerja dua tahun terakhir belum memenuhi" in found.rows[1].blocked_labels

    only_eligible = rank_promotion_due_list(Employee.objects.all(), today=TODAY, params=PARAMS, include_blocked=False)
    assert nips(only_eligible) == {eligible.nip}


def test_rank_promotion_ignores_pppk_and_retired(make_employee):
    make_employee(employment_type="PPPK", rank=None, rank_since=None)
    make_employee(rank_since=dt.date(2020, 4, 1), status="RETIRED")
    assert rank_promotion_due_list(Employee.objects.all(), today=TODAY, params=PARAMS).rows == []


def test_ended_sanction_does_not_block(make_employee):
    employee = make_employee(rank_since=dt.date(2020, 4, 1), sanction=True)
    employee.sanctionhistory_set.update(end_date=dt.date(2025, 3, 31))
    found = rank_promotion_due_list(Employee.objects.all(), today=TODAY, params=PARAMS, include_blocked=False)
    assert nips(found) == {employee.nip}


def test_salary_increment_window_is_exactly_three_months(make_employee):
    # TODAY 1 March 2025: the window runs to 1 June 2025; missed increments since 1 March 2023 are overdue.
    last_day = make_employee(last_salary_increment=dt.date(2023, 6, 1))
    after = make_employee(last_salary_increment=dt.date(2023, 6, 2))
    overdue = make_employee(last_salary_increment=dt.date(2023, 2, 28))
    oldest = make_employee(last_salary_increment=dt.date(2021, 3, 1))
    too_old = make_employee(last_salary_increment=dt.date(2021, 2, 28))
    make_employee(last_salary_increment=dt.date(2023, 5, 1), employment_type="PPPK", rank=None, rank_since=None)
    found = salary_increment_due_list(Employee.objects.all(), today=TODAY, params=PARAMS)
    assert nips(found) == {last_day.nip, overdue.nip, oldest.nip}
    assert after.nip not in nips(found) and too_old.nip not in nips(found)
    status = {row.nip: (row.status, row.date) for row in found.rows}
    assert status[last_day.nip] == ("due", dt.date(2025, 6, 1))
    assert status[overdue.nip] == ("overdue", dt.date(2025, 2, 28))
    assert [row.nip for row in found.rows][-1] == last_day.nip  # overdue first, then by date


def test_retirement_window_is_exactly_twelve_months(make_employee):
    # BUP 58 (JF Ahli Pertama): retirement on the 1st of the month after the 58th birthday.
    on_horizon = make_employee(birth_date=dt.date(1968, 2, 10))  # retires 1 March 2026
    after = make_employee(birth_date=dt.date(1968, 3, 1))  # retires 1 April 2026
    passed = make_employee(birth_date=dt.date(1966, 2, 5))  # retired 1 March 2024, still active
    lecturer = make_employee(birth_date=dt.date(1960, 8, 17), occupation="DOSEN", level="JF_AHLI_MADYA")
    pppk = make_employee(birth_date=dt.date(1967, 6, 30), employment_type="PPPK", rank=None, rank_since=None)
    found = retirement_due_list(Employee.objects.all(), today=TODAY, params=PARAMS)
    assert nips(found) == {on_horizon.nip, passed.nip, lecturer.nip, pppk.nip}
    assert after.nip not in nips(found)
    dates = {row.nip: (row.status, row.date) for row in found.rows}
    assert dates[on_horizon.nip] == ("due", dt.date(2026, 3, 1))
    assert dates[passed.nip] == ("overdue", dt.date(2024, 3, 1))
    assert dates[lecturer.nip] == ("due", dt.date(2025, 9, 1))
    assert any("65" in reason for reason in next(r for r in found.rows if r.nip == lecturer.nip).reasons)


def test_rotation_lists_positions_held_past_five_years(make_employee):
    exactly_five = make_employee(position_since=dt.date(2020, 3, 1))
    one_day_more = make_employee(position_since=dt.date(2020, 2, 29))
    found = rotation_due_list(Employee.objects.all(), today=TODAY, params=PARAMS)
    assert nips(found) == {one_day_more.nip}
    assert exactly_five.nip not in nips(found)
    assert found.rows[0].date == dt.date(2025, 2, 28)
    assert found.rows[0].status == "overdue"


def test_lists_are_scoped_to_the_users_agency(agency, other_agency, make_user, make_employee):
    ours = make_employee(rank_since=dt.date(2020, 4, 1))
    other_unit = UnitFactory(agency=other_agency)
    theirs = make_employee(rank_since=dt.date(2020, 4, 1), agency_=other_agency, unit_=other_unit)
    staff = make_user("PERSONNEL", agency)
    lists = due_lists_get(staff, today=TODAY)
    assert nips(lists["rank_promotion"]) == {ours.nip}
    assert theirs.nip not in {row.nip for found in lists.values() for row in found.rows}
    national = make_user("ADMIN", None, is_superuser=True)
    assert nips(due_lists_get(national, today=TODAY)["rank_promotion"]) == {ours.nip, theirs.nip}
    with pytest.raises(NotFound):
        due_lists_get(staff, today=TODAY, unit_id=other_unit.pk)
    with pytest.raises(AccessDenied):
        due_lists_get(make_user("EMPLOYEE", agency), today=TODAY)


def test_unit_filter_includes_sub_units(agency, unit, make_employee, make_user):
    child = UnitFactory(agency=agency, parent=unit)
    sibling = UnitFactory(agency=agency)
    in_child = make_employee(rank_since=dt.date(2020, 4, 1), unit_=child)
    make_employee(rank_since=dt.date(2020, 4, 1), unit_=sibling)
    staff = make_user("PERSONNEL", agency)
    found = due_lists_get(staff, today=TODAY, unit_id=unit.pk)["rank_promotion"]
    assert nips(found) == {in_child.nip}


@pytest.mark.parametrize("count", [5, 50])
def test_query_count_does_not_grow_with_employees(count, agency, make_employee, make_user):
    for i in range(count):
        make_employee(
            rank_since=dt.date(2020, 4, 1),
            last_salary_increment=dt.date(2023, 5, 1),
            position_since=dt.date(2019, 1, 1),
            birth_date=dt.date(1967, 5, 1 + i % 28),
            predicates={2023: "BAIK", 2024: "BAIK" if i % 2 else "KURANG"},
        )
    staff = make_user("PERSONNEL", agency)
    with CaptureQueriesContext(connection) as queries:
        lists = due_lists_get(staff, today=TODAY)
    assert all(len(found.rows) == count for found in lists.values())
    assert len(queries) <= 5  # the parameters, then one query per list
