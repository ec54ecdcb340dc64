"""The career rules as the careers app calls them: through the registry, with typed facts.

Nothing here decides anything: the decisions are `jenjang.domain.careers.*`. This module only names the rules,
reads the dated parameters the SQL pre-filters need, and turns a Decision into the contract envelope.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import get_language

from jenjang.domain.careers.rank_promotion import RankPromotionBatch
from jenjang.domain.dates import add_years
from jenjang.domain.decision import Decision
from jenjang.domain.parameters import ParameterSet, default_parameters
from jenjang.domain.registry import Rule, RuleFunction, get_rule
from jenjang.domain.text import normalize_language
from jenjang.domain.vocab import rank_code

RANK_PROMOTION = "rank-promotion"
SALARY_INCREMENT = "salary-increment"
MUTATION_WINDOW = "mutation-window"
RETIREMENT = "retirement"
JPT_ELIGIBILITY = "jpt-eligibility"

# Parameter names (domain/parameters/careers.yaml) that the SQL pre-filters read. The rules read the same values.
MIN_YEARS_IN_RANK = "rank.min_years_in_rank"
PROMOTION_PERIODS = "rank.promotion_periods"
PERFORMANCE_REQUIREMENT = "rank.performance_requirement"
SANCTION_BLOCKS = "rank.sanction_blocks_promotion"
EDUCATION_TABLE = "rank.education_table"
KGB_INTERVAL = "salary.increment_interval_years"
MUTATION_WINDOW_YEARS = "mutation.window_years"
AGE_BY_LEVEL = "retirement.age_by_level"
AGE_BY_OCCUPATION = "retirement.age_by_occupation"


def parameters_for(agency_id: int | None) -> ParameterSet:
    """The agency's effective parameters (the rules app layers its edits over the defaults)."""
    try:
        from jenjang.rules.selectors import parameter_set_for
    except ImportError:  # pragma: no cover - the rules app is part of the project; defaults keep us working
        return default_parameters()
    return parameter_set_for(agency_id)


def rule(name: str) -> Rule:
    return get_rule(name)


def function(name: str) -> RuleFunction:
    return get_rule(name).function


def decide(name: str, facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return get_rule(name).function(facts, as_of, params)


def language() -> str:
    return normalize_language(get_language())


def envelope(name: str, decision: Decision, as_of: dt.date, lang: str | None = None) -> dict[str, Any]:
    found = get_rule(name)
    return decision.envelope(found.name, found.version, as_of, lang or language(), found.has_blocked_by)


def blocked_label(name: str, code: str, lang: str | None = None) -> str:
    """A blocked_by code in plain words (the rule's own label), else the code itself."""
    text = get_rule(name).blocked_by_codes.get(code)
    return text.render(lang or language()) if text is not None else code


def next_promotion_period(today: dt.date, params: ParameterSet) -> dt.date:
    """The first promotion period date strictly after `today` (the rule's own period calendar)."""
    from jenjang.domain.careers.rank_promotion import next_promotion_period as on_or_after

    return on_or_after(today + dt.timedelta(days=1), params)


def rank_promotion_batch(as_of: dt.date, params: ParameterSet) -> RankPromotionBatch:
    """The rank-promotion rule prepared once to decide many employees on one date (the due list's period)."""
    return RankPromotionBatch(params, as_of)


def education_ceiling_codes(as_of: dt.date, params: ParameterSet) -> dict[str, int]:
    """Education level -> the storage code of its regular-promotion ceiling rank."""
    return {edu: rank_code(str(row["ceiling"])) for edu, row in params.get(EDUCATION_TABLE, as_of).items()}


def good_predicates(as_of: dt.date, params: ParameterSet) -> tuple[int, list[str]]:
    """(number of years checked, the predicates that meet the requirement), for the SQL pre-filter."""
    from jenjang.domain.vocab import PREDICATES, predicate_at_least

    requirement = params.get(PERFORMANCE_REQUIREMENT, as_of)
    floor = str(requirement["min_predicate"])
    return int(requirement["years"]), [p for p in PREDICATES if predicate_at_least(p, floor)]


def retirement_ages(as_of: dt.date, params: ParameterSet) -> tuple[int, int]:
    """The smallest and largest retirement age in force (any level or occupation)."""
    ages = [int(v) for v in params.get(AGE_BY_LEVEL, as_of).values()]
    ages += [int(v) for v in params.get(AGE_BY_OCCUPATION, as_of).values()]
    return min(ages), max(ages)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (clamped to the month's last day): the horizon of a due list."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


__all__ = ["add_months", "add_years"]
