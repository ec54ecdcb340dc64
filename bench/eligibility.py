"""Benchmark: every eligibility list of jenjang.careers.duelists (rank promotion, KGB, retirement, rotation, JPT)
for ALL employees, against a set-based SQL floor for the same lists: for rank promotion the hand-written eligible
query of bench/duelists.py; for the others one SELECT of the same rows' columns with the lists' own date windows
(what any implementation must read). Prints the time of each and the ratio of the totals (target <= 2x).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jenjang_bench_d_1000000 uv run python -m bench eligibility \
        [--today 2026-11-28] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from typing import Any

from bench.duelists import _setup, hand_written_sql


def floors(today: dt.date, params: Any) -> dict[str, tuple[str, list[Any]]]:
    from jenjang.careers import rules
    from jenjang.careers.duelists import JPT_NEXT, SLACK
    from jenjang.careers.outlook import KGB_HORIZON_MONTHS, RETIREMENT_HORIZON_MONTHS
    from jenjang.domain.dates import add_years

    active = "e.status IN ('ACTIVE','LEAVE','STUDY','SECONDED')"
    horizon = rules.add_months(today, KGB_HORIZON_MONTHS)
    interval = int(params.get(rules.KGB_INTERVAL, today))
    earliest = add_years(today, -interval)
    r_horizon = rules.add_months(today, RETIREMENT_HORIZON_MONTHS)
    r_earliest = rules.add_months(today, -RETIREMENT_HORIZON_MONTHS)
    young, old = rules.retirement_ages(today, params)
    window = params.get(rules.MUTATION_WINDOW_YEARS, today)
    base = "SELECT e.id, e.nip, e.name, e.rank"
    return {
        "salary_increment": (
            f"{base}, e.last_salary_increment FROM personnel_employee e WHERE {active} AND e.employment_type='PNS' "
            "AND e.last_salary_increment BETWEEN %s AND %s",
            [add_years(earliest, -interval) - SLACK, add_years(horizon, -interval) + SLACK],
        ),
        "retirement": (
            f"{base}, e.birth_date, p.level FROM personnel_employee e JOIN organization_position p "
            f"ON p.id = e.position_id WHERE {active} AND e.birth_date BETWEEN %s AND %s",
            [rules.add_months(add_years(r_earliest, -old), -1) - SLACK, add_years(r_horizon, -young) + SLACK],
        ),
        "rotation": (
            f"{base}, e.position_since FROM personnel_employee e WHERE {active} AND e.employment_type='PNS' "
            "AND e.position_since <= %s",
            [add_years(today, -int(window["max"])) + SLACK],
        ),
        "jpt": (
            f"{base}, p.level, e.education, e.appointment_date, e.position_since, e.birth_date "
            "FROM personnel_employee e JOIN organization_position p ON p.id = e.position_id "
            f"WHERE {active} AND e.employment_type='PNS' AND e.position_since IS NOT NULL AND p.level = ANY(%s)",
            [list(JPT_NEXT)],
        ),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench eligibility", description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    _setup()
    from django.db import connection
    from django.utils import timezone

    from jenjang.careers import rules
    from jenjang.careers.duelists import BUILDERS
    from jenjang.personnel.models import Employee

    if connection.vendor != "postgresql":
        print("bench eligibility: set DATABASE_URL to a PostgreSQL database")
        return 2
    today = args.today or timezone.localdate()
    params = rules.parameters_for(None)
    sql = floors(today, params)
    sql["rank_promotion"] = hand_written_sql(today, params)
    ours: dict[str, list[float]] = {k: [] for k in BUILDERS}
    theirs: dict[str, list[float]] = {k: [] for k in BUILDERS}
    rows: dict[str, tuple[int, int]] = {}
    for _ in range(max(1, args.repeat)):
        for kind, build in BUILDERS.items():
            started = time.perf_counter()
            if kind == "rank_promotion":
                found = build(Employee.objects.all(), today=today, params=params, include_blocked=False)
            else:
                found = build(Employee.objects.all(), today=today, params=params)
            ours[kind].append(time.perf_counter() - started)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(*sql[kind])
                fetched = cursor.fetchall()
            theirs[kind].append(time.perf_counter() - started)
            rows[kind] = (len(found.rows), len(fetched))
    print(f"employees: {Employee.objects.count():,}; today {today.isoformat()}; median of {args.repeat}")
    print("| list | rows (rule) | rows (SQL floor) | Jenjang (s) | SQL floor (s) | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    total_ours = total_sql = 0.0
    for kind in BUILDERS:
        a, b = statistics.median(ours[kind]), statistics.median(theirs[kind])
        total_ours += a
        total_sql += b
        print(f"| {kind} | {rows[kind][0]:,} | {rows[kind][1]:,} | {a:.3f} | {b:.3f} | {a / b if b else 0:.2f}x |")
    print(f"| **all** | | | {total_ours:.3f} | {total_sql:.3f} | **{total_ours / total_sql:.2f}x** |")
    return 0
