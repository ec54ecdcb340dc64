"""The rule registry: rule name -> function + input schema. The CLI, the API and the rule explorer all use it.

A rule is registered with the `rule` decorator:

    @rule(name="education-ceiling", version="2002.1", schema=Schema((...)), legal_basis=(...), title=t(...))
    def assess_education_ceiling(facts: dict[str, Any], as_of: date, params: ParameterSet) -> Decision: ...

`evaluate(name, payload, today=..., lang=...)` parses the input (InvalidInput on bad input), takes `as_of` from the
input or else from `today` (which the caller passes: a rule never reads the clock), and returns the envelope.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .decision import Decision
from .errors import InvalidInput, UnknownRule
from .parameters import ParameterNotInForce, ParameterSet, default_parameters
from .schema import Schema, parse_date
from .text import Text, normalize_language, t

RuleFunction = Callable[[dict[str, Any], dt.date, ParameterSet], Decision]

# Packages whose modules register rules when imported (every module in them is loaded, in name order): a new
# rule is a new module in one of these, nothing else to wire.
RULE_PACKAGES: tuple[str, ...] = (
    "jenjang.domain.personnel",
    "jenjang.domain.careers",
    "jenjang.domain.performance",
    "jenjang.domain.competency",
    "jenjang.domain.talent",
    "jenjang.domain.selection",
    "jenjang.domain.development",
    "jenjang.domain.merit",
)


@dataclass(frozen=True)
class Rule:
    name: str
    version: str
    title: Text
    summary: Text
    schema: Schema
    legal_basis: tuple[str, ...]
    function: RuleFunction
    parameters: tuple[str, ...] = ()
    has_blocked_by: bool = False
    blocked_by_codes: Mapping[str, Text] = field(default_factory=dict)
    examples: tuple[Mapping[str, Any], ...] = ()

    def decide(
        self, payload: Mapping[str, Any], today: dt.date, params: ParameterSet | None = None
    ) -> tuple[Decision, dt.date]:
        facts = self.schema.parse(payload)
        raw_as_of = payload.get("as_of")
        as_of = parse_date(raw_as_of, "as_of") if raw_as_of not in (None, "") else today
        try:
            return self.function(facts, as_of, params or default_parameters()), as_of
        except ParameterNotInForce as error:
            raise InvalidInput(
                "as_of",
                t(
                    "Belum ada ketentuan yang berlaku pada {as_of} ({name})",
                    "No regulation value is in force on {as_of} ({name})",
                    as_of=as_of.isoformat(),
                    name=error.name,
                ),
            ) from None

    def evaluate(
        self,
        payload: Mapping[str, Any],
        today: dt.date,
        lang: str | None = None,
        params: ParameterSet | None = None,
    ) -> dict[str, Any]:
        decision, as_of = self.decide(payload, today, params)
        return decision.envelope(self.name, self.version, as_of, normalize_language(lang), self.has_blocked_by)


_RULES: dict[str, Rule] = {}


def rule(
    *,
    name: str,
    version: str,
    title: Text,
    summary: Text,
    schema: Schema,
    legal_basis: tuple[str, ...],
    parameters: tuple[str, ...] = (),
    blocked_by_codes: Mapping[str, Text] | None = None,
    has_blocked_by: bool | None = None,
    examples: tuple[Mapping[str, Any], ...] = (),
) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        if name in _RULES and _RULES[name].function is not function:
            raise ValueError(f"rule {name} registered twice")
        _RULES[name] = Rule(
            name=name,
            version=version,
            title=title,
            summary=summary,
            schema=schema,
            legal_basis=legal_basis,
            function=function,
            parameters=parameters,
            has_blocked_by=bool(blocked_by_codes) if has_blocked_by is None else has_blocked_by,
            blocked_by_codes=dict(blocked_by_codes or {}),
            examples=examples,
        )
        return function

    return register


_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for package_name in RULE_PACKAGES:
        try:
            package = importlib.import_module(package_name)
        except ModuleNotFoundError as error:
            if error.name == package_name:
                continue  # a capability whose rules are not written yet
            raise
        for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            importlib.import_module(f"{package_name}.{module.name}")
    _loaded = True


def all_rules() -> list[Rule]:
    _load()
    return sorted(_RULES.values(), key=lambda r: r.name)


def rule_names() -> list[str]:
    return [r.name for r in all_rules()]


def get_rule(name: str) -> Rule:
    _load()
    try:
        return _RULES[name]
    except KeyError:
        raise UnknownRule(name) from None


def evaluate(
    name: str,
    payload: Mapping[str, Any],
    *,
    today: dt.date,
    lang: str | None = None,
    params: ParameterSet | None = None,
) -> dict[str, Any]:
    """Evaluate a rule and return the contract envelope. Raises UnknownRule or InvalidInput."""
    return get_rule(name).evaluate(payload, today, lang, params)


def error_envelope(error: InvalidInput | UnknownRule, lang: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": error.code, "message": error.message.render(normalize_language(lang))}
    if isinstance(error, InvalidInput):
        body["field"] = error.field
    else:
        body["rule"] = error.name
    return {"error": body}
