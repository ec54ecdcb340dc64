from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jenjang.accounts.models import Role
from jenjang.domain.vocab import rank_code
from jenjang.personnel import selectors, services
from jenjang.personnel.models import (
    AwardHistory,
    PositionHistory,
    SalaryIncrementHistory,
    TrainingHistory,
)
from tests.factories import EmployeeFactory, PerformanceHistoryFactory, RankHistoryFactory, UnitFactory

pytestmark = pytest.mark.django_db


def url(employee) -> str:
    return reverse("personnel:employee_detail", kwargs={"pk": employee.pk})


@pytest.fixture
def career(employee):
    """A PNS with a few dated histories of every kind."""
    RankHistoryFactory(employee=employee, rank=rank_code("III/a"), effective_date=dt.date(2011, 1, 1), kind="PNS")
    RankHistoryFactory(employee=employee, rank=rank_code("III/b"), effective_date=dt.date(2019, 4, 1),
                       decree_number="823/55/BKN/2019")  # fmt: skip
    PositionHistory.objects.create(employee=employee, position_name="Analis SDM", start_date=dt.date(2020, 1, 2))
    TrainingHistory.objects.create(employee=employee, name="Latsar", kind="LATSAR", start_date=dt.date(2010, 5, 1),
                                   end_date=dt.date(2010, 6, 30), hours=40)  # fmt: skip
    TrainingHistory.objects.create(employee=employee, name="Manajemen ASN", start_date=dt.date(2023, 3, 1),
                                   end_date=dt.date(2023, 3, 3), hours=24)  # fmt: skip
    TrainingHistory.objects.create(employee=employee, name="Etika", start_date=dt.date(2023, 8, 1),
                                   end_date=dt.date(2023, 8, 2), hours=16)  # fmt: skip
    PerformanceHistoryFactory(employee=employee, year=2023, predicate="BAIK")
    PerformanceHistoryFactory(employee=employee, year=2024, predicate="SANGAT_BAIK")
    AwardHistory.objects.create(employee=employee, name="Satyalancana Karya Satya X", awarded_on=dt.date(2021, 8, 17))
    SalaryIncrementHistory.objects.create(employee=employee, effective_date=dt.date(2024, 1, 1), base_salary=3_500_000)
    return employee


def test_staff_see_identity_rank_histories_and_outlook(career, agency, make_user, login):
    response = login(make_user(Role.PERSONNEL, agency)).get(url(career))
    assert response.status_code == 200
    body = response.content.decode()
    assert career.nip in body and career.name in body
    assert "III/b — Penata Muda Tingkat I" in body
    assert "823/55/BKN/2019" in body
    assert "Jumlah: 80 JP" in body and "2023: 40 JP" in body
    assert "Rp3.500.000" in body
    assert "Prospek karier" in body  # the rules' outlook partial
    assert 'class="future' in body  # future entries from the rules in the timeline


def test_timeline_is_chronological_then_future(career):
    today = dt.date(2025, 6, 1)
    profile = selectors.employee_profile_get(_staff(career), career.pk)
    from jenjang.careers.outlook import employee_outlook

    entries = selectors.employee_timeline(profile, today=today, outlook=employee_outlook(profile, today=today))
    past = [e for e in entries if not e.future]
    future = [e for e in entries if e.future]
    assert past[0].date == career.appointment_date and past[0].kind == "appointment"
    assert [e.date for e in past] == sorted(e.date for e in past)
    assert all(e.date <= today for e in past)
    # the rules' items follow the past, in date order; one already open (a rotation window) keeps its own date
    retirement = next(e for e in future if e.kind == "retirement")
    assert retirement.date == dt.date(2043, 4, 1) and retirement.reasons
    assert [e.date for e in future] == sorted(e.date for e in future)
    assert entries.index(future[0]) == len(past)  # the future comes after the whole past
    assert {"rank", "position", "training", "performance", "award", "salary"} <= {e.kind for e in past}


def _staff(employee):
    from tests.factories import UserFactory

    return UserFactory(role=Role.PERSONNEL, agency=employee.agency)


def test_other_agency_id_is_404(career, other_agency, make_user, login):
    response = login(make_user(Role.PERSONNEL, other_agency)).get(url(career))
    assert response.status_code == 404
    assert career.name not in response.content.decode()


def test_employee_sees_self_but_not_a_colleague(career, agency, unit, make_user, login):
    colleague = EmployeeFactory(agency=agency, unit=unit)
    client = login(make_user(Role.EMPLOYEE, agency, employee=career))
    assert client.get(url(career)).status_code == 200
    assert client.get(url(colleague)).status_code == 404


def test_supervisor_cannot_open_a_profile_outside_their_subtree(agency, make_user, login):
    mine, theirs = UnitFactory(agency=agency), UnitFactory(agency=agency)
    boss = EmployeeFactory(agency=agency, unit=mine)
    outsider = EmployeeFactory(agency=agency, unit=theirs)
    client = login(make_user(Role.SUPERVISOR, agency, employee=boss))
    assert client.get(url(outsider)).status_code == 404


def test_profile_shows_the_employees_audit_history(employee, agency, make_user, login):
    staff = make_user(Role.PERSONNEL, agency)
    services.employee_update(actor=staff, employee=employee, data={"phone": "0812-555"}, expected_version=1,
                             reason="Nomor baru")  # fmt: skip
    body = login(staff).get(url(employee)).content.decode()
    assert "personnel.employee.updated" in body and "0812-555" in body and "Nomor baru" in body


@pytest.mark.parametrize("extra", [1, 10])
def test_profile_runs_a_bounded_number_of_queries(employee, agency, make_user, login, django_assert_max_num_queries,
                                                  extra):  # fmt: skip
    for i in range(extra):
        RankHistoryFactory(employee=employee, effective_date=dt.date(2000 + i, 4, 1))
        TrainingHistory.objects.create(employee=employee, name=f"T{i}", start_date=dt.date(2000 + i, 1, 1),
                                       end_date=dt.date(2000 + i, 1, 2), hours=8)  # fmt: skip
        PerformanceHistoryFactory(employee=employee, year=2000 + i)
    client = login(make_user(Role.PERSONNEL, agency))
    with django_assert_max_num_queries(20):
        response = client.get(url(employee))
    assert response.status_code == 200
    assert timezone.localdate().year > 2000
