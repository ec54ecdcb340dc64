"""Right person, right position: the assignment of candidates to vacant positions that maximises the total merit
score, subject to hard eligibility (pure Python + NumPy/SciPy, no Django).

The problem: a score matrix S (vacancies × candidates, merit scores 0-100) and an eligibility mask E. Choose pairs
(v, c), each vacancy and each candidate at most once, only eligible pairs, maximising the sum of their scores. A
pair of score 0 adds nothing and is never proposed; a vacancy without an eligible candidate stays unfilled.

`solve_optimal` is the production solver: it keeps, per vacancy, only its best `min(V, C)` eligible candidates (an
optimal assignment always exists within them: a vacancy matched outside its top V can be moved to one of its top V
candidates left free by the other V - 1 vacancies without lowering the total) and solves the sparse problem with
SciPy's LAPJVsp (`min_weight_full_bipartite_matching`), one private "stay unfilled" column per vacancy making a
full matching always exist. `solve_dense` is the reference: `scipy.optimize.linear_sum_assignment` on the dense
matrix with ineligible pairs scored 0. `solve_greedy` is what a person does by hand: the best remaining pair first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

Pairs = list[tuple[int, int]]


def _weights(scores: ArrayLike, eligible: ArrayLike) -> np.ndarray:
    """The scores of the eligible pairs, 0 elsewhere (a forbidden pair can add nothing)."""
    matrix = np.asarray(scores, dtype=float)
    mask = np.asarray(eligible, dtype=bool)
    if matrix.ndim != 2 or matrix.shape != mask.shape:
        raise ValueError("scores and eligible must be matrices of the same shape")
    if not np.all(np.isfinite(matrix)):
        raise ValueError("scores must be finite")
    return np.where(mask & (matrix > 0), matrix, 0.0)


def total_score(scores: ArrayLike, pairs: Sequence[tuple[int, int]]) -> float:
    matrix = np.asarray(scores, dtype=float)
    return float(sum(matrix[v, c] for v, c in pairs))


def _top_pairs(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positive pairs among each row's best min(V, C) columns, row by row, columns ascending.

    Both solvers need no more: a vacancy is never matched (optimally or greedily) outside its best V candidates,
    since the other V - 1 vacancies can hold at most V - 1 of them. (At a tie exactly at the cut either candidate
    may be kept: the totals are the same.)"""
    vacancies, candidates = weights.shape
    keep = min(vacancies, candidates)
    if keep < candidates:
        top = np.argpartition(-weights, keep - 1, axis=1)[:, :keep]
        mask = np.zeros(weights.shape, dtype=bool)
        np.put_along_axis(mask, top, True, axis=1)
        mask &= weights > 0
    else:
        mask = weights > 0
    rows, cols = np.nonzero(mask)
    return rows.astype(np.intp), cols.astype(np.intp)


def solve_dense(scores: ArrayLike, eligible: ArrayLike) -> Pairs:
    """The reference optimum: linear_sum_assignment on the dense matrix (ineligible pairs weigh 0, then dropped)."""
    weights = _weights(scores, eligible)
    if weights.size == 0:
        return []
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return sorted((int(r), int(c)) for r, c in zip(rows, cols, strict=True) if weights[r, c] > 0)


def solve_optimal(scores: ArrayLike, eligible: ArrayLike) -> Pairs:
    """The optimum assignment (same total as `solve_dense`) from the sparse eligible pairs only."""
    weights = _weights(scores, eligible)
    vacancies, candidates = weights.shape
    if vacancies == 0 or candidates == 0 or not weights.any():
        return []
    rows, cols = _top_pairs(weights)
    used, local = np.unique(cols, return_inverse=True)
    values = weights[rows, cols]
    ceiling = float(values.max()) + 1.0
    # Costs are ceiling - score (>= 1, so no edge is an implicit zero); each vacancy's own dummy costs `ceiling`,
    # so leaving it unfilled is exactly as good as a score-0 candidate.
    dummy = np.arange(vacancies)
    data = np.concatenate([ceiling - values, np.full(vacancies, ceiling)])
    matrix = csr_matrix(
        (data, (np.concatenate([rows, dummy]), np.concatenate([local, used.size + dummy]))),
        shape=(vacancies, used.size + vacancies),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(matrix)
    return sorted((int(r), int(used[c])) for r, c in zip(row_ind, col_ind, strict=True) if c < used.size)


def solve_greedy(scores: ArrayLike, eligible: ArrayLike) -> Pairs:
    """The best remaining eligible pair first (ties: the lower vacancy, then the lower candidate index)."""
    weights = _weights(scores, eligible)
    rows, cols = _top_pairs(weights)
    order = np.lexsort((cols, rows, -weights[rows, cols]))
    taken_rows: set[int] = set()
    taken_cols: set[int] = set()
    pairs: Pairs = []
    for index in order:
        r, c = int(rows[index]), int(cols[index])
        if r in taken_rows or c in taken_cols:
            continue
        taken_rows.add(r)
        taken_cols.add(c)
        pairs.append((r, c))
    return sorted(pairs)


@dataclass(frozen=True)
class Comparison:
    """The optimum against the greedy choice: totals and the vacancies whose candidate differs."""

    optimal: Pairs
    greedy: Pairs
    optimal_total: float
    greedy_total: float
    differing_rows: tuple[int, ...] = field(default=())

    @property
    def gain(self) -> float:
        return round(self.optimal_total - self.greedy_total, 2)


def compare(scores: ArrayLike, eligible: ArrayLike) -> Comparison:
    optimal = solve_optimal(scores, eligible)
    greedy = solve_greedy(scores, eligible)
    by_row_opt = dict(optimal)
    by_row_greedy = dict(greedy)
    rows = sorted(set(by_row_opt) | set(by_row_greedy))
    differing = tuple(r for r in rows if by_row_opt.get(r) != by_row_greedy.get(r))
    return Comparison(
        optimal=optimal,
        greedy=greedy,
        optimal_total=round(total_score(scores, optimal), 2),
        greedy_total=round(total_score(scores, greedy), 2),
        differing_rows=differing,
    )
