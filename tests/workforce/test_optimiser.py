"""The assignment optimiser against a brute-force optimum, the dense SciPy reference and the greedy choice."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jenjang.domain.workforce.matching import compare, solve_dense, solve_greedy, solve_optimal, total_score


def brute_force(scores: np.ndarray, eligible: np.ndarray) -> float:
    """The best total over every assignment of vacancies to distinct candidates or to nobody."""
    vacancies, candidates = scores.shape
    best = 0.0
    options = [None, *range(candidates)]
    for choice in itertools.product(options, repeat=vacancies):
        chosen = [c for c in choice if c is not None]
        if len(chosen) != len(set(chosen)):
            continue
        if any(c is not None and not eligible[v, c] for v, c in enumerate(choice)):
            continue
        best = max(best, sum(scores[v, c] for v, c in enumerate(choice) if c is not None))
    return best


@st.composite
def problems(draw):
    vacancies = draw(st.integers(1, 4))
    candidates = draw(st.integers(1, 5))
    scores = draw(st.lists(st.integers(0, 100), min_size=vacancies * candidates, max_size=vacancies * candidates))
    mask = draw(st.lists(st.booleans(), min_size=vacancies * candidates, max_size=vacancies * candidates))
    return (
        np.array(scores, dtype=float).reshape(vacancies, candidates),
        np.array(mask, dtype=bool).reshape(vacancies, candidates),
    )


@settings(max_examples=300, deadline=None)
@given(problems())
def test_optimum_equals_brute_force_and_never_uses_an_ineligible_pair(problem):
    scores, eligible = problem
    pairs = solve_optimal(scores, eligible)
    assert total_score(scores, pairs) == brute_force(scores, eligible)
    assert all(eligible[v, c] for v, c in pairs)
    assert len({v for v, _ in pairs}) == len(pairs) and len({c for _, c in pairs}) == len(pairs)
    assert total_score(scores, solve_dense(scores, eligible)) == total_score(scores, pairs)
    greedy = solve_greedy(scores, eligible)
    assert all(eligible[v, c] for v, c in greedy)
    assert total_score(scores, greedy) <= total_score(scores, pairs)


def test_the_pruning_to_each_vacancys_best_candidates_keeps_the_optimum():
    rng = np.random.default_rng(7)
    for _ in range(30):
        scores = rng.integers(0, 100, size=(6, 40)).astype(float)
        eligible = rng.random((6, 40)) < 0.6
        assert total_score(scores, solve_optimal(scores, eligible)) == total_score(
            scores, solve_dense(scores, eligible)
        )


def test_a_highly_scored_ineligible_pair_is_never_assigned():
    scores = np.array([[100.0, 10.0], [90.0, 0.0]])
    eligible = np.array([[False, True], [True, True]])
    assert solve_optimal(scores, eligible) == [(0, 1), (1, 0)]


def test_greedy_takes_the_best_pair_first_and_loses_to_the_optimum():
    # Vacancy 0 likes candidate 0 most (90), but candidate 0 is the only one vacancy 1 can take (80).
    scores = np.array([[90.0, 85.0], [80.0, 0.0]])
    eligible = np.array([[True, True], [True, False]])
    result = compare(scores, eligible)
    assert result.greedy == [(0, 0)]
    assert result.optimal == [(0, 1), (1, 0)]
    assert (result.greedy_total, result.optimal_total, result.gain) == (90.0, 165.0, 75.0)
    assert result.differing_rows == (0, 1)


def test_no_eligible_candidate_leaves_every_vacancy_unfilled():
    scores = np.ones((3, 2))
    assert solve_optimal(scores, np.zeros((3, 2), dtype=bool)) == []
    assert solve_optimal(np.zeros((0, 0)), np.zeros((0, 0), dtype=bool)) == []
