from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jenjang.careers.duelists import (
    STATUS_ORDER,
    DueRow,
    _sorted,
    due_lists_get,
    rank_promotion_due_list,
    retirement_due_list,
    rotation_due_list,
    salary_increment_due_list,
)
from jenjang.core.errors import AccessDenied, NotFound
from jenjang.domain.careers.rank_promotion import (
    RankPromotionBatch,
    assess_rank_promotion_facts,
    next_promotion_period,
)
from jenjang.domain.dates import add_years
from jenjang.domain.decision import Decision
from jenjang.domain.parameters import default_parameters
from jenjang.domain.vocab import EDUCATION, RANKS, rank_code, rank_from_code
from jenjang.personnel.models import ACTIVE_STATUSES, Employee, PerformanceHistory, SanctionHistory
from tests.factories import EmployeeFactory, UnitFactory

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
    assert all(
        len(found.rows) == count
        for kind, found in lists.items()
        if kind not in ("jpt", "rank_by_position", "functional_move")
    )
    # The factory's posts are JF Ahli Pertama: no JPT list, no promotion by a structural post, no move into a JF.
    assert lists["jpt"].rows == lists["rank_by_position"].rows == lists["functional_move"].rows == []
    assert len(queries) <= 8  # the parameters, then one query per list


# --- The SQL pre-filter is only an optimisation: the rule on every employee gives the same lists. ---

PREDICATE_CHOICES = (None, "SANGAT_BAIK", "BAIK", "BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG")


def _random_population(rng: random.Random, agency, unit, period: dt.date, size: int) -> None:
    """Employees around every boundary the pre-filter reads: rank_since near the years in rank (and on 29 February),
    each predicate missing or of any grade, ranks up to and past each education's ceiling, sanctions running, ended
    or not yet started on the period, PPPK and inactive employees."""
    boundary = add_years(period, -4)
    employees = []
    for _ in range(size):
        pns = rng.random() < 0.9
        if rng.random() < 0.7:
            since = boundary + dt.timedelta(days=rng.randint(-4, 4))
        elif rng.random() < 0.5:
            since = dt.date(rng.choice((2012, 2016, 2020)), 2, 29)
        else:
            since = boundary + dt.timedelta(days=rng.randint(-2500, 400))
        employees.append(
            EmployeeFactory.build(
                agency=agency,
                unit=unit,
                position=None,
                employment_type="PNS" if pns else "PPPK",
                rank=rank_code(rng.choice(RANKS)) if pns else None,
                rank_since=since if pns else None,
                education=rng.choice(EDUCATION),
                status=rng.choice(("ACTIVE", "ACTIVE", "ACTIVE", "LEAVE", "RETIRED")),
                front_title=rng.choice(("", "Dr.")),
                back_title=rng.choice(("", "S.Kom.")),
            )
        )
    employees = Employee.objects.bulk_create(employees)
    performance, sanctions = [], []
    for employee in employees:
        for year in range(period.year - 3, period.year):
            predicate = rng.choice(PREDICATE_CHOICES)
            if predicate:
                performance.append(PerformanceHistory(employee=employee, year=year, predicate=predicate))
        kind = rng.random()
        if kind < 0.25:
            start = period + dt.timedelta(days=rng.choice((-400, -1, 0, 1)))
            end = rng.choice((None, None, period - dt.timedelta(days=1), period, period + dt.timedelta(days=90)))
            sanctions.append(
                SanctionHistory(employee=employee, level="SEDANG", kind="Penundaan", start_date=start, end_date=end)
            )
    PerformanceHistory.objects.bulk_create(performance)
    SanctionHistory.objects.bulk_create(sanctions)


def _rule_on_everyone(period: dt.date) -> dict[str, Decision]:
    """The rule on every active PNS with a rank, facts loaded plainly, no pre-filter: NIP -> decision."""
    predicates: dict[int, dict[str, str]] = {}
    for employee_id, year, predicate in PerformanceHistory.objects.values_list("employee_id", "year", "predicate"):
        predicates.setdefault(employee_id, {})[str(year)] = predicate
    sanctioned = {
        s.employee_id
        for s in SanctionHistory.objects.all()
        if s.start_date <= period and (s.end_date is None or s.end_date >= period)
    }
    decisions = {}
    for employee in Employee.objects.filter(employment_type="PNS", status__in=ACTIVE_STATUSES, rank__isnull=False):
        decisions[employee.nip] = assess_rank_promotion_facts(
            rank_from_code(employee.rank),
            employee.rank_since,
            employee.education,
            predicates.get(employee.pk, {}),
            period,
            PARAMS,
            sanction_active=employee.pk in sanctioned,
        )
    return decisions


@pytest.mark.parametrize(
    ("seed", "today"),
    [(1, TODAY), (2, dt.date(2024, 1, 15)), (3, dt.date(2023, 12, 2)), (4, dt.date(2025, 11, 30))],
)
def test_pre_filter_and_rule_give_the_lists_of_the_rule_on_everyone(seed, today, agency, unit):
    period = next_promotion_period(today, PARAMS)
    _random_population(random.Random(seed), agency, unit, period, size=160)
    expected = _rule_on_everyone(period)
    eligible = {nip for nip, decision in expected.items() if decision.result["eligible"]}
    blocked = {
        nip
        for nip, decision in expected.items()
        if not decision.result["eligible"] and "MIN_YEARS_IN_RANK" not in decision.blocked_by
    }
    assert eligible and blocked  # the population reaches both lists

    only_eligible = rank_promotion_due_list(Employee.objects.all(), today=today, params=PARAMS, include_blocked=False)
    assert nips(only_eligible) == eligible

    found = rank_promotion_due_list(Employee.objects.all(), today=today, params=PARAMS)
    assert nips(found, "due") == eligible
    assert nips(found, "blocked") == blocked
    for row in found.rows:
        decision = expected[row.nip]
        assert row.blocked_by == list(decision.blocked_by)
        assert row.date == (decision.result["next_period"] or period)  # at the ceiling: the list's period
        assert row.legal_basis == list(decision.legal_basis)
        assert row.reasons == [reason.render("id") for reason in decision.reasons]


def test_one_prepared_batch_decides_like_the_rule_called_once_per_employee():
    """The batch remembers what depends on small keys; deciding many employees with it changes no decision."""
    rng = random.Random(7)
    as_of = dt.date(2025, 6, 1)
    batch = RankPromotionBatch(PARAMS, as_of)
    for _ in range(3000):
        facts = (
            rng.choice(RANKS),
            dt.date(2016, 2, 29) + dt.timedelta(days=rng.randint(0, 3500)),
            rng.choice(EDUCATION),
            {str(year): p for year in (2023, 2024) if (p := rng.choice(PREDICATE_CHOICES))},
        )
        options = {"supervisor_rank": rng.choice((None, *RANKS)), "sanction_active": rng.random() < 0.2}
        once = assess_rank_promotion_facts(*facts, as_of, PARAMS, **options)
        batched = batch.decide(*facts, **options)
        assert batched.result == once.result
        assert batched.blocked_by == once.blocked_by and batched.legal_basis == once.legal_basis
        for lang in ("id", "en"):
            assert [r.render(lang) for r in batched.reasons] == [r.render(lang) for r in once.reasons]


def test_rows_are_sorted_by_status_date_name_ignoring_case_then_nip():
    rng = random.Random(3)
    names = ["ani", "Ani", "Ani Rahma", "anirahma", "Budi", "budi", "Zainal", "Élia", "ani "]
    dates = [None, dt.date(2025, 4, 1), dt.date(2025, 6, 1)]
    rows = [
        DueRow(
            i,
            f"{rng.randint(0, 99):018d}",
            rng.choice(names),
            "III/a",
            "",
            rng.choice(dates),
            rng.choice(list(STATUS_ORDER)),
            Decision(result={}),
            "rank-promotion",
        )
        for i in range(400)
    ]
    expected = sorted(rows, key=lambda r: (STATUS_ORDER[r.status], r.date or dt.date.max, r.name.lower(), r.nip))
    assert [(r.status, r.date, r.name.lower(), r.nip) for r in _sorted(rows)] == [
        (r.status, r.date, r.name.lower(), r.nip) for r in expected
    ]


@pytest.mark.parametrize(
    ("since", "eligible"),
    [(dt.date(2023, 3, 2), False), (dt.date(2023, 3, 1), True), (dt.date(2023, 2, 28), True)],
)
def test_jpt_list_two_years_in_the_prior_post_boundary(make_employee, since, eligible):
    from jenjang.careers.duelists import jpt_due_list

    holder = make_employee(level="ADMINISTRATOR", position_since=since, birth_date=dt.date(1975, 1, 1),
                           education="S2", appointment_date=dt.date(2005, 1, 1))  # fmt: skip
    make_employee(level="PELAKSANA", position_since=dt.date(2010, 1, 1))  # not a post leading to JPT
    found = jpt_due_list(Employee.objects.all(), today=TODAY, params=PARAMS)
    assert [row.nip for row in found.rows] == [holder.nip]
    row = found.rows[0]
    assert (row.status == "due") is eligible
    assert row.blocked_by == ([] if eligible else ["PRIOR_POSITION"])
    assert any("PP 11/2017" in basis for basis in row.legal_basis)


def test_jpt_list_reports_age_and_education(make_employee):
    from jenjang.careers.duelists import jpt_due_list

    old = make_employee(level="JF_AHLI_MADYA", position_since=dt.date(2015, 1, 1), birth_date=dt.date(1965, 1, 1),
                        education="D3", appointment_date=dt.date(1990, 1, 1))  # fmt: skip
    found = jpt_due_list(Employee.objects.all(), today=TODAY, params=PARAMS)
    assert {row.nip: row.blocked_by for row in found.rows} == {old.nip: ["EDUCATION", "AGE"]}
