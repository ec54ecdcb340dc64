from __future__ import annotations

import pytest

from jenjang.talent.mapping import run_talent_map
from jenjang.talent.selectors import parameters_for
from tests.factories import EmployeeFactory, PerformanceHistoryFactory, PositionFactory
from tests.talent.factories import AssessmentFactory, levels

YEAR = 2025


@pytest.fixture
def staff_position(agency, unit):
    return PositionFactory(agency=agency, unit=unit, level="PENGAWAS", name="Kepala Subbagian Umum")  # SKJ 2


@pytest.fixture
def make_talent(agency, unit, staff_position):
    """make_talent(predicates=("BAIK", "BAIK"), level=2, score=None, name=...) -> employee with an assessment."""

    def make(predicates=("BAIK", "BAIK"), level=2, score=None, name=None, assess=True, **kw):
        extra = {"name": name} if name else {}
        person = EmployeeFactory(agency=agency, unit=unit, position=staff_position, **extra, **kw)
        for offset, predicate in enumerate(predicates):
            if predicate:
                PerformanceHistoryFactory(employee=person, year=YEAR - offset, predicate=predicate)
        if assess:
            AssessmentFactory(employee=person, levels=levels(level), potential_score=score)
        return person

    return make


@pytest.fixture
def run_map(agency):
    def run(year=YEAR):
        return run_talent_map(agency_id=agency.pk, year=year, params=parameters_for(agency.pk))

    return run
