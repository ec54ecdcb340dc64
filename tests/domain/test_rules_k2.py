"""Properties of the JPT eligibility, SKD, development hours, merit index and adverse impact rules (Hypothesis)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jenjang.domain.careers.jpt_eligibility import (
    BLOCKED_BY_CODES,
    JPT_LEVELS,
    POSITION_LEVELS,
    REQUIREMENTS,
    assess_jpt_eligibility_facts,
)
from jenjang.domain.decision import to_json
from jenjang.domain.development.development_hours import MINIMUM, assess_development_hours_facts
from jenjang.domain.errors import InvalidInput
from jenjang.domain.merit.adverse_impact import THRESHOLD, assess_adverse_impact_facts
from jenjang.domain.merit.merit_index import (
    ASPECTS,
    ASPECTS_PARAMETER,
    BANDS_PARAMETER,
    CATEGORIES,
    assess_merit_index_facts,
)
from jenjang.domain.parameters import default_parameters
from jenjang.domain.registry import evaluate, get_rule
from jenjang.domain.selection.cat_skd import SUBTESTS, SUBTESTS_PARAMETER, TRACKS, assess_cat_skd_facts
from jenjang.domain.vocab import EDUCATION

PARAMS = default_parameters()
AS_OF = dt.date(2025, 6, 30)
RULES = ("jpt-eligibility", "cat-skd", "development-hours", "merit-index", "adverse-impact")

years = st.floats(min_value=0, max_value=40, allow_nan=False).map(lambda x: round(x, 2))


# --- every rule ---


@pytest.mark.parametrize("name", RULES)
def test_examples_render_in_both_languages_with_declared_parameters(name: str) -> None:
    rule = get_rule(name)
    assert rule.examples
    for example in rule.examples:
        indonesian = evaluate(name, example, today=AS_OF)
        english = evaluate(name, example, today=AS_OF, lang="en")
        assert indonesian["result"] == english["result"]
        assert indonesian["reasons"] != english["reasons"]
        for text in (*indonesian["reasons"], *english["reasons"]):
            assert text and "{" not in text
        assert indonesian["legal_basis"] == english["legal_basis"]
    for parameter in rule.parameters:
        assert PARAMS.entry(parameter, AS_OF).legal_basis


def test_unconfirmed_parameters_are_flagged() -> None:
    assert not PARAMS.entry(ASPECTS_PARAMETER, AS_OF).confirmed
    assert not PARAMS.entry(BANDS_PARAMETER, AS_OF).confirmed
    assert not PARAMS.entry(MINIMUM, AS_OF).confirmed
    assert PARAMS.entry(REQUIREMENTS, AS_OF).confirmed
    assert PARAMS.entry(SUBTESTS_PARAMETER, AS_OF).confirmed
    assert PARAMS.entry(THRESHOLD, AS_OF).confirmed


def test_only_jpt_eligibility_of_these_has_blocked_by() -> None:
    assert set(get_rule("jpt-eligibility").blocked_by_codes) == {"EDUCATION", "EXPERIENCE", "PRIOR_POSITION", "AGE"}
    for name in RULES[1:]:
        assert "blocked_by" not in evaluate(name, get_rule(name).examples[0], today=AS_OF)


# --- jpt-eligibility ---


@given(
    level=st.sampled_from(JPT_LEVELS),
    education=st.sampled_from(EDUCATION),
    experience=years,
    prior=st.sampled_from(POSITION_LEVELS),
    prior_years=years,
    age=st.integers(min_value=18, max_value=70),
)
def test_jpt_eligible_exactly_when_nothing_blocks_and_each_code_matches_its_requirement(
    level: str, education: str, experience: float, prior: str, prior_years: float, age: int
) -> None:
    decision = assess_jpt_eligibility_facts(level, education, experience, prior, prior_years, age, AS_OF, PARAMS)
    requirement = PARAMS.get(REQUIREMENTS, AS_OF)[level]
    expected = [
        code
        for code, unmet in (
            ("EDUCATION", education not in requirement["education"]),
            ("EXPERIENCE", experience < requirement["min_years_experience"]),
            (
                "PRIOR_POSITION",
                prior not in requirement["prior_positions"] or prior_years < requirement["min_years_in_prior_position"],
            ),
            ("AGE", age > requirement["max_age"]),
        )
        if unmet
    ]
    assert list(decision.blocked_by) == expected
    assert set(decision.blocked_by) <= set(BLOCKED_BY_CODES)
    assert decision.result["eligible"] is (not decision.blocked_by)


@given(level=st.sampled_from(JPT_LEVELS), experience=years, extra=years, age=st.integers(min_value=18, max_value=70))
def test_jpt_more_experience_and_youth_never_add_a_block(level: str, experience: float, extra: float, age: int) -> None:
    def blocks(exp: float, years_old: int) -> set[str]:
        decision = assess_jpt_eligibility_facts(level, "S1", exp, "JF_AHLI_UTAMA", 3, years_old, AS_OF, PARAMS)
        return set(decision.blocked_by)

    assert blocks(experience + extra, max(age - 5, 18)) <= blocks(experience, age)


# --- cat-skd ---

twk = st.integers(min_value=0, max_value=30).map(lambda n: 5 * n)
tiu = st.integers(min_value=0, max_value=35).map(lambda n: 5 * n)
tkp = st.integers(min_value=0, max_value=225)


@given(twk=twk, tiu=tiu, tkp=tkp, track=st.sampled_from(TRACKS))
def test_skd_total_is_the_sum_and_general_passes_exactly_without_failed_subtests(
    twk: int, tiu: int, tkp: int, track: str
) -> None:
    decision = assess_cat_skd_facts({"twk": twk, "tiu": tiu, "tkp": tkp}, track, AS_OF, PARAMS)
    assert decision.result["total"] == twk + tiu + tkp
    assert set(decision.result["failed_subtests"]) <= set(SUBTESTS)
    if track == "GENERAL":
        assert decision.result["passed"] is (not decision.result["failed_subtests"])
    elif decision.result["passed"]:
        assert decision.result["total"] >= decision.result["min_total"]


@given(twk=twk, tiu=tiu, tkp=tkp, track=st.sampled_from(TRACKS), subtest=st.sampled_from(SUBTESTS))
def test_skd_a_higher_score_never_turns_a_pass_into_a_fail(
    twk: int, tiu: int, tkp: int, track: str, subtest: str
) -> None:
    scores = {"twk": twk, "tiu": tiu, "tkp": tkp}
    before = assess_cat_skd_facts(scores, track, AS_OF, PARAMS).result["passed"]
    maximum = PARAMS.get(SUBTESTS_PARAMETER, AS_OF)[subtest]["max"]
    raised = {**scores, subtest: min(scores[subtest] + 5, maximum)}
    after = assess_cat_skd_facts(raised, track, AS_OF, PARAMS).result["passed"]
    assert after or not before


@given(subtest=st.sampled_from(SUBTESTS), over=st.integers(min_value=1, max_value=100))
def test_skd_above_the_maximum_is_bad_input_on_that_field(subtest: str, over: int) -> None:
    scores = {"twk": 65, "tiu": 80, "tkp": 166}
    scores[subtest] = PARAMS.get(SUBTESTS_PARAMETER, AS_OF)[subtest]["max"] + over
    with pytest.raises(InvalidInput) as caught:
        assess_cat_skd_facts(scores, "GENERAL", AS_OF, PARAMS)
    assert caught.value.field == subtest


# --- development-hours ---

activity = st.fixed_dictionaries(
    {
        "date": st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 12, 31)),
        "jp": st.decimals(min_value=0, max_value=40, places=1).map(float),
    }
)


@given(activities=st.lists(activity, max_size=12), year=st.integers(min_value=2023, max_value=2025))
def test_development_total_and_shortfall_add_up_to_at_least_the_minimum(activities: list, year: int) -> None:
    result = assess_development_hours_facts(year, activities, AS_OF, PARAMS).result
    minimum = PARAMS.get(MINIMUM, dt.date(year, 12, 31))
    in_year = sum(Fraction(str(a["jp"])) for a in activities if a["date"].year == year)
    assert Fraction(str(result["total_jp"])) == in_year
    assert result["meets_minimum"] is (in_year >= minimum)
    assert (result["shortfall"] == 0) is result["meets_minimum"]
    assert Fraction(str(result["total_jp"])) + Fraction(str(result["shortfall"])) >= minimum


@given(activities=st.lists(activity, max_size=12), other=st.lists(activity, max_size=6))
def test_development_activities_outside_the_year_change_nothing_but_the_count(activities: list, other: list) -> None:
    outside = [a for a in other if a["date"].year != 2024]
    alone = assess_development_hours_facts(2024, activities, AS_OF, PARAMS).result
    mixed = assess_development_hours_facts(2024, [*outside, *activities], AS_OF, PARAMS).result
    assert alone == mixed


# --- merit-index ---

MAXIMA = PARAMS.get(ASPECTS_PARAMETER, AS_OF)
aspect_scores = st.fixed_dictionaries({code: st.integers(min_value=0, max_value=MAXIMA[code]) for code in ASPECTS})


@given(scores=aspect_scores)
def test_merit_total_is_the_sum_and_the_category_its_band(scores: dict[str, int]) -> None:
    result = assess_merit_index_facts(scores, AS_OF, PARAMS).result
    total = sum(scores.values())
    assert result["total"] == total
    bands = PARAMS.get(BANDS_PARAMETER, AS_OF)
    expected = max((b for b in bands if total >= b["min"]), key=lambda b: b["min"], default=bands[0])
    assert result["category"] == expected["category"]
    assert result["category"] in CATEGORIES


@given(scores=aspect_scores, aspect=st.sampled_from(ASPECTS))
def test_merit_more_points_never_lower_the_category(scores: dict[str, int], aspect: str) -> None:
    before = assess_merit_index_facts(scores, AS_OF, PARAMS).result["category"]
    raised = {**scores, aspect: MAXIMA[aspect]}
    after = assess_merit_index_facts(raised, AS_OF, PARAMS).result["category"]
    assert CATEGORIES.index(after) >= CATEGORIES.index(before)


# --- adverse-impact ---


@st.composite
def group_counts(draw: st.DrawFn) -> dict[str, int]:
    applicants = draw(st.integers(min_value=0, max_value=500))
    return {"applicants": applicants, "selected": draw(st.integers(min_value=0, max_value=applicants))}


groups = st.dictionaries(st.sampled_from(["F", "M", "X", "DIS", "PAPUA"]), group_counts(), min_size=1)


@given(groups=groups)
def test_adverse_impact_flags_exactly_the_groups_under_the_threshold(groups: dict[str, dict[str, int]]) -> None:
    decision = assess_adverse_impact_facts(groups, AS_OF, PARAMS)
    result = decision.result
    to_json(result)
    rates = {n: Fraction(c["selected"], c["applicants"]) for n, c in groups.items() if c["applicants"]}
    highest = max(rates.values(), default=None)
    threshold = Fraction(str(PARAMS.get(THRESHOLD, AS_OF)))
    for name, counts in groups.items():
        if not counts["applicants"]:
            assert result["rates"][name] is None and result["impact_ratios"][name] is None
            continue
        assert abs(result["rates"][name] - float(rates[name] * 100)) <= 0.005 + 1e-9
        if not highest:
            assert result["impact_ratios"][name] is None
        else:
            assert 0 <= result["impact_ratios"][name] <= 1
    expected = [n for n, rate in rates.items() if highest and rate / highest < threshold]
    assert result["flagged"] == expected
    if highest:
        assert result["impact_ratios"][result["reference_group"]] == 1.0


@given(groups=groups, factor=st.integers(min_value=2, max_value=5))
def test_adverse_impact_depends_on_rates_not_on_group_sizes(groups: dict[str, dict[str, int]], factor: int) -> None:
    scaled = {
        n: {"applicants": c["applicants"] * factor, "selected": c["selected"] * factor} for n, c in groups.items()
    }
    original = assess_adverse_impact_facts(groups, AS_OF, PARAMS).result
    bigger = assess_adverse_impact_facts(scaled, AS_OF, PARAMS).result
    assert original == bigger
