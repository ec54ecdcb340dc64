"""The set-based talent map (PostgreSQL, decision 0002) writes exactly what the Python path writes: the same
placements, column by column, the same counts, the same review-moved boxes kept and the same stale rows deleted."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jenjang.domain.competency.jpm import CAPPED
from jenjang.domain.parameters import ParameterValue
from jenjang.domain.vocab import COMPETENCIES
from jenjang.personnel.models import ACTIVE_STATUSES, Employee
from jenjang.talent import mapping
from jenjang.talent.mapping import PERFORMANCE_METHOD, POTENTIAL_BANDS, POTENTIAL_WEIGHTS, method_for, run_talent_map
from jenjang.talent.models import Competency, Placement, Standard
from jenjang.talent.selectors import parameters_for
from tests.factories import EmployeeFactory, PerformanceHistoryFactory, PositionFactory
from tests.talent.conftest import YEAR
from tests.talent.factories import AssessmentFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based map runs on PostgreSQL"),
]

PREDICATES = [None, None, "SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG", "LAINNYA", ""]
COLUMNS = (
    "agency_id", "employee_id", "year", "performance", "potential", "computed_box", "box", "potential_value", "jpm",
    "potential_score", "predicates", "target_level",
)  # fmt: skip

levels = st.one_of(
    st.just({}),
    st.tuples(
        st.fixed_dictionaries({c: st.integers(1, 5) for c in COMPETENCIES}),
        st.sets(st.sampled_from(COMPETENCIES), max_size=2),  # levels missing
        st.booleans(),  # a technical competency beside the nine
    ).map(lambda t: {**{c: v for c, v in t[0].items() if c not in t[1]}, **({"pk_teknis": 4} if t[2] else {})}),
)
person = st.fixed_dictionaries(
    {
        "predicates": st.tuples(*(st.sampled_from(PREDICATES) for _ in range(3))),  # YEAR, YEAR-1, YEAR-2
        "assessment": st.one_of(st.none(), levels),
        "score": st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)),
        "position": st.sampled_from(["pengawas", "entered", "other_agency", None]),
        "status": st.sampled_from(["ACTIVE", "ACTIVE", "LEAVE", "RETIRED"]),
        "moved_to": st.one_of(st.none(), st.integers(1, 9)),  # a talent review moved the box after a first run
        "leaves": st.booleans(),  # retires after the first run: the placement goes stale
    }
)
method = st.fixed_dictionaries(
    {
        "capped": st.booleans(),
        "years": st.integers(1, 3),
        "min_years": st.integers(0, 2),
        "combine": st.sampled_from(["LOWER", "LATEST"]),
        "weights": st.sampled_from([(50, 50), (70, 30), (0, 100), (100, 0), (Decimal("33.3"), Decimal("66.7"))]),
        "high": st.sampled_from([90, Decimal("85.5"), Decimal("77.77")]),
    }
)


def _parameters(agency_id, m):
    base = parameters_for(agency_id)
    as_of = dt.date(YEAR, 12, 31)
    perf = {**base.get(PERFORMANCE_METHOD, as_of), "years": m["years"], "min_years": m["min_years"]}
    perf["combine"] = m["combine"]
    bands = [
        {"potential": "HIGH", "min": m["high"]},
        {"potential": "MEDIUM", "min": 60},
        {"potential": "LOW", "min": 0},
    ]
    weights = {"jpm": m["weights"][0], "potential_score": m["weights"][1]}
    since = dt.date(YEAR, 1, 1)
    return base.with_values(
        (name, ParameterValue(valid_from=since, value=value, legal_basis="uji"))
        for name, value in (
            (CAPPED, m["capped"]),
            (PERFORMANCE_METHOD, perf),
            (POTENTIAL_BANDS, bands),
            (POTENTIAL_WEIGHTS, weights),
        )
    )


@pytest.fixture
def positions(agency, unit, other_agency):
    entered = PositionFactory(agency=agency, unit=unit, level="ADMINISTRATOR", name="Kepala Bagian")
    for code, level in (("integrity", 5), ("teamwork", 1), ("communication", 4)):
        Standard.objects.create(
            agency=agency, position=entered, competency=Competency.objects.get(agency=None, code=code), level=level
        )
    return {
        "pengawas": PositionFactory(agency=agency, unit=unit, level="PENGAWAS", name="Kepala Subbagian"),
        "entered": entered,
        "other_agency": PositionFactory(agency=other_agency, level="PELAKSANA"),
        None: None,
    }


def _snapshot():
    return sorted(Placement.objects.filter(year=YEAR).values_list(*COLUMNS))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(people=st.lists(person, max_size=8), m=method, progress=st.booleans(), rerun=st.booleans())
def test_the_sql_path_writes_what_the_python_path_writes(
    agency, unit, positions, monkeypatch, people, m, progress, rerun
):
    monkeypatch.setattr(mapping, "SQL_CHUNK", 3)  # several id ranges when progress is reported
    params = _parameters(agency.pk, m)
    used = method_for(YEAR, params)  # the overrides are in force for the period
    assert (used.capped, used.combine, len(used.years), used.bands[0][1]) == (
        m["capped"],
        m["combine"],
        m["years"],
        Fraction(Decimal(str(m["high"]))),
    )
    with transaction.atomic():
        made = []
        for spec in people:
            employee = EmployeeFactory(
                agency=agency, unit=unit, position=positions[spec["position"]], status=spec["status"]
            )
            for offset, predicate in enumerate(spec["predicates"]):
                if predicate is not None:
                    PerformanceHistoryFactory(employee=employee, year=YEAR - offset, predicate=predicate)
            if spec["assessment"] is not None:
                AssessmentFactory(employee=employee, levels=spec["assessment"], potential_score=spec["score"])
            made.append((employee, spec))
        if rerun:
            run_talent_map(agency_id=agency.pk, year=YEAR, params=params, set_based=False)
            for employee, spec in made:
                if spec["moved_to"]:
                    Placement.objects.filter(employee=employee, year=YEAR).update(box=spec["moved_to"])
                if spec["leaves"]:
                    employee.status = "RETIRED"
                    employee.save(update_fields=["status"])
        before = transaction.savepoint()
        reference = run_talent_map(agency_id=agency.pk, year=YEAR, params=params, set_based=False)
        expected = _snapshot()
        transaction.savepoint_rollback(before)
        steps = []
        got = run_talent_map(
            agency_id=agency.pk,
            year=YEAR,
            params=params,
            set_based=True,
            progress=(lambda done, total: steps.append((done, total))) if progress else None,
        )
        assert _snapshot() == expected
        assert dataclasses.asdict(got) == dataclasses.asdict(reference)
        if progress:
            active = Employee.objects.filter(agency=agency, status__in=ACTIVE_STATUSES).count()
            assert steps[-1] == (active, active)
            assert [done for done, _t in steps] == sorted(done for done, _t in steps)
        transaction.set_rollback(True)


def test_a_review_moved_box_survives_the_sql_run_with_the_computed_box_refreshed(agency, unit, positions):
    employee = EmployeeFactory(agency=agency, unit=unit, position=positions["pengawas"])
    PerformanceHistoryFactory(employee=employee, year=YEAR, predicate="BAIK")
    AssessmentFactory(employee=employee, levels=dict.fromkeys(COMPETENCIES, 2), potential_score=Decimal(70))
    run_talent_map(agency_id=agency.pk, year=YEAR, params=parameters_for(agency.pk))
    Placement.objects.filter(employee=employee).update(box=8, computed_box=2)
    result = run_talent_map(agency_id=agency.pk, year=YEAR, params=parameters_for(agency.pk), set_based=True)
    placement = Placement.objects.get(employee=employee)
    assert (placement.computed_box, placement.box) == (5, 8)  # (100 + 70) / 2 = 85: MEDIUM; MEETS -> 5
    assert result.counts[8] == 1 and result.placed == 1
