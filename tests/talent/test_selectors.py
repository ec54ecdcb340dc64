from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jenjang.domain.vocab import COMPETENCIES
from jenjang.talent import services
from jenjang.talent.models import Assessment, Competency
from jenjang.talent.selectors import JpmScore, jpm_scores, latest_potential
from tests.factories import EmployeeFactory, PositionFactory
from tests.talent.factories import AssessmentFactory, levels

pytestmark = pytest.mark.django_db


def test_the_national_dictionary_has_the_nine_with_five_levels_each():
    nine = Competency.objects.filter(agency__isnull=True).prefetch_related("levels")
    assert sorted(c.code for c in nine) == sorted(COMPETENCIES)
    for competency in nine:
        assert [lvl.level for lvl in competency.levels.all()] == [1, 2, 3, 4, 5]
        assert all(lvl.description_id and lvl.description_en for lvl in competency.levels.all())
    assert Competency.objects.get(code="national_cohesion").kind == "SOCIOCULTURAL"


def test_jpm_against_the_default_standard_of_the_position_level(agency, unit):
    # Administrator positions default to level 3 on every competency (talent.skj_default_levels).
    position = PositionFactory(agency=agency, unit=unit, level="ADMINISTRATOR")
    person = EmployeeFactory(agency=agency, unit=unit)
    AssessmentFactory(employee=person, levels=levels(3, integrity=4, communication=2, decision_making=2))
    result = jpm_scores(position.pk, [person.pk])
    assert result[person.pk] == JpmScore(
        jpm=92.59, gaps=[("communication", 3, 2), ("decision_making", 3, 2)], category="OPTIMAL"
    )


def test_an_entered_standard_replaces_the_default_and_technical_gaps_show(agency, unit, make_user):
    actor = make_user("PERSONNEL", agency)
    position = PositionFactory(agency=agency, unit=unit, level="PENGAWAS")  # default 2
    services.technical_competency_create(
        actor=actor, agency=agency, code="anjab", family="Analis SDM", name_id="Analisis jabatan"
    )
    services.standards_set(actor=actor, position=position, levels={"integrity": 4, "anjab": 3})
    person = EmployeeFactory(agency=agency, unit=unit)
    AssessmentFactory(employee=person, levels=levels(2, anjab=1))
    score = jpm_scores(position.pk, [person.pk])[person.pk]
    # standard 4 + 8 x 2 = 20; capped actual 2 + 16 = 18 -> 90%
    assert score.jpm == 90.0
    assert score.category == "OPTIMAL"
    assert score.gaps == [("integrity", 4, 2), ("anjab", 3, 1)]


def test_employees_without_an_assessment_have_no_jpm(agency, unit):
    position = PositionFactory(agency=agency, unit=unit, level="PELAKSANA")
    person = EmployeeFactory(agency=agency, unit=unit)
    assert jpm_scores(position.pk, [person.pk]) == {person.pk: JpmScore(jpm=None, gaps=[], category=None)}


def test_jpm_scores_uses_the_latest_assessment_and_a_fixed_number_of_queries(agency, unit, make_user):
    actor = make_user("PERSONNEL", agency)
    position = PositionFactory(agency=agency, unit=unit, level="ADMINISTRATOR")
    people = [EmployeeFactory(agency=agency, unit=unit) for _ in range(3)]
    for person in people:
        services.assessment_record(
            actor=actor, employee=person, assessed_on=dt.date(2023, 1, 5), method="CACT", levels=levels(1)
        )
        services.assessment_record(
            actor=actor,
            employee=person,
            assessed_on=dt.date(2025, 1, 5),
            method="AC",
            levels=levels(3),
            potential_score="88.5",
        )
    assert Assessment.objects.filter(employee=people[0]).count() == 2  # history kept
    with CaptureQueriesContext(connection) as few:
        small = jpm_scores(position.pk, [people[0].pk])
    with CaptureQueriesContext(connection) as many:
        large = jpm_scores(position.pk, [p.pk for p in people])
    assert len(few) == len(many) <= 4
    assert small[people[0].pk].jpm == 100.0
    assert {pk: s.jpm for pk, s in large.items()} == {p.pk: 100.0 for p in people}
    assert latest_potential([p.pk for p in people]) == {p.pk: 88.5 for p in people}


def test_an_older_assessment_entered_later_does_not_become_current(agency, unit, make_user):
    actor = make_user("PERSONNEL", agency)
    person = EmployeeFactory(agency=agency, unit=unit)
    services.assessment_record(
        actor=actor,
        employee=person,
        assessed_on=dt.date(2025, 1, 5),
        method="AC",
        levels=levels(4),
        potential_score=80,
    )
    services.assessment_record(
        actor=actor,
        employee=person,
        assessed_on=dt.date(2022, 1, 5),
        method="AC",
        levels=levels(1),
        potential_score=50,
    )
    current = Assessment.objects.get(employee=person, current=True)
    assert current.assessed_on == dt.date(2025, 1, 5)
    assert current.potential_score == Decimal("80.00")


def test_bad_assessments_are_refused_and_nothing_is_written(agency, unit, make_user):
    from jenjang.core.errors import InvalidData

    actor = make_user("PERSONNEL", agency)
    person = EmployeeFactory(agency=agency, unit=unit)
    bad = [
        {"levels": levels(3, integrity=6)},
        {"levels": {"integrity": 3}},
        {"levels": levels(3), "potential_score": "abc"},
        {"levels": {**levels(3), "unknown": 2}},
    ]
    for case in bad:
        with pytest.raises(InvalidData):
            services.assessment_record(
                actor=actor, employee=person, assessed_on=dt.date(2025, 1, 5), method="AC", **case
            )
    services.assessment_record(
        actor=actor, employee=person, assessed_on=dt.date(2025, 1, 5), method="AC", levels=levels(3)
    )
    with pytest.raises(InvalidData):  # double submit
        services.assessment_record(
            actor=actor, employee=person, assessed_on=dt.date(2025, 1, 5), method="AC", levels=levels(3)
        )
    assert Assessment.objects.filter(employee=person).count() == 1
