"""Right person, right position: the optimiser on 500 vacancies × 20,000 candidates against SciPy's dense
`linear_sum_assignment` on the same score matrix (same optimum objective required), and the greedy choice.

    uv run python -m bench matching [--vacancies 500] [--candidates 20000] [--density 0.1 0.5 1.0] [--repeat 3]

`density` is the share of eligible (vacancy, candidate) pairs; scores are merit scores 0-100 with 2 decimals.
No database: the matrix is what `jenjang.workforce.services.matching_run` builds before solving.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def _time(fn, repeat: int):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench matching")
    parser.add_argument("--vacancies", type=int, default=500)
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument("--density", type=float, nargs="+", default=[0.1, 0.5, 1.0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    from jenjang.domain.workforce.matching import solve_dense, solve_greedy, solve_optimal, total_score

    rng = np.random.default_rng(args.seed)
    print(f"{args.vacancies} vacancies × {args.candidates} candidates, median of {args.repeat}")
    header = (
        f"{'density':>8} {'optimal s':>10} {'lsa s':>8} {'greedy s':>9} "
        f"{'objective':>12} {'lsa obj':>12} {'greedy obj':>12} {'filled':>7}"
    )
    print(header)
    failed = False
    for density in args.density:
        scores = np.round(rng.uniform(0, 100, size=(args.vacancies, args.candidates)), 2)
        eligible = rng.random((args.vacancies, args.candidates)) < density
        t_opt, optimal = _time(lambda: solve_optimal(scores, eligible), args.repeat)  # noqa: B023
        t_lsa, dense = _time(lambda: solve_dense(scores, eligible), args.repeat)  # noqa: B023
        t_greedy, greedy = _time(lambda: solve_greedy(scores, eligible), args.repeat)  # noqa: B023
        objective, reference = total_score(scores, optimal), total_score(scores, dense)
        same = abs(objective - reference) < 1e-6
        failed |= not same
        print(
            f"{density:>8.2f} {t_opt:>10.3f} {t_lsa:>8.3f} {t_greedy:>9.3f} {objective:>12.2f} {reference:>12.2f} "
            f"{total_score(scores, greedy):>12.2f} {len(optimal):>7}{'' if same else '  OBJECTIVES DIFFER'}"
        )
    return 1 if failed else 0
