"""Dated, cited parameters: the thresholds a regulation can change, as data.

Each parameter lives in a YAML file beside this module (the defaults, with their legal basis and whether the
source is confirmed). An agency's edits are stored by the `rules` app and layered on top of the defaults; a change
of regulation is a new dated value, never an edit of an old one, so old decisions stay explainable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..text import Text, t

PARAMETER_DIR = Path(__file__).parent


class ParameterNotInForce(LookupError):
    """No value of a parameter is in force on the date asked (the date is before the first valid_from)."""

    def __init__(self, name: str, as_of: dt.date) -> None:
        super().__init__(f"parameter {name} has no value valid on {as_of.isoformat()}")
        self.name = name
        self.as_of = as_of


@dataclass(frozen=True)
class ParameterValue:
    valid_from: dt.date
    value: Any
    legal_basis: str
    confirmed: bool = True
    note: str = ""
    source: str = "default"  # "default" (YAML) or "agency" (edited in Jenjang)


@dataclass(frozen=True)
class Parameter:
    name: str
    description: Text
    unit: str
    values: tuple[ParameterValue, ...]  # sorted by valid_from

    def value_at(self, as_of: dt.date) -> ParameterValue:
        for candidate in reversed(self.values):
            if candidate.valid_from <= as_of:
                return candidate
        raise ParameterNotInForce(self.name, as_of)


@dataclass(frozen=True)
class ParameterSet:
    parameters: Mapping[str, Parameter] = field(default_factory=dict)

    def get(self, name: str, as_of: dt.date) -> Any:
        return self.parameters[name].value_at(as_of).value

    def entry(self, name: str, as_of: dt.date) -> ParameterValue:
        return self.parameters[name].value_at(as_of)

    def basis(self, name: str, as_of: dt.date) -> str:
        """The legal basis of the value in force, marked when the source is unconfirmed."""
        entry = self.entry(name, as_of)
        return entry.legal_basis if entry.confirmed else f"{entry.legal_basis} (UNCONFIRMED)"

    def with_values(self, extra: Iterable[tuple[str, ParameterValue]]) -> ParameterSet:
        """Layer agency-edited values over these; an edit with the same valid_from replaces the default."""
        merged = dict(self.parameters)
        for name, value in extra:
            if name not in merged:
                continue
            kept = tuple(v for v in merged[name].values if v.valid_from != value.valid_from)
            merged[name] = replace(merged[name], values=tuple(sorted((*kept, value), key=lambda v: v.valid_from)))
        return ParameterSet(merged)


def _parse(name: str, raw: Mapping[str, Any]) -> Parameter:
    values = tuple(
        sorted(
            (
                ParameterValue(
                    valid_from=_date(item["valid_from"]),
                    value=item["value"],
                    legal_basis=str(item["legal_basis"]),
                    confirmed=bool(item.get("confirmed", True)),
                    note=str(item.get("note", "")),
                )
                for item in raw["values"]
            ),
            key=lambda v: v.valid_from,
        )
    )
    description = raw["description"]
    return Parameter(
        name=name,
        description=t(str(description["id"]), str(description["en"])),
        unit=str(raw.get("unit", "")),
        values=values,
    )


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@cache
def default_parameters() -> ParameterSet:
    """Every parameter from the YAML files in this folder (one file may hold several parameters)."""
    parameters: dict[str, Parameter] = {}
    for path in sorted(PARAMETER_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, raw in document.items():
            if name in parameters:
                raise ValueError(f"parameter {name} defined twice ({path.name})")
            parameters[name] = _parse(name, raw)
    return ParameterSet(parameters)
