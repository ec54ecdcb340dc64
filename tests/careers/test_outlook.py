from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from jenjang.careers.outlook import employee_outlook
from jenjang.domain.vocab import rank_code
from tests.factories import EmployeeFactory, PositionFactory

from .conftest import PERIOD, TODAY

pytestmark = pytest.mark.django_db


def by_kind(items):
    return {item.kind: item for item in items}


def test_pns_with_four_years_and_good_predicates_is_due_in_the_next_period(make_employee):
    employee = make_employee(rank_since=dt.date(2021, 4, 1))
    item = by_kind(employee_outlook(employee, today=TODAY))["rank_promotion"]
    assert item.status == "due"
    assert item.date == PERIOD
    assert item.envelope["result"]["next_rank"] == "III/c"
    assert item.reasons[0].startswith("Memenuhi syarat kenaikan pangkat reguler dari III/b ke III/c")
    assert any("PP 99/2000" in basis for basis in item.legal_basis)


def test_one_day_short_of_four_years_waits_for_the_following_period(make_employee):
    employee = make_employee(rank_since=dt.date(2021, 4, 2))
    item = by_kind(employee_outlook(employee, today=TODAY))["rank_promotion"]
    assert item.status == "ok"
    assert item.date == dt.date(2025, 6, 1)
    assert [code for code, _label in item.blocked_by] == ["MIN_YEARS_IN_RANK"]
    assert any("2025-04-02" in reason for reason in item.reasons)


def test_poor_predicate_blocks_promotion_with_the_code_in_plain_words(make_employee):
    employee = make_employee(rank_since=dt.date(2020, 4, 1), predicates={2023: "BAIK", 2024: "BUTUH_PERBAIKAN"})
    item = by_kind(employee_outlook(employee, today=TODAY))["rank_promotion"]
    assert item.status == "blocked"
    assert item.blocked_by == [("PERFORMANCE", "Predikat kinerja dua tahun terakhir belum memenuhi")]
    assert item.envelope["blocked_by"] == ["PERFORMANCE"]
    html = render_to_string("careers/partials/outlook.html", {"outlook": [item]})
    assert "Predikat kinerja dua tahun terakhir belum memenuhi" in html
    assert "BUTUH_PERBAIKAN" in html  # the reason names the predicate


def test_supervisor_of_lower_rank_blocks_promotion(agency, unit, make_employee):
    head_position = PositionFactory(agency=agency, unit=unit, level="PENGAWAS")
    EmployeeFactory(agency=agency, unit=unit, position=head_position, rank=rank_code("III/b"))
    employee = make_employee(rank_since=dt.date(2020, 4, 1))
    item = by_kind(employee_outlook(employee, today=TODAY))["rank_promotion"]
    assert item.status == "blocked"
    assert [code for code, _label in item.blocked_by] == ["SUPERVISOR_RANK"]


def test_pppk_has_no_rank_promotion_or_kgb_but_a_retirement_date(make_employee):
    employee = make_employee(employment_type="PPPK", rank=None, rank_since=None, pppk_grade=9)
    items = by_kind(employee_outlook(employee, today=TODAY))
    assert set(items) == {"rank_promotion", "retirement"}
    assert items["rank_promotion"].status == "info"
    assert "PPPK" in items["rank_promotion"].reasons[0]
    assert items["retirement"].date == dt.date(2043, 4, 1)  # born 14 March 1985, BUP 58


def test_lecturer_retires_at_sixty_five(make_employee):
    employee = make_employee(birth_date=dt.date(1960, 5, 10), occupation="DOSEN", level="JF_AHLI_MADYA")
    item = by_kind(employee_outlook(employee, today=TODAY))["retirement"]
    assert item.envelope["result"]["retirement_age"] == 65
    assert item.date == dt.date(2025, 6, 1)
    assert item.status == "due"  # within the next twelve months


def test_salary_increment_due_within_three_months(make_employee):
    employee = make_employee(last_salary_increment=dt.date(2023, 5, 1))
    item = by_kind(employee_outlook(employee, today=TODAY))["salary_increment"]
    assert item.date == dt.date(2025, 5, 1)
    assert item.status == "due"


def test_salary_increment_missed_is_overdue_and_rotation_past_five_years_overdue(make_employee):
    employee = make_employee(last_salary_increment=dt.date(2022, 12, 1), position_since=dt.date(2019, 1, 2))
    items = by_kind(employee_outlook(employee, today=TODAY))
    assert items["salary_increment"].status == "overdue"
    assert items["mutation_window"].status == "overdue"
    assert items["mutation_window"].date == dt.date(2024, 1, 2)


def test_reasons_follow_the_active_language(make_employee):
    employee = make_employee(rank_since=dt.date(2021, 4, 1))
    with translation.override("en"):
        item = by_kind(employee_outlook(employee, today=TODAY))["rank_promotion"]
    assert item.reasons[0].startswith("Eligible for regular promotion from III/b to III/c")


def test_outlook_loads_in_a_bounded_number_of_queries(make_employee, django_assert_max_num_queries):
    employee = make_employee(rank_since=dt.date(2021, 4, 1))
    from jenjang.personnel.models import Employee

    employee = Employee.objects.select_related("unit", "position").get(pk=employee.pk)
    with django_assert_max_num_queries(4):  # parameters, predicates, sanction, supervisor
        employee_outlook(employee, today=TODAY)
