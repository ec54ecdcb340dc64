"""The talent map: every active employee of an agency placed in a 9-box for a period (year), set-based.

One query reads the employees with their current assessment and the predicates of the period's years (LEFT JOINs,
streamed); the `jpm` and `nine-box` rules are evaluated in batch (their own functions, memoised on the few distinct
inputs that decide the result); the placements are written back with bulk upserts. Boxes a talent review moved keep
the review's box when the map is run again (the computed box is refreshed beside it).

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
from .selectors import standards_for_positions

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


@dataclass
class RunResult:
    year: int
    placed: int
    unplaced_no_performance: int
    unplaced_no_potential: int
    counts: dict[int, int]


def run_talent_map(
    *,
    agency_id: int,
    year: int,
    params: ParameterSet,
    actor: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Place every active employee of the agency for the period `year`, in one transaction. `progress(done,
    total)` is called after each written chunk (total: the active employees read)."""
    method = method_for(year, params)
    total = Employee.objects.filter(agency_id=agency_id, status__in=ACTIVE_STATUSES).count() if progress else 0
    as_of = dt.date(year, 12, 31)
    levels = dict(Position.objects.filter(agency_id=agency_id).values_list("pk", "level"))
    standards = standards_for_positions(levels.items(), as_of, params)
    with transaction.atomic():
        reviewed = dict(
            Placement.objects.filter(agency_id=agency_id, year=year)
            .exclude(box=F("computed_box"))
            .values_list("employee_id", "box")
        )
        memo: dict[tuple[Any, ...], Any] = {}
        counts = dict.fromkeys(range(1, 10), 0)
        placed = 0
        stamp = timezone.now()
        no_perf = no_pot = 0
        batch: list[Placement] = []
        seen = 0
        for row in rows_in(agency_id, method.years):
            seen += 1
            pk, position_id, _level, actual, score = row[:5]
            predicates = {y: p for y, p in zip(method.years, row[5:], strict=True) if p}
            performance = performance_of(predicates, method)
            if performance is None:
                no_perf += 1
                continue
            jpm = None
            if actual and position_id in standards:
                jpm = jpm_fraction(standards[position_id], actual, method.capped)
            key = (jpm, score)
            if key not in memo:
                memo[key] = potential_of(jpm, Decimal(score) if score is not None else None, method)
            found = memo[key]
            if found is None:
                no_pot += 1
                continue
            value, potential = found
            box = method.boxes[(performance, potential)]
            final = reviewed.get(pk, box)
            counts[final] += 1
            placed += 1
            batch.append(
                Placement(
                    agency_id=agency_id,
                    employee_id=pk,
                    year=year,
                    performance=performance,
                    potential=potential,
                    computed_box=box,
                    box=final,
                    potential_value=to_decimal(value),
                    jpm=to_decimal(jpm) if jpm is not None else None,
                    potential_score=score,
                    predicates={str(y): p for y, p in predicates.items()},
                    target_level=levels.get(position_id, "") if position_id else "",
                    computed_at=stamp,
                )
            )
            if len(batch) >= CHUNK:
                _write(batch)
                batch = []
                if progress:
                    progress(seen, total)
        _write(batch)
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


def _write(batch: list[Placement]) -> None:
    if not batch:
        return
    Placement.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["employee", "year"],
        update_fields=[
            "agency",
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
        ],
    )
