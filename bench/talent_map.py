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
    """The same placements in one INSERT ... SELECT (the method's constants from the same parameters): every column
    the map writes (performance, potential, boxes, combined value and JPM rounded half-up to cents, potential score,
    predicates, target level), into a table of the same shape and indexes as talent_placement."""
    import datetime as dt

    from jenjang.domain.vocab import COMPETENCIES
    from jenjang.personnel.models import ACTIVE_STATUSES
    from jenjang.talent.mapping import method_for

    method = method_for(year, params)
    defaults = params.get("talent.skj_default_levels", dt.date(year, 12, 31))
    rank = {"BELOW": 1, "MEETS": 2, "ABOVE": 3}
    pot_rank = {"LOW": 1, "MEDIUM": 2, "HIGH": 3}
    rating = " ".join(f"WHEN '{p}' THEN {rank[r]}" for p, r in method.rating.items())
    levels = ", ".join(f"('{lvl}', {int(n)})" for lvl, n in defaults.items())
    capped = " + ".join(f"LEAST((a.levels->>'{c}')::int, s.lvl)" for c in COMPETENCIES)
    raw = " + ".join(f"(a.levels->>'{c}')::int" for c in COMPETENCIES)
    jpm = f"(({capped if method.capped else raw}) * 100.0 / (9 * s.lvl))"
    wj, ws = float(method.weight_jpm), float(method.weight_score)
    bands = method.bands
    pot = " ".join(f"WHEN v.value >= {float(floor)} THEN {pot_rank[band]}" for band, floor in bands[:-1])
    pot = f"CASE {pot} ELSE {pot_rank[bands[-1][0]]} END"
    boxes = " ".join(f"WHEN perf = {rank[p]} AND pot = {pot_rank[q]} THEN {b}" for (p, q), b in method.boxes.items())
    perf_code = " ".join(f"WHEN {n} THEN '{code}'" for code, n in rank.items())
    pot_code = " ".join(f"WHEN {n} THEN '{code}'" for code, n in pot_rank.items())
    y0, y1 = method.years[0], method.years[1]
    # Each stage is computed once per row: OFFSET 0 keeps PostgreSQL from inlining a stage's expression into every
    # use in the next (the JPM into the value, the value into each band test, the band into each box test).
    sql = f"""
    INSERT INTO bench_floor (agency_id, employee_id, year, performance, potential, computed_box, box,
        potential_value, jpm, potential_score, predicates, target_level, computed_at)
    SELECT agency_id, id, {year}, CASE perf {perf_code} END, CASE pot {pot_code} END, box, box,
        round(value, 2), round(jpm, 2), potential_score, predicates, target_level, now()
    FROM (
      SELECT *, CASE {boxes} END AS box FROM (
        SELECT *, {pot} AS pot FROM (
          SELECT *, CASE
              WHEN j.jpm IS NULL THEN j.potential_score
              WHEN j.potential_score IS NULL THEN LEAST(j.jpm, 100)
              ELSE (LEAST(j.jpm, 100) * {wj} + j.potential_score * {ws}) / {wj + ws} END AS value
          FROM (
            SELECT e.agency_id, e.id, a.potential_score,
              CASE WHEN s.lvl IS NULL THEN NULL ELSE {jpm} END AS jpm,
              LEAST(COALESCE(CASE p0.predicate {rating} END, 9), COALESCE(CASE p1.predicate {rating} END, 9)) AS perf,
              jsonb_strip_nulls(jsonb_build_object('{y0}', p0.predicate, '{y1}', p1.predicate)) AS predicates,
              COALESCE(pos.level, '') AS target_level
            FROM personnel_employee e
            JOIN talent_assessment a ON a.employee_id = e.id AND a.current
            LEFT JOIN organization_position pos ON pos.id = e.position_id
            LEFT JOIN (VALUES {levels}) AS s (level, lvl) ON s.level = pos.level
            LEFT JOIN personnel_performancehistory p0 ON p0.employee_id = e.id AND p0.year = {y0}
            LEFT JOIN personnel_performancehistory p1 ON p1.employee_id = e.id AND p1.year = {y1}
            WHERE e.status = ANY(%(active)s)
            OFFSET 0
          ) j WHERE perf < 9 OFFSET 0
        ) v WHERE value IS NOT NULL OFFSET 0
      ) b OFFSET 0
    ) u
    """
    return sql, {"active": [str(s) for s in ACTIVE_STATUSES]}


WRITTEN = (
    "agency_id", "employee_id", "year", "performance", "potential", "computed_box", "box", "potential_value", "jpm",
    "potential_score", "predicates", "target_level", "computed_at",
)  # fmt: skip
COMPARED = (
    "agency_id, employee_id, year, performance, potential, computed_box, box, potential_value, jpm, "
    "potential_score, predicates, target_level"
)


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
    with connection.cursor() as cursor:
        # JIT compilation of the floor's expressions took 15 of its 16 seconds at 100,000 employees: it measured
        # the JIT, not the work. Both sides run without it.
        cursor.execute("SET jit = off")
    # Two states, each measured on both sides: "fresh" (no placements for the period yet: plain inserts) and
    # "rerun" (the period mapped before: every row is upserted over its previous version, as when staff re-run it).
    times: dict[str, list[float]] = {"ours fresh": [], "ours rerun": [], "floor fresh": [], "floor rerun": []}
    placed = 0
    for _ in range(args.repeat):
        Placement.objects.filter(year=args.year).delete()
        with connection.cursor() as cursor:
            # "Fresh" starts from a clean table on both sides (the floor's is created anew below): without this the
            # map's inserts met the dead rows and index entries of the delete just above.
            cursor.execute("VACUUM ANALYZE talent_placement")
        for state in ("fresh", "rerun"):
            started = time.perf_counter()
            placed = 0
            for agency_id in agencies:
                placed += run_talent_map(agency_id=agency_id, year=args.year, params=parameters_for(agency_id)).placed
            times[f"ours {state}"].append(time.perf_counter() - started)
        params = parameters_for(None)
        sql, values = floor_sql(args.year, params)
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in WRITTEN if c not in ("employee_id", "year"))
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_floor")
            cursor.execute(
                "CREATE TABLE bench_floor (LIKE talent_placement INCLUDING DEFAULTS INCLUDING IDENTITY "
                "INCLUDING INDEXES INCLUDING CONSTRAINTS)"
            )
            # LIKE copies no foreign keys: without them the floor skipped the checks every write to talent_placement
            # makes (deferred to the commit; about 1 s of a fresh 100,000-employee map). Same keys as the table's.
            cursor.execute(
                "ALTER TABLE bench_floor "
                "ADD FOREIGN KEY (agency_id) REFERENCES organization_agency (id) DEFERRABLE INITIALLY DEFERRED, "
                "ADD FOREIGN KEY (employee_id) REFERENCES personnel_employee (id) DEFERRABLE INITIALLY DEFERRED"
            )
            for state, statement in (
                ("fresh", sql),
                ("rerun", f"{sql} ON CONFLICT (employee_id, year) DO UPDATE SET {updates}"),
            ):
                started = time.perf_counter()
                cursor.execute(statement, values)
                connection.commit() if not connection.get_autocommit() else None
                times[f"floor {state}"].append(time.perf_counter() - started)
    with connection.cursor() as cursor:
        cursor.execute("SELECT computed_box, count(*) FROM bench_floor GROUP BY 1 ORDER BY 1")
        floor_counts = dict(cursor.fetchall())
        cursor.execute(
            f"SELECT (SELECT count(*) FROM (SELECT {COMPARED} FROM talent_placement WHERE year = %(y)s "
            f"EXCEPT ALL SELECT {COMPARED} FROM bench_floor) d1), "
            f"(SELECT count(*) FROM (SELECT {COMPARED} FROM bench_floor "
            f"EXCEPT ALL SELECT {COMPARED} FROM talent_placement WHERE year = %(y)s) d2)",
            {"y": args.year},
        )
        only_ours, only_floor = cursor.fetchone()
    from django.db.models import Count

    ours_counts = dict(
        Placement.objects.filter(year=args.year).values_list("computed_box").annotate(n=Count("pk")).order_by()
    )
    same = only_ours == 0 and only_floor == 0
    best = {name: min(runs) for name, runs in times.items()}
    print(f"employees placed: {placed}; agencies: {len(agencies)}")
    for name, runs in times.items():
        print(f"{name:12s} {best[name]:.2f}s  runs {[round(r, 2) for r in runs]}")
    print(
        "ours: jenjang.talent.mapping (one INSERT ... SELECT ... ON CONFLICT per agency, the rules' outcomes as "
        "lookup tables); floor: one INSERT ... SELECT in PostgreSQL"
    )
    print(f"rows only in ours: {only_ours}; only in the floor: {only_floor}; identical placements: {same}")
    for state in ("fresh", "rerun"):
        print(f"ratio ours/floor ({state}): {best[f'ours {state}'] / best[f'floor {state}']:.2f}x")
    print(f"box counts: {dict(sorted(ours_counts.items()))}; floor: {dict(sorted(floor_counts.items()))}")
    if not same:
        raise SystemExit("the map and the floor differ")


if __name__ == "__main__":  # pragma: no cover
    main()
