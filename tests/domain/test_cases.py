"""Table-driven rule tests: every case in tests/domain/cases/<rule>.yaml runs through `registry.evaluate`.

A case gives `input` (merged over the file's `defaults.input`), optionally `lang`, and either the expected `result`
subset, `blocked_by` (the exact list), `reasons_contain` and `legal_basis_contains` (substrings), or `error` (the
field an InvalidInput must name). `today` (file level) is what the caller passes when the input has no `as_of`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from jenjang.domain.errors import InvalidInput
from jenjang.domain.registry import error_envelope, evaluate, get_rule, rule_names

CASE_DIR = Path(__file__).parent / "cases"


def _jsonable(value: Any) -> Any:
    """YAML reads unquoted dates as dates; the contract's input and output are JSON, so make them ISO strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _cases() -> Iterator[Any]:
    for path in sorted(CASE_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        default_input = document.get("defaults", {}).get("input", {})
        for case in document["cases"]:
            payload = {**_jsonable(default_input), **_jsonable(case["input"])}
            payload = {k: v for k, v in payload.items() if v is not None}
            yield pytest.param(path.stem, document["today"], payload, case, id=f"{path.stem}: {case['name']}")


@pytest.mark.parametrize(("rule", "today", "payload", "case"), list(_cases()))
def test_case(rule: str, today: dt.date, payload: dict[str, Any], case: dict[str, Any]) -> None:
    lang = case.get("lang")
    if "error" in case:
        with pytest.raises(InvalidInput) as caught:
            evaluate(rule, payload, today=today, lang=lang)
        envelope = error_envelope(caught.value, lang)
        assert envelope["error"]["code"] == "invalid_input"
        assert envelope["error"]["field"] == case["error"]
        assert envelope["error"]["message"]
        return

    envelope = evaluate(rule, payload, today=today, lang=lang)
    json.dumps(envelope)  # the envelope is plain JSON
    assert envelope["rule"] == rule
    assert envelope["version"] == get_rule(rule).version
    assert envelope["as_of"] == payload.get("as_of", today.isoformat())
    expected = _jsonable(case.get("result", {}))
    assert {key: envelope["result"].get(key, "<missing>") for key in expected} == expected
    if "blocked_by" in case:
        assert envelope["blocked_by"] == case["blocked_by"]
    reasons = "\n".join(envelope["reasons"])
    for fragment in case.get("reasons_contain", []):
        assert fragment in reasons
    basis = "\n".join(envelope["legal_basis"])
    for fragment in case.get("legal_basis_contains", []):
        assert fragment in basis
    assert envelope["reasons"], "every decision explains itself"
    assert envelope["legal_basis"], "every decision cites its legal basis"


def test_every_rule_of_this_issue_has_a_case_table() -> None:
    tables = {path.stem for path in CASE_DIR.glob("*.yaml")}
    expected = {"nip", "education-ceiling", "retirement", "rank-promotion", "salary-increment", "mutation-window"}
    assert expected <= tables
    assert expected <= set(rule_names())
