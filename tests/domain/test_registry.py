"""The registry and envelope as the CLI, the API and the rule explorer use them, and the batch entry points."""

from __future__ import annotations

import datetime as dt

import pytest

from jenjang.domain.careers.rank_promotion import assess_rank_promotion_facts
from jenjang.domain.errors import InvalidInput, UnknownRule
from jenjang.domain.parameters import ParameterValue, default_parameters
from jenjang.domain.registry import all_rules, error_envelope, evaluate, get_rule, rule_names
from jenjang.domain.text import Text, t

TODAY = dt.date(2025, 1, 31)
CAREER_RULES = ("retirement", "rank-promotion", "salary-increment", "mutation-window")


def test_rule_names_include_the_foundation_rules_sorted() -> None:
    names = rule_names()
    assert names == sorted(names)
    assert {"nip", "education-ceiling", *CAREER_RULES} <= set(names)


@pytest.mark.parametrize("name", ["nip", "education-ceiling", *CAREER_RULES])
def test_examples_render_in_both_languages(name: str) -> None:
    rule = get_rule(name)
    assert rule.examples, "the rule explorer needs examples"
    assert rule.version
    for example in rule.examples:
        indonesian = evaluate(name, example, today=TODAY)
        english = evaluate(name, example, today=TODAY, lang="en-US,en;q=0.9")
        assert indonesian["result"] == english["result"]
        assert indonesian["reasons"] != english["reasons"]
        for text in (*indonesian["reasons"], *english["reasons"]):
            assert text and "{" not in text
        assert indonesian["legal_basis"] == english["legal_basis"]


@pytest.mark.parametrize("name", ["nip", "education-ceiling", *CAREER_RULES])
def test_declared_parameters_exist_and_are_in_force(name: str) -> None:
    params = default_parameters()
    rule = get_rule(name)
    assert rule.parameters
    for parameter in rule.parameters:
        entry = params.entry(parameter, TODAY)
        assert entry.legal_basis
        assert params.basis(parameter, TODAY).endswith("(UNCONFIRMED)") == (not entry.confirmed)


def test_unconfirmed_parameters_are_flagged() -> None:
    params = default_parameters()
    assert not params.entry("rank.min_years_in_rank", TODAY).confirmed
    assert not params.entry("salary.increment_interval_years", TODAY).confirmed
    assert not params.entry("retirement.age_by_occupation", TODAY).confirmed
    assert params.entry("retirement.age_by_level", TODAY).confirmed
    assert params.entry("rank.promotion_periods", TODAY).confirmed


def test_only_rank_promotion_of_these_has_blocked_by() -> None:
    envelopes = {rule.name: evaluate(rule.name, rule.examples[0], today=TODAY) for rule in all_rules()}
    assert "blocked_by" in envelopes["rank-promotion"]
    for name in ("nip", "education-ceiling", *[n for n in CAREER_RULES if n != "rank-promotion"]):
        assert "blocked_by" not in envelopes[name]
    assert set(get_rule("rank-promotion").blocked_by_codes) == {
        "MIN_YEARS_IN_RANK", "PERFORMANCE", "EDUCATION_CEILING", "SUPERVISOR_RANK", "DISCIPLINARY_SANCTION",
    }  # fmt: skip


def test_unknown_rule_is_an_error_envelope() -> None:
    with pytest.raises(UnknownRule) as caught:
        evaluate("no-such-rule", {}, today=TODAY)
    envelope = error_envelope(caught.value, "en")
    assert envelope == {
        "error": {"code": "unknown_rule", "rule": "no-such-rule", "message": "Unknown rule: no-such-rule"}
    }


def test_input_that_is_not_an_object_is_invalid() -> None:
    with pytest.raises(InvalidInput) as caught:
        evaluate("retirement", ["1970-01-01"], today=TODAY)  # type: ignore[arg-type]
    assert error_envelope(caught.value, None)["error"]["message"] == "Masukan harus berupa objek JSON"


def test_invalid_input_message_in_both_languages() -> None:
    with pytest.raises(InvalidInput) as caught:
        evaluate("rank-promotion", {"rank": "III/a", "education": "S1", "predicates": {}}, today=TODAY)
    assert error_envelope(caught.value, "id")["error"]["message"] == "Kolom rank_since wajib diisi"
    assert error_envelope(caught.value, "en")["error"]["message"] == "Field rank_since is required"


def test_registered_function_takes_typed_facts_like_the_batch_callers() -> None:
    params = default_parameters()
    facts = {
        "rank": "III/a",
        "rank_since": dt.date(2021, 4, 1),
        "education": "S1",
        "predicates": {"2023": "BAIK", "2024": "BAIK"},
        "supervisor_rank": None,
        "sanction_active": False,
    }
    direct = get_rule("rank-promotion").function(facts, dt.date(2025, 4, 2), params)
    envelope = evaluate(
        "rank-promotion",
        {**facts, "rank_since": "2021-04-01", "supervisor_rank": None, "as_of": "2025-04-02"},
        today=TODAY,
    )
    assert envelope["result"] == {
        "eligible": True,
        "next_rank": "III/b",
        "eligible_from": "2025-04-01",
        "next_period": "2025-06-01",
        "ceiling_rank": "III/d",
    }
    assert direct.result["next_period"] == dt.date(2025, 6, 1)
    assert direct.result["eligible"] is True


def test_agency_edited_parameters_change_the_decision() -> None:
    params = default_parameters().with_values(
        [
            (
                "rank.min_years_in_rank",
                ParameterValue(
                    valid_from=dt.date(2025, 1, 1), value=3, legal_basis="Agency test value", source="agency"
                ),
            )
        ]
    )
    facts = ("III/a", dt.date(2021, 4, 1), "S1", {"2023": "BAIK", "2024": "BAIK"})
    before = assess_rank_promotion_facts(*facts, dt.date(2024, 12, 31), params)
    after = assess_rank_promotion_facts(*facts, dt.date(2025, 1, 1), params)
    assert before.result["eligible_from"] == dt.date(2025, 4, 1)
    assert after.result["eligible_from"] == dt.date(2024, 4, 1)
    assert "Agency test value" in after.legal_basis
    payload = {
        "rank": "III/a",
        "rank_since": "2021-04-01",
        "education": "S1",
        "predicates": {"2023": "BAIK", "2024": "BAIK"},
        "as_of": "2025-01-15",
    }
    envelope = evaluate("rank-promotion", payload, today=TODAY, params=params)
    assert envelope["result"]["eligible"] is True
    assert envelope["result"]["next_period"] == "2025-02-01"


def test_text_equality_ignores_parameters_and_renders_each_language() -> None:
    first = t("Halo {name}", "Hello {name}", name="Ani")
    assert first == Text(id="Halo {name}", en="Hello {name}")
    assert hash(first) == hash(Text("Halo {name}", "Hello {name}"))
    assert first.render("en") == "Hello Ani"
    assert str(first) == "Halo Ani"
