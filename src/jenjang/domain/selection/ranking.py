"""Weighted totals and ranking with published tie-breaks for an open selection (regulations.md §10).

Pure functions. Each stage score is on 0-100; `weighted_total` scales the weights of the stages a vacancy holds to
100. `rank_candidates` orders by total, then by each tie-break in the published order (a stage score, higher first;
`submitted_at`, earlier first); candidates equal on every key share a rank (competition ranking: 1, 1, 3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

STAGES = ("cat", "assessment", "interview")
TIE_BREAK_KEYS = (*STAGES, "submitted_at")
TWO = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def weighted_total(
    scores: Mapping[str, Decimal | None], weights: Mapping[str, float | int], stages: Iterable[str]
) -> Decimal | None:
    """The weighted total over `stages` (the stages the vacancy holds), or None while a stage has no score."""
    held = [s for s in stages if float(weights.get(s, 0)) > 0]
    if not held:
        return None
    total_weight = sum(Decimal(str(weights[s])) for s in held)
    acc = Decimal(0)
    for stage in held:
        score = scores.get(stage)
        if score is None:
            return None
        acc += Decimal(score) * Decimal(str(weights[stage]))
    return q2(acc / total_weight)


@dataclass(frozen=True)
class Candidate:
    id: int
    total: Decimal
    scores: Mapping[str, Decimal | None] = field(default_factory=dict)
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class Ranked:
    id: int
    rank: int
    total: Decimal
    decided_by: str  # "total", a tie-break key that separated it from the one above, or "tie"


def _key(candidate: Candidate, tie_breaks: Sequence[str]) -> tuple[object, ...]:
    parts: list[object] = [-candidate.total]
    for key in tie_breaks:
        if key == "submitted_at":
            parts.append(candidate.submitted_at.timestamp() if candidate.submitted_at else float("inf"))
        else:
            score = candidate.scores.get(key)
            parts.append(-(score if score is not None else Decimal(-1)))
    return tuple(parts)


def rank_candidates(candidates: Iterable[Candidate], tie_breaks: Sequence[str]) -> list[Ranked]:
    unknown = [k for k in tie_breaks if k not in TIE_BREAK_KEYS]
    if unknown:
        raise ValueError(f"unknown tie-break {unknown[0]}")
    keyed = sorted(((_key(c, tie_breaks), c.id, c) for c in candidates), key=lambda x: (x[0], x[1]))
    out: list[Ranked] = []
    previous: tuple[object, ...] | None = None
    rank = 0
    for position, (key, _id, candidate) in enumerate(keyed, start=1):
        if previous is None:
            rank, how = 1, "total"
        elif key == previous:
            how = "tie"
        else:
            rank = position
            differs = next(i for i, (a, b) in enumerate(zip(key, previous, strict=True)) if a != b)
            how = "total" if differs == 0 else tie_breaks[differs - 1]
        out.append(Ranked(candidate.id, rank, candidate.total, how))
        previous = key
    return out
