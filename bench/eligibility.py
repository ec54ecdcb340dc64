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

STATUS_SQL_ORDER = "CASE status WHEN 'overdue' THEN 0 WHEN 'due' THEN 1 WHEN 'blocked' THEN 2 ELSE 3 END"


# The name with academic titles, as the list shows it (careers.facts.full_name).
FULL_NAME = (
    "CASE WHEN front_title <> '' THEN trim(front_title || ' ' || name) ELSE name END "
    "|| CASE WHEN back_title <> '' THEN ', ' || back_title ELSE '' END"
)


def _listed(inner: str) -> str:
    """The rows of `inner` (id, nip, name, titles, rank, unit, date, status) as the list shows them: ordered by
    status, date, name ignoring case (by code point, as Python compares), then NIP."""
    return (
        f"SELECT nip, name, front_title, back_title, rank, unit, date, status FROM ({inner}) listed "
        f'ORDER BY {STATUS_SQL_ORDER}, date NULLS LAST, lower({FULL_NAME}) COLLATE "C", nip COLLATE "C"'
    )


def _case(column: str, mapping: dict[str, Any], default: str = "NULL") -> str:
    whens = " ".join(f"WHEN '{key}' THEN {value}" for key, value in mapping.items())
    return f"CASE {column} {whens} ELSE {default} END"


def _whole_years(column: str, day: dt.date) -> str:
    return f"date_part('year', age(DATE '{day.isoformat()}', {column}))::int"


def floors(today: dt.date, params: Any) -> dict[str, tuple[str, list[Any]]]:
    """For each list, ONE SQL statement computing exactly the same rows (NIP, date, status) with the columns the
    list shows, in the list's order. Constants are read from the same dated parameters as the rules."""
    from jenjang.careers import moves, rules
    from jenjang.careers.duelists import JPT_NEXT, SLACK
    from jenjang.careers.outlook import KGB_HORIZON_MONTHS, RETIREMENT_HORIZON_MONTHS
    from jenjang.domain.dates import add_years
    from jenjang.domain.vocab import PREDICATES, RANK_ORDINAL, RANKS, predicate_at_least, rank_code

    active = "e.status IN ('ACTIVE','LEAVE','STUDY','SECONDED')"
    cols = "e.id, e.nip, e.name, e.front_title, e.back_title, e.rank, u.name AS unit"
    units = "LEFT JOIN organization_unit u ON u.id = e.unit_id"
    positions = "JOIN organization_position p ON p.id = e.position_id"
    day = f"DATE '{today.isoformat()}'"

    horizon = rules.add_months(today, KGB_HORIZON_MONTHS)
    interval = int(params.get(rules.KGB_INTERVAL, today))
    earliest = add_years(today, -interval)
    kgb_next = f"(e.last_salary_increment + interval '{interval} years')::date"
    salary = (
        f"SELECT {cols}, {kgb_next} AS date, CASE WHEN {kgb_next} < {day} THEN 'overdue' ELSE 'due' END AS status "
        f"FROM personnel_employee e {units} WHERE {active} AND e.employment_type = 'PNS' "
        f"AND e.last_salary_increment BETWEEN %s AND %s AND {kgb_next} BETWEEN %s AND %s"
    )
    salary_values = [add_years(earliest, -interval) - SLACK, add_years(horizon, -interval) + SLACK, earliest, horizon]

    r_horizon = rules.add_months(today, RETIREMENT_HORIZON_MONTHS)
    r_earliest = rules.add_months(today, -RETIREMENT_HORIZON_MONTHS)
    by_level = params.get(rules.AGE_BY_LEVEL, today)
    by_occupation = params.get(rules.AGE_BY_OCCUPATION, today)
    age = f"COALESCE({_case('e.occupation', by_occupation)}, {_case('p.level', by_level)})"
    retires = f"(date_trunc('month', e.birth_date + make_interval(years => {age})) + interval '1 month')::date"
    retirement = (
        f"SELECT * FROM (SELECT {cols}, {retires} AS date, CASE WHEN {retires} < {day} THEN 'overdue' ELSE 'due' "
        f"END AS status FROM personnel_employee e {positions} {units} WHERE {active} "
        "AND e.birth_date BETWEEN %s AND %s) r WHERE date BETWEEN %s AND %s"
    )
    young, old = rules.retirement_ages(today, params)
    retirement_values = [
        rules.add_months(add_years(r_earliest, -old), -1) - SLACK,
        add_years(r_horizon, -young) + SLACK,
        r_earliest,
        r_horizon,
    ]

    window = params.get(rules.MUTATION_WINDOW_YEARS, today)
    latest = f"(e.position_since + interval '{int(window['max'])} years')::date"
    rotation = (
        f"SELECT {cols}, {latest} AS date, 'overdue' AS status FROM personnel_employee e {units} "
        f"WHERE {active} AND e.employment_type = 'PNS' AND e.position_since <= %s AND {latest} < {day}"
    )
    rotation_values = [add_years(today, -int(window["max"])) + SLACK]

    requirements = params.get("jpt.requirements", today)
    checks = []
    for level, target in JPT_NEXT.items():
        req = requirements[target]
        education = ",".join(f"'{e}'" for e in req["education"])
        prior_ok = level in req["prior_positions"]
        checks.append(
            f"WHEN '{level}' THEN e.education IN ({education}) "
            f"AND {_whole_years('e.appointment_date', today)} >= {req['min_years_experience']} "
            f"AND {'TRUE' if prior_ok else 'FALSE'} "
            f"AND {_whole_years('e.position_since', today)} >= {req['min_years_in_prior_position']} "
            f"AND {_whole_years('e.birth_date', today)} <= {req['max_age']}"
        )
    jpt_ok = f"CASE p.level {' '.join(checks)} END"
    jpt = (
        f"SELECT {cols}, NULL::date AS date, CASE WHEN {jpt_ok} THEN 'due' ELSE 'blocked' END AS status "
        f"FROM personnel_employee e {positions} {units} WHERE {active} AND e.employment_type = 'PNS' "
        f"AND e.position_since IS NOT NULL AND p.level IN ({','.join(repr(k) for k in JPT_NEXT)})"
    )

    # Rank promotion by position, for the next period: years in rank met, a structural post whose band is above
    # the rank, the rank at or above the education ceiling; due when both years' predicates are good enough and
    # no sanction runs (else blocked).
    period = rules.next_promotion_period(today, params)
    years_needed, good = rules.good_predicates(period, params)
    good_list = ",".join(f"'{g}'" for g in good)
    band = {level: rank_code(str(top)) for level, top in params.get(moves.POSITION_CEILING, period).items()}
    ceilings = rules.education_ceiling_codes(period, params)
    predicate_joins = " ".join(
        f"LEFT JOIN personnel_performancehistory h{i} ON h{i}.employee_id = e.id AND h{i}.year = {period.year - i}"
        for i in range(1, years_needed + 1)
    )
    predicates_ok = " AND ".join(f"h{i}.predicate IN ({good_list})" for i in range(1, years_needed + 1))
    sanction = (
        f"NOT EXISTS (SELECT 1 FROM personnel_sanctionhistory s WHERE s.employee_id = e.id AND s.start_date <= "
        f"DATE '{period.isoformat()}' AND (s.end_date IS NULL OR s.end_date >= DATE '{period.isoformat()}'))"
        if params.get(rules.SANCTION_BLOCKS, period)
        else "TRUE"
    )
    since = add_years(period, -int(params.get(rules.MIN_YEARS_IN_RANK, period)))
    by_position = (
        f"SELECT {cols}, DATE '{period.isoformat()}' AS date, CASE WHEN {predicates_ok} AND {sanction} THEN 'due' "
        f"ELSE 'blocked' END AS status FROM personnel_employee e {positions} {units} {predicate_joins} "
        f"WHERE {active} AND e.employment_type = 'PNS' AND e.rank IS NOT NULL "
        f"AND e.rank_since <= DATE '{since.isoformat()}' "
        f"AND e.rank < {_case('p.level', band, '0')} AND e.rank >= {_case('e.education', ceilings, '99')}"
    )

    # Into a functional position: the level of the rank (keahlian where the education allows it), then the
    # education, age, experience and predicates of that level.
    required = params.get(moves.FUNCTIONAL_REQUIREMENTS, today)
    bands = params.get(moves.FUNCTIONAL_BANDS, today)
    target_cases = []
    for track in ("keahlian", "keterampilan"):
        allowed = ",".join(f"'{e}'" for e in required["education"][track])
        for level, (low, high) in bands[track].items():
            codes = ",".join(
                str(rank_code(r)) for r in RANKS if RANK_ORDINAL[str(low)] <= RANK_ORDINAL[r] <= RANK_ORDINAL[str(high)]
            )
            target_cases.append((track, level, codes, allowed))
    # keahlian when its education and band fit; else keterampilan when its band fits (education checked after)
    target = (
        "CASE "
        + " ".join(
            f"WHEN e.rank IN ({codes}) AND e.education IN ({allowed}) THEN '{level}'"
            for track, level, codes, allowed in target_cases
            if track == "keahlian"
        )
        + " "
        + " ".join(
            f"WHEN e.rank IN ({codes}) THEN '{level}'"
            for track, level, codes, allowed in target_cases
            if track == "keterampilan"
        )
        + " END"
    )
    allowed_any = ",".join(f"'{e}'" for e in required["education"]["keterampilan"])
    floor_predicate = str(required["performance"]["min_predicate"])
    good_move = ",".join(f"'{p}'" for p in PREDICATES if predicate_at_least(p, floor_predicate))
    move_joins = " ".join(
        f"JOIN personnel_performancehistory h{i} ON h{i}.employee_id = e.id AND h{i}.year = {today.year - i} "
        f"AND h{i}.predicate IN ({good_move})"
        for i in range(1, int(required["performance"]["years"]) + 1)
    )
    functional = (
        f"SELECT * FROM (SELECT {cols}, NULL::date AS date, 'due' AS status, {target} AS target, e.birth_date "
        f"FROM personnel_employee e {positions} {units} {move_joins} WHERE {active} AND e.employment_type = 'PNS' "
        f"AND e.rank IS NOT NULL AND p.level NOT LIKE 'JF\\_%%' "
        f"AND {_whole_years('e.appointment_date', today)} >= {int(required['min_years_experience'])} "
        f"AND e.appointment_date <= %s AND e.birth_date > %s "
        f"AND e.education IN ({allowed_any})) f "
        f"WHERE target IS NOT NULL AND {_whole_years('birth_date', today)} <= {_case('target', required['max_age'])}"
    )
    oldest = max(int(a) for a in required["max_age"].values())
    functional_values = [
        add_years(today, -int(required["min_years_experience"])) + SLACK,
        add_years(today, -(oldest + 1)) - SLACK,
    ]
    return {
        "rank_by_position": (_listed(by_position), []),
        "salary_increment": (_listed(salary), salary_values),
        "retirement": (_listed(retirement), retirement_values),
        "rotation": (_listed(rotation), rotation_values),
        "jpt": (_listed(jpt), []),
        "functional_move": (_listed(functional), functional_values),
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
    rank_sql, rank_values = hand_written_sql(today, params)
    ours: dict[str, list[float]] = {k: [] for k in BUILDERS}
    theirs: dict[str, list[float]] = {k: [] for k in BUILDERS}
    rows: dict[str, tuple[int, int]] = {}
    differences: dict[str, int] = {}
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
                if kind == "rank_promotion":
                    cursor.execute(rank_sql, rank_values)
                else:
                    cursor.execute(*sql[kind])
                fetched = cursor.fetchall()
            theirs[kind].append(time.perf_counter() - started)
            rows[kind] = (len(found.rows), len(fetched))
            # The same list: for rank promotion the same NIPs (the floor is the eligible NIPs); for the others
            # the same (NIP, date, status) in the same order.
            if kind == "rank_promotion":
                mine: list[Any] = sorted(row.nip for row in found.rows)
                floor: list[Any] = sorted(row[0] for row in fetched)
            else:
                mine = [(row.nip, row.date, row.status) for row in found.rows]
                floor = [(row[0], row[6], row[7]) for row in fetched]
            differences[kind] = len(set(mine) ^ set(floor)) + (0 if set(mine) != set(floor) or mine == floor else 1)
    print(f"employees: {Employee.objects.count():,}; today {today.isoformat()}; median of {args.repeat}")
    print("| list | rows (rule) | rows (SQL floor) | same list | Jenjang (s) | SQL floor (s) | ratio |")
    print("|---|---:|---:|---|---:|---:|---:|")
    total_ours = total_sql = 0.0
    for kind in BUILDERS:
        a, b = statistics.median(ours[kind]), statistics.median(theirs[kind])
        total_ours += a
        total_sql += b
        same = "yes" if differences[kind] == 0 else f"NO ({differences[kind]})"
        print(
            f"| {kind} | {rows[kind][0]:,} | {rows[kind][1]:,} | {same} | {a:.3f} | {b:.3f} | "
            f"{a / b if b else 0:.2f}x |"
        )
    print(f"| **all** | | | | {total_ours:.3f} | {total_sql:.3f} | **{total_ours / total_sql:.2f}x** |")
    if any(differences.values()):
        print("bench eligibility: a list differs from its SQL floor")
        return 1
    return 0
