"""Properties that hold for every date, checked by Hypothesis over wide date ranges."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from jenjang.domain.careers.mutation_window import STATUSES, assess_mutation_window_facts
from jenjang.domain.careers.rank_promotion import (
    BLOCKED_BY_CODES,
    PERIODS,
    assess_rank_promotion_facts,
    next_promotion_period,
)
from jenjang.domain.careers.retirement import assess_retirement_facts
from jenjang.domain.careers.salary_increment import assess_salary_increment_facts
from jenjang.domain.dates import add_years, first_of_next_month
from jenjang.domain.decision import to_json
from jenjang.domain.parameters import default_parameters
from jenjang.domain.registry import evaluate
from jenjang.domain.vocab import EDUCATION, POSITION_LEVEL_LABEL, PREDICATES, RANKS

PARAMS = default_parameters()
dates = st.dates(min_value=dt.date(1981, 1, 1), max_value=dt.date(2090, 12, 31))
# The education table (Keputusan Kepala BKN 12/2002) is in force from 2002: rank promotion is asked from then on.
since_2002 = st.dates(min_value=dt.date(2002, 1, 1), max_value=dt.date(2090, 12, 31))
recent = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2060, 12, 31))


def _is_period(day: dt.date) -> bool:
    return day.day == 1 and day.month in PARAMS.get(PERIODS, day)


@given(rank_since=dates, as_of=since_2002, rank=st.sampled_from(RANKS), education=st.sampled_from(EDUCATION))
def test_next_period_is_the_first_period_on_or_after_both_dates(
    rank_since: dt.date, as_of: dt.date, rank: str, education: str
) -> None:
    decision = assess_rank_promotion_facts(rank, rank_since, education, {}, as_of, PARAMS)
    period = decision.result["next_period"]
    if decision.result["next_rank"] is None:
        assert period is None
        assert "EDUCATION_CEILING" in decision.blocked_by
        return
    start = max(as_of, decision.result["eligible_from"])
    assert _is_period(period)
    assert period >= start
    day = start if start.day == 1 else first_of_next_month(start)
    while day < period:
        assert not _is_period(day), f"{day} is a period date between {start} and {period}"
        day = first_of_next_month(day)


@given(day=dates)
def test_next_period_never_more_than_six_months_away(day: dt.date) -> None:
    period = next_promotion_period(day, PARAMS)
    assert day <= period < add_years(day, 1)
    assert (period - day).days <= 184


@given(
    rank_since=dates,
    as_of=since_2002,
    rank=st.sampled_from(RANKS),
    education=st.sampled_from(EDUCATION),
    predicates=st.dictionaries(st.integers(1979, 2091).map(str), st.sampled_from(PREDICATES)),
    supervisor=st.none() | st.sampled_from(RANKS),
    sanction=st.booleans(),
)
def test_eligible_exactly_when_nothing_blocks(
    rank_since: dt.date,
    as_of: dt.date,
    rank: str,
    education: str,
    predicates: dict[str, str],
    supervisor: str | None,
    sanction: bool,
) -> None:
    decision = assess_rank_promotion_facts(
        rank, rank_since, education, predicates, as_of, PARAMS, supervisor_rank=supervisor, sanction_active=sanction
    )
    assert decision.result["eligible"] == (not decision.blocked_by)
    assert set(decision.blocked_by) <= set(BLOCKED_BY_CODES)
    assert list(decision.blocked_by) == sorted(decision.blocked_by, key=list(BLOCKED_BY_CODES).index)
    assert ("MIN_YEARS_IN_RANK" in decision.blocked_by) == (decision.result["eligible_from"] > as_of)
    assert ("DISCIPLINARY_SANCTION" in decision.blocked_by) == sanction
    if decision.result["eligible"]:
        assert decision.result["next_rank"] == RANKS[RANKS.index(rank) + 1]
        assert decision.result["next_period"] >= as_of
    for reason in decision.reasons:
        assert "{" not in reason.render("id") and "{" not in reason.render("en")


@given(birth=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2005, 12, 31)),
       level=st.sampled_from(tuple(POSITION_LEVEL_LABEL)),
       occupation=st.none() | st.sampled_from(("DOSEN", "PROFESOR")))  # fmt: skip
def test_retirement_date_is_the_first_of_the_month_after_the_birthday(
    birth: dt.date, level: str, occupation: str | None
) -> None:
    decision = assess_retirement_facts(birth, level, dt.date(2025, 1, 31), PARAMS, occupation=occupation)
    age = decision.result["retirement_age"]
    date = decision.result["retirement_date"]
    birthday = add_years(birth, age)
    assert date.day == 1
    assert birthday < date <= birthday + dt.timedelta(days=31)
    assert (date.year - birth.year) in (age, age + 1)
    assert age in (58, 60, 65, 70)


@given(since=recent, first=recent, second=recent)
def test_mutation_status_never_goes_back_as_time_passes(since: dt.date, first: dt.date, second: dt.date) -> None:
    early, late = sorted((first, second))
    before = assess_mutation_window_facts(since, early, PARAMS).result["status"]
    after = assess_mutation_window_facts(since, late, PARAMS).result["status"]
    assert STATUSES.index(before) <= STATUSES.index(after)


@given(since=recent, as_of=recent)
def test_mutation_window_is_two_to_five_years(since: dt.date, as_of: dt.date) -> None:
    result = assess_mutation_window_facts(since, as_of, PARAMS).result
    assert result["earliest"] == add_years(since, 2)
    assert result["latest"] == add_years(since, 5)
    expected = "TOO_EARLY" if as_of < result["earliest"] else "OVERDUE" if as_of > result["latest"] else "WITHIN_WINDOW"
    assert result["status"] == expected


@settings(max_examples=200)
@given(last=dates, as_of=dates)
def test_salary_increment_due_exactly_from_the_next_date(last: dt.date, as_of: dt.date) -> None:
    result = assess_salary_increment_facts(last, as_of, PARAMS).result
    assert result["next_date"] == add_years(last, 2)
    assert result["due"] == (result["next_date"] <= as_of)


@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)), years=st.integers(0, 100))
def test_add_years_keeps_the_day_except_29_february(day: dt.date, years: int) -> None:
    shifted = add_years(day, years)
    assert shifted.year == day.year + years and shifted.month == day.month
    if (day.month, day.day) == (2, 29) and shifted.day != 29:
        assert shifted.day == 28
    else:
        assert shifted.day == day.day


@settings(max_examples=150)
@given(
    rank_since=dates,
    as_of=since_2002,
    rank=st.sampled_from(RANKS),
    education=st.sampled_from(EDUCATION),
    predicates=st.dictionaries(st.integers(2000, 2091).map(str), st.sampled_from(PREDICATES), max_size=4),
)
def test_json_envelope_and_batch_helper_agree(
    rank_since: dt.date, as_of: dt.date, rank: str, education: str, predicates: dict[str, str]
) -> None:
    """The CLI/API path (JSON in, envelope out) and the due lists' typed path give the same answer."""
    payload = {
        "rank": rank,
        "rank_since": rank_since.isoformat(),
        "education": education,
        "predicates": predicates,
        "as_of": as_of.isoformat(),
    }
    envelope = evaluate("rank-promotion", payload, today=dt.date(2025, 1, 31), lang="en")
    decision = assess_rank_promotion_facts(rank, rank_since, education, predicates, as_of, PARAMS)
    assert envelope["result"] == to_json(decision.result)
    assert envelope["blocked_by"] == list(decision.blocked_by)
    assert envelope["reasons"] == [reason.render("en") for reason in decision.reasons]
