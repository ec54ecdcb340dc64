"""nine-box: the talent box of an employee from performance and potential (PermenPANRB 3/2020; regulations.md §6).

Performance (kinerja: BELOW/MEETS/ABOVE expectation) and potential (potensial: LOW/MEDIUM/HIGH) give one of nine
boxes: (perf, pot) on 1..3 -> (3,3)=9, (2,3)=8, (3,2)=7, (1,3)=6, (2,2)=5, (3,1)=4, (1,2)=3, (2,1)=2, (1,1)=1.
Boxes 7, 8 and 9 form the succession group (talent pool). Both tables are dated parameters; each box carries the
regulation's recommendation, in both languages (`recommendation` is `{"id": ..., "en": ...}`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..decision import Decision
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import Text, t
from ..vocab import EXPECTATIONS, POTENTIALS

BOXES = "talent.nine_box"
POOL = "talent.pool_boxes"

PERFORMANCE_LABEL: dict[str, Text] = {
    "ABOVE": t("kinerja di atas ekspektasi", "performance above expectation"),
    "MEETS": t("kinerja sesuai ekspektasi", "performance meets expectation"),
    "BELOW": t("kinerja di bawah ekspektasi", "performance below expectation"),
}
POTENTIAL_LABEL: dict[str, Text] = {
    "HIGH": t("potensial tinggi", "high potential"),
    "MEDIUM": t("potensial menengah", "medium potential"),
    "LOW": t("potensial rendah", "low potential"),
}

RECOMMENDATIONS: dict[int, Text] = {
    9: t(
        "Dipromosikan dan dipertahankan; masuk kelompok rencana suksesi instansi/nasional; diberikan penghargaan",
        "Promote and retain; national/agency succession group; award",
    ),
    8: t(
        "Dipertahankan; masuk kelompok rencana suksesi instansi; perluasan jabatan; bimbingan kinerja",
        "Retain; agency succession group; job enlargement; coaching",
    ),
    7: t(
        "Dipertahankan; masuk kelompok rencana suksesi instansi; pengayaan jabatan; pengembangan kompetensi; "
        "tugas belajar",
        "Retain; agency succession group; job enrichment; development; study assignment",
    ),
    6: t(
        "Penempatan yang sesuai; bimbingan kinerja; konseling kinerja",
        "Suitable placement; coaching; counselling",
    ),
    5: t(
        "Penempatan yang sesuai; bimbingan kinerja; pengembangan kompetensi",
        "Suitable placement; coaching; competency development",
    ),
    4: t("Rotasi; pengembangan kompetensi", "Rotation; competency development"),
    3: t(
        "Bimbingan kinerja; konseling kinerja; pengembangan kompetensi; penempatan yang sesuai",
        "Coaching; counselling; development; placement",
    ),
    2: t(
        "Bimbingan kinerja; pengembangan kompetensi; penempatan yang sesuai",
        "Coaching; development; placement",
    ),
    1: t("Diproses sesuai ketentuan peraturan perundang-undangan", "Process under the rules"),
}


def classify_nine_box(performance: str, potential: str, as_of: dt.date, params: ParameterSet) -> int:
    """The box (1-9) for a performance and a potential rating (batch callers use this directly)."""
    return int(params.get(BOXES, as_of)[performance][potential])


def assess_nine_box_facts(performance: str, potential: str, as_of: dt.date, params: ParameterSet) -> Decision:
    """The box, the talent pool flag and the recommendation for typed facts."""
    box = classify_nine_box(performance, potential, as_of, params)
    pool_boxes = sorted(int(b) for b in params.get(POOL, as_of))
    talent_pool = box in pool_boxes
    recommendation = RECOMMENDATIONS.get(box, t("-", "-"))
    perf = PERFORMANCE_LABEL[performance]
    pot = POTENTIAL_LABEL[potential]
    pool_list = ", ".join(str(b) for b in pool_boxes)
    reasons = (
        t(
            "{perf_id} dan {pot_id}: kotak {box}",
            "{perf_en} and {pot_en}: box {box}",
            perf_id=perf.id[:1].upper() + perf.id[1:],
            pot_id=pot.id,
            perf_en=perf.en[:1].upper() + perf.en[1:],
            pot_en=pot.en,
            box=box,
        ),
        t(
            "Kotak {box} termasuk kelompok rencana suksesi (kotak {pool})",
            "Box {box} is in the succession group (talent pool: boxes {pool})",
            box=box,
            pool=pool_list,
        )
        if talent_pool
        else t(
            "Kotak {box} tidak termasuk kelompok rencana suksesi (kotak {pool})",
            "Box {box} is not in the succession group (talent pool: boxes {pool})",
            box=box,
            pool=pool_list,
        ),
        t("Rekomendasi: {text_id}", "Recommendation: {text_en}", text_id=recommendation.id, text_en=recommendation.en),
    )
    return Decision(
        result={
            "box": box,
            "talent_pool": talent_pool,
            "recommendation": {"id": recommendation.id, "en": recommendation.en},
        },
        reasons=reasons,
        legal_basis=(params.basis(BOXES, as_of), params.basis(POOL, as_of)),
    )


@rule(
    name="nine-box",
    version="2020.1",
    title=t("Kotak manajemen talenta (9-box)", "Talent box (9-box)"),
    summary=t(
        "Kotak talenta dari kinerja dan potensial, apakah masuk kelompok rencana suksesi, dan rekomendasinya.",
        "The talent box from performance and potential, whether it is in the talent pool, and the recommendation.",
    ),
    schema=Schema(
        (
            Field(
                "performance",
                "choice",
                t("Kinerja (terhadap ekspektasi)", "Performance (against expectation)"),
                choices=EXPECTATIONS,
                example="ABOVE",
            ),
            Field(
                "potential",
                "choice",
                t("Potensial", "Potential"),
                choices=POTENTIALS,
                example="HIGH",
            ),
        )
    ),
    legal_basis=("PermenPANRB 3/2020",),
    parameters=(BOXES, POOL),
    examples=(
        {"performance": "ABOVE", "potential": "HIGH", "as_of": "2025-01-31"},
        {"performance": "MEETS", "potential": "MEDIUM", "as_of": "2025-01-31"},
        {"performance": "BELOW", "potential": "LOW", "as_of": "2025-01-31"},
    ),
)
def assess_nine_box(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_nine_box_facts(facts["performance"], facts["potential"], as_of, params)
