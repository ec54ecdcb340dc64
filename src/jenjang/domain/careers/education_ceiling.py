"""education-ceiling: the CPNS starting rank and the regular-promotion ceiling for an education level."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..decision import Decision
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import t
from ..vocab import EDUCATION

PARAMETER = "rank.education_table"


def classify_education_ceiling(education: str, as_of: dt.date, params: ParameterSet) -> tuple[str, str]:
    """(start_rank, ceiling_rank) for an education level on a date. Used by other rules too."""
    row = params.get(PARAMETER, as_of)[education]
    return str(row["start"]), str(row["ceiling"])


@rule(
    name="education-ceiling",
    version="2002.1",
    title=t("Golongan awal dan batas pangkat menurut pendidikan", "Starting rank and ceiling by education"),
    summary=t(
        "Golongan awal CPNS dan golongan tertinggi yang dapat dicapai melalui kenaikan pangkat reguler.",
        "The CPNS starting rank and the highest rank reachable by regular promotion.",
    ),
    schema=Schema(
        (
            Field(
                "education",
                "choice",
                t("Pendidikan", "Education"),
                choices=EDUCATION,
                example="S1",
            ),
        )
    ),
    legal_basis=("PP 98/2000 jo PP 11/2002 art. 11(4)", "Keputusan Kepala BKN 12/2002"),
    parameters=(PARAMETER,),
    examples=({"education": "S1"}, {"education": "SLTA"}),
)
def assess_education_ceiling(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    education = facts["education"]
    start, ceiling = classify_education_ceiling(education, as_of, params)
    return Decision(
        result={"start_rank": start, "ceiling_rank": ceiling},
        reasons=(
            t(
                "Pendidikan {education}: golongan awal {start}, batas kenaikan pangkat reguler {ceiling}",
                "Education {education}: starting rank {start}, regular-promotion ceiling {ceiling}",
                education=education,
                start=start,
                ceiling=ceiling,
            ),
        ),
        legal_basis=(params.basis(PARAMETER, as_of),),
    )
