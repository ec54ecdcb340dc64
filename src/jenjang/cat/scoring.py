"""Scoring a finished attempt: points per category from the stored form, then the `cat-skd` rule for an SKD
blueprint (TWK/TIU right = the category's points, wrong or blank = 0; TKP 1-5 points per option)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from jenjang.domain.errors import InvalidInput
from jenjang.domain.registry import error_envelope, get_rule
from jenjang.domain.text import normalize_language

from .models import Answer, Attempt, Item

CAT_SKD = "cat-skd"


@dataclass(frozen=True)
class Score:
    total: float
    by_category: dict[str, float]
    passed: bool | None
    decision: dict[str, Any]


def category_points(form: list[dict[str, Any]], choices: dict[int, int], items: dict[int, Item]) -> dict[str, float]:
    """{category code: points} for a form and the participant's shown-option choices by position."""
    out: dict[str, float] = {}
    for position, entry in enumerate(form):
        item = items[entry["item"]]
        shown = choices.get(position)
        original = entry["order"][shown] if shown is not None and shown < len(entry["order"]) else None
        out[item.category.code] = out.get(item.category.code, 0.0) + item.points_for(original)
    return out


def skd_decision(subtests: dict[str, int], agency_id: int, as_of: Any) -> tuple[bool | None, dict[str, Any]]:
    """The cat-skd envelope for twk/tiu/tkp totals; (None, error envelope) when the rule refuses the input."""
    from jenjang.rules.selectors import parameter_set_for

    lang = normalize_language(get_language())
    try:
        envelope = get_rule(CAT_SKD).evaluate(
            {**subtests, "as_of": as_of.isoformat()}, as_of, lang, parameter_set_for(agency_id)
        )
    except InvalidInput as error:
        return None, error_envelope(error, lang)
    return bool(envelope["result"]["passed"]), envelope


def score_attempt(attempt: Attempt) -> Score:
    form = attempt.form
    items = {i.pk: i for i in Item.objects.filter(pk__in=[f["item"] for f in form]).select_related("category")}
    choices = dict(Answer.objects.filter(attempt=attempt).values_list("position", "choice"))
    by_category = category_points(form, choices, items)
    total = float(sum(by_category.values()))
    session = attempt.participant.session
    if not session.blueprint.skd:
        return Score(total, by_category, None, {})
    subtests = {"twk": 0, "tiu": 0, "tkp": 0}
    codes = {i.category.code: i.category.skd_subtest for i in items.values()}
    for code, points in by_category.items():
        if codes.get(code):
            subtests[codes[code]] += int(points)
    as_of = timezone.localtime(attempt.finished_at or timezone.now()).date()
    passed, decision = skd_decision(subtests, session.agency_id, as_of)
    return Score(total, by_category, passed, decision)
