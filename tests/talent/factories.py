"""Factories of the talent app's rows (the shared tests/factories.py is not edited)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from jenjang.domain.vocab import COMPETENCIES
from jenjang.talent.models import Assessment
from tests.factories import EmployeeFactory


def levels(default: int = 3, **overrides: int) -> dict[str, int]:
    return {**dict.fromkeys(COMPETENCIES, default), **overrides}


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    employee = factory.SubFactory(EmployeeFactory)
    agency = factory.SelfAttribute("employee.agency")
    assessed_on = dt.date(2025, 6, 1)
    method = "AC"
    assessor = "UPT Penilaian Kompetensi"
    levels = factory.LazyFunction(levels)
    potential_score = None
    current = True
