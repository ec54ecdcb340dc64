"""merit-index: an agency's merit system index and its category (regulations.md §11).

The index (PermenPANRB 40/2018; Peraturan KASN 9/2019) is the sum of the points of 8 aspects, on a 100-400 scale.
The aspects and their maximum points are the dated parameter `merit.aspect_max_points` (UNCONFIRMED: from one
codebase); the categories are `merit.category_bands` (I Buruk from 100, II Kurang from 175, III Baik from 250,
IV Sangat Baik from 325; bands I-III UNCONFIRMED). Every aspect of the set in force must be scored; an unknown
aspect code or points above an aspect's maximum are bad input.

Aspect codes: needs_planning (perencanaan kebutuhan), recruitment (pengadaan), career_development (pengembangan
karier), promotion_mutation (promosi dan mutasi), performance_management (manajemen kinerja),
pay_rewards_discipline (penggajian, penghargaan dan disiplin), protection_services (perlindungan dan pelayanan),
information_system (sistem informasi).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..decision import Decision, round2
from ..errors import InvalidInput
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import Text, t

ASPECTS_PARAMETER = "merit.aspect_max_points"
BANDS_PARAMETER = "merit.category_bands"
CATEGORIES: tuple[str, ...] = ("BURUK", "KURANG", "BAIK", "SANGAT_BAIK")
CATEGORY_LABEL: dict[str, Text] = {
    "BURUK": t("Buruk", "Poor (Buruk)"),
    "KURANG": t("Kurang", "Insufficient (Kurang)"),
    "BAIK": t("Baik", "Good (Baik)"),
    "SANGAT_BAIK": t("Sangat Baik", "Very good (Sangat Baik)"),
}
ASPECT_LABEL: dict[str, Text] = {
    "needs_planning": t("Perencanaan kebutuhan", "Needs planning"),
    "recruitment": t("Pengadaan", "Recruitment"),
    "career_development": t("Pengembangan karier", "Career development"),
    "promotion_mutation": t("Promosi dan mutasi", "Promotion and mutation"),
    "performance_management": t("Manajemen kinerja", "Performance management"),
    "pay_rewards_discipline": t("Penggajian, penghargaan dan disiplin", "Pay, rewards and discipline"),
    "protection_services": t("Perlindungan dan pelayanan", "Protection and services"),
    "information_system": t("Sistem informasi", "Information system"),
}
ASPECTS: tuple[str, ...] = tuple(ASPECT_LABEL)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else round2(value)


def classify_merit_index(total: float, as_of: dt.date, params: ParameterSet) -> Mapping[str, Any]:
    """The band a total falls in: the highest band whose lower bound it reaches (the lowest band below that)."""
    bands: Sequence[Mapping[str, Any]] = sorted(params.get(BANDS_PARAMETER, as_of), key=lambda b: b["min"])
    found = bands[0]
    for band in bands:
        if total >= band["min"]:
            found = band
    return found


def assess_merit_index_facts(aspect_scores: Mapping[str, float], as_of: dt.date, params: ParameterSet) -> Decision:
    """The merit index for typed facts: aspect code -> points (batch callers use this directly)."""
    maxima: Mapping[str, float] = params.get(ASPECTS_PARAMETER, as_of)
    for code, points in aspect_scores.items():
        if code not in maxima:
            raise InvalidInput(
                f"aspect_scores.{code}",
                t(
                    "Kode aspek tidak dikenal: {code} (pilihan: {choices})",
                    "Unknown aspect code: {code} (choices: {choices})",
                    code=code,
                    choices=", ".join(maxima),
                ),
            )
        if points > maxima[code]:
            raise InvalidInput(
                f"aspect_scores.{code}",
                t(
                    "Nilai aspek {code} {points} melebihi nilai maksimal {max}",
                    "The points of aspect {code}, {points}, are above its maximum {max}",
                    code=code,
                    points=points,
                    max=maxima[code],
                ),
            )
    for code in maxima:
        if code not in aspect_scores:
            raise InvalidInput(
                f"aspect_scores.{code}",
                t("Aspek {code} belum diberi nilai", "Aspect {code} has no points", code=code),
            )

    total_exact = sum((Decimal(str(aspect_scores[code])) for code in maxima), Decimal(0))
    maximum_exact = sum((Decimal(str(maxima[code])) for code in maxima), Decimal(0))
    total = _number(total_exact)
    band = classify_merit_index(float(total_exact), as_of, params)
    category = str(band["category"])
    label = CATEGORY_LABEL.get(category, t(category, category))

    reasons: list[Text] = [
        Text(
            f"Indeks sistem merit {{total}} dari {{max}}: kategori {{band}} {label.id}",
            f"Merit system index {{total}} out of {{max}}: category {{band}} {label.en}",
            {"total": total, "max": _number(maximum_exact), "band": band.get("band", "")},
        )
    ]
    for code in maxima:
        aspect = ASPECT_LABEL.get(code, t(code, code))
        reasons.append(
            Text(
                f"{aspect.id}: {{points}} dari {{max}}",
                f"{aspect.en}: {{points}} out of {{max}}",
                {"points": aspect_scores[code], "max": maxima[code]},
            )
        )
    bands = sorted(params.get(BANDS_PARAMETER, as_of), key=lambda b: b["min"])
    if total_exact < Decimal(str(bands[0]["min"])):
        reasons.append(
            t(
                "Nilai di bawah batas bawah skala {min}; digolongkan ke kategori terendah",
                "The total is below the scale's lower bound {min}; it is put in the lowest category",
                min=bands[0]["min"],
            )
        )
    return Decision(
        result={
            "total": total,
            "category": category,
            "band": band.get("band"),
            "max_total": _number(maximum_exact),
        },
        reasons=tuple(reasons),
        legal_basis=(params.basis(ASPECTS_PARAMETER, as_of), params.basis(BANDS_PARAMETER, as_of)),
    )


_EXAMPLE_GOOD = {
    "needs_planning": 18,
    "recruitment": 20,
    "career_development": 56,
    "promotion_mutation": 32,
    "performance_management": 60,
    "pay_rewards_discipline": 45,
    "protection_services": 12,
    "information_system": 50,
}
_EXAMPLE_VERY_GOOD = {
    "needs_planning": 22,
    "recruitment": 24,
    "career_development": 72,
    "promotion_mutation": 36,
    "performance_management": 70,
    "pay_rewards_discipline": 52,
    "protection_services": 14,
    "information_system": 68,
}


@rule(
    name="merit-index",
    version="2018.1",
    title=t("Indeks sistem merit", "Merit system index"),
    summary=t(
        "Nilai indeks sistem merit instansi dari 8 aspek dan kategorinya (Buruk, Kurang, Baik, Sangat Baik).",
        "An agency's merit system index from its 8 aspects, and its category (poor to very good).",
    ),
    schema=Schema(
        (
            Field(
                "aspect_scores",
                "mapping",
                t("Nilai per aspek", "Points per aspect"),
                item=Field("points", "number", t("Nilai", "Points"), minimum=0),
                example=_EXAMPLE_GOOD,
                help=t(
                    "Kode aspek: " + ", ".join(ASPECTS),
                    "Aspect codes: " + ", ".join(ASPECTS),
                ),
            ),
        )
    ),
    legal_basis=("PermenPANRB 40/2018", "Peraturan KASN 9/2019"),
    parameters=(ASPECTS_PARAMETER, BANDS_PARAMETER),
    examples=(
        {"aspect_scores": _EXAMPLE_GOOD, "as_of": "2025-06-30"},
        {"aspect_scores": _EXAMPLE_VERY_GOOD, "as_of": "2025-06-30"},
    ),
)
def assess_merit_index(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_merit_index_facts(facts["aspect_scores"], as_of, params)
