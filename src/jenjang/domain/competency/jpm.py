"""jpm: Job-Person Match of an employee's competencies against the position standard (regulations.md §7).

Over the 8 managerial competencies and the socio-cultural one (PermenPANRB 38/2017), each at a level 1-5:
    jpm_raw    = sum(actual) / sum(standard) * 100
    jpm_capped = sum(min(actual, standard)) / sum(standard) * 100   (a level above the standard counts as the standard)
Whether the levels are capped is UNCONFIRMED: the parameter `competency.jpm_capped` says which of the two is `jpm`
(both are returned). The category (Peraturan BKN 26/2019): >= 90% OPTIMAL, 78% to < 90% CUKUP_OPTIMAL, < 78%
KURANG_OPTIMAL, a dated parameter, compared on the exact value. `gaps` lists standard - actual where positive.
Both `standard` and `actual` must give a level for every one of the nine competencies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..decision import Decision, round2
from ..errors import InvalidInput
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import Text, t
from ..vocab import COMPETENCIES

CATEGORIES = "competency.jpm_categories"
CAPPED = "competency.jpm_capped"
CATEGORY_CODES: tuple[str, ...] = ("OPTIMAL", "CUKUP_OPTIMAL", "KURANG_OPTIMAL")

COMPETENCY_LABEL: dict[str, Text] = {
    "integrity": t("Integritas", "Integrity"),
    "teamwork": t("Kerja sama", "Teamwork"),
    "communication": t("Komunikasi", "Communication"),
    "results_orientation": t("Orientasi pada hasil", "Results orientation"),
    "public_service": t("Pelayanan publik", "Public service"),
    "developing_others": t("Pengembangan diri dan orang lain", "Developing self and others"),
    "managing_change": t("Mengelola perubahan", "Managing change"),
    "decision_making": t("Pengambilan keputusan", "Decision making"),
    "national_cohesion": t("Perekat bangsa", "National cohesion"),
}
CATEGORY_LABEL: dict[str, Text] = {
    "OPTIMAL": t("Optimal", "Optimal"),
    "CUKUP_OPTIMAL": t("Cukup Optimal", "Fairly optimal (Cukup Optimal)"),
    "KURANG_OPTIMAL": t("Kurang Optimal", "Below optimal (Kurang Optimal)"),
}


def _percent(numerator: int, denominator: int) -> Fraction:
    return Fraction(numerator * 100, denominator)


def jpm_category(percent: Fraction, as_of: dt.date, params: ParameterSet) -> tuple[str, Any]:
    """The category of a JPM percentage and the band's minimum (bands highest first; the first reached wins)."""
    bands = params.get(CATEGORIES, as_of)
    for band in bands:
        if percent >= Fraction(Decimal(str(band["min_percent"]))):
            return str(band["category"]), band["min_percent"]
    last = bands[-1]
    return str(last["category"]), last["min_percent"]


def _check_complete(standard: Mapping[str, int], actual: Mapping[str, int]) -> None:
    for name, levels in (("standard", standard), ("actual", actual)):
        for competency in COMPETENCIES:
            if competency not in levels:
                label = COMPETENCY_LABEL[competency]
                raise InvalidInput(
                    f"{name}.{competency}",
                    t(
                        "Level {label_id} ({competency}) wajib diisi pada {name}",
                        "A level for {label_en} ({competency}) is required in {name}",
                        label_id=label.id,
                        label_en=label.en,
                        competency=competency,
                        name=name,
                    ),
                )


def assess_jpm_facts(
    standard: Mapping[str, int], actual: Mapping[str, int], as_of: dt.date, params: ParameterSet
) -> Decision:
    """JPM, its category and the gaps for typed facts (levels 1-5 for all nine competencies)."""
    _check_complete(standard, actual)
    total_standard = sum(int(standard[c]) for c in COMPETENCIES)
    total_actual = sum(int(actual[c]) for c in COMPETENCIES)
    total_capped = sum(min(int(actual[c]), int(standard[c])) for c in COMPETENCIES)
    raw = _percent(total_actual, total_standard)
    capped = _percent(total_capped, total_standard)
    use_capped = bool(params.get(CAPPED, as_of))
    chosen = capped if use_capped else raw
    category, band_min = jpm_category(chosen, as_of, params)
    gaps = {c: int(standard[c]) - int(actual[c]) for c in COMPETENCIES if int(standard[c]) > int(actual[c])}
    jpm = round2(Decimal(chosen.numerator) / Decimal(chosen.denominator))
    jpm_raw = round2(Decimal(raw.numerator) / Decimal(raw.denominator))
    jpm_capped = round2(Decimal(capped.numerator) / Decimal(capped.denominator))
    label = CATEGORY_LABEL.get(category, t(category, category))
    reasons: list[Text] = [
        t(
            "Jumlah level aktual {actual} dari jumlah level standar {standard}: JPM tanpa batas {raw}%",
            "Actual levels add up to {actual} against a standard of {standard}: uncapped JPM {raw}%",
            actual=total_actual,
            standard=total_standard,
            raw=jpm_raw,
        ),
        t(
            "Level di atas standar dihitung sama dengan standar: {capped_total} dari {standard}, JPM {capped}%",
            "Levels above the standard counted at the standard: {capped_total} of {standard}, JPM {capped}%",
            capped_total=total_capped,
            standard=total_standard,
            capped=jpm_capped,
        ),
        t(
            "JPM yang dipakai: {which_id} ({jpm}%), kategori {category_id} (batas bawah {min}%)",
            "JPM used: {which_en} ({jpm}%), category {category_en} (from {min}%)",
            which_id="dibatasi pada standar" if use_capped else "tanpa batas",
            which_en="capped at the standard" if use_capped else "uncapped",
            jpm=jpm,
            category_id=label.id,
            category_en=label.en,
            min=band_min,
        ),
    ]
    if gaps:
        listed = sorted(gaps)
        reasons.append(
            t(
                "Kesenjangan kompetensi: {gaps_id}",
                "Competency gaps: {gaps_en}",
                gaps_id="; ".join(f"{COMPETENCY_LABEL[c].id} {gaps[c]}" for c in listed),
                gaps_en="; ".join(f"{COMPETENCY_LABEL[c].en} {gaps[c]}" for c in listed),
            )
        )
    else:
        reasons.append(
            t("Semua kompetensi memenuhi standar", "Every competency meets the standard"),
        )
    return Decision(
        result={
            "jpm": jpm,
            "category": category,
            "gaps": gaps,
            "jpm_raw": jpm_raw,
            "jpm_capped": jpm_capped,
            "jpm_method": "CAPPED" if use_capped else "RAW",
        },
        reasons=tuple(reasons),
        legal_basis=(params.basis(CATEGORIES, as_of), params.basis(CAPPED, as_of), "PermenPANRB 38/2017"),
    )


LEVEL = Field("level", "integer", t("Level", "Level"), minimum=1, maximum=5)
LEVELS_HELP = t(
    "Level 1-5 untuk kesembilan kompetensi manajerial dan sosial kultural",
    "Level 1-5 for each of the nine managerial and socio-cultural competencies",
)


_STANDARD_EXAMPLE = {c: 3 for c in COMPETENCIES}
_ACTUAL_EXAMPLE = {**_STANDARD_EXAMPLE, "communication": 2, "decision_making": 2, "integrity": 4}


@rule(
    name="jpm",
    version="2019.1",
    title=t("Job-Person Match (JPM)", "Job-Person Match (JPM)"),
    summary=t(
        "Persentase kesesuaian kompetensi pegawai dengan standar kompetensi jabatan, kategorinya, dan kesenjangannya.",
        "How far an employee's competencies match the position's standard, the category, and the gaps.",
    ),
    schema=Schema(
        (
            Field(
                "standard",
                "mapping",
                t("Level standar jabatan (SKJ)", "Position standard levels (SKJ)"),
                key_choices=COMPETENCIES,
                item=LEVEL,
                example=_STANDARD_EXAMPLE,
                help=LEVELS_HELP,
            ),
            Field(
                "actual",
                "mapping",
                t("Level hasil penilaian", "Assessed levels"),
                key_choices=COMPETENCIES,
                item=LEVEL,
                example=_ACTUAL_EXAMPLE,
                help=LEVELS_HELP,
            ),
        )
    ),
    legal_basis=("Peraturan BKN 26/2019", "PermenPANRB 38/2017"),
    parameters=(CATEGORIES, CAPPED),
    examples=(
        {"standard": _STANDARD_EXAMPLE, "actual": _ACTUAL_EXAMPLE, "as_of": "2025-01-31"},
        {
            "standard": {c: 4 for c in COMPETENCIES},
            "actual": {**{c: 3 for c in COMPETENCIES}, "integrity": 4, "teamwork": 4},
            "as_of": "2025-01-31",
        },
        {
            "standard": {c: 2 for c in COMPETENCIES},
            "actual": {**{c: 2 for c in COMPETENCIES}, "integrity": 3, "communication": 1},
            "as_of": "2025-01-31",
        },
    ),
)
def assess_jpm(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_jpm_facts(facts["standard"], facts["actual"], as_of, params)
