"""jpt-eligibility: whether a PNS meets the requirements to fill a high leadership position (JPT; regulations.md §2).

PP 11/2017 art. 107 (as amended by PP 17/2020) sets, per JPT level, the education (S1/D-IV or higher), the
cumulative experience in related fields, the post held now or before for at least 2 years, and the highest age.
The table is the dated parameter `jpt.requirements`. Each unmet requirement adds a stable code to `blocked_by`, in
the order EDUCATION, EXPERIENCE, PRIOR_POSITION, AGE; `eligible` is true exactly when none is unmet. The SKJ
competencies, the track record and Presidential exceptions are outside this rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..decision import Decision
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import Text, t
from ..vocab import EDUCATION, POSITION_LEVEL_LABEL

REQUIREMENTS = "jpt.requirements"
JPT_LEVELS: tuple[str, ...] = ("JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA")
POSITION_LEVELS: tuple[str, ...] = tuple(POSITION_LEVEL_LABEL)

BLOCKED_BY_CODES: dict[str, Text] = {
    "EDUCATION": t("Kualifikasi pendidikan belum memenuhi", "The education does not meet the requirement"),
    "EXPERIENCE": t("Pengalaman jabatan belum cukup", "Not enough experience in related positions"),
    "PRIOR_POSITION": t(
        "Jabatan sebelumnya atau lamanya belum memenuhi", "The prior position, or the years in it, do not qualify"
    ),
    "AGE": t("Usia melebihi batas", "Above the highest age"),
}


def _years(value: float) -> int | float:
    """Whole years as an integer in reasons ("5", not "5.0"); fractions kept."""
    return int(value) if float(value).is_integer() else value


def assess_jpt_eligibility_facts(
    level: str,
    education: str,
    years_experience: float,
    prior_position: str,
    years_in_prior_position: float,
    age: int,
    as_of: dt.date,
    params: ParameterSet,
) -> Decision:
    """JPT requirements for typed facts (batch callers use this directly)."""
    requirement: Mapping[str, Any] = params.get(REQUIREMENTS, as_of)[level]
    accepted_education: list[str] = [str(e) for e in requirement["education"]]
    min_experience = requirement["min_years_experience"]
    prior_positions: list[str] = [str(p) for p in requirement["prior_positions"]]
    min_prior_years = requirement["min_years_in_prior_position"]
    max_age = requirement["max_age"]

    blocked: list[str] = []
    reasons: list[Text] = []

    accepted = ", ".join(accepted_education)
    if education in accepted_education:
        reasons.append(
            t(
                "Terpenuhi: pendidikan {education} (yang diterima: {accepted})",
                "Met: education {education} (accepted: {accepted})",
                education=education,
                accepted=accepted,
            )
        )
    else:
        blocked.append("EDUCATION")
        reasons.append(
            t(
                "Belum memenuhi: pendidikan {education}, yang diterima {accepted}",
                "Not met: education {education}; accepted: {accepted}",
                education=education,
                accepted=accepted,
            )
        )

    experience = {"years": _years(years_experience), "min": _years(min_experience)}
    if years_experience >= min_experience:
        reasons.append(
            Text(
                "Terpenuhi: pengalaman jabatan {years} tahun (minimal {min} tahun)",
                "Met: {years} years of experience in related positions ({min} years needed)",
                experience,
            )
        )
    else:
        blocked.append("EXPERIENCE")
        reasons.append(
            Text(
                "Belum memenuhi: pengalaman jabatan {years} tahun, kurang dari {min} tahun",
                "Not met: {years} years of experience in related positions, fewer than {min}",
                experience,
            )
        )

    prior = {
        "position": prior_position,
        "accepted": " / ".join(prior_positions),
        "years": _years(years_in_prior_position),
        "min": _years(min_prior_years),
    }
    if prior_position not in prior_positions:
        blocked.append("PRIOR_POSITION")
        reasons.append(
            Text(
                "Belum memenuhi: jabatan sebelumnya {position} bukan {accepted}",
                "Not met: the prior position {position} is not {accepted}",
                prior,
            )
        )
    elif years_in_prior_position < min_prior_years:
        blocked.append("PRIOR_POSITION")
        reasons.append(
            Text(
                "Belum memenuhi: {years} tahun sebagai {position}, kurang dari {min} tahun",
                "Not met: {years} years as {position}, fewer than {min}",
                prior,
            )
        )
    else:
        reasons.append(
            Text(
                "Terpenuhi: {years} tahun sebagai {position} (minimal {min} tahun sebagai {accepted})",
                "Met: {years} years as {position} ({min} years as {accepted} needed)",
                prior,
            )
        )

    if age <= max_age:
        reasons.append(
            t(
                "Terpenuhi: usia {age} tahun (paling tinggi {max})",
                "Met: age {age} (at most {max})",
                age=age,
                max=max_age,
            )
        )
    else:
        blocked.append("AGE")
        reasons.append(
            t(
                "Belum memenuhi: usia {age} tahun melebihi batas {max} tahun",
                "Not met: age {age} is above the highest age {max}",
                age=age,
                max=max_age,
            )
        )

    eligible = not blocked
    label = POSITION_LEVEL_LABEL[level]
    # The level's label differs by language, so the headline is built from both labels (no shared parameter).
    headline = (
        Text(f"Memenuhi syarat untuk {label.id}", f"Eligible for {label.en}")
        if eligible
        else Text(f"Belum memenuhi syarat untuk {label.id}", f"Not eligible for {label.en}")
    )
    reasons.append(
        t(
            "Standar kompetensi jabatan (SKJ), rekam jejak, dan pengecualian oleh Presiden tidak dinilai di sini",
            "The position's competency standard (SKJ), track record and Presidential exceptions are not assessed here",
        )
    )
    return Decision(
        result={
            "eligible": eligible,
            "level": level,
            "requirements": {
                "education": accepted_education,
                "min_years_experience": min_experience,
                "prior_positions": prior_positions,
                "min_years_in_prior_position": min_prior_years,
                "max_age": max_age,
            },
        },
        reasons=(headline, *reasons),
        legal_basis=(params.basis(REQUIREMENTS, as_of),),
        blocked_by=tuple(blocked),
    )


@rule(
    name="jpt-eligibility",
    version="2020.1",
    title=t("Syarat menduduki JPT", "Requirements for a high leadership position (JPT)"),
    summary=t(
        "Apakah seorang PNS memenuhi syarat pendidikan, pengalaman, jabatan sebelumnya, dan usia untuk JPT Utama, "
        "Madya, atau Pratama.",
        "Whether a PNS meets the education, experience, prior-position and age requirements for JPT Utama, Madya "
        "or Pratama.",
    ),
    schema=Schema(
        (
            Field(
                "level",
                "choice",
                t("Jenjang JPT yang dituju", "JPT level applied for"),
                choices=JPT_LEVELS,
                example="JPT_PRATAMA",
            ),
            Field("education", "choice", t("Pendidikan", "Education"), choices=EDUCATION, example="S2"),
            Field(
                "years_experience",
                "number",
                t("Pengalaman jabatan di bidang terkait (tahun)", "Experience in related positions (years)"),
                minimum=0,
                example=8,
            ),
            Field(
                "prior_position",
                "choice",
                t("Jabatan yang sedang/pernah diduduki", "Position held now or before"),
                choices=POSITION_LEVELS,
                example="ADMINISTRATOR",
            ),
            Field(
                "years_in_prior_position",
                "number",
                t("Lama dalam jabatan tersebut (tahun)", "Years in that position"),
                minimum=0,
                example=3,
            ),
            Field("age", "integer", t("Usia (tahun)", "Age (years)"), minimum=0, maximum=120, example=48),
        )
    ),
    legal_basis=("PP 11/2017 art. 107 jo PP 17/2020",),
    parameters=(REQUIREMENTS,),
    blocked_by_codes=BLOCKED_BY_CODES,
    examples=(
        {
            "level": "JPT_PRATAMA",
            "education": "S2",
            "years_experience": 8,
            "prior_position": "ADMINISTRATOR",
            "years_in_prior_position": 3,
            "age": 48,
            "as_of": "2025-06-01",
        },
        {
            "level": "JPT_MADYA",
            "education": "S1",
            "years_experience": 6,
            "prior_position": "ADMINISTRATOR",
            "years_in_prior_position": 4,
            "age": 59,
            "as_of": "2025-06-01",
        },
    ),
)
def assess_jpt_eligibility(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_jpt_eligibility_facts(
        facts["level"],
        facts["education"],
        facts["years_experience"],
        facts["prior_position"],
        facts["years_in_prior_position"],
        facts["age"],
        as_of,
        params,
    )
