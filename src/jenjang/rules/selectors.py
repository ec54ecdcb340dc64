"""Reads for the rules engine: the effective parameters of an agency, the rule catalogue, evaluation.

`parameter_set_for(agency_id)` is the one way any app gets the parameters a rule must use for an agency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from jenjang.domain.errors import InvalidInput
from jenjang.domain.parameters import ParameterSet, default_parameters
from jenjang.domain.parameters import ParameterValue as DatedValue
from jenjang.domain.registry import Rule, all_rules, get_rule
from jenjang.domain.schema import Field, Schema
from jenjang.domain.text import Text, normalize_language, t

from .models import ParameterValue

NATIONAL = "national"
AGENCY = "agency"
DEFAULT = "default"


def _rows_for(agency_id: int | None) -> QuerySet[ParameterValue]:
    scope = Q(agency__isnull=True)
    if agency_id is not None:
        scope |= Q(agency_id=agency_id)
    return ParameterValue.objects.filter(scope)


def _layer(rows: list[ParameterValue]) -> list[tuple[str, DatedValue]]:
    """National rows first, then the agency's; within a layer the later row of one date wins."""
    rows = sorted(rows, key=lambda r: (r.agency_id is not None, r.valid_from, r.pk))
    return [
        (
            row.name,
            DatedValue(
                valid_from=row.valid_from,
                value=row.value,
                legal_basis=row.legal_basis,
                confirmed=True,
                note=row.note,
                source=AGENCY if row.agency_id is not None else NATIONAL,
            ),
        )
        for row in rows
    ]


def parameter_set_for(agency_id: int | None) -> ParameterSet:
    """The defaults, overlaid by the national edits and then by this agency's edits (one query)."""
    rows = list(_rows_for(agency_id).only("name", "agency_id", "valid_from", "value", "legal_basis", "note"))
    if not rows:
        return default_parameters()
    return default_parameters().with_values(_layer(rows))


def parameter_set_for_user(user: Any) -> ParameterSet:
    """The parameters of the signed-in user's agency, once per request (cached on the user object)."""
    cached = getattr(user, "_jenjang_parameter_set", None)
    if cached is None:
        cached = parameter_set_for(getattr(user, "agency_id", None))
        user._jenjang_parameter_set = cached
    return cached


def parameter_history(name: str, agency_id: int | None) -> list[ParameterValue]:
    """The edited rows of one parameter visible for an agency (national and the agency's), newest first."""
    return list(
        _rows_for(agency_id).filter(name=name).select_related("created_by", "agency").order_by("-created_at", "-id")
    )


def today() -> dt.date:
    return timezone.localdate()


def rule_evaluate(
    name: str,
    payload: Any,
    *,
    params: ParameterSet,
    lang: str | None,
    today: dt.date,
) -> dict[str, Any]:
    """The contract envelope for a rule: the CLI, the API and the explorer all call this.

    Raises UnknownRule for an unknown name and InvalidInput for bad input (including a date before any value
    of a parameter the rule needs).
    """
    rule = get_rule(name)
    try:
        return rule.evaluate(payload, today, lang, params)
    except LookupError as error:
        if isinstance(error, KeyError):
            raise
        as_of = payload.get("as_of") if isinstance(payload, Mapping) else None
        raise InvalidInput(
            "as_of",
            t(
                "Tidak ada nilai parameter aturan yang berlaku pada tanggal {date}",
                "No value of the rule's parameters is in force on {date}",
                date=as_of or today.isoformat(),
            ),
        ) from None


# The catalogue: rules and parameters described as JSON (API and CLI), in a language.


def text(value: Text | None, lang: str) -> str | None:
    return value.render(lang) if value is not None else None


def field_description(f: Field, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "kind": f.kind, "label": f.label.render(lang), "required": f.required}
    if f.choices:
        out["choices"] = list(f.choices)
    if f.default is not None:
        out["default"] = f.default
    if f.minimum is not None:
        out["minimum"] = f.minimum
    if f.maximum is not None:
        out["maximum"] = f.maximum
    if f.kind == "mapping":
        out["key_kind"] = f.key_kind
        if f.key_choices:
            out["key_choices"] = list(f.key_choices)
        if f.item is not None:
            out["item"] = field_description(f.item, lang)
    if f.fields:
        out["fields"] = [field_description(sub, lang) for sub in f.fields]
    if f.help is not None:
        out["help"] = f.help.render(lang)
    return out


def schema_description(schema: Schema, lang: str) -> list[dict[str, Any]]:
    as_of = Field("as_of", "date", t("Per tanggal (bawaan: hari ini)", "As of (default: today)"), required=False)
    return [field_description(f, lang) for f in (*schema.fields, as_of)]


def parameter_description(params: ParameterSet, name: str, lang: str) -> dict[str, Any]:
    parameter = params.parameters[name]
    return {
        "name": name,
        "description": parameter.description.render(lang),
        "unit": parameter.unit,
        "values": [
            {
                "valid_from": value.valid_from.isoformat(),
                "value": value.value,
                "legal_basis": value.legal_basis,
                "confirmed": value.confirmed,
                "note": value.note,
                "source": value.source,
            }
            for value in parameter.values
        ],
    }


def rule_description(rule: Rule, params: ParameterSet, lang: str, *, full: bool = True) -> dict[str, Any]:
    lang = normalize_language(lang)
    out: dict[str, Any] = {
        "name": rule.name,
        "version": rule.version,
        "title": rule.title.render(lang),
        "summary": rule.summary.render(lang),
        "legal_basis": list(rule.legal_basis),
        "input_schema": schema_description(rule.schema, lang),
        "parameters": [parameter_description(params, name, lang) for name in rule.parameters],
    }
    if full:
        out["blocked_by_codes"] = {code: label.render(lang) for code, label in rule.blocked_by_codes.items()}
        out["examples"] = [dict(example) for example in rule.examples]
    return out


@dataclass(frozen=True)
class ParameterUse:
    """A parameter and the rules that read it (for the explorer's parameter page)."""

    name: str
    rules: tuple[Rule, ...]


def parameter_get(name: str) -> ParameterUse | None:
    if name not in default_parameters().parameters:
        return None
    return ParameterUse(name=name, rules=tuple(r for r in all_rules() if name in r.parameters))
