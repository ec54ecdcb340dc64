"""rank-promotion: regular rank promotion (kenaikan pangkat reguler, regulations.md §3).

A PNS may move up one rank when all of these hold on `as_of`:
- the minimum years in the current rank are met (`eligible_from` = rank_since + 4 years, a parameter);
- the performance predicate of each of the two calendar years before `as_of`'s year is BAIK or better;
- the next rank does not pass the education ceiling (Keputusan Kepala BKN 12/2002);
- the next rank is not above the direct supervisor's rank;
- no disciplinary sanction is running.
The promotion takes effect on a period date: 1 April and 1 October before 2024; from 2024 the 1st of February,
April, June, August, October and December (Peraturan BKN 4/2023). `next_period` is the first period date on or
after both `as_of` and `eligible_from`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..dates import add_years, first_of_month_on_or_after, first_of_next_month
from ..decision import Decision
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import Text, t
from ..vocab import EDUCATION, PREDICATES, RANK_ORDINAL, RANKS
from .education_ceiling import PARAMETER as EDUCATION_TABLE
from .education_ceiling import classify_education_ceiling

MIN_YEARS = "rank.min_years_in_rank"
PERFORMANCE = "rank.performance_requirement"
PERIODS = "rank.promotion_periods"
SANCTION = "rank.sanction_blocks_promotion"
SUPERVISOR_BASIS = "PP 99/2000 jo PP 12/2002 (pangkat tidak melebihi pangkat atasan langsung)"

_PREDICATE_ORDINAL: dict[str, int] = {p: i for i, p in enumerate(PREDICATES)}

BLOCKED_BY_CODES: dict[str, Text] = {
    "MIN_YEARS_IN_RANK": t("Masa kerja dalam pangkat belum terpenuhi", "Minimum years in rank not yet met"),
    "PERFORMANCE": t(
        "Predikat kinerja dua tahun terakhir belum memenuhi", "Performance in the last two years is not sufficient"
    ),
    "EDUCATION_CEILING": t(
        "Pangkat sudah mencapai batas menurut pendidikan", "The rank is at the ceiling for the education"
    ),
    "SUPERVISOR_RANK": t(
        "Pangkat baru akan melebihi pangkat atasan langsung", "The new rank would be above the supervisor's rank"
    ),
    "DISCIPLINARY_SANCTION": t("Sedang menjalani hukuman disiplin", "A disciplinary sanction is running"),
}


def next_promotion_period(on_or_after: dt.date, params: ParameterSet) -> dt.date:
    """The first promotion period date on or after a date, under the period regime in force on each candidate."""
    periods = params.parameters[PERIODS]
    day = first_of_month_on_or_after(on_or_after)
    for _ in range(36):
        if day.month in periods.value_at(day).value:
            return day
        day = first_of_next_month(day)
    raise ValueError(f"no promotion period within three years of {on_or_after.isoformat()}")


def assess_rank_promotion_facts(
    rank: str,
    rank_since: dt.date,
    education: str,
    predicates: Mapping[str, str],
    as_of: dt.date,
    params: ParameterSet,
    supervisor_rank: str | None = None,
    sanction_active: bool = False,
) -> Decision:
    """Regular promotion for typed facts (batch callers use this directly; no parsing, a few µs)."""
    blocked: list[str] = []
    reasons: list[Text] = []

    min_years = int(params.get(MIN_YEARS, as_of))
    eligible_from = add_years(rank_since, min_years)
    if eligible_from > as_of:
        blocked.append("MIN_YEARS_IN_RANK")
        reasons.append(
            t(
                "Belum memenuhi: {years} tahun dalam pangkat {rank} (sejak {since}) baru terpenuhi pada {date}",
                "Not met: {years} years in rank {rank} (since {since}) are reached only on {date}",
                years=min_years,
                rank=rank,
                since=rank_since,
                date=eligible_from,
            )
        )
    else:
        reasons.append(
            t(
                "Terpenuhi: {years} tahun dalam pangkat {rank} (sejak {since}) tercapai pada {date}",
                "Met: {years} years in rank {rank} (since {since}) were reached on {date}",
                years=min_years,
                rank=rank,
                since=rank_since,
                date=eligible_from,
            )
        )

    requirement = params.get(PERFORMANCE, as_of)
    floor = str(requirement["min_predicate"])
    floor_ordinal = _PREDICATE_ORDINAL[floor]
    performance_ok = True
    for year in range(as_of.year - int(requirement["years"]), as_of.year):
        predicate = predicates.get(str(year))
        if predicate is None:
            performance_ok = False
            reasons.append(
                t(
                    "Belum memenuhi: predikat kinerja tahun {year} tidak tercatat (minimal {floor})",
                    "Not met: no performance predicate recorded for {year} ({floor} or better needed)",
                    year=year,
                    floor=floor,
                )
            )
        elif _PREDICATE_ORDINAL[predicate] > floor_ordinal:
            performance_ok = False
            reasons.append(
                t(
                    "Belum memenuhi: predikat kinerja tahun {year} {predicate}, di bawah {floor}",
                    "Not met: performance predicate {predicate} in {year} is below {floor}",
                    year=year,
                    predicate=predicate,
                    floor=floor,
                )
            )
        else:
            reasons.append(
                t(
                    "Terpenuhi: predikat kinerja tahun {year} {predicate} (minimal {floor})",
                    "Met: performance predicate {predicate} in {year} ({floor} or better)",
                    year=year,
                    predicate=predicate,
                    floor=floor,
                )
            )
    if not performance_ok:
        blocked.append("PERFORMANCE")

    _start, ceiling = classify_education_ceiling(education, as_of, params)
    ordinal = RANK_ORDINAL[rank]
    new_rank: str | None = None
    if ordinal >= RANK_ORDINAL[ceiling]:
        blocked.append("EDUCATION_CEILING")
        reasons.append(
            t(
                "Belum memenuhi: pangkat {rank} sudah mencapai batas kenaikan pangkat reguler {ceiling} "
                "untuk pendidikan {education}",
                "Not met: rank {rank} is already at the regular-promotion ceiling {ceiling} for education {education}",
                rank=rank,
                ceiling=ceiling,
                education=education,
            )
        )
    else:
        new_rank = RANKS[ordinal]  # RANKS is 0-based, ordinals 1-based: this is the next rank
        reasons.append(
            t(
                "Terpenuhi: pangkat berikutnya {next} tidak melampaui batas {ceiling} untuk pendidikan {education}",
                "Met: the next rank {next} is within the ceiling {ceiling} for education {education}",
                next=new_rank,
                ceiling=ceiling,
                education=education,
            )
        )

    legal_basis = [
        params.basis(MIN_YEARS, as_of),
        params.basis(PERFORMANCE, as_of),
        params.basis(EDUCATION_TABLE, as_of),
    ]
    if supervisor_rank is not None and new_rank is not None:
        legal_basis.append(SUPERVISOR_BASIS)
        if RANK_ORDINAL[new_rank] > RANK_ORDINAL[supervisor_rank]:
            blocked.append("SUPERVISOR_RANK")
            reasons.append(
                t(
                    "Belum memenuhi: pangkat baru {next} melebihi pangkat atasan langsung {supervisor}",
                    "Not met: the new rank {next} would be above the direct supervisor's rank {supervisor}",
                    next=new_rank,
                    supervisor=supervisor_rank,
                )
            )
        else:
            reasons.append(
                t(
                    "Terpenuhi: pangkat baru {next} tidak melebihi pangkat atasan langsung {supervisor}",
                    "Met: the new rank {next} is not above the direct supervisor's rank {supervisor}",
                    next=new_rank,
                    supervisor=supervisor_rank,
                )
            )

    if sanction_active and params.get(SANCTION, as_of):
        blocked.append("DISCIPLINARY_SANCTION")
        legal_basis.append(params.basis(SANCTION, as_of))
        reasons.append(
            t(
                "Belum memenuhi: sedang menjalani hukuman disiplin",
                "Not met: a disciplinary sanction is running",
            )
        )

    next_period: dt.date | None = None
    if new_rank is not None:
        next_period = next_promotion_period(eligible_from if eligible_from > as_of else as_of, params)
        legal_basis.append(params.basis(PERIODS, next_period))
        reasons.append(
            t(
                "Periode kenaikan pangkat berikutnya yang dapat ditempuh: {period}",
                "The next promotion period that can be reached: {period}",
                period=next_period,
            )
        )

    eligible = not blocked
    reasons.insert(
        0,
        t(
            "Memenuhi syarat kenaikan pangkat reguler dari {rank} ke {next}",
            "Eligible for regular promotion from {rank} to {next}",
            rank=rank,
            next=new_rank,
        )
        if eligible
        else t(
            "Belum memenuhi syarat kenaikan pangkat reguler dari golongan {rank}",
            "Not eligible for regular promotion from rank {rank}",
            rank=rank,
        ),
    )
    return Decision(
        result={
            "eligible": eligible,
            "next_rank": new_rank,
            "eligible_from": eligible_from,
            "next_period": next_period,
            "ceiling_rank": ceiling,
        },
        reasons=tuple(reasons),
        legal_basis=tuple(legal_basis),
        blocked_by=tuple(blocked),
    )


@rule(
    name="rank-promotion",
    version="2024.1",
    title=t("Kenaikan pangkat reguler", "Regular rank promotion"),
    summary=t(
        "Apakah seorang PNS memenuhi syarat kenaikan pangkat reguler, sejak kapan, dan pada periode mana.",
        "Whether a PNS qualifies for a regular rank promotion, from when, and in which period.",
    ),
    schema=Schema(
        (
            Field("rank", "choice", t("Golongan saat ini", "Current rank (golongan)"), choices=RANKS, example="III/a"),
            Field(
                "rank_since",
                "date",
                t("TMT golongan saat ini", "In the current rank since (TMT)"),
                example="2020-04-01",
            ),
            Field("education", "choice", t("Pendidikan", "Education"), choices=EDUCATION, example="S1"),
            Field(
                "predicates",
                "mapping",
                t("Predikat kinerja per tahun", "Performance predicate per year"),
                key_kind="year",
                item=Field("predicate", "choice", t("Predikat", "Predicate"), choices=PREDICATES),
                example={"2023": "BAIK", "2024": "BAIK"},
            ),
            Field(
                "supervisor_rank",
                "choice",
                t("Golongan atasan langsung", "Direct supervisor's rank"),
                required=False,
                choices=RANKS,
            ),
            Field(
                "sanction_active",
                "boolean",
                t("Sedang menjalani hukuman disiplin", "Disciplinary sanction running"),
                required=False,
                default=False,
            ),
        )
    ),
    legal_basis=("PP 99/2000 jo PP 12/2002", "Keputusan Kepala BKN 12/2002", "Peraturan BKN 4/2023 art. 2"),
    parameters=(MIN_YEARS, PERFORMANCE, EDUCATION_TABLE, PERIODS, SANCTION),
    blocked_by_codes=BLOCKED_BY_CODES,
    examples=(
        {
            "rank": "III/a",
            "rank_since": "2021-04-01",
            "education": "S1",
            "predicates": {"2023": "BAIK", "2024": "SANGAT_BAIK"},
            "as_of": "2025-04-01",
        },
        {
            "rank": "III/d",
            "rank_since": "2015-10-01",
            "education": "S1",
            "predicates": {"2023": "BAIK", "2024": "BAIK"},
            "as_of": "2025-01-15",
        },
        {
            "rank": "II/c",
            "rank_since": "2022-02-01",
            "education": "SLTA",
            "predicates": {"2023": "BAIK", "2024": "BUTUH_PERBAIKAN"},
            "supervisor_rank": "II/c",
            "as_of": "2025-06-01",
        },
    ),
)
def assess_rank_promotion(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_rank_promotion_facts(
        facts["rank"],
        facts["rank_since"],
        facts["education"],
        facts["predicates"],
        as_of,
        params,
        supervisor_rank=facts.get("supervisor_rank"),
        sanction_active=bool(facts.get("sanction_active")),
    )
