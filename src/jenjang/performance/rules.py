"""The performance rules as this app calls them: through the registry, with the agency's parameters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jenjang.domain.decision import Decision
from jenjang.domain.parameters import ParameterSet, default_parameters
from jenjang.domain.registry import get_rule

SKP_PREDICATE = "skp-predicate"
SKP_DISTRIBUTION = "skp-distribution"
MATRIX = "performance.predicate_matrix"
APPEAL_DAYS = "performance.appeal_days"
MIN_360 = "performance.min_360_responders"
PP46_BANDS = "performance.pp46_score_bands"
LANGUAGES = ("id", "en")


def parameters_for(agency_id: int | None) -> ParameterSet:
    try:
        from jenjang.rules.selectors import parameter_set_for
    except ImportError:  # pragma: no cover
        return default_parameters()
    return parameter_set_for(agency_id)


def decide(name: str, facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return get_rule(name).function(facts, as_of, params)


def envelope(name: str, decision: Decision, as_of: dt.date, lang: str) -> dict[str, Any]:
    found = get_rule(name)
    return decision.envelope(found.name, found.version, as_of, lang, found.has_blocked_by)


def both_languages(name: str, decision: Decision, as_of: dt.date) -> dict[str, Any]:
    """The envelope in Indonesian and English, to store with the decision and show in the reader's language."""
    return {lang: envelope(name, decision, as_of, lang) for lang in LANGUAGES}


def predicate(work_result: str, behavior: str, as_of: dt.date, params: ParameterSet) -> Decision:
    return decide(SKP_PREDICATE, {"work_result": work_result, "behavior": behavior}, as_of, params)


def predicate_table(as_of: dt.date, params: ParameterSet) -> dict[tuple[str, str], str]:
    """(work result, behaviour) -> predicate for all nine cells, each asked of the rule (batch close uses this)."""
    from jenjang.domain.vocab import EXPECTATIONS

    return {(w, b): str(predicate(w, b, as_of, params).result["predicate"]) for w in EXPECTATIONS for b in EXPECTATIONS}


def distribution(organization_predicate: str, counts: dict[str, int], as_of: dt.date, params: ParameterSet) -> Decision:
    facts = {"organization_predicate": organization_predicate, "counts": counts}
    return decide(SKP_DISTRIBUTION, facts, as_of, params)


def blocked_label(code: str, lang: str) -> str:
    text = get_rule(SKP_DISTRIBUTION).blocked_by_codes.get(code)
    return text.render(lang) if text is not None else code


def appeal_days(as_of: dt.date, params: ParameterSet) -> int:
    return int(params.get(APPEAL_DAYS, as_of))


def min_360(as_of: dt.date, params: ParameterSet) -> int:
    return int(params.get(MIN_360, as_of))


def pp46_predicate(score: float, as_of: dt.date, params: ParameterSet) -> str:
    """The predicate a PP 46/2011 score maps to (bands are a dated parameter)."""
    for band in params.get(PP46_BANDS, as_of):
        if score >= float(band["min_score"]):
            return str(band["predicate"])
    return "SANGAT_KURANG"
