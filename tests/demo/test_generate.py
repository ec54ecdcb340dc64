"""`jenjang generate`: a national-shaped population with valid, unique NIPs and the §12 shares."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import timezone

from jenjang.demo.careers import ceiling_of
from jenjang.domain.parameters import default_parameters
from jenjang.domain.personnel.nip import check_nip
from jenjang.domain.vocab import RANK_ORDINAL, rank_from_code
from jenjang.organization.models import Agency
from jenjang.personnel.models import Employee, PerformanceHistory, RankHistory

N = 2000


@pytest.fixture
def population(db):
    err = io.StringIO()
    call_command("generate", "--employees", str(N), "--agencies", "3", "--batch", "700", stdout=io.StringIO(),
                 stderr=err)  # fmt: skip
    return err


def share(counter: Counter, *keys: str) -> float:
    return sum(counter[k] for k in keys) / sum(counter.values())


def test_generate_builds_the_national_shape(population):
    rows = list(Employee.objects.values_list("employment_type", "gender", "education", "position__kind"))
    assert len(rows) == N
    assert Agency.objects.filter(code__startswith="NAS-").count() == 3
    types = Counter(r[0] for r in rows)
    assert share(types, "PNS", "CPNS") == pytest.approx(0.64, abs=0.04)
    assert share(Counter(r[1] for r in rows), "F") == pytest.approx(0.56, abs=0.04)
    education = Counter(r[2] for r in rows)
    assert share(education, "D4", "S1") == pytest.approx(0.62, abs=0.04)
    assert share(education, "SD", "SLTP", "SLTA") == pytest.approx(0.15, abs=0.03)
    assert share(education, "D1", "D2", "D3") == pytest.approx(0.12, abs=0.03)
    assert share(education, "S2") == pytest.approx(0.10, abs=0.03)
    kinds = Counter(r[3] for r in rows)
    assert share(kinds, "FUNCTIONAL") == pytest.approx(0.63, abs=0.05)
    assert share(kinds, "PELAKSANA") == pytest.approx(0.31, abs=0.05)
    assert share(kinds, "STRUCTURAL") == pytest.approx(0.06, abs=0.03)


def test_generated_people_are_valid(population):
    today = timezone.localdate()
    params = default_parameters()
    employees = list(Employee.objects.all())
    assert len({e.nip for e in employees}) == N
    ages = Counter()
    for e in employees:
        decision = check_nip(e.nip, today, params, birth_date=e.birth_date, gender=e.gender)
        assert decision.result["valid"], (e.nip, [r.id for r in decision.reasons])
        assert 100 < decision.result["sequence"] <= 999
        if e.rank:
            assert RANK_ORDINAL[rank_from_code(e.rank)] <= RANK_ORDINAL[ceiling_of(e.education, today, params)]
            assert e.appointment_date <= e.rank_since <= today
        assert e.appointment_date <= e.position_since <= today
        assert e.last_salary_increment <= today
        ages[(today - e.birth_date).days // 3652] += 1
    assert ages[5] / N > 0.2  # many aged 50-60
    assert min((today - e.birth_date).days for e in employees) >= 19 * 365
    assert RankHistory.objects.count() == Employee.objects.exclude(rank=None).count()
    years = set(PerformanceHistory.objects.values_list("year", flat=True))
    assert years == {today.year - 3, today.year - 2, today.year - 1}


def test_generate_reports_progress_and_refuses_a_second_population(population):
    assert f"{N:,}/{N:,} employees" in population.getvalue()
    with pytest.raises(CommandError):
        call_command("generate", "--employees", "10", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("generate", "--employees", "10", "--reset", stdout=io.StringIO(), stderr=io.StringIO())
    assert Employee.objects.count() == 10


def test_generate_leaves_the_demo_alone(db):
    call_command("demo", "--today", dt.date.today().isoformat(), stdout=io.StringIO())
    demo = Employee.objects.count()
    call_command("generate", "--employees", "50", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("generate", "--employees", "20", "--reset", stdout=io.StringIO(), stderr=io.StringIO())
    assert Employee.objects.count() == demo + 20


SCHEMA_SQL = """
    SELECT 'index', indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
    WHERE indrelid = ANY(%s::regclass[])
    UNION ALL
    SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid) || ' ' || convalidated
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    ORDER BY 1, 2
"""


def test_generate_and_reset_rebuild_indexes_and_foreign_keys_as_they_were(db, monkeypatch):
    """The paths for large populations (PostgreSQL): secondary indexes and foreign keys are dropped for the load
    (and foreign keys for the delete) and re-created with the same names and definitions."""
    from django.db import connection

    from jenjang.demo import national

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    monkeypatch.setattr(national, "REBUILD_FROM", 100)
    tables = ["organization_unit", "organization_position", "personnel_employee", "personnel_performancehistory",
              "personnel_rankhistory"]  # fmt: skip

    def schema() -> list[tuple[str, str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(SCHEMA_SQL, [tables])
            return cursor.fetchall()

    before = schema()
    assert any(name == "employee_name_upper_trgm" for _, name, _ in before)
    messages: list[str] = []
    result = national.generate_population(employees=300, agencies=2, progress=messages.append)
    assert schema() == before
    assert any(" indexes and " in m and "foreign keys re-created" in m for m in messages), messages
    assert Employee.objects.count() == result.employees == 300
    assert Employee.objects.filter(position__unit=models.F("unit")).count() == 300
    assert RankHistory.objects.count() == result.rank_rows
    assert PerformanceHistory.objects.count() == result.performance_rows
    assert national.national_delete(messages.append) == 300
    assert schema() == before
    assert "foreign keys re-created" in messages[-2]
    assert not Employee.objects.exists() and not Agency.objects.filter(code__startswith="NAS-").exists()


def test_generated_units_and_positions_form_the_tree(population):
    from jenjang.organization.models import Position, Unit, position_kind

    for agency in Agency.objects.filter(code__startswith="NAS-"):
        units = {u.pk: u for u in Unit.objects.filter(agency=agency)}
        for unit in units.values():
            parent_path = units[unit.parent_id].path if unit.parent_id else "/"
            assert unit.path == f"{parent_path}{unit.pk}/"
            assert unit.depth == unit.path.count("/") - 2
        positions = Position.objects.filter(agency=agency)
        assert positions.count() == 44 * len(units)
        assert all(p.kind == position_kind(p.level) and p.unit_id in units for p in positions)
