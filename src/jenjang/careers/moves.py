"""Careers-level evaluations that no rule of the rules contract covers, built over the contract's rules and the
dated parameters: rank promotion by position (kenaikan pangkat pilihan, structural posts) and the move into a
functional position (perpindahan ke jabatan fungsional). Each returns a Decision with reasons and legal basis, so
the due lists show them like any rule's.

- By position: the `rank-promotion` rule decides first (for the promotion period). A regular promotion held back
  only by the education ceiling may still be granted by position while the next rank stays within the
  structural post's rank band (`careers.position_rank_ceiling`). Every other block of the rule still holds.
- Into a functional position: the target level follows the rank (`careers.functional_rank_bands`), keahlian when
  the education allows it, else keterampilan; then education, experience (years since the CPNS appointment),
  the predicates of the last years and the age limit of the level (`careers.functional_move_requirements`).
  The competency test is not recorded: every row says it must still be passed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jenjang.domain.decision import Decision
from jenjang.domain.parameters import ParameterSet
from jenjang.domain.text import Text, t
from jenjang.domain.vocab import RANK_ORDINAL, next_rank, predicate_at_least

POSITION_CEILING = "careers.position_rank_ceiling"
FUNCTIONAL_BANDS = "careers.functional_rank_bands"
FUNCTIONAL_REQUIREMENTS = "careers.functional_move_requirements"

RANK_BY_POSITION = "rank-promotion-by-position"
FUNCTIONAL_MOVE = "functional-move"

BLOCKED_LABELS: dict[str, dict[str, Text]] = {
    RANK_BY_POSITION: {
        "NOT_STRUCTURAL": t("Tidak menduduki jabatan struktural", "Not holding a structural post"),
        "POSITION_CEILING": t(
            "Pangkat baru melebihi jenjang pangkat jabatan", "The new rank is above the post's rank band"
        ),
    },
    FUNCTIONAL_MOVE: {
        "RANK": t("Golongan tidak sesuai jenjang jabatan fungsional", "The rank fits no functional level"),
        "EDUCATION": t("Pendidikan belum memenuhi", "Education not sufficient"),
        "EXPERIENCE": t("Pengalaman belum cukup", "Not enough experience"),
        "PERFORMANCE": t("Predikat kinerja belum memenuhi", "Performance not sufficient"),
        "AGE": t("Melewati batas usia", "Above the age limit"),
    },
}

LEVEL_NAMES = {
    "JF_AHLI_PERTAMA": "Ahli Pertama",
    "JF_AHLI_MUDA": "Ahli Muda",
    "JF_AHLI_MADYA": "Ahli Madya",
    "JF_AHLI_UTAMA": "Ahli Utama",
    "JF_PEMULA": "Pemula",
    "JF_TERAMPIL": "Terampil",
    "JF_MAHIR": "Mahir",
    "JF_PENYELIA": "Penyelia",
}


COMPETENCY_TEST = t(
    "Uji kompetensi tidak tercatat: masih harus lulus", "The competency test is not recorded: it must still be passed"
)


def whole_years(since: dt.date, today: dt.date) -> int:
    return today.year - since.year - ((today.month, today.day) < (since.month, since.day))


def by_position(regular: Decision, rank: str, level: str, as_of: dt.date, params: ParameterSet) -> Decision:
    """Promotion by position from the rank-promotion rule's decision on the same facts and period."""
    ceiling = params.get(POSITION_CEILING, as_of).get(level)
    new_rank = next_rank(rank)
    reasons: list[Text] = list(regular.reasons[1:])
    blocked = [code for code in regular.blocked_by if code != "EDUCATION_CEILING"]
    legal_basis = (*regular.legal_basis, params.basis(POSITION_CEILING, as_of))
    if ceiling is None:
        blocked.append("NOT_STRUCTURAL")
        reasons.append(t("Jabatan {level} bukan jabatan struktural", "Post {level} is not structural", level=level))
    elif new_rank is None or RANK_ORDINAL[new_rank] > RANK_ORDINAL[str(ceiling)]:
        blocked.append("POSITION_CEILING")
        reasons.append(
            t(
                "Jabatan {level}: pangkat tertinggi {ceiling}; {rank} tidak dapat naik lagi karena jabatan",
                "Post {level}: highest rank {ceiling}; {rank} cannot rise further by position",
                level=level,
                ceiling=ceiling,
                rank=rank,
            )
        )
    else:
        reasons.append(
            t(
                "Jabatan {level}: pangkat tertinggi {ceiling}; kenaikan pangkat pilihan dari {rank} ke {new}",
                "Post {level}: highest rank {ceiling}; promotion by position from {rank} to {new}",
                level=level,
                ceiling=ceiling,
                rank=rank,
                new=new_rank,
            )
        )
    eligible = not blocked
    headline = (
        t("Memenuhi syarat kenaikan pangkat pilihan (jabatan)", "Eligible for a promotion by position")
        if eligible
        else t("Belum memenuhi syarat kenaikan pangkat pilihan", "Not yet eligible for a promotion by position")
    )
    return Decision(
        result={"eligible": eligible, "next_rank": new_rank if eligible else None, "period": as_of},
        reasons=(headline, *reasons),
        legal_basis=legal_basis,
        blocked_by=tuple(blocked),
    )


def functional_target(rank: str, education: str, as_of: dt.date, params: ParameterSet) -> tuple[str, str] | None:
    """(track, level) of the functional level the rank falls in: keahlian if the education allows it."""
    bands = params.get(FUNCTIONAL_BANDS, as_of)
    allowed = params.get(FUNCTIONAL_REQUIREMENTS, as_of)["education"]
    ordinal = RANK_ORDINAL[rank]
    found: list[tuple[str, str]] = []
    for track in ("keahlian", "keterampilan"):
        for level, (low, high) in bands[track].items():
            if RANK_ORDINAL[str(low)] <= ordinal <= RANK_ORDINAL[str(high)]:
                found.append((track, level))
    for track, level in found:
        if education in allowed[track]:
            return track, level
    return found[0] if found else None


class FunctionalMoveBatch:
    """The move into a functional position prepared for one parameter set and one date (the parameters are read
    once, the target level once per rank and education), to decide many employees."""

    def __init__(self, params: ParameterSet, as_of: dt.date) -> None:
        self.params = params
        self.as_of = as_of
        self.required = params.get(FUNCTIONAL_REQUIREMENTS, as_of)
        self.legal_basis = (params.basis(FUNCTIONAL_REQUIREMENTS, as_of), params.basis(FUNCTIONAL_BANDS, as_of))
        self._targets: dict[tuple[str, str], tuple[str, str] | None] = {}

    def target(self, rank: str, education: str) -> tuple[str, str] | None:
        key = (rank, education)
        if key not in self._targets:
            self._targets[key] = functional_target(rank, education, self.as_of, self.params)
        return self._targets[key]

    def decide(self, facts: dict[str, Any]) -> Decision:
        """facts: rank, education, appointment_date, birth_date, predicates ({year: predicate})."""
        required, as_of = self.required, self.as_of
        rank, education = facts["rank"], facts["education"]
        blocked: list[str] = []
        reasons: list[Text] = []
        target = self.target(rank, education)
        level = ""
        if target is None:
            blocked.append("RANK")
            reasons.append(
                t("Golongan {rank} tidak termasuk jenjang JF mana pun", "Rank {rank} fits no JF level", rank=rank)
            )
        else:
            track, level = target
            name = LEVEL_NAMES.get(level, level)
            reasons.append(t("Golongan {rank}: JF {name}", "Rank {rank}: JF {name}", rank=rank, name=name))
            if education in required["education"][track]:
                reasons.append(t("Pendidikan {edu} memenuhi", "Education {edu} meets the requirement", edu=education))
            else:
                blocked.append("EDUCATION")
                reasons.append(
                    t(
                        "Pendidikan {edu} belum memenuhi jenjang {track}",
                        "Education {edu} is below the {track} track",
                        edu=education,
                        track=track,
                    )
                )
            limit = int(required["max_age"][level])
            age = whole_years(facts["birth_date"], as_of)
            if age <= limit:
                reasons.append(t("Usia {age} tahun (batas {limit})", "Age {age} (limit {limit})", age=age, limit=limit))
            else:
                blocked.append("AGE")
                reasons.append(
                    t(
                        "Usia {age} tahun melewati batas {limit}",
                        "Age {age} is above the limit {limit}",
                        age=age,
                        limit=limit,
                    )
                )
        years = whole_years(facts["appointment_date"], as_of)
        minimum = int(required["min_years_experience"])
        if years >= minimum:
            reasons.append(
                t(
                    "Pengalaman {years} tahun sejak TMT CPNS (paling sedikit {min})",
                    "{years} years since the CPNS appointment (at least {min})",
                    years=years,
                    min=minimum,
                )
            )
        else:
            blocked.append("EXPERIENCE")
            reasons.append(
                t(
                    "Pengalaman {years} tahun sejak TMT CPNS, kurang dari {min}",
                    "{years} years since the CPNS appointment, fewer than {min}",
                    years=years,
                    min=minimum,
                )
            )
        floor = str(required["performance"]["min_predicate"])
        predicates = facts["predicates"]
        for year in [as_of.year - i for i in range(int(required["performance"]["years"]), 0, -1)]:
            value = predicates.get(year)
            if value and predicate_at_least(value, floor):
                reasons.append(t("Predikat {year}: {value}", "Predicate {year}: {value}", year=year, value=value))
            else:
                if "PERFORMANCE" not in blocked:
                    blocked.append("PERFORMANCE")
                reasons.append(
                    t(
                        "Predikat {year}: {value}, belum {floor}",
                        "Predicate {year}: {value}, below {floor}",
                        year=year,
                        value=value or "-",
                        floor=floor,
                    )
                )
        reasons.append(COMPETENCY_TEST)
        eligible = not blocked
        headline = (
            t(
                "Memenuhi syarat perpindahan ke JF {name}",
                "Eligible to move into JF {name}",
                name=LEVEL_NAMES.get(level),
            )
            if eligible
            else t("Belum memenuhi syarat perpindahan ke JF", "Not yet eligible to move into a functional position")
        )
        return Decision(
            result={"eligible": eligible, "level": level or None},
            reasons=(headline, *reasons),
            legal_basis=self.legal_basis,
            blocked_by=tuple(blocked),
        )


def functional_move(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    """facts: rank, education, appointment_date, birth_date, predicates ({year: predicate})."""
    return FunctionalMoveBatch(params, as_of).decide(facts)
