"""The merit score of a candidate for a vacant position, and the hard eligibility checks, each explained.

merit = w_jpm × JPM/100 + w_performance × performance/100 + w_fit × fit/100   (weights sum to 100: 0-100)

Parameters (domain/parameters/workforce_process.yaml): `workforce.merit_weights`, `workforce.performance_points`,
`workforce.fit_points`, `workforce.min_rank_by_level`, `workforce.structural_employment_types`. A missing JPM (no
competency assessment) or missing predicates are never filled in: the component counts 0 and the reasons say so.
Eligibility for JPT levels is the `jpt-eligibility` contract rule; the education-ceiling rule explains whether a
candidate below a level's rank floor can reach it by regular promotion at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..decision import round2
from ..parameters import ParameterSet
from ..registry import get_rule
from ..text import Text, t
from ..vocab import EDUCATION_ORDINAL, MANAGERIAL_LEVELS, POSITION_LEVEL_LABEL, PREDICATE_LABEL, RANK_ORDINAL

WEIGHTS = "workforce.merit_weights"
PERFORMANCE_POINTS = "workforce.performance_points"
FIT_POINTS = "workforce.fit_points"
MIN_RANK = "workforce.min_rank_by_level"
STRUCTURAL_TYPES = "workforce.structural_employment_types"
JPT_LEVELS = ("JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA")
PARAMETERS = (WEIGHTS, PERFORMANCE_POINTS, FIT_POINTS, MIN_RANK, STRUCTURAL_TYPES)

BLOCKED_LABELS: dict[str, Text] = {
    "STATUS": t("Bukan pegawai aktif", "Not an active employee"),
    "EMPLOYMENT_TYPE": t(
        "Jenis kepegawaian tidak dapat menduduki jabatan struktural", "Employment type cannot fill a structural post"
    ),
    "EDUCATION": t("Pendidikan di bawah syarat minimal jabatan", "Education below the position's minimum"),
    "RANK": t("Golongan di bawah syarat minimal jenjang", "Rank below the level's minimum"),
    "SANCTION": t("Sedang menjalani hukuman disiplin", "Under a disciplinary sanction"),
    "JPT": t("Belum memenuhi syarat JPT", "Does not meet the JPT requirements"),
    "HOLDS_POSITION": t("Sudah menduduki jabatan ini", "Already holds this position"),
}


@dataclass(frozen=True)
class Vacancy:
    key: int
    level: str
    required_education: str = ""
    family: str = ""
    unit_path: str = ""


@dataclass(frozen=True)
class Candidate:
    key: int
    status_active: bool
    employment_type: str
    education: str
    rank: str | None
    sanction_active: bool
    age: int
    family: str = ""
    unit_path: str = ""
    position_key: int | None = None
    years_experience: float = 0.0
    prior_level: str = ""
    years_in_prior_level: float = 0.0


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    blocked_by: tuple[str, ...]
    reasons: tuple[Text, ...]
    legal_basis: tuple[str, ...]


@dataclass(frozen=True)
class Merit:
    total: float
    jpm: float | None
    performance: float | None
    fit: float
    jpm_points: float
    performance_points: float
    fit_points: float
    reasons: tuple[Text, ...]


def eligibility(candidate: Candidate, vacancy: Vacancy, as_of: dt.date, params: ParameterSet) -> Eligibility:
    """The hard conditions of placing `candidate` in `vacancy`; every condition gives a reason, met or not."""
    blocked: list[str] = []
    reasons: list[Text] = []
    basis: list[str] = []
    if candidate.position_key is not None and candidate.position_key == vacancy.key:
        blocked.append("HOLDS_POSITION")
        reasons.append(t("Sudah menduduki jabatan ini", "Already holds this position"))
    if not candidate.status_active:
        blocked.append("STATUS")
        reasons.append(t("Belum memenuhi: bukan pegawai aktif", "Not met: not an active employee"))
    if vacancy.level in MANAGERIAL_LEVELS:
        allowed = [str(v) for v in params.get(STRUCTURAL_TYPES, as_of)]
        basis.append(params.basis(STRUCTURAL_TYPES, as_of))
        if candidate.employment_type not in allowed:
            blocked.append("EMPLOYMENT_TYPE")
            reasons.append(
                t(
                    "Belum memenuhi: {kind} tidak dapat menduduki jabatan struktural (hanya {allowed})",
                    "Not met: a {kind} cannot fill a structural post (only {allowed})",
                    kind=candidate.employment_type,
                    allowed=", ".join(allowed),
                )
            )
    required = vacancy.required_education
    if required:
        if EDUCATION_ORDINAL.get(candidate.education, 0) >= EDUCATION_ORDINAL[required]:
            reasons.append(
                t(
                    "Terpenuhi: pendidikan {education} (minimal {required})",
                    "Met: education {education} (at least {required})",
                    education=candidate.education,
                    required=required,
                )
            )
        else:
            blocked.append("EDUCATION")
            reasons.append(
                t(
                    "Belum memenuhi: pendidikan {education}, minimal {required}",
                    "Not met: education {education}; at least {required}",
                    education=candidate.education,
                    required=required,
                )
            )
    floors: Mapping[str, Any] = params.get(MIN_RANK, as_of)
    floor = floors.get(vacancy.level)
    if floor:
        basis.append(params.basis(MIN_RANK, as_of))
        if candidate.rank is None:
            reasons.append(
                t(
                    "Golongan PPPK tidak dibandingkan dengan golongan minimal {floor}",
                    "A PPPK grade is not compared with the minimum rank {floor}",
                    floor=floor,
                )
            )
        elif RANK_ORDINAL[candidate.rank] >= RANK_ORDINAL[str(floor)]:
            reasons.append(
                t(
                    "Terpenuhi: golongan {rank} (minimal {floor})",
                    "Met: rank {rank} (at least {floor})",
                    rank=candidate.rank,
                    floor=floor,
                )
            )
        else:
            blocked.append("RANK")
            reasons.append(
                t(
                    "Belum memenuhi: golongan {rank}, minimal {floor}",
                    "Not met: rank {rank}; at least {floor}",
                    rank=candidate.rank,
                    floor=floor,
                )
            )
            ceiling = get_rule("education-ceiling").function({"education": candidate.education}, as_of, params)
            ceiling_rank = str(ceiling.result["ceiling_rank"])
            if RANK_ORDINAL[ceiling_rank] < RANK_ORDINAL[str(floor)]:
                reasons.append(
                    t(
                        "Batas pangkat reguler pendidikan {education} adalah {ceiling}: golongan {floor} tidak "
                        "tercapai tanpa peningkatan pendidikan",
                        "The regular-promotion ceiling of education {education} is {ceiling}: rank {floor} is out "
                        "of reach without more education",
                        education=candidate.education,
                        ceiling=ceiling_rank,
                        floor=floor,
                    )
                )
                basis.extend(ceiling.legal_basis)
    if candidate.sanction_active:
        blocked.append("SANCTION")
        reasons.append(
            t("Belum memenuhi: sedang menjalani hukuman disiplin", "Not met: a disciplinary sanction is in force")
        )
        basis.append("PP 94/2021 (disiplin PNS)")
    if vacancy.level in JPT_LEVELS:
        decision = get_rule("jpt-eligibility").function(
            {
                "level": vacancy.level,
                "education": candidate.education,
                "years_experience": candidate.years_experience,
                "prior_position": candidate.prior_level or "PELAKSANA",
                "years_in_prior_position": candidate.years_in_prior_level,
                "age": candidate.age,
            },
            as_of,
            params,
        )
        reasons.extend(decision.reasons)
        basis.extend(decision.legal_basis)
        if not decision.result["eligible"]:
            blocked.append("JPT")
    return Eligibility(
        eligible=not blocked,
        blocked_by=tuple(blocked),
        reasons=tuple(reasons),
        legal_basis=tuple(dict.fromkeys(b for b in basis if b)),
    )


def performance_score(
    predicates: Mapping[int, str], as_of: dt.date, params: ParameterSet
) -> tuple[float | None, tuple[Text, ...]]:
    """The average points of the last years' predicates (None when none is recorded), with reasons."""
    table = params.get(PERFORMANCE_POINTS, as_of)
    years = [as_of.year - i for i in range(1, int(table["years"]) + 1)]
    points: Mapping[str, Any] = table["points"]
    found = [(year, predicates[year]) for year in years if predicates.get(year)]
    missing = [year for year in years if not predicates.get(year)]
    reasons: list[Text] = []
    for year, predicate in found:
        label = PREDICATE_LABEL.get(predicate)
        reasons.append(
            Text(
                f"Kinerja {year}: {label.id if label else predicate} = {{points}} poin",
                f"Performance {year}: {label.en if label else predicate} = {{points}} points",
                {"points": points.get(predicate, 0)},
            )
        )
    if missing:
        reasons.append(
            t(
                "Predikat kinerja tahun {years} belum tercatat: tidak ikut dirata-rata",
                "No performance predicate recorded for {years}: left out of the average",
                years=", ".join(str(y) for y in missing),
            )
        )
    if not found:
        return None, tuple(reasons)
    score = round2(sum(float(points.get(p, 0)) for _, p in found) / len(found))
    return score, tuple(reasons)


def fit_score(
    candidate: Candidate, vacancy: Vacancy, as_of: dt.date, params: ParameterSet
) -> tuple[float, tuple[Text, ...]]:
    """Points for the same job family, the same unit (or one below it), and education above the minimum."""
    table: Mapping[str, Any] = params.get(FIT_POINTS, as_of)
    score = 0.0
    reasons: list[Text] = []
    if vacancy.family and candidate.family and vacancy.family.strip().lower() == candidate.family.strip().lower():
        score += float(table["same_family"])
        reasons.append(
            t("Rumpun jabatan sama ({family}): +{points}", "Same job family ({family}): +{points}",
              family=vacancy.family, points=table["same_family"])
        )  # fmt: skip
    if vacancy.unit_path and candidate.unit_path.startswith(vacancy.unit_path):
        score += float(table["same_unit"])
        reasons.append(t("Unit kerja yang sama: +{points}", "Same unit: +{points}", points=table["same_unit"]))
    floor = vacancy.required_education or "S1"
    if EDUCATION_ORDINAL.get(candidate.education, 0) > EDUCATION_ORDINAL[floor]:
        score += float(table["education_above"])
        reasons.append(
            t("Pendidikan {education} di atas {floor}: +{points}", "Education {education} above {floor}: +{points}",
              education=candidate.education, floor=floor, points=table["education_above"])
        )  # fmt: skip
    if not reasons:
        reasons.append(t("Tidak ada unsur kesesuaian tambahan", "No additional fit"))
    return round2(score), tuple(reasons)


def merit_score(
    jpm: float | None, performance: float | None, fit: float, as_of: dt.date, params: ParameterSet
) -> Merit:
    """The weighted merit score 0-100; a missing JPM or performance counts 0 and is said to be missing."""
    weights: Mapping[str, Any] = params.get(WEIGHTS, as_of)
    w_jpm, w_perf, w_fit = (float(weights[k]) for k in ("jpm", "performance", "fit"))
    reasons: list[Text] = []
    if jpm is None:
        jpm_points = 0.0
        reasons.append(
            t(
                "JPM belum ada (belum ada asesmen kompetensi): komponen JPM dihitung 0 dari bobot {weight}, "
                "tidak diperkirakan",
                "No JPM (no competency assessment yet): the JPM part counts 0 of its weight {weight}; "
                "nothing is estimated",
                weight=_plain(w_jpm),
            )
        )
    else:
        jpm_points = round2(w_jpm * jpm / 100)
        reasons.append(t("JPM {jpm}% × bobot {weight} = {points}", "JPM {jpm}% × weight {weight} = {points}",
                         jpm=_plain(jpm), weight=_plain(w_jpm), points=jpm_points))  # fmt: skip
    if performance is None:
        perf_points = 0.0
        reasons.append(
            t(
                "Kinerja belum tercatat: komponen kinerja dihitung 0 dari bobot {weight}",
                "No performance recorded: the performance part counts 0 of its weight {weight}",
                weight=_plain(w_perf),
            )
        )
    else:
        perf_points = round2(w_perf * performance / 100)
        reasons.append(
            t(
                "Kinerja {score} × bobot {weight} = {points}",
                "Performance {score} × weight {weight} = {points}",
                score=_plain(performance),
                weight=_plain(w_perf),
                points=perf_points,
            )
        )
    fit_points = round2(w_fit * fit / 100)
    reasons.append(t("Kesesuaian {score} × bobot {weight} = {points}", "Fit {score} × weight {weight} = {points}",
                     score=_plain(fit), weight=_plain(w_fit), points=fit_points))  # fmt: skip
    total = round2(jpm_points + perf_points + fit_points)
    return Merit(
        total=total,
        jpm=jpm,
        performance=performance,
        fit=fit,
        jpm_points=jpm_points,
        performance_points=perf_points,
        fit_points=fit_points,
        reasons=tuple(reasons),
    )


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round2(value)


def level_label(level: str) -> Text:
    return POSITION_LEVEL_LABEL.get(level, t(level, level))


def render(texts: Sequence[Text], lang: str) -> list[str]:
    return [text.render(lang) for text in texts]
