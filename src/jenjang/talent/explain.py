"""Reads behind the talent pages: box counts, movement between periods, a placement's explanation, vacancy risk
of key positions, the talent pool and bench strength. Every function runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext as _

from jenjang.domain.decision import Decision
from jenjang.domain.parameters import ParameterSet
from jenjang.domain.registry import get_rule
from jenjang.domain.text import normalize_language
from jenjang.domain.vocab import PREDICATE_LABEL
from jenjang.personnel.models import ACTIVE_STATUSES, Employee

from .mapping import method_for
from .models import BoxMove, KeyPosition, Placement, Readiness, Successor

# (box, row, column) of the picture: potential on x (LOW, MEDIUM, HIGH), performance on y (ABOVE at the top).
GRID = {4: (0, 0), 7: (0, 1), 9: (0, 2), 2: (1, 0), 5: (1, 1), 8: (1, 2), 1: (2, 0), 3: (2, 1), 6: (2, 2)}


def box_counts(agency_id: int, year: int) -> dict[int, int]:
    counts = dict.fromkeys(range(1, 10), 0)
    rows = Placement.objects.filter(agency_id=agency_id, year=year).values("box").annotate(n=Count("pk"))
    counts.update({row["box"]: row["n"] for row in rows})
    return counts


def grid_cells(counts: dict[int, int]) -> list[dict[str, Any]]:
    total = sum(counts.values()) or 1
    cells = []
    for box, (row, col) in GRID.items():
        cells.append(
            {
                "box": box,
                "x": 60 + col * 150,
                "y": 10 + row * 110,
                "count": counts.get(box, 0),
                "share": round(100 * counts.get(box, 0) / total),
                "pool": box in (7, 8, 9),
            }
        )
    return cells


def movement(agency_id: int, year: int) -> dict[str, Any]:
    """How the people placed in `year` moved against `year - 1`: up, same, down, new (one query)."""
    previous = Placement.objects.filter(employee_id=OuterRef("employee_id"), year=year - 1).values("box")[:1]
    rows = (
        Placement.objects.filter(agency_id=agency_id, year=year)
        .annotate(before=Subquery(previous))
        .values("before", "box")
        .annotate(n=Count("pk"))
    )
    out = {"up": 0, "same": 0, "down": 0, "new": 0, "pairs": []}
    for row in rows:
        before, now, n = row["before"], row["box"], row["n"]
        if before is None:
            out["new"] += n
        elif now > before:
            out["up"] += n
        elif now < before:
            out["down"] += n
        else:
            out["same"] += n
        if before is not None and before != now:
            out["pairs"].append((before, now, n))
    out["pairs"].sort(key=lambda p: (-p[2], p[0], p[1]))
    return out


def available_years(agency_id: int) -> list[int]:
    return list(
        Placement.objects.filter(agency_id=agency_id).values_list("year", flat=True).distinct().order_by("-year")
    )


def nine_box_decision(placement: Placement, params: ParameterSet, box: int | None = None) -> Decision:
    """The `nine-box` rule for the placement's ratings (through the registry)."""
    facts = {"performance": placement.performance, "potential": placement.potential}
    return get_rule("nine-box").function(facts, dt.date(placement.year, 12, 31), params)


def explain(
    placement: Placement,
    params: ParameterSet,
    lang: str,
    moves: list[BoxMove] | None = None,
    *,
    memo: dict[Any, Any] | None = None,
) -> list[str]:
    """The placement in plain words: performance from which predicates, potential from what, the box, moves.
    A `memo` dict shared across calls keeps the period's method and the rule's decision per (performance,
    potential) pair, so explaining many placements calls the rule at most nine times per period."""
    lang = normalize_language(lang)
    memo = {} if memo is None else memo
    method = memo.get(("method", placement.year))
    if method is None:
        method = memo[("method", placement.year)] = method_for(placement.year, params)
    predicates = "; ".join(
        f"{year}: {PREDICATE_LABEL[p].render(lang) if p in PREDICATE_LABEL else p}"
        for year, p in sorted(placement.predicates.items(), reverse=True)
    )
    combine = _("yang lebih rendah") if method.combine == "LOWER" else _("tahun terakhir")
    lines = [
        _("Kinerja: predikat %(predicates)s; dipakai %(combine)s dari %(years)s tahun: %(rating)s.")
        % {
            "predicates": predicates,
            "combine": combine,
            "years": len(method.years),
            "rating": placement.get_performance_display(),
        }
    ]
    parts = []
    if placement.jpm is not None:
        parts.append(_("JPM %(jpm)s%% terhadap SKJ jabatannya") % {"jpm": placement.jpm})
    else:
        parts.append(_("JPM belum ada (belum ada asesmen lengkap atau jabatan)"))
    if placement.potential_score is not None:
        parts.append(_("nilai potensial %(score)s") % {"score": placement.potential_score})
    else:
        parts.append(_("nilai potensial belum ada"))
    bands = ", ".join(f"{band} ≥ {float(floor):g}" for band, floor in method.bands)
    lines.append(
        _(
            "Potensial: %(parts)s; nilai gabungan %(value)s (bobot JPM %(wj)s, potensial %(ws)s; "
            "batas %(bands)s): %(pot)s."
        )
        % {
            "parts": "; ".join(parts),
            "value": placement.potential_value,
            "wj": float(method.weight_jpm),
            "ws": float(method.weight_score),
            "bands": bands,
            "pot": placement.get_potential_display(),
        }
    )
    key = ("nine-box", placement.year, placement.performance, placement.potential)
    decision = memo.get(key)
    if decision is None:
        decision = memo[key] = nine_box_decision(placement, params)
    lines += [reason.render(lang) for reason in decision.reasons]
    for move in moves or []:
        lines.append(
            _("Dipindahkan oleh %(review)s dari kotak %(a)s ke kotak %(b)s: %(reason)s")
            % {"review": move.review.title, "a": move.from_box, "b": move.to_box, "reason": move.reason}
        )
    return lines


@dataclass
class VacancyRisk:
    level: str  # HIGH / MEDIUM / LOW / VACANT
    reasons: list[str] = field(default_factory=list)
    holders: list[Employee] = field(default_factory=list)


def vacancy_risks(keys: list[KeyPosition], today: dt.date, params: ParameterSet) -> dict[int, VacancyRisk]:
    """For each key position: vacant, or the incumbent's retirement date (`retirement` rule) and whether the
    rotation window (`mutation-window` rule) has passed. One query for the holders."""
    from jenjang.careers import rules as career_rules
    from jenjang.careers.outlook import retirement_facts

    holders: dict[int, list[Employee]] = {}
    for person in Employee.objects.filter(
        position_id__in=[k.position_id for k in keys], status__in=ACTIVE_STATUSES
    ).select_related("position"):
        holders.setdefault(person.position_id, []).append(person)
    out: dict[int, VacancyRisk] = {}
    for key in keys:
        people = holders.get(key.position_id, [])
        if not people:
            out[key.pk] = VacancyRisk("VACANT", [_("Jabatan ini kosong.")], [])
            continue
        level = "LOW"
        reasons: list[str] = []
        for person in people:
            facts = retirement_facts(person.birth_date, key.position.level, person.occupation)
            if facts:
                decision = career_rules.decide(career_rules.RETIREMENT, facts, today, params)
                retire = decision.result["retirement_date"]
                months = (retire.year - today.year) * 12 + retire.month - today.month
                reasons.append(
                    _("%(name)s mencapai BUP pada %(date)s (%(months)s bulan lagi).")
                    % {"name": person.name, "date": retire.strftime("%d-%m-%Y"), "months": months}
                )
                if months <= 12:
                    level = "HIGH"
                elif months <= 36 and level != "HIGH":
                    level = "MEDIUM"
            if person.position_since:
                decision = career_rules.decide(
                    career_rules.MUTATION_WINDOW, {"position_since": person.position_since}, today, params
                )
                status = str(decision.result.get("status"))
                if status == "OVERDUE":
                    reasons.append(_("%(name)s telah melewati batas masa jabatan (rotasi).") % {"name": person.name})
                    if level == "LOW":
                        level = "MEDIUM"
                elif status == "WITHIN_WINDOW":
                    reasons.append(_("%(name)s berada dalam masa rotasi.") % {"name": person.name})
        out[key.pk] = VacancyRisk(level, reasons, people)
    return out


def bench_strength(agency_id: int) -> dict[str, Any]:
    """Key positions without a successor ready now, and successors nominated for several key positions."""
    keys = KeyPosition.objects.filter(agency_id=agency_id).count()
    ready = (
        Successor.objects.filter(key_position__agency_id=agency_id, readiness=Readiness.NOW)
        .values("key_position")
        .distinct()
        .count()
    )
    shared = list(
        Successor.objects.filter(key_position__agency_id=agency_id)
        .values("employee_id", "employee__name")
        .annotate(n=Count("key_position", distinct=True))
        .filter(n__gt=1)
        .order_by("-n", "employee__name")
    )
    return {"keys": keys, "without_ready": keys - ready, "ready": ready, "shared": shared}


def pool_by_level(agency_id: int, year: int) -> list[dict[str, Any]]:
    """The talent pool (boxes 7-9) of the period grouped by the target level (the next level up, by position level)."""
    rows = (
        Placement.objects.filter(agency_id=agency_id, year=year, box__in=(7, 8, 9))
        .values("target_level", "box")
        .annotate(n=Count("pk"))
        .order_by("target_level", "-box")
    )
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        target = TARGET_LEVEL.get(row["target_level"], row["target_level"] or "-")
        entry = grouped.setdefault(target, {"target": target, "counts": {9: 0, 8: 0, 7: 0}, "total": 0})
        entry["counts"][row["box"]] += row["n"]
        entry["total"] += row["n"]
    return sorted(
        grouped.values(), key=lambda e: TARGET_ORDER.index(e["target"]) if e["target"] in TARGET_ORDER else 99
    )


# The level a pool member is a successor candidate for: one step up the managerial ladder (JF and pelaksana go to
# the first managerial level matching their class); this is a planning grouping, not an eligibility decision.
TARGET_LEVEL = {
    "JPT_MADYA": "JPT_UTAMA",
    "JPT_PRATAMA": "JPT_MADYA",
    "ADMINISTRATOR": "JPT_PRATAMA",
    "PENGAWAS": "ADMINISTRATOR",
    "PELAKSANA": "PENGAWAS",
    "JF_AHLI_UTAMA": "JPT_MADYA",
    "JF_AHLI_MADYA": "JPT_PRATAMA",
    "JF_AHLI_MUDA": "ADMINISTRATOR",
    "JF_AHLI_PERTAMA": "PENGAWAS",
    "JF_PENYELIA": "PENGAWAS",
    "JF_MAHIR": "PENGAWAS",
    "JF_TERAMPIL": "PENGAWAS",
    "JF_PEMULA": "PENGAWAS",
}
TARGET_ORDER = ["JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS"]


def decimal_or_none(value: Any) -> Decimal | None:
    return Decimal(value) if value is not None else None
