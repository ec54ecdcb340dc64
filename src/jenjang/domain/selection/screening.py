"""Administrative screening of an open-selection applicant against a vacancy's requirements (regulations.md §10).

Pure: the caller loads the applicant's facts (from the personnel record, or the outside candidate's profile) and the
vacancy's requirements; `assess_screening` returns a Decision with one reason per requirement, met or not, and a
stable code in `blocked_by` for each unmet one. Where a contract rule decides a requirement it is called, not
copied: `education-ceiling` (the rank the vacancy asks for must lie within the applicant's education ceiling) and
`jpt-eligibility` (for a JPT vacancy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..careers.education_ceiling import classify_education_ceiling
from ..careers.jpt_eligibility import JPT_LEVELS, assess_jpt_eligibility_facts
from ..decision import Decision
from ..parameters import ParameterSet
from ..text import Text, t
from ..vocab import EDUCATION_ORDINAL, PREDICATE_LABEL, RANK_ORDINAL, predicate_at_least

LEGAL_BASIS = ("UU 5/2014 art. 108-115", "PP 11/2017 art. 107", "PermenPANRB 15/2019")

CODES: dict[str, Text] = {
    "RANK": t("Golongan belum memenuhi", "The rank does not meet the requirement"),
    "EDUCATION": t("Pendidikan belum memenuhi", "The education does not meet the requirement"),
    "EDUCATION_CEILING": t(
        "Golongan yang disyaratkan melebihi batas pangkat pendidikan",
        "The rank asked for is above the education ceiling",
    ),
    "SERVICE": t("Masa kerja belum cukup", "Not enough years of service"),
    "PERFORMANCE": t("Predikat kinerja belum memenuhi", "The performance predicate does not meet the requirement"),
    "AGE": t("Usia melebihi batas", "Above the age limit"),
    "JPT": t("Belum memenuhi syarat JPT", "Does not meet the JPT requirements"),
    "CUSTOM": t("Persyaratan tambahan belum dinyatakan terpenuhi", "An additional requirement is not declared met"),
    "DOCUMENT": t("Dokumen wajib belum diunggah", "A required document is missing"),
}


@dataclass(frozen=True)
class Requirements:
    min_rank: str | None = None
    min_education: str | None = None
    min_years_service: float | None = None
    min_predicate: str | None = None
    predicate_years: int = 2
    max_age: int | None = None
    jpt_level: str | None = None  # set for a JPT vacancy: the jpt-eligibility rule applies
    custom: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()  # document type codes that must be uploaded


@dataclass(frozen=True)
class ApplicantFacts:
    education: str | None = None
    rank: str | None = None
    birth_date: dt.date | None = None
    service_start: dt.date | None = None
    predicates: Mapping[int, str] = field(default_factory=dict)
    position_level: str | None = None
    position_since: dt.date | None = None
    declared: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()


def whole_years(start: dt.date, end: dt.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def _met(id: str, en: str, **params: object) -> Text:
    return t("Terpenuhi: " + id, "Met: " + en, **params)


def _unmet(id: str, en: str, **params: object) -> Text:
    return t("Belum memenuhi: " + id, "Not met: " + en, **params)


def assess_screening(req: Requirements, facts: ApplicantFacts, as_of: dt.date, params: ParameterSet) -> Decision:
    reasons: list[Text] = []
    blocked: list[str] = []
    basis: list[str] = list(LEGAL_BASIS)

    def check(ok: bool, code: str, met: Text, unmet: Text) -> None:
        reasons.append(met if ok else unmet)
        if not ok and code not in blocked:
            blocked.append(code)

    if req.min_rank:
        have = facts.rank or "-"
        ok = facts.rank is not None and RANK_ORDINAL[facts.rank] >= RANK_ORDINAL[req.min_rank]
        check(
            ok,
            "RANK",
            _met("golongan {have} (minimal {need})", "rank {have} ({need} needed)", have=have, need=req.min_rank),
            _unmet("golongan {have}, minimal {need}", "rank {have}; {need} needed", have=have, need=req.min_rank),
        )
    if req.min_education:
        have = facts.education or "-"
        ok = facts.education is not None and EDUCATION_ORDINAL[facts.education] >= EDUCATION_ORDINAL[req.min_education]
        check(
            ok,
            "EDUCATION",
            _met(
                "pendidikan {have} (minimal {need})",
                "education {have} ({need} needed)",
                have=have,
                need=req.min_education,
            ),
            _unmet(
                "pendidikan {have}, minimal {need}",
                "education {have}; {need} needed",
                have=have,
                need=req.min_education,
            ),
        )
    if req.min_rank and facts.education:
        _start, ceiling = classify_education_ceiling(facts.education, as_of, params)
        basis.append(params.basis("rank.education_table", as_of))
        ok = RANK_ORDINAL[req.min_rank] <= RANK_ORDINAL[ceiling]
        check(
            ok,
            "EDUCATION_CEILING",
            _met(
                "golongan {need} dalam batas pangkat pendidikan {education} ({ceiling})",
                "rank {need} within the {education} ceiling ({ceiling})",
                need=req.min_rank,
                education=facts.education,
                ceiling=ceiling,
            ),
            _unmet(
                "golongan {need} melebihi batas pangkat pendidikan {education} ({ceiling})",
                "rank {need} is above the {education} ceiling ({ceiling})",
                need=req.min_rank,
                education=facts.education,
                ceiling=ceiling,
            ),
        )
    if req.min_years_service is not None:
        years = whole_years(facts.service_start, as_of) if facts.service_start else 0
        need = req.min_years_service
        check(
            years >= need,
            "SERVICE",
            _met(
                "masa kerja {years} tahun (minimal {need})",
                "{years} years of service ({need} needed)",
                years=years,
                need=need,
            ),
            _unmet(
                "masa kerja {years} tahun, minimal {need}",
                "{years} years of service; {need} needed",
                years=years,
                need=need,
            ),
        )
    if req.min_predicate:
        label = PREDICATE_LABEL[req.min_predicate]
        years_needed = [as_of.year - i for i in range(1, req.predicate_years + 1)]
        short = [
            y
            for y in years_needed
            if not (facts.predicates.get(y) and predicate_at_least(facts.predicates[y], req.min_predicate))
        ]
        listed = ", ".join(str(y) for y in sorted(years_needed))
        check(
            not short,
            "PERFORMANCE",
            Text(
                "Terpenuhi: predikat kinerja tahun {years} minimal {need}",
                "Met: performance predicate of {years} at least {need_en}",
                {"years": listed, "need": label.id, "need_en": label.en},
            ),
            Text(
                "Belum memenuhi: predikat kinerja tahun {short} belum ada atau di bawah {need}",
                "Not met: the performance predicate of {short} is missing or below {need_en}",
                {"short": ", ".join(str(y) for y in sorted(short)), "need": label.id, "need_en": label.en},
            ),
        )
    if req.max_age is not None:
        age = whole_years(facts.birth_date, as_of) if facts.birth_date else None
        check(
            age is not None and age <= req.max_age,
            "AGE",
            _met("usia {age} tahun (paling tinggi {max})", "age {age} (at most {max})", age=age, max=req.max_age),
            _unmet(
                "usia {age} tahun, paling tinggi {max}",
                "age {age}; at most {max}",
                age=age if age is not None else "-",
                max=req.max_age,
            ),
        )
    if req.jpt_level and req.jpt_level in JPT_LEVELS:
        years_service = whole_years(facts.service_start, as_of) if facts.service_start else 0
        years_prior = whole_years(facts.position_since, as_of) if facts.position_since else 0
        age = whole_years(facts.birth_date, as_of) if facts.birth_date else 200
        jpt = assess_jpt_eligibility_facts(
            req.jpt_level,
            facts.education or "SD",
            years_service,
            facts.position_level or "PELAKSANA",
            years_prior,
            age,
            as_of,
            params,
        )
        reasons.extend(jpt.reasons)
        basis.extend(b for b in jpt.legal_basis if b not in basis)
        if jpt.blocked_by and "JPT" not in blocked:
            blocked.append("JPT")
    for custom in req.custom:
        check(
            custom in facts.declared,
            "CUSTOM",
            _met("{label} (dinyatakan pelamar)", "{label} (declared by the applicant)", label=custom),
            _unmet("{label} belum dinyatakan", "{label} not declared", label=custom),
        )
    for doc in req.documents:
        check(
            doc in facts.documents,
            "DOCUMENT",
            _met("dokumen {doc} diunggah", "document {doc} uploaded", doc=doc),
            _unmet("dokumen {doc} belum diunggah", "document {doc} not uploaded", doc=doc),
        )
    if not reasons:
        reasons.append(t("Lowongan ini tidak menetapkan persyaratan administrasi", "The vacancy sets no requirements"))
    return Decision(
        result={"passed": not blocked}, reasons=tuple(reasons), legal_basis=tuple(basis), blocked_by=tuple(blocked)
    )
