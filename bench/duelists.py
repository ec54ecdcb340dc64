"""Benchmark: the rank-promotion due list for ALL employees (every agency) through jenjang.careers.duelists, against
one hand-written SQL query computing the same eligible list (years in rank, both predicates BAIK or better,
education ceiling, no active sanction; the same period). Checks both give the same NIPs; prints the median times
(and each run's) and the ratio. Ours is the whole list as the pages get it: one query pre-filtering on necessary
conditions, the rule deciding every row (RankPromotionBatch), the rows built and sorted.

    DATABASE_URL=postgres://... python -m bench duelists [--today 2025-03-01] [--repeat 3] [--synthetic 1000000]

Populate with `jenjang generate --employees N` (national shape) on a dedicated database, or use --synthetic.

`--synthetic N` fills an EMPTY database with N plain employees by INSERT ... SELECT generate_series (a stand-in for
`jenjang generate` where it is not available; it refuses to touch a database that has employees).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from typing import Any


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jenjang.config.settings.local")
    import django

    django.setup()


def hand_written_sql(today: dt.date, params: Any) -> tuple[str, dict[str, Any]]:
    """The eligible list in one SQL statement, its constants read from the same dated parameters."""
    from jenjang.careers import rules
    from jenjang.domain.dates import add_years
    from jenjang.personnel.models import ACTIVE_STATUSES, Employee, PerformanceHistory, SanctionHistory

    period = rules.next_promotion_period(today, params)
    years_needed, good = rules.good_predicates(period, params)
    ceilings = rules.education_ceiling_codes(period, params)
    ceiling_case = " ".join(f"WHEN '{edu}' THEN {code}" for edu, code in ceilings.items())
    predicate_checks = " ".join(
        f"AND EXISTS (SELECT 1 FROM {PerformanceHistory._meta.db_table} p WHERE p.employee_id = e.id "
        f"AND p.year = {period.year - i} AND p.predicate = ANY(%(good)s))"
        for i in range(1, years_needed + 1)
    )
    sanction = ""
    if params.get(rules.SANCTION_BLOCKS, period):
        sanction = (
            f"AND NOT EXISTS (SELECT 1 FROM {SanctionHistory._meta.db_table} s WHERE s.employee_id = e.id "
            "AND s.start_date <= %(period)s AND (s.end_date IS NULL OR s.end_date >= %(period)s))"
        )
    sql = (
        f"SELECT e.nip FROM {Employee._meta.db_table} e "
        "WHERE e.employment_type = 'PNS' AND e.status = ANY(%(active)s) AND e.rank IS NOT NULL "
        "AND e.rank_since <= %(since)s "
        f"AND e.rank < CASE e.education {ceiling_case} ELSE 0 END "
        f"{predicate_checks} {sanction}"
    )
    values = {
        "active": [str(s) for s in ACTIVE_STATUSES],
        "since": add_years(period, -int(params.get(rules.MIN_YEARS_IN_RANK, period))),
        "good": list(good),
        "period": period,
    }
    return sql, values


def synthetic_population(count: int, today: dt.date) -> None:
    """N employees in 10 agencies, with ranks, dates and two years of predicates, by generate_series."""
    from django.db import connection, transaction

    from jenjang.personnel.models import Employee

    if Employee.objects.exists():
        raise SystemExit("--synthetic needs an empty database")
    y1, y2 = today.year - 1, today.year
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO organization_agency (code, name, short_name, kind, province, address, version, "
            "created_at, updated_at) SELECT 'B' || g, 'Instansi bench ' || g, 'B' || g, 'CENTRAL', '', '', 1, "
            "now(), now() FROM generate_series(1, 10) g"
        )
        cursor.execute(
            """
            INSERT INTO personnel_employee (agency_id, nip, name, front_title, back_title, birth_date,
              birth_place, gender, employment_type, appointment_date, rank, rank_since, education,
              position_since, occupation, status, last_salary_increment, email, phone, version,
              created_at, updated_at)
            SELECT (SELECT min(id) FROM organization_agency) + g %% 10,
              lpad(g::text, 18, '0'), 'Pegawai ' || g, '', '', date '1965-01-01' + ((g * 7919) %% 13000)::int,
              '', CASE WHEN g %% 2 = 0 THEN 'M' ELSE 'F' END,
              CASE WHEN g %% 10 = 0 THEN 'PPPK' ELSE 'PNS' END, date '2000-01-01',
              CASE WHEN g %% 10 = 0 THEN NULL ELSE (ARRAY[21,22,23,24,31,32,33,34,41,42])[(1 + g %% 10)::int] END,
              CASE WHEN g %% 10 = 0 THEN NULL ELSE date '2015-01-01' + ((g * 104729) %% 3650)::int END,
              (ARRAY['SLTA','D3','S1','S1','S2','S1','D4','S2','S3','S1'])[1 + ((g / 10) %% 10)::int],
              date '2012-01-01' + ((g * 31) %% 4745)::int, '', 'ACTIVE', date '2022-01-01' + ((g * 13) %% 1100)::int,
              '', '', 1, now(), now()
            FROM generate_series(1::bigint, %s::bigint) g
            """,
            [count],
        )
        for year in (y1 - 1, y1, y2 - 2):
            cursor.execute(
                "INSERT INTO personnel_performancehistory (employee_id, year, predicate, scheme, source, "
                "decree_number, created_at) SELECT id, %s, CASE WHEN (id + %s) %% 7 = 0 THEN 'BUTUH_PERBAIKAN' "
                "WHEN (id + %s) %% 3 = 0 THEN 'SANGAT_BAIK' ELSE 'BAIK' END, 'SKP_2022', '', '', now() "
                "FROM personnel_employee ON CONFLICT DO NOTHING",
                [year, year, year],
            )
        cursor.execute(
            "INSERT INTO personnel_sanctionhistory (employee_id, level, kind, start_date, end_date, "
            "decree_number, created_at) SELECT id, 'SEDANG', 'Penundaan', %s, NULL, '', now() "
            "FROM personnel_employee WHERE id %% 97 = 0",
            [today - dt.timedelta(days=200)],
        )
        cursor.execute("ANALYZE")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench duelists", description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--synthetic", type=int, default=0, help="fill an empty database with N employees first")
    args = parser.parse_args(argv)
    _setup()

    from django.db import connection
    from django.utils import timezone

    from jenjang.careers import rules
    from jenjang.careers.duelists import rank_promotion_due_list
    from jenjang.personnel.models import Employee

    if connection.vendor != "postgresql":
        print("bench duelists: set DATABASE_URL to a PostgreSQL database")
        return 2
    today = args.today or timezone.localdate()
    if args.synthetic:
        started = time.perf_counter()
        synthetic_population(args.synthetic, today)
        print(f"synthetic population of {args.synthetic:,} employees: {time.perf_counter() - started:.1f} s")
    params = rules.parameters_for(None)
    period = rules.next_promotion_period(today, params)
    total = Employee.objects.count()
    sql, values = hand_written_sql(today, params)

    ours_times, sql_times, full_times = [], [], []
    ours: set[str] = set()
    theirs: set[str] = set()
    full_rows = 0
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        found = rank_promotion_due_list(Employee.objects.all(), today=today, params=params, include_blocked=False)
        ours = {row.nip for row in found.rows}
        ours_times.append(time.perf_counter() - started)

        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            theirs = {row[0] for row in cursor.fetchall()}
        sql_times.append(time.perf_counter() - started)

        started = time.perf_counter()
        full_rows = len(rank_promotion_due_list(Employee.objects.all(), today=today, params=params).rows)
        full_times.append(time.perf_counter() - started)

    ours_s, sql_s, full_s = (statistics.median(t) for t in (ours_times, sql_times, full_times))
    same = ours == theirs
    print(f"employees: {total:,}; today {today.isoformat()}; promotion period {period.isoformat()}")
    runs = {"ours": ours_times, "sql": sql_times, "full": full_times}
    print(f"duelists (rule per row):  {ours_s:8.3f} s  {len(ours):,} eligible")
    print(f"hand-written SQL:         {sql_s:8.3f} s  {len(theirs):,} eligible")
    print(f"ratio: {ours_s / sql_s if sql_s else float('inf'):.2f}x (target <= 2x)")
    print(f"full list with blocked:   {full_s:8.3f} s  {full_rows:,} rows (eligible and blocked, with reasons)")
    print("runs (s): " + "; ".join(f"{k} " + " ".join(f"{t:.3f}" for t in v) for k, v in runs.items()))
    print("same NIPs: " + ("yes" if same else f"NO ({len(ours - theirs)} only ours, {len(theirs - ours)} only SQL)"))
    return 0 if same else 1


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
