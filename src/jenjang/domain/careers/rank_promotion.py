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


_Since = tuple[dt.date, bool, Text]  # eligible_from, years met, the reason
_Ceiling = tuple[str, str | None, Text, Text]  # ceiling, next rank (None at the ceiling), the reason, the headline
_Period = tuple[dt.date, str, Text]  # next period, its legal basis, the reason


class RankPromotionBatch:
    """The rank-promotion rule prepared for one parameter set and one `as_of`, to decide many employees.

    Each distinct set of facts is decided once (the rule is pure, and Decisions are immutable). What depends only
    on (params, as_of) is read once here; what depends on a small key (rank and rank_since, the years' predicates,
    rank and education, the day the period search starts) is worked out the first time it is met and reused,
    reason Texts included (Texts are immutable and rendered only for the rows shown). The decisions are exactly
    those of `assess_rank_promotion_facts`, which is this with a batch of one: there is one implementation.
    """

    __slots__ = (
        "_ceiling",
        "_decisions",
        "_headline_blocked",
        "_performance",
        "_period",
        "_sanction",
        "_since",
        "_supervisor",
        "as_of",
        "floor",
        "floor_ordinal",
        "legal_basis",
        "min_years",
        "params",
        "years",
    )

    def __init__(self, params: ParameterSet, as_of: dt.date) -> None:
        self.params = params
        self.as_of = as_of
        self.min_years = int(params.get(MIN_YEARS, as_of))
        requirement = params.get(PERFORMANCE, as_of)
        self.floor = str(requirement["min_predicate"])
        self.floor_ordinal = _PREDICATE_ORDINAL[self.floor]
        # The calendar years whose predicates are read, oldest first, as the keys of the predicates mapping.
        self.years: tuple[str, ...] = tuple(str(y) for y in range(as_of.year - int(requirement["years"]), as_of.year))
        self.legal_basis: tuple[str, ...] = (
            params.basis(MIN_YEARS, as_of),
            params.basis(PERFORMANCE, as_of),
            params.basis(EDUCATION_TABLE, as_of),
        )
        self._decisions: dict[tuple[Any, ...], Decision] = {}
        self._since: dict[tuple[str, dt.date], _Since] = {}
        self._performance: dict[tuple[str | None, ...], tuple[bool, tuple[Text, ...]]] = {}
        self._ceiling: dict[tuple[str, str], _Ceiling] = {}
        self._headline_blocked: dict[str, Text] = {}
        self._period: dict[dt.date, _Period] = {}
        self._supervisor: dict[tuple[str, str], tuple[bool, Text]] = {}
        self._sanction: tuple[bool, str, Text] | None = None

    def decide(
        self,
        rank: str,
        rank_since: dt.date,
        education: str,
        predicates: Mapping[str, str | None],
        supervisor_rank: str | None = None,
        sanction_active: bool = False,
    ) -> Decision:
        """The decision for one employee's typed facts (as `assess_rank_promotion_facts`, on this batch's as_of)."""
        return self.decide_years(
            rank, rank_since, education, tuple(map(predicates.get, self.years)), supervisor_rank, sanction_active
        )

    def decide_years(
        self,
        rank: str,
        rank_since: dt.date,
        education: str,
        year_predicates: tuple[str | None, ...],
        supervisor_rank: str | None = None,
        sanction_active: bool = False,
    ) -> Decision:
        """As `decide`, with the predicates given one per year of `self.years` (oldest first; None: not recorded).

        The rule is a pure function of these facts, so employees with the same facts get the same (immutable)
        Decision: it is worked out once per distinct facts in the batch.
        """
        key = (rank, rank_since, education, year_predicates, supervisor_rank, bool(sanction_active))
        decision = self._decisions.get(key)
        if decision is None:
            decision = self._decisions[key] = self._decide(*key)
        return decision

    def _decide(
        self,
        rank: str,
        rank_since: dt.date,
        education: str,
        year_predicates: tuple[str | None, ...],
        supervisor_rank: str | None,
        sanction_active: bool,
    ) -> Decision:
        since = self._since.get((rank, rank_since)) or self._years_in_rank(rank, rank_since)
        eligible_from, years_met, years_reason = since
        blocked: list[str] = [] if years_met else ["MIN_YEARS_IN_RANK"]
        reasons: list[Text] = [years_reason]

        performance_ok, performance_reasons = self._performance.get(year_predicates) or self._assess_performance(
            year_predicates
        )
        reasons += performance_reasons
        if not performance_ok:
            blocked.append("PERFORMANCE")

        ceiling, new_rank, ceiling_reason, headline = self._ceiling.get((rank, education)) or self._education(
            rank, education
        )
        reasons.append(ceiling_reason)
        legal_basis = self.legal_basis
        if new_rank is None:
            blocked.append("EDUCATION_CEILING")
        elif supervisor_rank is not None:
            legal_basis += (SUPERVISOR_BASIS,)
            above, reason = self._supervisor.get((new_rank, supervisor_rank)) or self._supervisor_check(
                new_rank, supervisor_rank
            )
            if above:
                blocked.append("SUPERVISOR_RANK")
            reasons.append(reason)

        if sanction_active:
            blocks, basis, reason = self._sanction or self._sanction_rule()
            if blocks:
                blocked.append("DISCIPLINARY_SANCTION")
                legal_basis += (basis,)
                reasons.append(reason)

        next_period: dt.date | None = None
        if new_rank is not None:
            start = eligible_from if eligible_from > self.as_of else self.as_of
            next_period, period_basis, period_reason = self._period.get(start) or self._next_period(start)
            legal_basis += (period_basis,)
            reasons.append(period_reason)

        eligible = not blocked
        if not eligible:
            headline = self._headline_blocked.get(rank) or self._not_eligible(rank)
        return Decision(
            result={
                "eligible": eligible,
                "next_rank": new_rank,
                "eligible_from": eligible_from,
                "next_period": next_period,
                "ceiling_rank": ceiling,
            },
            reasons=(headline, *reasons),
            legal_basis=legal_basis,
            blocked_by=tuple(blocked),
        )

    # Each helper below works out one key's part of the decision, remembers it and returns it.

    def _years_in_rank(self, rank: str, rank_since: dt.date) -> _Since:
        eligible_from = add_years(rank_since, self.min_years)
        params = {"years": self.min_years, "rank": rank, "since": rank_since, "date": eligible_from}
        if eligible_from > self.as_of:
            reason = Text(
                "Belum memenuhi: {years} tahun dalam pangkat {rank} (sejak {since}) baru terpenuhi pada {date}",
                "Not met: {years} years in rank {rank} (since {since}) are reached only on {date}",
                params,
            )
        else:
            reason = Text(
                "Terpenuhi: {years} tahun dalam pangkat {rank} (sejak {since}) tercapai pada {date}",
                "Met: {years} years in rank {rank} (since {since}) were reached on {date}",
                params,
            )
        found = self._since[(rank, rank_since)] = (eligible_from, eligible_from <= self.as_of, reason)
        return found

    def _assess_performance(self, found: tuple[str | None, ...]) -> tuple[bool, tuple[Text, ...]]:
        """Each year's predicate against the floor (None: not recorded), for one combination of predicates."""
        floor = self.floor
        ok = True
        reasons: list[Text] = []
        for year, predicate in zip(self.years, found, strict=True):
            if predicate is None:
                ok = False
                reasons.append(
                    t(
                        "Belum memenuhi: predikat kinerja tahun {year} tidak tercatat (minimal {floor})",
                        "Not met: no performance predicate recorded for {year} ({floor} or better needed)",
                        year=int(year),
                        floor=floor,
                    )
                )
            elif _PREDICATE_ORDINAL[predicate] > self.floor_ordinal:
                ok = False
                reasons.append(
                    t(
                        "Belum memenuhi: predikat kinerja tahun {year} {predicate}, di bawah {floor}",
                        "Not met: performance predicate {predicate} in {year} is below {floor}",
                        year=int(year),
                        predicate=predicate,
                        floor=floor,
                    )
                )
            else:
                reasons.append(
                    t(
                        "Terpenuhi: predikat kinerja tahun {year} {predicate} (minimal {floor})",
                        "Met: performance predicate {predicate} in {year} ({floor} or better)",
                        year=int(year),
                        predicate=predicate,
                        floor=floor,
                    )
                )
        result = self._performance[found] = (ok, tuple(reasons))
        return result

    def _education(self, rank: str, education: str) -> _Ceiling:
        _start, ceiling = classify_education_ceiling(education, self.as_of, self.params)
        ordinal = RANK_ORDINAL[rank]
        new_rank: str | None = None
        if ordinal >= RANK_ORDINAL[ceiling]:
            reason = t(
                "Belum memenuhi: pangkat {rank} sudah mencapai batas kenaikan pangkat reguler {ceiling} "
                "untuk pendidikan {education}",
                "Not met: rank {rank} is already at the regular-promotion ceiling {ceiling} for education {education}",
                rank=rank,
                ceiling=ceiling,
                education=education,
            )
        else:
            new_rank = RANKS[ordinal]  # RANKS is 0-based, ordinals 1-based: this is the next rank
            reason = t(
                "Terpenuhi: pangkat berikutnya {next} tidak melampaui batas {ceiling} untuk pendidikan {education}",
                "Met: the next rank {next} is within the ceiling {ceiling} for education {education}",
                next=new_rank,
                ceiling=ceiling,
                education=education,
            )
        headline = t(
            "Memenuhi syarat kenaikan pangkat reguler dari {rank} ke {next}",
            "Eligible for regular promotion from {rank} to {next}",
            rank=rank,
            next=new_rank,
        )
        found = self._ceiling[(rank, education)] = (ceiling, new_rank, reason, headline)
        return found

    def _not_eligible(self, rank: str) -> Text:
        found = self._headline_blocked[rank] = t(
            "Belum memenuhi syarat kenaikan pangkat reguler dari golongan {rank}",
            "Not eligible for regular promotion from rank {rank}",
            rank=rank,
        )
        return found

    def _supervisor_check(self, new_rank: str, supervisor_rank: str) -> tuple[bool, Text]:
        if RANK_ORDINAL[new_rank] > RANK_ORDINAL[supervisor_rank]:
            found = (
                True,
                t(
                    "Belum memenuhi: pangkat baru {next} melebihi pangkat atasan langsung {supervisor}",
                    "Not met: the new rank {next} would be above the direct supervisor's rank {supervisor}",
                    next=new_rank,
                    supervisor=supervisor_rank,
                ),
            )
        else:
            found = (
                False,
                t(
                    "Terpenuhi: pangkat baru {next} tidak melebihi pangkat atasan langsung {supervisor}",
                    "Met: the new rank {next} is not above the direct supervisor's rank {supervisor}",
                    next=new_rank,
                    supervisor=supervisor_rank,
                ),
            )
        self._supervisor[(new_rank, supervisor_rank)] = found
        return found

    def _sanction_rule(self) -> tuple[bool, str, Text]:
        # Read only when a sanction is running, as the rule always did.
        blocks = bool(self.params.get(SANCTION, self.as_of))
        basis = self.params.basis(SANCTION, self.as_of) if blocks else ""
        reason = t("Belum memenuhi: sedang menjalani hukuman disiplin", "Not met: a disciplinary sanction is running")
        self._sanction = (blocks, basis, reason)
        return self._sanction

    def _next_period(self, start: dt.date) -> _Period:
        period = next_promotion_period(start, self.params)
        found = self._period[start] = (
            period,
            self.params.basis(PERIODS, period),
            t(
                "Periode kenaikan pangkat berikutnya yang dapat ditempuh: {period}",
                "The next promotion period that can be reached: {period}",
                period=period,
            ),
        )
        return found


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
    """Regular promotion for typed facts. Batch callers deciding many employees on one date use
    `RankPromotionBatch(params, as_of).decide(...)`, which gives the same decisions faster."""
    return RankPromotionBatch(params, as_of).decide(
        rank, rank_since, education, predicates, supervisor_rank=supervisor_rank, sanction_active=sanction_active
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
