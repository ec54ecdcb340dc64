"""The selection rules and parameters as this app calls them (the decisions are jenjang.domain.selection.*)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jenjang.domain.parameters import ParameterSet, default_parameters
from jenjang.domain.selection.screening import ApplicantFacts, Requirements
from jenjang.domain.vocab import EDUCATION, RANKS

MIN_APPLICANTS = "selection.min_applicants"
EXTENSION_DAYS = "selection.extension_days"
MAX_EXTENSIONS = "selection.max_extensions"
APPEAL_DAYS = "selection.appeal_days"
STAGE_WEIGHTS = "selection.stage_weights"
TIE_BREAKS = "selection.tie_breaks"
TOP_CANDIDATES = "selection.top_candidates"
MIN_PANEL_MEMBERS = "selection.min_panel_members"
JPT_PANEL = "selection.jpt_panel"
DEFAULT_REQUIREMENTS = "selection.default_requirements"
JPT_REQUIREMENTS = "jpt.requirements"


def parameters_for(agency_id: int | None) -> ParameterSet:
    try:
        from jenjang.rules.selectors import parameter_set_for
    except ImportError:  # pragma: no cover
        return default_parameters()
    return parameter_set_for(agency_id)


def default_requirements(level: str, education: str, as_of: dt.date, params: ParameterSet) -> dict[str, Any]:
    """Starting requirements for a vacancy of this position level (editable by the committee)."""
    out: dict[str, Any] = {"documents": ["IJAZAH"]}
    row = params.get(DEFAULT_REQUIREMENTS, as_of).get(level) or {}
    if row.get("min_rank"):
        out["min_rank"] = row["min_rank"]
    if row.get("min_predicate"):
        out["min_predicate"] = row["min_predicate"]
    if education:
        out["min_education"] = education
    jpt = params.get(JPT_REQUIREMENTS, as_of).get(level)
    if jpt:
        accepted = [e for e in EDUCATION if e in jpt["education"]]
        out["min_education"] = accepted[0] if accepted else education
        out["min_years_service"] = jpt["min_years_experience"]
        out["max_age"] = jpt["max_age"]
    return out


def requirements_from(vacancy_requirements: dict[str, Any], level: str) -> Requirements:
    r = vacancy_requirements or {}
    return Requirements(
        min_rank=r.get("min_rank") or None,
        min_education=r.get("min_education") or None,
        min_years_service=r.get("min_years_service"),
        min_predicate=r.get("min_predicate") or None,
        max_age=r.get("max_age"),
        jpt_level=level if level.startswith("JPT_") else None,
        custom=tuple(r.get("custom") or ()),
        documents=tuple(r.get("documents") or ()),
    )


def facts_from(snapshot: dict[str, Any], declared: list[str], documents: set[str]) -> ApplicantFacts:
    def day(key: str) -> dt.date | None:
        value = snapshot.get(key)
        return dt.date.fromisoformat(value) if value else None

    return ApplicantFacts(
        education=snapshot.get("education") or None,
        rank=snapshot.get("rank") if snapshot.get("rank") in RANKS else None,
        birth_date=day("birth_date"),
        service_start=day("service_start"),
        predicates={int(y): p for y, p in (snapshot.get("predicates") or {}).items()},
        position_level=snapshot.get("position_level") or None,
        position_since=day("position_since"),
        declared=frozenset(declared or ()),
        documents=frozenset(documents),
    )
