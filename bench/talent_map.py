"""Benchmark: the talent map (9-box) of every employee of every agency through jenjang.talent.mapping, against a
single-SQL floor computing the same boxes (same predicates, JPM against the position-level SKJ default, potential
score, weights, bands, nine-box table; all constants read from the same dated parameters) and writing them to a
table. Checks both give the same box counts; prints the times and the ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jenjang_bench_talent \
        uv run python -m bench talent_map --employees 100000 [--year 2025] [--repeat 1]

The database is populated with `jenjang generate --employees N` when empty; generated people have no assessments,
so assessments are inserted set-based first (one INSERT ... SELECT, deterministic with setseed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from typing import Any

from bench.common import ensure_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jenjang_bench_talent"


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jenjang.config.settings.local")
    import django

    django.setup()


def populate(employees: int, year: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from jenjang.domain.vocab import COMPETENCIES
    from jenjang.personnel.models import Employee

    call_command("migrate", verbosity=0)
    if Employee.objects.count() < employees:
        subprocess.run([sys.executable, "-m", "jenjang", "generate", "--employees", str(employees), "--reset"],
                       check=True)  # fmt: skip
    levels = ", ".join(f"'{c}', 1 + floor(random() * 5)::int" for c in COMPETENCIES)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM talent_placement")
        cursor.execute("DELETE FROM talent_assessment")
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(
            "INSERT INTO talent_assessment (agency_id, employee_id, assessed_on, method, assessor, levels, "
            "potential_score, note, current, created_at) "
            f"SELECT agency_id, id, DATE '{year}-06-01', 'CACT', 'bench', jsonb_build_object({levels}), "
            "round((50 + random() * 50)::numeric, 2), '', true, now() FROM personnel_employee"
        )
        cursor.execute("ANALYZE")


def floor_sql(year: int, params: Any) -> tuple[str, dict[str, Any]]:
    """The boxes in one INSERT ... SELECT (the method's constants from the same parameters)."""
    import datetime as dt

    from jenjang.domain.vocab import COMPETENCIES
    from jenjang.personnel.models import ACTIVE_STATUSES
    from jenjang.talent.mapping import method_for

    method = method_for(year, params)
    defaults = params.get("talent.skj_default_levels", dt.date(year, 12, 31))
    rank = {"BELOW": 1, "MEETS": 2, "ABOVE": 3}
    rating = " ".join(f"WHEN '{p}' THEN {rank[r]}" for p, r in method.rating.items())
    levels = " ".join(f"WHEN '{lvl}' THEN {n}" for lvl, n in defaults.items())
    capped = " + ".join(f"LEAST((a.levels->>'{c}')::int, s.lvl)" for c in COMPETENCIES)
    raw = " + ".join(f"(a.levels->>'{c}')::int" for c in COMPETENCIES)
    jpm = f"(({capped if method.capped else raw}) * 100.0 / (9 * s.lvl))"
    wj, ws = float(method.weight_jpm), float(method.weight_score)
    bands = method.bands
    pot = (
        f"CASE WHEN v.value >= {float(bands[0][1])} THEN 3 WHEN v.value >= {float(bands[1][1])} THEN 2 ELSE 1 END"
    )
    boxes = " ".join(
        f"WHEN perf = {rank[p]} AND pot = {({'HIGH': 3, 'MEDIUM': 2, 'LOW': 1})[q]} THEN {b}"
        for (p, q), b in method.boxes.items()
    )
    y0, y1 = method.years[0], method.years[1]
    sql = f"""
    INSERT INTO bench_floor (employee_id, box)
    SELECT id, CASE {boxes} END FROM (
      SELECT e.id,
        LEAST(COALESCE(CASE p0.predicate {rating} END, 9), COALESCE(CASE p1.predicate {rating} END, 9)) AS perf,
        {pot} AS pot
      FROM personnel_employee e
      LEFT JOIN organization_position pos ON pos.id = e.position_id
      CROSS JOIN LATERAL (SELECT CASE pos.level {levels} ELSE NULL END AS lvl) s
      LEFT JOIN talent_assessment a ON a.employee_id = e.id AND a.current
      LEFT JOIN personnel_performancehistory p0 ON p0.employee_id = e.id AND p0.year = {y0}
      LEFT JOIN personnel_performancehistory p1 ON p1.employee_id = e.id AND p1.year = {y1}
      CROSS JOIN LATERAL (SELECT CASE WHEN a.id IS NULL THEN NULL
          WHEN s.lvl IS NULL THEN a.potential_score
          ELSE (LEAST({jpm}, 100) * {wj} + a.potential_score * {ws}) / {wj + ws} END AS value) v
      WHERE e.status = ANY(%(active)s) AND (p0.id IS NOT NULL OR p1.id IS NOT NULL) AND v.value IS NOT NULL
    ) t
    """
    return sql, {"active": [str(s) for s in ACTIVE_STATUSES]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench talent_map")
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-populate", action="store_true")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    ensure_database(url)
    _setup(url)
    from django.db import connection

    from jenjang.organization.models import Agency
    from jenjang.talent.mapping import run_talent_map
    from jenjang.talent.models import Placement
    from jenjang.talent.selectors import parameters_for

    if not args.skip_populate:
        started = time.perf_counter()
        populate(args.employees, args.year)
        print(f"populated in {time.perf_counter() - started:.1f}s")
    agencies = list(Agency.objects.values_list("pk", flat=True))
    ours_times, floor_times = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        placed = 0
        for agency_id in agencies:
            placed += run_talent_map(agency_id=agency_id, year=args.year, params=parameters_for(agency_id)).placed
        ours_times.append(time.perf_counter() - started)
        params = parameters_for(None)
        sql, values = floor_sql(args.year, params)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_floor")
            cursor.execute("CREATE UNLOGGED TABLE bench_floor (employee_id bigint PRIMARY KEY, box smallint)")
            started = time.perf_counter()
            cursor.execute(sql, values)
            connection.commit() if not connection.get_autocommit() else None
            floor_times.append(time.perf_counter() - started)
            cursor.execute("SELECT box, count(*) FROM bench_floor GROUP BY box ORDER BY box")
            floor_counts = dict(cursor.fetchall())
    from django.db.models import Count

    ours_counts = dict(
        Placement.objects.filter(year=args.year).values_list("computed_box").annotate(n=Count("pk")).order_by()
    )
    same = {int(k): v for k, v in ours_counts.items()} == {int(k): v for k, v in floor_counts.items()}
    ours, floor = min(ours_times), min(floor_times)
    print(f"employees placed: {placed}; agencies: {len(agencies)}")
    print(f"ours  (jenjang.talent.mapping, read + rules + bulk upsert): {ours:.2f}s  runs {ours_times}")
    print(f"floor (one INSERT ... SELECT in PostgreSQL):               {floor:.2f}s  runs {floor_times}")
    print(f"ratio ours/floor: {ours / floor:.2f}x; same box counts: {same}")
    print(f"box counts: {dict(sorted(ours_counts.items()))}")


if __name__ == "__main__":  # pragma: no cover
    main()
