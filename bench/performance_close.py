"""Benchmark: closing the appraisal period for every employee through jenjang.performance.services.period_close (per
agency: the skp-predicate rule's nine cells as one UPDATE, the INSERT ... SELECT ... ON CONFLICT into the performance
history, the SKPs made final — in id ranges with progress), against a floor of ONE hand-written SQL statement doing
the same history write for all employees. Checks both write the same (employee, year, predicate) rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jenjang_bench_perf \\
        uv run python -m bench performance_close [--generate 100000] [--repeat 3] [--year 2030]

`--generate N` migrates and runs `jenjang generate --employees N` into the database when it has no employees.
Every run starts from the same state: one open period per agency, a RATED SKP for every employee (ratings drawn
deterministically from the employee id), no history rows of the bench year, and the two tables vacuumed (so the
rows deleted by the previous run do not slow the next) and checkpointed (needs a superuser, as `postgres` is).
"""

from __future__ import annotations

import argparse
import os
import time

from .common import ensure_database, machine, median

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jenjang_bench_perf"
EXPECTATIONS = ("ABOVE", "MEETS", "BELOW")


def _setup(url: str, generate: int) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jenjang.config.settings.local")
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jenjang.personnel.models import Employee

    if generate and not Employee.objects.exists():
        call_command("generate", employees=generate)


def _prepare(year: int) -> int:
    """Periods (one per agency) and RATED SKPs for every employee, set-based; no history rows for `year`."""
    from django.db import connection

    from jenjang.performance.models import Period, Skp
    from jenjang.personnel.models import Employee, PerformanceHistory

    PerformanceHistory.objects.filter(year=year).delete()
    skp, period, emp = Skp._meta.db_table, Period._meta.db_table, Employee._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {skp} WHERE period_id IN (SELECT id FROM {period} WHERE year = %s)", [year])
        cursor.execute(f"DELETE FROM {period} WHERE year = %s", [year])
        cursor.execute(
            f"INSERT INTO {period} (agency_id, year, cadence, organization_predicate, status, version, created_at, "
            f"updated_at) SELECT DISTINCT agency_id, %s, 'QUARTERLY', 'BAIK', 'OPEN', 1, now(), now() FROM {emp}",
            [year],
        )
        w = "(ARRAY['ABOVE','MEETS','BELOW'])[1 + mod(e.id, 3)]"
        b = "(ARRAY['ABOVE','MEETS','BELOW'])[1 + mod(e.id / 3, 3)]"
        cursor.execute(
            f"INSERT INTO {skp} (period_id, agency_id, employee_id, unit_id, status, expectations, return_comment, "
            "work_rating, behaviour_rating, rating_feedback, predicate, predicate_reasons, final_predicate, version, "
            f"created_at, updated_at) SELECT p.id, e.agency_id, e.id, e.unit_id, 'RATED', '', '', {w}, {b}, '', '', "
            f"'{{}}'::jsonb, '', 1, now(), now() FROM {emp} e JOIN {period} p ON p.agency_id = e.agency_id "
            "AND p.year = %s",
            [year],
        )
        inserted = cursor.rowcount
        # the same starting state every run: the rows deleted by the previous run must not weigh on the next
        cursor.execute(f"VACUUM (ANALYZE) {skp}, {PerformanceHistory._meta.db_table}")
        cursor.execute("CHECKPOINT")  # and no checkpoint of the set-up's writes running into the measurement
        return inserted


def _floor_sql(year: int) -> tuple[str, list[object]]:
    """The same write in one statement: the predicate matrix as a CASE (from the same parameter), all employees."""
    import datetime as dt

    from jenjang.domain.parameters import default_parameters
    from jenjang.performance import rules
    from jenjang.performance.models import Period, Skp
    from jenjang.personnel.models import PerformanceHistory

    table = rules.predicate_table(dt.date(year, 12, 31), default_parameters())
    cells = " ".join(f"WHEN s.work_rating = '{w}' AND s.behaviour_rating = '{b}' THEN '{p}'"
                     for (w, b), p in table.items())  # fmt: skip
    sql = (
        f"INSERT INTO {PerformanceHistory._meta.db_table} (employee_id, year, predicate, scheme, source, "
        f"decree_number, created_at) SELECT s.employee_id, %s, CASE {cells} END, 'SKP_2022', 'performance', '', "
        f"now() FROM {Skp._meta.db_table} s JOIN {Period._meta.db_table} p ON p.id = s.period_id "
        "WHERE p.year = %s AND s.status = 'RATED' ON CONFLICT (employee_id, year) DO UPDATE SET "
        "predicate = excluded.predicate, scheme = excluded.scheme, source = excluded.source"
    )
    return sql, [year, year]


def _rows(year: int) -> list[tuple[int, str]]:
    from jenjang.personnel.models import PerformanceHistory

    return list(
        PerformanceHistory.objects.filter(year=year).order_by("employee_id").values_list("employee_id", "predicate")
    )


def _ours(year: int) -> float:
    from django.contrib.auth import get_user_model

    from jenjang.performance import services
    from jenjang.performance.models import Period

    actor = get_user_model()._default_manager.filter(is_superuser=True).first()
    if actor is None:
        actor = get_user_model()._default_manager.create_superuser("bench-perf", "bench@example.invalid", "x")
    periods = list(Period.objects.filter(year=year).order_by("id"))
    start = time.perf_counter()
    for period in periods:
        services.period_close(actor=actor, period=period)
    return time.perf_counter() - start


def _floor(year: int) -> float:
    from django.db import connection, transaction

    sql, params = _floor_sql(year)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench performance_close")
    parser.add_argument("--generate", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=2030)
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    _setup(url, args.generate)
    ours, floor = [], []
    reference: list[tuple[int, str]] | None = None
    for _ in range(args.repeat):
        n = _prepare(args.year)
        floor.append(_floor(args.year))
        reference = _rows(args.year)
        n = _prepare(args.year)
        ours.append(_ours(args.year))
        got = _rows(args.year)
        if got != reference:
            print(f"MISMATCH: ours wrote {len(got)} rows, the floor {len(reference)}")
            return 1
    from jenjang.performance.models import Period

    agencies = Period.objects.filter(year=args.year).count()
    print(f"machine: {machine()}")
    print(f"employees closed: {n:,} in {agencies} agency periods; rows checked identical")
    print(f"ours  (period_close per agency): median {median(ours):.2f} s  runs {[round(t, 2) for t in ours]}")
    print(f"floor (one INSERT ... SELECT):   median {median(floor):.2f} s  runs {[round(t, 2) for t in floor]}")
    print(f"ratio ours/floor: {median(ours) / median(floor):.2f}x (target <= 2x)")
    return 0
