"""Reads of competency standards, assessments and Job-Person Match. Other apps depend on two functions here:

    jpm_scores(position_id, employee_ids) -> {employee_id: JpmScore}
    latest_potential(employee_ids) -> {employee_id: potential score}

Both are set-based: a fixed number of queries however many employees are asked about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from jenjang.domain.parameters import ParameterSet
from jenjang.domain.registry import get_rule
from jenjang.domain.vocab import COMPETENCIES
from jenjang.organization.models import Position

from .models import Assessment, Competency, CompetencyKind, Standard

JPM_RULE = "jpm"
NINE_BOX_RULE = "nine-box"
SKJ_DEFAULTS = "talent.skj_default_levels"


@dataclass(frozen=True)
class JpmScore:
    """An employee's match with a position: `jpm` in percent (None without a complete assessment), the
    competencies below the standard as (code, required level, actual level), and the rule's category."""

    jpm: float | None
    gaps: list[tuple[str, int, int]] = field(default_factory=list)
    category: str | None = None


def parameters_for(agency_id: int | None) -> ParameterSet:
    from jenjang.rules.selectors import parameter_set_for

    return parameter_set_for(agency_id)


def default_level(level: str, as_of: dt.date, params: ParameterSet) -> int:
    """The SKJ level a position of this level gets when its standard was not entered (a dated parameter)."""
    table = params.get(SKJ_DEFAULTS, as_of)
    return int(table.get(level, 1))


def standards_for_positions(
    positions: Iterable[tuple[int, str]], as_of: dt.date, params: ParameterSet
) -> dict[int, dict[str, int]]:
    """{position_id: {competency code: required level}} for (position_id, level) pairs: the nine managerial and
    socio-cultural ones always (entered, else the level's default), technical ones where entered. One query."""
    positions = list(positions)
    out: dict[int, dict[str, int]] = {
        pk: dict.fromkeys(COMPETENCIES, default_level(level, as_of, params)) for pk, level in positions
    }
    rows = Standard.objects.filter(position_id__in=[pk for pk, _level in positions]).values_list(
        "position_id", "competency__code", "level"
    )
    for position_id, code, level in rows:
        out[position_id][code] = int(level)
    return out


def standard_source(position_id: int) -> set[str]:
    """The competency codes whose standard was entered for this position (the rest are defaults)."""
    return set(Standard.objects.filter(position_id=position_id).values_list("competency__code", flat=True))


def score(standard: dict[str, int], actual: dict[str, Any] | None, as_of: dt.date, params: ParameterSet) -> JpmScore:
    """The `jpm` rule for one employee (through the registry), plus gaps in technical competencies."""
    if not actual or any(not isinstance(actual.get(code), int) for code in COMPETENCIES):
        return JpmScore(jpm=None, gaps=[], category=None)
    facts = {"standard": {c: standard[c] for c in COMPETENCIES}, "actual": {c: int(actual[c]) for c in COMPETENCIES}}
    decision = get_rule(JPM_RULE).function(facts, as_of, params)
    gaps = [(code, standard[code], int(actual[code])) for code in COMPETENCIES if code in decision.result["gaps"]]
    for code, required in standard.items():
        if code in COMPETENCIES:
            continue
        got = actual.get(code)
        got = int(got) if isinstance(got, int) else 0
        if got < required:
            gaps.append((code, required, got))
    return JpmScore(jpm=float(decision.result["jpm"]), gaps=gaps, category=str(decision.result["category"]))


def current_assessments(employee_ids: Iterable[int]) -> dict[int, Assessment]:
    """Each employee's current (latest) assessment. One query."""
    ids = list(employee_ids)
    return {a.employee_id: a for a in Assessment.objects.filter(employee_id__in=ids, current=True)}


def jpm_scores(position_id: int, employee_ids: Iterable[int]) -> dict[int, JpmScore]:
    """JPM, gaps and category of each employee against the position's standard (SKJ), from their latest
    assessment. Every employee asked about is in the result (jpm None without a complete assessment). Four
    queries whatever the number of employees: the position, the agency's parameters, the standard, the
    assessments. Unknown position: every score is None."""
    ids = list(dict.fromkeys(int(i) for i in employee_ids))
    position = Position.objects.filter(pk=position_id).values_list("pk", "level", "agency_id").first()
    if position is None:
        return {pk: JpmScore(jpm=None) for pk in ids}
    as_of = timezone.localdate()
    params = parameters_for(position[2])
    standard = standards_for_positions([(position[0], position[1])], as_of, params)[position[0]]
    assessments = current_assessments(ids)
    return {pk: score(standard, assessments[pk].levels if pk in assessments else None, as_of, params) for pk in ids}


def latest_potential(employee_ids: Iterable[int]) -> dict[int, float]:
    """The potential score (0-100) of each employee's latest assessment, for those who have one. One query."""
    ids = list(employee_ids)
    rows = Assessment.objects.filter(employee_id__in=ids, current=True, potential_score__isnull=False).values_list(
        "employee_id", "potential_score"
    )
    return {pk: float(value) for pk, value in rows}


def dictionary(agency_id: int | None, *, family: str | None = None) -> list[Competency]:
    """The national nine and the agency's technical competencies (optionally one family), levels prefetched."""
    from django.db.models import Q

    scope = Q(agency__isnull=True)
    if agency_id is not None:
        scope |= Q(agency_id=agency_id)
    qs = Competency.objects.filter(scope, is_active=True).prefetch_related("levels")
    if family:
        qs = qs.filter(Q(kind=CompetencyKind.TECHNICAL, family=family) | ~Q(kind=CompetencyKind.TECHNICAL))
    return list(qs.order_by("kind", "family", "order", "code"))


def competency_names(agency_id: int | None, lang: str) -> dict[str, str]:
    """code -> name in the language (national codes first, the agency's technical ones over them)."""
    from django.db.models import Q

    scope = Q(agency__isnull=True)
    if agency_id is not None:
        scope |= Q(agency_id=agency_id)
    rows = Competency.objects.filter(scope).values_list("code", "name_id", "name_en")
    return {code: (name_en if lang == "en" and name_en else name_id) for code, name_id, name_en in rows}
