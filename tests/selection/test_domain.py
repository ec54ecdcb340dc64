"""The pure selection rules: screening reasons and ranking with tie-breaks (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jenjang.domain.parameters import default_parameters
from jenjang.domain.selection.ranking import Candidate, rank_candidates, weighted_total
from jenjang.domain.selection.screening import ApplicantFacts, Requirements, assess_screening

AS_OF = dt.date(2026, 3, 31)
PARAMS = default_parameters()


def reasons(decision, lang="en"):
    return [r.render(lang) for r in decision.reasons]


def test_employee_meeting_every_requirement_passes_with_a_reason_each():
    req = Requirements(min_rank="III/b", min_education="S1", min_years_service=4, min_predicate="BAIK", max_age=56)
    facts = ApplicantFacts(
        education="S2", rank="III/c", birth_date=dt.date(1985, 1, 1), service_start=dt.date(2010, 1, 1),
        predicates={2024: "BAIK", 2025: "SANGAT_BAIK"},
    )  # fmt: skip
    decision = assess_screening(req, facts, AS_OF, PARAMS)
    assert decision.result["passed"] is True
    assert decision.blocked_by == ()
    text = reasons(decision)
    assert any("rank III/c (III/b needed)" in r for r in text)
    assert any("performance predicate of 2024, 2025" in r for r in text)
    assert all(r.startswith("Met") for r in text)


def test_each_unmet_requirement_has_a_code_and_a_reason():
    req = Requirements(min_rank="III/d", min_education="S1", min_years_service=10, min_predicate="BAIK", max_age=40)
    facts = ApplicantFacts(
        education="D3", rank="III/a", birth_date=dt.date(1980, 1, 1), service_start=dt.date(2020, 1, 1),
        predicates={2024: "BUTUH_PERBAIKAN"},
    )  # fmt: skip
    decision = assess_screening(req, facts, AS_OF, PARAMS)
    assert decision.result["passed"] is False
    assert decision.blocked_by == ("RANK", "EDUCATION", "EDUCATION_CEILING", "SERVICE", "PERFORMANCE", "AGE")
    text = reasons(decision, "id")
    assert "Belum memenuhi: golongan III/a, minimal III/d" in text
    assert any("2024, 2025" in r and "Belum memenuhi" in r for r in text)


def test_outside_candidate_without_rank_fails_a_rank_requirement():
    decision = assess_screening(Requirements(min_rank="III/a"), ApplicantFacts(education="S1"), AS_OF, PARAMS)
    assert decision.blocked_by == ("RANK",)


def test_jpt_vacancy_applies_the_jpt_eligibility_rule():
    req = Requirements(jpt_level="JPT_PRATAMA")
    facts = ApplicantFacts(
        education="S2", birth_date=dt.date(1975, 1, 1), service_start=dt.date(2000, 1, 1),
        position_level="PENGAWAS", position_since=dt.date(2015, 1, 1),
    )  # fmt: skip
    decision = assess_screening(req, facts, AS_OF, PARAMS)
    assert decision.blocked_by == ("JPT",)
    assert any("prior position PENGAWAS" in r for r in reasons(decision))


def test_custom_requirement_and_documents_must_be_declared_and_uploaded():
    req = Requirements(custom=("Sehat jasmani",), documents=("IJAZAH",))
    assert assess_screening(req, ApplicantFacts(), AS_OF, PARAMS).blocked_by == ("CUSTOM", "DOCUMENT")
    ok = ApplicantFacts(declared=frozenset({"Sehat jasmani"}), documents=frozenset({"IJAZAH"}))
    assert assess_screening(req, ok, AS_OF, PARAMS).result["passed"] is True


def test_weighted_total_scales_the_held_stages_to_100():
    weights = {"cat": 40, "assessment": 30, "interview": 30}
    scores = {"assessment": Decimal("80"), "interview": Decimal("70")}
    assert weighted_total(scores, weights, ["assessment", "interview"]) == Decimal("75.00")
    assert weighted_total(scores, weights, ["cat", "assessment", "interview"]) is None


def test_tie_on_total_is_broken_by_interview_then_earlier_application():
    t0 = dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)
    a = Candidate(1, Decimal("80"), {"interview": Decimal("70"), "assessment": Decimal("90")}, t0)
    b = Candidate(2, Decimal("80"), {"interview": Decimal("90"), "assessment": Decimal("70")}, t0)
    c = Candidate(
        3, Decimal("80"), {"interview": Decimal("90"), "assessment": Decimal("70")}, t0 - dt.timedelta(days=1)
    )
    d = Candidate(4, Decimal("95"), {}, t0)
    ranked = rank_candidates([a, b, c, d], ["interview", "assessment", "submitted_at"])
    assert [(r.id, r.rank, r.decided_by) for r in ranked] == [
        (4, 1, "total"), (3, 2, "total"), (2, 3, "submitted_at"), (1, 4, "interview"),
    ]  # fmt: skip


def test_candidates_equal_on_every_key_share_a_rank():
    t0 = dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)
    ranked = rank_candidates(
        [Candidate(i, Decimal("70"), {}, t0) for i in (5, 6)] + [Candidate(7, Decimal("60"), {}, t0)], ["submitted_at"]
    )
    assert [(r.id, r.rank) for r in ranked] == [(5, 1), (6, 1), (7, 3)]


T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
score = st.decimals(min_value=0, max_value=100, places=2)
candidates = st.lists(
    st.builds(
        lambda i, total, iv, asm, minutes: Candidate(
            i, total, {"interview": iv, "assessment": asm}, T0 + dt.timedelta(minutes=minutes)
        ),
        st.integers(), score, score, score, st.integers(0, 5),
    ),
    max_size=15,
    unique_by=lambda c: c.id,
)  # fmt: skip


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(candidates, st.randoms())
def test_ranking_is_ordered_by_total_and_ignores_input_order(cands, rnd):
    tie = ["interview", "assessment", "submitted_at"]
    ranked = rank_candidates(cands, tie)
    shuffled = list(cands)
    rnd.shuffle(shuffled)
    assert [(r.id, r.rank) for r in rank_candidates(shuffled, tie)] == [(r.id, r.rank) for r in ranked]
    totals = [r.total for r in ranked]
    assert totals == sorted(totals, reverse=True)
    ranks = [r.rank for r in ranked]
    assert ranks == sorted(ranks)
    assert all(r.rank <= i for i, r in enumerate(ranked, start=1))
    if ranked:
        assert ranked[0].rank == 1


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(candidates)
def test_a_higher_total_always_ranks_strictly_better(cands):
    by_id = {r.id: r for r in rank_candidates(cands, ["interview", "submitted_at"])}
    for x in cands:
        for y in cands:
            if x.total > y.total:
                assert by_id[x.id].rank < by_id[y.id].rank
