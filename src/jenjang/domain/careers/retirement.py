"""retirement: the retirement age (BUP) for a position level and the retirement date (regulations.md §4).

BUP by level: 58 administration, JF Ahli Pertama/Muda and all skill JF; 60 JPT and JF Ahli Madya; 65 JF Ahli Utama.
Lecturers keep their own ages under UU 14/2005 art. 67: dosen 65, profesor 70 (an `occupation` replaces the level's
age). The retirement date (TMT pensiun) is the first day of the month after the birthday at that age.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..dates import add_years, first_of_next_month
from ..decision import Decision
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import t
from ..vocab import POSITION_LEVEL_LABEL

AGE_BY_LEVEL = "retirement.age_by_level"
AGE_BY_OCCUPATION = "retirement.age_by_occupation"
OCCUPATIONS: tuple[str, ...] = ("DOSEN", "PROFESOR")
DATE_BASIS = "TMT pensiun: tanggal 1 bulan berikutnya setelah mencapai BUP (UNCONFIRMED)"


def assess_retirement_facts(
    birth_date: dt.date,
    position_level: str,
    as_of: dt.date,
    params: ParameterSet,
    occupation: str | None = None,
) -> Decision:
    """The retirement age and date for typed facts (batch callers use this directly)."""
    level_age = int(params.get(AGE_BY_LEVEL, as_of)[position_level])
    legal_basis: tuple[str, ...]
    if occupation:
        age = int(params.get(AGE_BY_OCCUPATION, as_of)[occupation])
        legal_basis = (params.basis(AGE_BY_OCCUPATION, as_of), DATE_BASIS)
    else:
        age = level_age
        legal_basis = (params.basis(AGE_BY_LEVEL, as_of), DATE_BASIS)
    birthday = add_years(birth_date, age)
    retirement_date = first_of_next_month(birthday)
    retired = retirement_date <= as_of
    level = POSITION_LEVEL_LABEL[position_level]
    if occupation:
        first = t(
            "BUP {occupation_id} menurut UU 14/2005: {age} tahun (BUP jenjang {level_id}: {level_age} tahun)",
            "Retirement age of a {occupation_en} under UU 14/2005: {age} (position level {level_en}: {level_age})",
            occupation_id=occupation.lower(),
            occupation_en="lecturer" if occupation == "DOSEN" else "professor",
            age=age,
            level_id=level.id,
            level_en=level.en,
            level_age=level_age,
        )
    else:
        first = t(
            "BUP jenjang {level_id}: {age} tahun",
            "Retirement age for {level_en}: {age}",
            level_id=level.id,
            level_en=level.en,
            age=age,
        )
    second = t(
        "Usia {age} tahun dicapai pada {birthday}; TMT pensiun tanggal 1 bulan berikutnya: {date}",
        "Age {age} is reached on {birthday}; retirement takes effect on the 1st of the next month: {date}",
        age=age,
        birthday=birthday,
        date=retirement_date,
    )
    return Decision(
        result={
            "retirement_age": age,
            "retirement_date": retirement_date,
            "retired": retired,
        },
        reasons=(first, second),
        legal_basis=legal_basis,
    )


@rule(
    name="retirement",
    version="2017.1",
    title=t("Batas usia pensiun (BUP)", "Retirement age (BUP)"),
    summary=t(
        "Batas usia pensiun menurut jenjang jabatan (atau profesi dosen/profesor) dan TMT pensiun.",
        "The retirement age for a position level (or a lecturer's or professor's own age) and the retirement date.",
    ),
    schema=Schema(
        (
            Field("birth_date", "date", t("Tanggal lahir", "Birth date"), example="1966-03-14"),
            Field(
                "position_level",
                "choice",
                t("Jenjang jabatan", "Position level"),
                choices=tuple(POSITION_LEVEL_LABEL),
                example="PELAKSANA",
            ),
            Field(
                "occupation",
                "choice",
                t("Profesi (dosen/profesor)", "Occupation (lecturer/professor)"),
                required=False,
                choices=OCCUPATIONS,
                help=t(
                    "Diisi hanya untuk dosen atau profesor (UU 14/2005 art. 67)",
                    "Only for lecturers or professors (UU 14/2005 art. 67)",
                ),
            ),
        )
    ),
    legal_basis=("UU 5/2014 art. 90", "PP 11/2017 art. 239-240", "UU 14/2005 art. 67(4)-(5)"),
    parameters=(AGE_BY_LEVEL, AGE_BY_OCCUPATION),
    examples=(
        {"birth_date": "1966-03-14", "position_level": "PELAKSANA"},
        {"birth_date": "1964-02-29", "position_level": "JF_AHLI_MADYA"},
        {"birth_date": "1960-07-01", "position_level": "JF_AHLI_MADYA", "occupation": "PROFESOR"},
    ),
)
def assess_retirement(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_retirement_facts(
        facts["birth_date"], facts["position_level"], as_of, params, occupation=facts.get("occupation")
    )
