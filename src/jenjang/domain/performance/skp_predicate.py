"""skp-predicate: an employee's annual performance predicate (PermenPANRB 6/2022; regulations.md §5.1).

The work result (hasil kerja) and the work behaviour (perilaku kerja) are each rated against the expectation:
ABOVE, MEETS or BELOW. The predicate is the matrix cell (rows = work result, columns = behaviour):

|            | behaviour BELOW | MEETS           | ABOVE           |
|------------|-----------------|-----------------|-----------------|
| work ABOVE | KURANG          | BAIK            | SANGAT_BAIK     |
| work MEETS | KURANG          | BAIK            | BAIK            |
| work BELOW | SANGAT_KURANG   | BUTUH_PERBAIKAN | BUTUH_PERBAIKAN |

The regulation's "Kurang/Misconduct" cell is the contract's KURANG. The matrix is a dated parameter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..decision import Decision
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import Text, t
from ..vocab import EXPECTATIONS, PREDICATE_LABEL

MATRIX = "performance.predicate_matrix"

EXPECTATION_LABEL: dict[str, Text] = {
    "ABOVE": t("di atas ekspektasi", "above expectation"),
    "MEETS": t("sesuai ekspektasi", "meets expectation"),
    "BELOW": t("di bawah ekspektasi", "below expectation"),
}


def classify_skp_predicate(work_result: str, behavior: str, as_of: dt.date, params: ParameterSet) -> str:
    """The predicate code for two expectation ratings (batch callers use this directly)."""
    return str(params.get(MATRIX, as_of)[work_result][behavior])


def assess_skp_predicate_facts(work_result: str, behavior: str, as_of: dt.date, params: ParameterSet) -> Decision:
    """The predicate with its reasons for typed facts."""
    predicate = classify_skp_predicate(work_result, behavior, as_of, params)
    work = EXPECTATION_LABEL[work_result]
    behaviour = EXPECTATION_LABEL[behavior]
    label = PREDICATE_LABEL.get(predicate, t(predicate, predicate))
    reasons = [
        t(
            "Hasil kerja {work_id} dan perilaku kerja {behaviour_id} menghasilkan predikat {predicate_id}",
            "Work result {work_result} and behaviour {behavior} expectation give {predicate}",
            work_id=work.id,
            behaviour_id=behaviour.id,
            predicate_id=label.id,
            work_result=work_result,
            behavior=behavior,
            predicate=predicate,
        )
    ]
    if predicate == "KURANG" and behavior == "BELOW":
        reasons.append(
            t(
                "Perilaku kerja di bawah ekspektasi: predikat Kurang/Misconduct menurut matriks",
                "Behaviour below expectation: the matrix cell is Kurang/Misconduct",
            )
        )
    return Decision(
        result={"predicate": predicate},
        reasons=tuple(reasons),
        legal_basis=(params.basis(MATRIX, as_of),),
    )


@rule(
    name="skp-predicate",
    version="2022.1",
    title=t("Predikat kinerja pegawai (SKP)", "Employee performance predicate (SKP)"),
    summary=t(
        "Predikat kinerja dari rating hasil kerja dan rating perilaku kerja terhadap ekspektasi.",
        "The performance predicate from the work-result rating and the behaviour rating against expectations.",
    ),
    schema=Schema(
        (
            Field(
                "work_result",
                "choice",
                t("Rating hasil kerja", "Work-result rating"),
                choices=EXPECTATIONS,
                example="MEETS",
            ),
            Field(
                "behavior",
                "choice",
                t("Rating perilaku kerja", "Behaviour rating"),
                choices=EXPECTATIONS,
                example="ABOVE",
            ),
        )
    ),
    legal_basis=("PermenPANRB 6/2022, Lampiran",),
    parameters=(MATRIX,),
    examples=(
        {"work_result": "MEETS", "behavior": "ABOVE", "as_of": "2025-01-31"},
        {"work_result": "ABOVE", "behavior": "ABOVE", "as_of": "2025-01-31"},
        {"work_result": "ABOVE", "behavior": "BELOW", "as_of": "2025-01-31"},
        {"work_result": "BELOW", "behavior": "BELOW", "as_of": "2025-01-31"},
    ),
)
def assess_skp_predicate(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_skp_predicate_facts(facts["work_result"], facts["behavior"], as_of, params)
