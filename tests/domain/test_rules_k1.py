"""Properties of the performance, talent, competency and workload rules, checked by Hypothesis."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jenjang.domain.careers.workload import assess_workload_facts
from jenjang.domain.competency.jpm import assess_jpm_facts
from jenjang.domain.errors import InvalidInput
from jenjang.domain.parameters import default_parameters
from jenjang.domain.performance.skp_distribution import (
    BLOCKED_BY_CODES,
    ORGANIZATION_PREDICATES,
    assess_skp_distribution_facts,
)
from jenjang.domain.performance.skp_predicate import classify_skp_predicate
from jenjang.domain.registry import evaluate, get_rule
from jenjang.domain.talent.nine_box import assess_nine_box_facts
from jenjang.domain.vocab import COMPETENCIES, EXPECTATIONS, POTENTIALS, PREDICATES

PARAMS = default_parameters()
AS_OF = dt.date(2025, 1, 31)
_RATING = {"BELOW": 1, "MEETS": 2, "ABOVE": 3}
_POTENTIAL = {"LOW": 1, "MEDIUM": 2, "HIGH": 3}

levels = st.fixed_dictionaries({c: st.integers(1, 5) for c in COMPETENCIES})
counts = st.dictionaries(st.sampled_from(PREDICATES), st.integers(0, 500)).filter(lambda d: sum(d.values()) > 0)


def test_skp_matrix_covers_every_pair_and_is_monotone_in_behaviour_for_good_work() -> None:
    cells = {(w, b): classify_skp_predicate(w, b, AS_OF, PARAMS) for w in EXPECTATIONS for b in EXPECTATIONS}
    assert set(cells.values()) == set(PREDICATES)  # every predicate is reachable, nothing outside the vocabulary
    for work in EXPECTATIONS:
        ranks = [PREDICATES.index(cells[(work, b)]) for b in ("BELOW", "MEETS", "ABOVE")]
        assert ranks == sorted(ranks, reverse=True), f"better behaviour never lowers the predicate ({work})"


@given(performance=st.sampled_from(EXPECTATIONS), potential=st.sampled_from(POTENTIALS))
def test_nine_box_is_the_regulation_lookup(performance: str, potential: str) -> None:
    lookup = {(3, 3): 9, (2, 3): 8, (3, 2): 7, (1, 3): 6, (2, 2): 5, (3, 1): 4, (1, 2): 3, (2, 1): 2, (1, 1): 1}
    result = assess_nine_box_facts(performance, potential, AS_OF, PARAMS).result
    assert result["box"] == lookup[(_RATING[performance], _POTENTIAL[potential])]
    assert result["talent_pool"] == (result["box"] >= 7)
    assert result["recommendation"]["id"] and result["recommendation"]["en"]


@given(org=st.sampled_from(ORGANIZATION_PREDICATES), counts=counts)
def test_distribution_shares_and_codes(org: str, counts: dict[str, int]) -> None:
    decision = assess_skp_distribution_facts(org, counts, AS_OF, PARAMS)
    shares = decision.result["shares"]
    assert set(shares) == set(PREDICATES)
    assert abs(sum(shares.values()) - 100) <= 0.03  # each share rounded to 2 decimals
    assert decision.result["conforms"] == (not decision.blocked_by)
    assert set(decision.blocked_by) <= set(BLOCKED_BY_CODES)
    assert len(set(decision.blocked_by)) == len(decision.blocked_by)


@given(counts=counts, factor=st.integers(2, 7))
def test_distribution_depends_only_on_proportions(counts: dict[str, int], factor: int) -> None:
    scaled = {p: n * factor for p, n in counts.items()}
    for org in ORGANIZATION_PREDICATES:
        first = assess_skp_distribution_facts(org, counts, AS_OF, PARAMS)
        second = assess_skp_distribution_facts(org, scaled, AS_OF, PARAMS)
        if org != "BAIK":  # BAIK's "at least one lower predicate" is a count, which scaling keeps anyway
            assert first.blocked_by == second.blocked_by
        assert first.result["shares"] == second.result["shares"]


@given(standard=levels, actual=levels)
def test_jpm_raw_capped_category_and_gaps(standard: dict[str, int], actual: dict[str, int]) -> None:
    result = assess_jpm_facts(standard, actual, AS_OF, PARAMS).result
    assert 0 < result["jpm_capped"] <= 100
    assert result["jpm_capped"] <= result["jpm_raw"]
    assert result["jpm"] == result["jpm_capped"]  # the default parameter: capped
    assert all(v > 0 and standard[c] - actual[c] == v for c, v in result["gaps"].items())
    assert set(result["gaps"]) == {c for c in COMPETENCIES if standard[c] > actual[c]}
    assert (result["jpm_capped"] == 100) == (not result["gaps"])
    exact = Decimal(sum(min(actual[c], standard[c]) for c in COMPETENCIES) * 100) / sum(standard.values())
    expected = "OPTIMAL" if exact >= 90 else "CUKUP_OPTIMAL" if exact >= 78 else "KURANG_OPTIMAL"
    assert result["category"] == expected


@given(standard=levels, actual=levels, raise_by=st.sampled_from(COMPETENCIES))
def test_jpm_never_falls_when_an_actual_level_rises(
    standard: dict[str, int], actual: dict[str, int], raise_by: str
) -> None:
    higher = {**actual, raise_by: min(5, actual[raise_by] + 1)}
    before = assess_jpm_facts(standard, actual, AS_OF, PARAMS).result
    after = assess_jpm_facts(standard, higher, AS_OF, PARAMS).result
    assert after["jpm_raw"] >= before["jpm_raw"]
    assert after["jpm_capped"] >= before["jpm_capped"]


tasks = st.lists(
    st.fixed_dictionaries({"volume": st.integers(0, 10_000), "minutes": st.integers(0, 600)}), min_size=1, max_size=8
)


@given(tasks=tasks, staff=st.integers(0, 50), wke=st.sampled_from([None, 72_000, 75_000, 90_360]))
def test_workload_arithmetic_and_grade(tasks: list[dict[str, int]], staff: int, wke: int | None) -> None:
    result = assess_workload_facts(tasks, staff, AS_OF, PARAMS, effective_minutes=wke).result
    minutes = sum(t["volume"] * t["minutes"] for t in tasks)
    effective = wke or 75_000
    assert result["workload_minutes"] == minutes
    assert abs(result["required_staff"] - minutes / effective) <= 0.005 + 1e-9
    if staff == 0:
        assert result["efficiency"] is None and result["grade"] is None
        return
    assert abs(result["efficiency"] - minutes / (staff * effective)) <= 0.005 + 1e-9
    e = result["efficiency"]
    expected = "A" if e > 1 else "B" if e >= 0.9 else "C" if e >= 0.7 else "D" if e >= 0.5 else "E"
    assert result["grade"] == expected


@given(tasks=tasks, staff=st.integers(1, 50))
def test_more_staff_never_raises_efficiency(tasks: list[dict[str, int]], staff: int) -> None:
    fewer = assess_workload_facts(tasks, staff, AS_OF, PARAMS).result
    more = assess_workload_facts(tasks, staff + 1, AS_OF, PARAMS).result
    assert more["efficiency"] <= fewer["efficiency"]
    assert more["required_staff"] == fewer["required_staff"]


@pytest.mark.parametrize(
    ("name", "payload", "field"),
    [
        (
            "jpm",
            {"standard": dict.fromkeys(COMPETENCIES, 3), "actual": {**dict.fromkeys(COMPETENCIES, 3), "teamwork": 0}},
            "actual.teamwork",
        ),
        ("skp-distribution", {"organization_predicate": "BAIK", "counts": {"KURANG": -2}}, "counts.KURANG"),
        (
            "workload",
            {"tasks": [{"volume": 1, "minutes": 1}], "current_staff": 1, "effective_minutes": 0},
            "effective_minutes",
        ),
        ("nine-box", {"performance": "ABOVE", "potential": "VERY_HIGH"}, "potential"),
        ("skp-predicate", {"work_result": "SESUAI", "behavior": "MEETS"}, "work_result"),
    ],
)
def test_bad_input_names_the_field(name: str, payload: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        evaluate(name, payload, today=AS_OF)
    assert caught.value.field == field


@pytest.mark.parametrize("name", ["skp-predicate", "skp-distribution", "nine-box", "jpm", "workload"])
def test_examples_render_in_both_languages_with_cited_parameters(name: str) -> None:
    rule = get_rule(name)
    assert rule.examples and rule.parameters
    for parameter in rule.parameters:
        entry = PARAMS.entry(parameter, AS_OF)
        assert entry.legal_basis
    for example in rule.examples:
        indonesian = evaluate(name, example, today=AS_OF)
        english = evaluate(name, example, today=AS_OF, lang="en")
        assert indonesian["result"] == english["result"]
        assert indonesian["reasons"] != english["reasons"]
        assert all(text and "{" not in text for text in (*indonesian["reasons"], *english["reasons"]))
        assert indonesian["legal_basis"]
