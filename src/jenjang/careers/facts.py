"""Loading the facts the career rules need, as SQL expressions usable in one query over many employees."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet

from jenjang.domain.vocab import RANKS, rank_code
from jenjang.personnel.models import Employee, SanctionHistory

# Storage code -> rank label, built once (rows are converted by the hundred thousand).
RANK_LABEL: dict[int, str] = {rank_code(rank): rank for rank in RANKS}


def with_predicates(employees: QuerySet[Employee], years: list[int]) -> tuple[QuerySet[Employee], list[str]]:
    """The employees with one LEFT JOIN per year on their performance record of that year (at most one: unique
    per employee and year), and the value_list paths of those years' predicates (NULL where none is recorded).
    Filtering on such a path makes its join an inner one."""
    columns = []
    for i, year in enumerate(years):
        alias = f"performance_{i}"
        employees = employees.annotate(
            **{alias: FilteredRelation("performancehistory_set", condition=Q(performancehistory_set__year=year))}
        )
        columns.append(f"{alias}__predicate")
    return employees, columns


def active_sanction_on(day: dt.date) -> Q:
    """Conditions of a disciplinary sanction in force on `day` (an open end date means it still runs)."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def sanction_active(day: dt.date) -> Exists:
    return Exists(SanctionHistory.objects.filter(active_sanction_on(day), employee=OuterRef("pk")))


def performance_years(as_of: dt.date, years: int) -> list[int]:
    """The calendar years before `as_of`'s year whose predicates a promotion on `as_of` reads (newest first)."""
    return [as_of.year - i for i in range(1, years + 1)]


def rank_promotion_facts(
    rank: int,
    rank_since: dt.date,
    education: str,
    predicates: dict[int, str | None],
    sanction: bool,
    supervisor_rank: int | None = None,
) -> dict[str, Any]:
    """Typed facts for the rank-promotion rule; a missing predicate is left out (the rule says it blocks)."""
    facts: dict[str, Any] = {
        "rank": RANK_LABEL[rank],
        "rank_since": rank_since,
        "education": education,
        "predicates": {str(year): value for year, value in sorted(predicates.items()) if value},
        "sanction_active": sanction,
    }
    if supervisor_rank:
        facts["supervisor_rank"] = RANK_LABEL[supervisor_rank]
    return facts


def full_name(name: str, front_title: str, back_title: str) -> str:
    """The name with academic titles, as Employee.full_name writes it (for rows read with values_list)."""
    shown = f"{front_title} {name}".strip() if front_title else name
    return f"{shown}, {back_title}" if back_title else shown
