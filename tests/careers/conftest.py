from __future__ import annotations

import datetime as dt

import pytest

from jenjang.domain.vocab import rank_code
from jenjang.personnel.models import SanctionHistory
from tests.factories import EmployeeFactory, PerformanceHistoryFactory, PositionFactory

# A fixed day: the next promotion period after it is 1 April 2025, which reads the predicates of 2023 and 2024.
TODAY = dt.date(2025, 3, 1)
PERIOD = dt.date(2025, 4, 1)


@pytest.fixture
def make_employee(agency, unit):
    """make_employee(predicates={2023: "BAIK", 2024: "BAIK"}, sanction=False, level=None, rank="III/b", **fields)."""

    def make(*, predicates=None, sanction=False, level=None, rank="III/b", agency_=None, unit_=None, **fields):
        owner = agency_ or agency
        where = unit_ or unit
        if level is not None:
            fields["position"] = PositionFactory(agency=owner, unit=where, level=level)
        employee = EmployeeFactory(agency=owner, unit=where, rank=rank_code(rank) if rank else None, **fields)
        for year, predicate in (predicates if predicates is not None else {2023: "BAIK", 2024: "BAIK"}).items():
            PerformanceHistoryFactory(employee=employee, year=year, predicate=predicate)
        if sanction:
            SanctionHistory.objects.create(
                employee=employee, level="SEDANG", kind="Penundaan kenaikan pangkat", start_date=dt.date(2024, 6, 1)
            )
        return employee

    return make
