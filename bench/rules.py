"""Per-call cost of the pure rules that batch jobs run for every employee.

    uv run python -m bench rules [--calls 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench rules")
    parser.add_argument("--calls", type=int, default=20_000)
    args = parser.parse_args(argv)

    from jenjang.domain.careers.mutation_window import assess_mutation_window_facts
    from jenjang.domain.careers.rank_promotion import assess_rank_promotion_facts
    from jenjang.domain.careers.retirement import assess_retirement_facts
    from jenjang.domain.careers.salary_increment import assess_salary_increment_facts
    from jenjang.domain.parameters import default_parameters

    params = default_parameters()
    as_of = dt.date(2025, 3, 15)
    predicates = {"2023": "BAIK", "2024": "SANGAT_BAIK"}
    cases = {
        "rank-promotion": lambda i: assess_rank_promotion_facts(
            "III/a", dt.date(2015 + i % 10, 4, 1), "S1", predicates, as_of, params
        ),
        "retirement": lambda i: assess_retirement_facts(dt.date(1960 + i % 40, 5, 3), "PELAKSANA", as_of, params),
        "salary-increment": lambda i: assess_salary_increment_facts(dt.date(2020 + i % 5, 1, 1), as_of, params),
        "mutation-window": lambda i: assess_mutation_window_facts(dt.date(2015 + i % 10, 7, 1), as_of, params),
    }
    print(f"{'rule':<18} {'calls':>8} {'µs/call':>9}")
    for name, call in cases.items():
        started = time.perf_counter()
        for i in range(args.calls):
            call(i)
        per_call = (time.perf_counter() - started) / args.calls * 1e6
        print(f"{name:<18} {args.calls:>8} {per_call:>9.1f}")
    return 0
