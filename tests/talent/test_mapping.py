from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from jenjang.core.errors import InvalidData
from jenjang.domain.parameters import default_parameters
from jenjang.domain.registry import get_rule
from jenjang.domain.vocab import COMPETENCIES
from jenjang.talent import services
from jenjang.talent.mapping import jpm_fraction, method_for, performance_of, potential_of, to_decimal
from jenjang.talent.models import Placement, TalentReview
from tests.talent.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_performance_takes_the_lower_of_the_last_two_predicates():
    method = method_for(YEAR, default_parameters())
    assert performance_of({YEAR: "SANGAT_BAIK", YEAR - 1: "SANGAT_BAIK"}, method) == "ABOVE"
    assert performance_of({YEAR: "SANGAT_BAIK", YEAR - 1: "BAIK"}, method) == "MEETS"
    assert performance_of({YEAR: "BAIK", YEAR - 1: "KURANG"}, method) == "BELOW"
    assert performance_of({YEAR: "SANGAT_BAIK"}, method) == "ABOVE"  # one year is enough (min_years 1)
    assert performance_of({YEAR - 2: "SANGAT_BAIK"}, method) is None  # outside the window


def test_potential_combines_jpm_and_score_and_bands_them():
    method = method_for(YEAR, default_parameters())
    value, band = potential_of(
        jpm_fraction(dict.fromkeys(COMPETENCIES, 3), dict.fromkeys(COMPETENCIES, 3), True), Decimal(80), method
    )
    assert (to_decimal(value), band) == (Decimal("90.00"), "HIGH")  # (100 + 80) / 2, from 90 inclusive
    assert potential_of(None, Decimal("77.99"), method)[1] == "LOW"
    assert potential_of(None, Decimal(78), method)[1] == "MEDIUM"
    assert potential_of(None, None, method) is None


def test_batch_jpm_equals_the_jpm_rule_through_the_registry():
    rng = random.Random(7)
    params = default_parameters()
    as_of = dt.date(YEAR, 12, 31)
    for _ in range(300):
        standard = {c: rng.randint(1, 5) for c in COMPETENCIES}
        actual = {c: rng.randint(1, 5) for c in COMPETENCIES}
        decision = get_rule("jpm").function({"standard": standard, "actual": actual}, as_of, params)
        assert float(to_decimal(jpm_fraction(standard, actual, True))) == decision.result["jpm"]


def test_the_map_places_people_with_reasons_and_skips_those_without_data(make_talent, run_map):
    star = make_talent(("SANGAT_BAIK", "SANGAT_BAIK"), level=2, score=95)  # JPM 100, score 95 -> HIGH; ABOVE
    steady = make_talent(("BAIK", "BAIK"), level=2, score=70)  # (100 + 70)/2 = 85 -> MEDIUM; MEETS -> 5
    weak = make_talent(("KURANG", "BAIK"), level=1, score=None)  # JPM 50 -> LOW; BELOW -> 1
    make_talent((None, None), level=3)  # no predicate
    make_talent(("BAIK", "BAIK"), assess=False)  # no assessment
    result = run_map()
    assert result.placed == 3
    assert (result.unplaced_no_performance, result.unplaced_no_potential) == (1, 1)
    boxes = dict(Placement.objects.values_list("employee_id", "box"))
    assert boxes == {star.pk: 9, steady.pk: 5, weak.pk: 1}
    assert result.counts[9] == 1 and result.counts[5] == 1 and result.counts[1] == 1


def test_running_again_keeps_review_moves_and_drops_people_who_left(agency, make_talent, run_map, make_user):
    actor = make_user("PERSONNEL", agency)
    mover = make_talent(("BAIK", "BAIK"), level=2, score=70)
    leaver = make_talent(("BAIK", "BAIK"), level=2, score=70)
    run_map()
    review = TalentReview.objects.create(agency=agency, year=YEAR, held_on=dt.date(2026, 2, 1), title="Rapat 1")
    placement = Placement.objects.get(employee=mover)
    with pytest.raises(InvalidData):
        services.box_move(actor=actor, review=review, placement=placement, to_box=8, reason="  ")
    services.box_move(actor=actor, review=review, placement=placement, to_box=8, reason="Kinerja proyek strategis")
    leaver.status = "RETIRED"
    leaver.save()
    run_map()
    placement.refresh_from_db()
    assert (placement.computed_box, placement.box) == (5, 8)
    assert placement.moves.get().reason == "Kinerja proyek strategis"
    assert not Placement.objects.filter(employee=leaver).exists()


def test_the_batch_arithmetic_equals_the_reference_functions():
    """The map's fast paths (integer JPM on tuples, integer potential) give exactly what jpm_fraction and
    potential_of give, across random inputs, edge scores and other weights."""
    from fractions import Fraction

    from jenjang.talent.mapping import FastPotential, Method, _jpm_tuple

    rng = random.Random(11)
    base = method_for(YEAR, default_parameters())
    methods = [
        base,
        Method(**{**base.__dict__, "weight_jpm": Fraction(7, 10), "weight_score": Fraction(3, 10)}),
        Method(**{**base.__dict__, "weight_jpm": Fraction(0), "weight_score": Fraction(1)}),
    ]
    scores = [None, Decimal("0.00"), Decimal("77.99"), Decimal("78.00"), Decimal("89.99"), Decimal("90.00"),
              Decimal("100.00")]  # fmt: skip
    for method in methods:
        fast = FastPotential(method)
        for _ in range(2000):
            standard = {c: rng.randint(1, 5) for c in COMPETENCIES}
            actual = {c: rng.randint(1, 5) for c in COMPETENCIES}
            if rng.random() < 0.05:
                actual["integrity"] = None
            capped = rng.random() < 0.7
            jpm = jpm_fraction(standard, actual, capped)
            row = tuple(actual[c] for c in COMPETENCIES)
            assert _jpm_tuple(tuple(standard[c] for c in COMPETENCIES), row, capped) == jpm
            if rng.random() < 0.1:
                jpm = None
            score = rng.choice(scores) if rng.random() < 0.3 else Decimal(rng.randint(0, 10000)).scaleb(-2)
            expected = potential_of(jpm, score, method)
            got = fast(jpm, score)
            if expected is None:
                assert got is None
            else:
                assert got == (to_decimal(expected[0]), expected[1])
                assert str(got[0]) == str(to_decimal(expected[0]))
