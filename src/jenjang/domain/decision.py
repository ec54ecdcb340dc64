"""The Decision every rule returns, and the contract envelope it renders to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .text import Text


@dataclass(slots=True)
class Decision:
    """A rule's answer. Treat as immutable (not frozen only because batch callers build millions of these)."""

    result: Mapping[str, Any]
    reasons: tuple[Text, ...] = ()
    legal_basis: tuple[str, ...] = ()
    blocked_by: tuple[str, ...] = field(default=())

    def envelope(self, rule: str, version: str, as_of: dt.date, lang: str, with_blocked_by: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": rule,
            "version": version,
            "as_of": as_of.isoformat(),
            "result": to_json(self.result),
            "reasons": [reason.render(lang) for reason in self.reasons],
            "legal_basis": list(self.legal_basis),
        }
        if with_blocked_by:
            out["blocked_by"] = list(self.blocked_by)
        return out


def round2(value: float | Decimal) -> float:
    """Percentages and ratios are numbers rounded to 2 decimals, half up (not banker's rounding)."""
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def to_json(value: Any) -> Any:
    """Dates become ISO strings, Decimals floats, tuples lists; recursively."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value
