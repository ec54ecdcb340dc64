"""The talent-review pack: one PDF for the talent review committee of a period (WeasyPrint, imported when rendering).

Contents: the 9-box picture with counts and shares, the people of each box (pool boxes first) with their
placement explained, key positions with their vacancy risk, successors, readiness and what the rules say about
their eligibility, bench-strength figures, and the review meetings' box moves with their reasons.
A fixed number of queries whatever the size of the agency; each box lists at most PEOPLE_PER_BOX people (the full
list is the talent map xlsx).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.http import HttpResponse
from django.template.loader import render_to_string

from jenjang.organization.models import Agency

from . import eligibility as rule_check
from . import explain
from .models import BoxMove, KeyPosition, Placement, Successor, TalentReview
from .selectors import parameters_for

PEOPLE_PER_BOX = 60
BOX_ORDER = (9, 8, 7, 6, 5, 4, 3, 2, 1)


def pack_context(agency: Agency, year: int, lang: str, today: dt.date) -> dict[str, Any]:
    params = parameters_for(agency.pk)
    counts = explain.box_counts(agency.pk, year)
    total = sum(counts.values())
    memo: dict[Any, Any] = {}
    moves_by_placement: dict[int, list[BoxMove]] = {}
    moves = list(
        BoxMove.objects.filter(review__agency=agency, review__year=year)
        .select_related("review", "placement__employee", "moved_by")
        .order_by("moved_at", "pk")
    )
    for move in moves:
        moves_by_placement.setdefault(move.placement_id, []).append(move)
    boxes = []
    for box in BOX_ORDER:
        if not counts[box]:
            continue
        placements = list(
            Placement.objects.filter(agency=agency, year=year, box=box)
            .select_related("employee", "employee__position", "employee__unit")
            .order_by("-potential_value", "employee__name", "pk")[:PEOPLE_PER_BOX]
        )
        decision = explain.nine_box_decision(placements[0], params) if placements else None
        boxes.append(
            {
                "box": box,
                "count": counts[box],
                "more": counts[box] - len(placements),
                "recommendation": decision.result["recommendation"].get(lang) if decision else "",
                "people": [
                    {"p": p, "reasons": explain.explain(p, params, lang, moves_by_placement.get(p.pk), memo=memo)}
                    for p in placements
                ],
            }
        )
    keys = list(
        KeyPosition.objects.filter(agency=agency)
        .select_related("position", "position__unit")
        .prefetch_related(
            Prefetch("successors", queryset=Successor.objects.select_related("employee", "employee__position"))
        )
        .order_by("position__name", "pk")
    )
    risks = explain.vacancy_risks(keys, today, params)
    key_rows = []
    for key in keys:
        checker = rule_check.Checker(key.position.level, today, params)
        key_rows.append(
            {
                "key": key,
                "risk": risks[key.pk],
                "successors": [
                    {"s": s, "rules": rule_check.render(checker.check(s.employee), lang)} for s in key.successors.all()
                ],
            }
        )
    grid = [[None] * 3 for _ in range(3)]
    for cell in explain.grid_cells(counts):
        row, col = explain.GRID[cell["box"]]
        grid[row][col] = cell
    return {
        "agency": agency,
        "year": year,
        "printed": today,
        "grid": grid,
        "total": total,
        "pool_total": sum(counts[b] for b in (7, 8, 9)),
        "movement": explain.movement(agency.pk, year),
        "boxes": boxes,
        "per_box": PEOPLE_PER_BOX,
        "keys": key_rows,
        "bench": explain.bench_strength(agency.pk),
        "reviews": list(TalentReview.objects.filter(agency=agency, year=year).order_by("held_on", "pk")),
        "moves": moves,
    }


def pack_html(agency: Agency, year: int, lang: str, today: dt.date) -> str:
    return render_to_string("talent/pdf/review_pack.html", pack_context(agency, year, lang, today))


def pack_pdf(agency: Agency, year: int, lang: str, today: dt.date) -> HttpResponse:
    from weasyprint import HTML

    pdf = HTML(string=pack_html(agency, year, lang, today)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="talent-review-{agency.code}-{year}.pdf"'
    return response
