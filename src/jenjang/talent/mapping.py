"""The talent map: every active employee of an agency placed in a 9-box for a period (year), set-based.

On PostgreSQL one INSERT ... SELECT ... ON CONFLICT per agency computes and writes the placements (decision 0002,
`placement_sql`): the rules' outcomes over their small domains (performance per predicate tuple, box per cell,
standards) are computed by their own functions and passed in as lookup tables; the per-row arithmetic is the
Python path's, in integers. Elsewhere (SQLite), and as the reference the SQL path is tested against, one query
reads the employees with their current assessment and the period's predicates, the rules are evaluated in batch
(memoised on the few distinct inputs that decide the result) and the placements are written with bulk upserts.
Boxes a talent review moved keep the review's box when the map is run again (the computed box is refreshed).

Performance: `talent.performance_method` (the period's last N annual predicates, mapped to a rating, combined).
Potential: the `jpm` of the latest assessment against the employee's own position standard (SKJ) and the assessed
potential score, weighted by `talent.potential_weights`, banded by `talent.potential_bands`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import F, FilteredRelation, Q
from django.utils import timezone

from jenjang.core.audit import audit_record
from jenjang.domain.competency.jpm import CAPPED
from jenjang.domain.parameters import ParameterSet
from jenjang.domain.talent.nine_box import POOL, classify_nine_box
from jenjang.domain.vocab import COMPETENCIES
from jenjang.organization.models import Position
from jenjang.personnel.models import ACTIVE_STATUSES, Employee

from .models import Placement
from .selectors import default_level, standards_for_positions

PERFORMANCE_METHOD = "talent.performance_method"
POTENTIAL_BANDS = "talent.potential_bands"
POTENTIAL_WEIGHTS = "talent.potential_weights"
RATING_ORDER = {"BELOW": 1, "MEETS": 2, "ABOVE": 3}
CHUNK = 5000
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Method:
    """The parameters of one run, read once."""

    years: tuple[int, ...]  # newest first
    min_years: int
    combine: str
    rating: dict[str, str]
    capped: bool
    bands: tuple[tuple[str, Fraction], ...]
    weight_jpm: Fraction
    weight_score: Fraction
    boxes: dict[tuple[str, str], int]
    pool: frozenset[int]


def method_for(year: int, params: ParameterSet) -> Method:
    as_of = dt.date(year, 12, 31)
    perf = params.get(PERFORMANCE_METHOD, as_of)
    weights = params.get(POTENTIAL_WEIGHTS, as_of)
    return Method(
        years=tuple(year - i for i in range(int(perf["years"]))),
        min_years=int(perf["min_years"]),
        combine=str(perf["combine"]),
        rating={str(k): str(v) for k, v in perf["rating"].items()},
        capped=bool(params.get(CAPPED, as_of)),
        bands=tuple(
            (str(b["potential"]), Fraction(Decimal(str(b["min"])))) for b in params.get(POTENTIAL_BANDS, as_of)
        ),
        weight_jpm=Fraction(Decimal(str(weights["jpm"]))),
        weight_score=Fraction(Decimal(str(weights["potential_score"]))),
        boxes={(p, q): classify_nine_box(p, q, as_of, params) for p in RATING_ORDER for q in ("HIGH", "MEDIUM", "LOW")},
        pool=frozenset(int(b) for b in params.get(POOL, as_of)),
    )


def performance_of(predicates: dict[int, str], method: Method) -> str | None:
    """The rating from the period's predicates (None when fewer than min_years are recorded)."""
    ratings = [method.rating[predicates[y]] for y in method.years if predicates.get(y) in method.rating]
    if len(ratings) < method.min_years or not ratings:
        return None
    if method.combine == "LATEST":
        return ratings[0]
    return min(ratings, key=RATING_ORDER.__getitem__)


def jpm_fraction(standard: dict[str, int], actual: dict[str, Any], capped: bool) -> Fraction | None:
    """The `jpm` rule's percentage (exact), or None without a level for each of the nine competencies."""
    total_standard = 0
    total = 0
    for code in COMPETENCIES:
        got = actual.get(code)
        if not isinstance(got, int):
            return None
        need = standard[code]
        total_standard += need
        total += min(got, need) if capped else got
    return Fraction(total * 100, total_standard)


def potential_of(jpm: Fraction | None, score: Decimal | None, method: Method) -> tuple[Fraction, str] | None:
    """The combined 0-100 potential value and its band; None when neither JPM nor a potential score exists."""
    parts: list[tuple[Fraction, Fraction]] = []
    if jpm is not None:
        parts.append((min(jpm, Fraction(100)), method.weight_jpm))
    if score is not None:
        parts.append((Fraction(score), method.weight_score))
    weight = sum((w for _v, w in parts), Fraction(0))
    if not parts or weight == 0:
        return None
    value = sum((v * w for v, w in parts), Fraction(0)) / weight
    for band, floor in method.bands:
        if value >= floor:
            return value, band
    return value, method.bands[-1][0]


def to_decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def rows_in(agency_id: int, years: Iterable[int]) -> Iterator[tuple[Any, ...]]:
    """The one query in: (employee id, position id, position level, levels, potential score, *predicates)."""
    years = list(years)
    relations: dict[str, Any] = {
        "cur": FilteredRelation("competency_assessments", condition=Q(competency_assessments__current=True))
    }
    for i, year in enumerate(years):
        relations[f"p{i}"] = FilteredRelation("performancehistory_set", condition=Q(performancehistory_set__year=year))
    qs = (
        Employee.objects.filter(agency_id=agency_id, status__in=ACTIVE_STATUSES)
        .annotate(**relations)
        .order_by()
        .values_list(
            "pk",
            "position_id",
            "position__level",
            "cur__levels",
            "cur__potential_score",
            *[f"p{i}__predicate" for i in range(len(years))],
        )
    )
    from django.db import connection

    if connection.vendor == "sqlite":  # no server-side cursors: read the rows, then write (one query either way)
        return iter(list(qs))
    return qs.iterator(chunk_size=CHUNK)


class FastPotential:
    """`potential_of` for the batch loop, in integer arithmetic (same results, exactly: a test compares them), memoised
    on (jpm numerator, jpm denominator, score in cents). Returns (value rounded to cents as Decimal, band) or None."""

    def __init__(self, method: Method) -> None:
        self.method = method
        self.memo: dict[tuple[int, int, int | None], tuple[Decimal, str] | None] = {}

    def __call__(self, jpm: Fraction | None, score: Decimal | None) -> tuple[Decimal, str] | None:
        cents = None if score is None else int(score * 100)
        key = (jpm.numerator if jpm is not None else -1, jpm.denominator if jpm is not None else 0, cents)
        found = self.memo.get(key, False)
        if found is False:
            found = self.memo[key] = self._compute(jpm, score)
        return found

    def _compute(self, jpm: Fraction | None, score: Decimal | None) -> tuple[Decimal, str] | None:
        """The combined value as num/den in integers: (min(jpm, 100) * wj + score * ws) / (wj + ws), with the
        weights over a common denominator; a part that is absent drops out with its weight."""
        method = self.method
        q = method.weight_jpm.denominator * method.weight_score.denominator
        a = int(method.weight_jpm * q)
        b = int(method.weight_score * q)
        if jpm is not None:
            jn, jd = (100, 1) if jpm >= 100 else (jpm.numerator, jpm.denominator)
        if jpm is not None and score is not None:
            if a + b == 0:
                return None
            cents = int(score * 100)
            num, den = jn * a * 100 + cents * jd * b, jd * 100 * (a + b)
        elif jpm is not None:
            if a == 0:
                return None
            num, den = jn, jd
        elif score is not None:
            if b == 0:
                return None
            num, den = int(score * 100), 100
        else:
            return None
        band = method.bands[-1][0]
        for name, floor in method.bands:
            if num * floor.denominator >= floor.numerator * den:
                band = name
                break
        rounded = (2 * num * 100 + den) // (2 * den)  # half up, to cents (values are never negative)
        return Decimal(rounded).scaleb(-2), band


@dataclass
class RunResult:
    year: int
    placed: int
    unplaced_no_performance: int
    unplaced_no_potential: int
    counts: dict[int, int]


WRITE_COLUMNS = (
    "agency_id",
    "employee_id",
    "year",
    "performance",
    "potential",
    "computed_box",
    "box",
    "potential_value",
    "jpm",
    "potential_score",
    "predicates",
    "target_level",
    "computed_at",
)


def run_talent_map(
    *,
    agency_id: int,
    year: int,
    params: ParameterSet,
    actor: Any = None,
    progress: Callable[[int, int], None] | None = None,
    set_based: bool | None = None,
) -> RunResult:
    """Place every active employee of the agency for the period `year`, in one transaction. `progress(done,
    total)` is called after each written chunk (total: the active employees read). `set_based` (default: on
    PostgreSQL) computes the placements in SQL (`_place_in_sql`, decision 0002); otherwise the rows are read and
    decided in Python (`_place_in_python`, the SQLite path and the reference the SQL path is tested against)."""
    from django.db import connection

    if set_based is None:
        set_based = connection.vendor == "postgresql"
    method = method_for(year, params)
    total = Employee.objects.filter(agency_id=agency_id, status__in=ACTIVE_STATUSES).count() if progress else 0
    with transaction.atomic():
        stamp = timezone.now()
        place = _place_in_sql if set_based else _place_in_python
        placed, no_perf, no_pot, counts = place(agency_id, year, method, params, stamp, progress, total)
        if progress:
            progress(total, total)
        # Placements this run did not write (people who left, or lost their predicates): one set-based delete.
        Placement.objects.filter(agency_id=agency_id, year=year, computed_at__lt=stamp).delete()
        result = RunResult(year, placed, no_perf, no_pot, counts)
        audit_record(
            actor=actor,
            action="talent.map.run",
            agency_id=agency_id,
            object_type="talent.placement",
            object_id=year,
            object_repr=f"talent map {year}",
            changes={"placed": result.placed, "counts": counts, "no_performance": no_perf, "no_potential": no_pot},
        )
    return result


Placed = tuple[int, int, int, dict[int, int]]  # placed, without performance, without potential, counts by box


def _place_in_python(
    agency_id: int,
    year: int,
    method: Method,
    params: ParameterSet,
    stamp: dt.datetime,
    progress: Callable[[int, int], None] | None,
    total: int,
) -> Placed:
    """Read the rows, decide each in Python (memoised), write by COPY + upsert (PostgreSQL) or bulk upserts."""
    from django.db import connection

    levels = dict(Position.objects.filter(agency_id=agency_id).values_list("pk", "level"))
    standards = standards_for_positions(levels.items(), dt.date(year, 12, 31), params)
    # Each position's standard as a tuple in COMPETENCIES order, and its total (the JPM's denominator).
    standard_rows = {pk: tuple(std[c] for c in COMPETENCIES) for pk, std in standards.items()}
    potential = FastPotential(method)
    jpm_memo: dict[tuple[Any, ...], tuple[Fraction | None, Decimal | None]] = {}
    # Inside the transaction: the COPY writer's temporary table lives until the commit.
    writer = _CopyWriter(connection) if connection.vendor == "postgresql" else _BulkWriter()
    reviewed = dict(
        Placement.objects.filter(agency_id=agency_id, year=year)
        .exclude(box=F("computed_box"))
        .values_list("employee_id", "box")
    )
    counts = dict.fromkeys(range(1, 10), 0)
    placed = 0
    no_perf = no_pot = 0
    seen = 0
    years = method.years
    rating = method.rating
    rank = RATING_ORDER
    lowest = method.combine != "LATEST"
    min_years = max(method.min_years, 1)
    boxes = method.boxes
    capped = method.capped
    for row in rows_in(agency_id, years):
        seen += 1
        pk, position_id, _level, actual, score = row[:5]
        found_predicates = row[5:]
        ratings = [rating[p] for p in found_predicates if p in rating]
        if len(ratings) < min_years:
            no_perf += 1
            continue
        performance = min(ratings, key=rank.__getitem__) if lowest else ratings[0]
        jpm = jpm_cents = None
        if actual and position_id in standard_rows:
            got = tuple(actual.get(c) for c in COMPETENCIES)
            memo_key = (position_id, got)
            if memo_key in jpm_memo:
                jpm, jpm_cents = jpm_memo[memo_key]
            else:
                jpm = _jpm_tuple(standard_rows[position_id], got, capped)
                jpm_cents = to_decimal(jpm) if jpm is not None else None
                jpm_memo[memo_key] = (jpm, jpm_cents)
        found = potential(jpm, score)
        if found is None:
            no_pot += 1
            continue
        value, band = found
        box = boxes[(performance, band)]
        final = reviewed.get(pk, box)
        counts[final] += 1
        placed += 1
        writer.add(
            (
                agency_id,
                pk,
                year,
                performance,
                band,
                box,
                final,
                value,
                jpm_cents,
                score,
                {str(y): p for y, p in zip(years, found_predicates, strict=True) if p},
                levels.get(position_id, "") if position_id else "",
                stamp,
            )
        )
        if writer.pending >= CHUNK:
            writer.flush()
            if progress:
                progress(seen, total)
    writer.flush()
    writer.close()
    return placed, no_perf, no_pot, counts


SQL_CHUNK = 25_000  # employees per statement when progress is reported


def _place_in_sql(
    agency_id: int,
    year: int,
    method: Method,
    params: ParameterSet,
    stamp: dt.datetime,
    progress: Callable[[int, int], None] | None,
    total: int,
) -> Placed:
    """PostgreSQL: one INSERT ... SELECT ... ON CONFLICT per agency (per id range of SQL_CHUNK employees when
    progress is reported). See `placement_sql` for how the rules' decisions reach SQL."""
    from django.db import connection

    sql, values = placement_sql(agency_id, year, method, params, stamp, ranged=progress is not None)
    counts = dict.fromkeys(range(1, 10), 0)
    placed = no_perf = no_pot = 0
    with connection.cursor() as cursor:
        # The statement reaches an agency's rows through the employees' indexes (assessment, predicates). With the
        # default random_page_cost (4, for disks that seek) the planner prefers hashing whole tables, which costs
        # every agency's run the scan of every agency's rows (111 agencies at 1,000,000 employees).
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        if progress is None:
            ranges: list[tuple[int, int]] = [(0, 0)]
        else:
            cursor.execute(
                "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM personnel_employee "
                "WHERE agency_id = %s AND status = ANY(%s)) x WHERE n %% %s = 0 ORDER BY id",
                [agency_id, [str(s) for s in ACTIVE_STATUSES], SQL_CHUNK],
            )
            starts = [row[0] for row in cursor.fetchall()]
            ranges = list(zip(starts, [*starts[1:], 2**62][: len(starts)], strict=True))
        done = 0
        for lo, hi in ranges:
            cursor.execute(sql, {**values, "lo": lo, "hi": hi})
            for box, n in cursor.fetchall():
                if box == -1:
                    no_perf += n
                elif box == 0:
                    no_pot += n
                else:
                    counts[box] += n
                    placed += n
                done += n
            if progress is not None:
                progress(done, total)
    return placed, no_perf, no_pot, counts


def _level(code: str) -> str:
    """SQL for a competency's assessed level: the stored integer, NULL when absent or null. Levels are stored as
    integers (every writer goes through `services.clean_levels`); a stored level that is not an integer makes the
    statement fail (the Python path would count it as missing), except text holding an integer ("3"), read as 3."""
    return f"(a.levels ->> '{code}')::bigint"


def placement_sql(
    agency_id: int,
    year: int,
    method: Method,
    params: ParameterSet,
    stamp: dt.datetime,
    *,
    ranged: bool,
) -> tuple[str, dict[str, Any]]:
    """The set-based map (decision 0002): every decision with a small domain is made by the rules' own functions
    and reaches SQL as a lookup table: the performance of each possible tuple of the window's predicates
    (`performance_of`), the box of each (performance, potential) cell (`classify_nine_box`, in Method.boxes), each
    position level's default standard (`default_level`) and the standard of positions with entered levels
    (`standards_for_positions`). The per-row arithmetic is `_jpm_tuple`, `to_decimal` and
    `FastPotential._compute` in integers, with the weights and band floors of the dated parameters bound as
    values. Returns rows (box, n), with box -1 for no performance and 0 for no potential."""
    import itertools

    years = method.years
    keys = sorted(method.rating)
    values: dict[str, Any] = {
        "agency": agency_id,
        "year": year,
        "stamp": stamp,
        "active": [str(s) for s in ACTIVE_STATUSES],
        "keys": keys,
    }
    # Performance: performance_of for every tuple of the window's years (a predicate that rates, or none).
    perf_rows = []
    for i, combo in enumerate(itertools.product([*keys, ""], repeat=len(years))):
        rating = performance_of({y: p for y, p in zip(years, combo, strict=True) if p}, method)
        if rating is None:
            continue
        for j, p in enumerate(combo):
            values[f"r{i}_{j}"] = p
        values[f"r{i}"] = rating
        perf_rows.append("(" + ", ".join([*(f"%(r{i}_{j})s" for j in range(len(years))), f"%(r{i})s"]) + ")")
    k_cols = ", ".join(f"k{j}" for j in range(len(years)))
    perf_table = (
        f"(VALUES {', '.join(perf_rows)}) AS perf ({k_cols}, performance)"
        if perf_rows
        else f"(SELECT {', '.join(f'NULL::text AS k{j}' for j in range(len(years)))}, NULL::text AS performance "
        "WHERE false) AS perf"
    )
    perf_join = " AND ".join(
        f"perf.k{j} = CASE WHEN p{j}.predicate = ANY(%(keys)s) THEN p{j}.predicate ELSE '' END"
        for j in range(len(years))
    )
    history = "\n".join(
        f"LEFT JOIN personnel_performancehistory p{j} ON p{j}.employee_id = e.id AND p{j}.year = %(y{j})s"
        for j in range(len(years))
    )
    for j, y in enumerate(years):
        values[f"y{j}"] = y
    predicates = ", ".join(f"'{y}', NULLIF(p{j}.predicate, '')" for j, y in enumerate(years))
    # Nine-box: classify_nine_box's nine outcomes.
    box_rows = []
    for i, ((perf, pot), box) in enumerate(sorted(method.boxes.items())):
        values.update({f"b{i}p": perf, f"b{i}q": pot, f"b{i}": box})
        box_rows.append(f"(%(b{i}p)s, %(b{i}q)s, %(b{i})s::int)")
    # Standards (the SKJ): each position level's default (`default_level`), and the full standard of the positions
    # that have levels entered (`standards_for_positions`, on those positions only).
    as_of = dt.date(year, 12, 31)
    agency_levels = sorted(set(Position.objects.filter(agency_id=agency_id).values_list("level", flat=True)))
    values["lvl_name"] = agency_levels
    values["lvl_default"] = [default_level(level, as_of, params) for level in agency_levels]
    entered = Position.objects.filter(agency_id=agency_id, competency_standards__isnull=False).distinct()
    standards = standards_for_positions(entered.values_list("pk", "level"), as_of, params)
    positions = sorted(standards)
    values["std_id"] = positions
    for i, code in enumerate(COMPETENCIES):
        values[f"std{i}"] = [int(standards[pk][code]) for pk in positions]
    std_cols = ", ".join(f"%(std{i})s::int[]" for i in range(len(COMPETENCIES)))
    std_names = ", ".join(f"s{i}" for i in range(len(COMPETENCIES)))
    std_values = ", ".join(f"COALESCE(std.s{i}, dflt.lvl) AS s{i}" for i in range(len(COMPETENCIES)))
    std_total = " + ".join(f"COALESCE(std.s{i}, dflt.lvl)" for i in range(len(COMPETENCIES)))
    level_cols = ",\n".join(f"{_level(code)} AS l{i}" for i, code in enumerate(COMPETENCIES))
    parts = [
        f"CASE WHEN l{i} >= s{i} THEN s{i} ELSE l{i} END" if method.capped else f"l{i}"
        for i in range(len(COMPETENCIES))
    ]
    # The combined value as num/den: FastPotential._compute, the weights over a common denominator.
    q = method.weight_jpm.denominator * method.weight_score.denominator
    wa, wb = int(method.weight_jpm * q), int(method.weight_score * q)
    values.update({"wa": wa, "wb": wb, "wab": wa + wb})
    both_num = "NULL::bigint" if wa + wb == 0 else "jn * %(wa)s * 100 + sc * jd * %(wb)s"
    both_den = "jd * 100 * %(wab)s"
    jpm_num = "NULL::bigint" if wa == 0 else "jn"
    score_num = "NULL::bigint" if wb == 0 else "sc"
    bands = []
    for i, (name, floor) in enumerate(method.bands):
        values.update({f"band{i}": name, f"band{i}n": floor.numerator, f"band{i}d": floor.denominator})
        bands.append(f"WHEN num * %(band{i}d)s >= %(band{i}n)s::bigint * den THEN %(band{i})s")
    values["band_last"] = method.bands[-1][0]
    band_sql = f"CASE WHEN num IS NULL THEN NULL {' '.join(bands)} ELSE %(band_last)s END"
    id_range = "AND e.id >= %(lo)s AND e.id < %(hi)s" if ranged else ""
    columns = ", ".join(WRITE_COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in WRITE_COLUMNS if c not in ("employee_id", "year", "box"))
    table = Placement._meta.db_table
    # Each stage is computed once per row: OFFSET 0 keeps PostgreSQL from inlining a stage's expression into every
    # use in the next. The source is materialised once: the insert reads the placed rows, the counts read all.
    sql = f"""
    WITH src AS MATERIALIZED (
      SELECT c.*, nb.box FROM (
        SELECT v.*, CASE WHEN num IS NULL THEN NULL ELSE (2 * num * 100 + den) / (2 * den) END AS value_cents,
          {band_sql} AS band
        FROM (
          SELECT w.*,
            CASE WHEN tot IS NOT NULL AND sc IS NOT NULL THEN {both_num}
              WHEN tot IS NOT NULL THEN {jpm_num} WHEN sc IS NOT NULL THEN {score_num} END AS num,
            CASE WHEN tot IS NOT NULL AND sc IS NOT NULL THEN {both_den}
              WHEN tot IS NOT NULL THEN jd WHEN sc IS NOT NULL THEN 100 END AS den
          FROM (
            SELECT t.*,
              CASE WHEN tot >= total THEN 100 ELSE tot * 100 END AS jn,
              CASE WHEN tot >= total THEN 1 ELSE total END AS jd,
              CASE WHEN tot IS NULL THEN NULL ELSE (2 * tot * 10000 + total) / (2 * total) END AS jpm_cents
            FROM (
              SELECT r.*, trunc(potential_score * 100)::bigint AS sc,
                CASE WHEN total IS NOT NULL THEN ({" + ".join(parts)})::bigint END AS tot
              FROM (
                SELECT e.id AS employee_id, a.potential_score, perf.performance,
                  ({std_total})::bigint AS total, COALESCE(pos.level, '') AS target_level, {std_values},
                  jsonb_strip_nulls(jsonb_build_object({predicates})) AS predicates,
                  {level_cols}
                FROM personnel_employee e
                LEFT JOIN talent_assessment a ON a.employee_id = e.id AND a.current
                LEFT JOIN organization_position pos ON pos.id = e.position_id AND pos.agency_id = %(agency)s
                LEFT JOIN unnest(%(lvl_name)s::text[], %(lvl_default)s::int[]) AS dflt (level, lvl)
                  ON dflt.level = pos.level
                LEFT JOIN unnest(%(std_id)s::int[], {std_cols}) AS std (position_id, {std_names})
                  ON std.position_id = pos.id
                {history}
                LEFT JOIN {perf_table} ON {perf_join}
                WHERE e.agency_id = %(agency)s AND e.status = ANY(%(active)s) {id_range}
                OFFSET 0
              ) r WHERE performance IS NOT NULL OFFSET 0
            ) t OFFSET 0
          ) w OFFSET 0
        ) v OFFSET 0
      ) c
      LEFT JOIN (VALUES {", ".join(box_rows)}) AS nb (performance, potential, box)
        ON nb.performance = c.performance AND nb.potential = c.band
    ),
    ins AS (
      INSERT INTO {table} AS old ({columns})
      SELECT %(agency)s, employee_id, %(year)s, performance, band, box, box, value_cents * 0.01, jpm_cents * 0.01,
        potential_score, predicates, target_level, %(stamp)s
      FROM src WHERE box IS NOT NULL
      ON CONFLICT (employee_id, year) DO UPDATE SET {updates},
        box = CASE WHEN old.agency_id = EXCLUDED.agency_id AND old.box <> old.computed_box THEN old.box
          ELSE EXCLUDED.box END
      RETURNING old.box
    )
    SELECT box, count(*) FROM ins GROUP BY box
    UNION ALL SELECT 0, count(*) FROM src WHERE box IS NULL
    UNION ALL SELECT -1, (SELECT count(*) FROM personnel_employee e WHERE e.agency_id = %(agency)s
      AND e.status = ANY(%(active)s) {id_range}) - (SELECT count(*) FROM src)
    """  # noqa: S608 (identifiers are constants; every value is bound)
    return sql, values


def _jpm_tuple(standard: tuple[int, ...], actual: tuple[Any, ...], capped: bool) -> Fraction | None:
    """`jpm_fraction` on tuples in COMPETENCIES order (a test checks both agree)."""
    total = 0
    for got, need in zip(actual, standard, strict=True):
        if not isinstance(got, int):
            return None
        total += (got if got < need else need) if capped else got
    return Fraction(total * 100, sum(standard))


class _BulkWriter:
    """Any database: bulk upserts of model instances (SQLite in tests and the demo)."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []

    @property
    def pending(self) -> int:
        return len(self.rows)

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        batch = [Placement(**dict(zip(WRITE_COLUMNS, row, strict=True))) for row in self.rows]
        self.rows = []
        Placement.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["employee", "year"],
            update_fields=[c.removesuffix("_id") for c in WRITE_COLUMNS if c not in ("employee_id", "year")],
        )

    def close(self) -> None:
        pass


class _CopyWriter:
    """PostgreSQL: rows go by COPY into a temporary table, then one INSERT ... ON CONFLICT DO UPDATE per chunk."""

    TEMP = "talent_placement_in"

    def __init__(self, connection: Any) -> None:
        import json

        self.connection = connection
        self.rows: list[tuple[Any, ...]] = []
        self.dumps = json.dumps
        columns = ", ".join(WRITE_COLUMNS)
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in WRITE_COLUMNS if c not in ("employee_id", "year"))
        self.copy_sql = f"COPY {self.TEMP} ({columns}) FROM STDIN"
        self.upsert_sql = (
            f"INSERT INTO {Placement._meta.db_table} ({columns}) SELECT {columns} FROM {self.TEMP} "  # noqa: S608
            f"ON CONFLICT (employee_id, year) DO UPDATE SET {updates}"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TEMP}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.TEMP} ON COMMIT DROP AS "  # noqa: S608 (constant names only)
                f"SELECT {columns} FROM {Placement._meta.db_table} WITH NO DATA"
            )

    @property
    def pending(self) -> int:
        return len(self.rows)

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        dumps = self.dumps
        with self.connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(self.copy_sql) as copy:
                for row in self.rows:
                    copy.write_row((*row[:10], dumps(row[10]), *row[11:]))
            cursor.execute(self.upsert_sql)
            cursor.execute(f"TRUNCATE {self.TEMP}")
        self.rows = []

    def close(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TEMP}")
