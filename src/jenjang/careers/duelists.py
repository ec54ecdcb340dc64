"""The agency's due lists, computed set-based: for each list ONE query pre-filters the employees in SQL on indexed
date columns and brings the facts (predicates and active sanctions as subqueries) in the same row; rows are streamed
and each is decided by the pure rule, which says why. No per-employee query anywhere.

- rank promotion in the next promotion period (eligible, and those blocked by something other than years in rank)
- salary increments (KGB) due in the next three months (or missed within the last interval: overdue)
- retirements in the next twelve months (or past the date within the last twelve months but still active: overdue)
- positions held past the rotation window (mutation-window status OVERDUE)

The SQL pre-filters are necessary conditions of the rules with a little slack; the rule decides every row.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from jenjang.core import access
from jenjang.domain.decision import Decision
from jenjang.domain.parameters import ParameterSet
from jenjang.domain.vocab import RANK_ORDINAL, RANKS, predicate_at_least, rank_code
from jenjang.organization.models import Unit
from jenjang.personnel.models import ACTIVE_STATUSES, Employee, EmploymentType

from . import moves, rules
from .facts import (
    RANK_LABEL,
    full_name,
    sanction_active,
    with_predicates,
)
from .outlook import KGB_HORIZON_MONTHS, RETIREMENT_HORIZON_MONTHS, kgb_status, retirement_facts, retirement_status

RANK_PROMOTION = "rank_promotion"
SALARY_INCREMENT = "salary_increment"
RETIREMENT = "retirement"
ROTATION = "rotation"
JPT = "jpt"
RANK_BY_POSITION = "rank_by_position"
FUNCTIONAL_MOVE = "functional_move"
KINDS = (RANK_PROMOTION, RANK_BY_POSITION, SALARY_INCREMENT, RETIREMENT, ROTATION, JPT, FUNCTIONAL_MOVE)
# The lists decided for a promotion period (the others for today).
PERIOD_KINDS = (RANK_PROMOTION, RANK_BY_POSITION)

TITLES = {
    RANK_PROMOTION: _("Kenaikan pangkat"),
    SALARY_INCREMENT: _("Kenaikan gaji berkala"),
    RETIREMENT: _("Pensiun"),
    ROTATION: _("Lewat masa rotasi"),
    JPT: _("Syarat JPT"),
    RANK_BY_POSITION: _("Kenaikan pangkat pilihan (jabatan)"),
    FUNCTIONAL_MOVE: _("Pindah ke jabatan fungsional"),
}
NOTES = {
    RANK_BY_POSITION: _(
        "Pemegang jabatan struktural yang kenaikan pangkat regulernya hanya terhambat batas pendidikan: pangkat "
        "berikutnya masih dalam jenjang pangkat jabatannya. Jabatan fungsional naik pangkat dengan angka kredit, "
        "yang tidak tercatat, sehingga tidak didaftar."
    ),
    FUNCTIONAL_MOVE: _(
        "PNS bukan pejabat fungsional yang memenuhi syarat pindah ke jenjang JF sesuai golongannya (pendidikan, "
        "pengalaman sejak TMT CPNS, predikat, batas usia). Uji kompetensi tidak tercatat dan masih harus lulus."
    ),
    JPT: _(
        "Pemegang jabatan Administrator, JF Ahli Madya, dan JPT: syarat untuk jenjang JPT berikutnya (pendidikan, "
        "pengalaman, jabatan sebelumnya, usia). Pengalaman dihitung sejak TMT CPNS."
    ),
}
RULE_OF = {
    RANK_PROMOTION: rules.RANK_PROMOTION,
    SALARY_INCREMENT: rules.SALARY_INCREMENT,
    RETIREMENT: rules.RETIREMENT,
    ROTATION: rules.MUTATION_WINDOW,
    JPT: rules.JPT_ELIGIBILITY,
    RANK_BY_POSITION: moves.RANK_BY_POSITION,
    FUNCTIONAL_MOVE: moves.FUNCTIONAL_MOVE,
}
STATUS_ORDER = {"overdue": 0, "due": 1, "blocked": 2, "info": 3, "ok": 4}
SLACK = dt.timedelta(days=2)  # pre-filters are loose by a little; the rule decides the exact boundary
CHUNK = 5000

# Columns every list reads; the list's own facts follow them.
BASE = ("pk", "nip", "name", "front_title", "back_title", "rank", "unit__name")


@dataclass(slots=True)
class DueRow:
    employee_id: int
    nip: str
    name: str
    rank: str
    unit: str
    date: dt.date | None
    status: str
    decision: Decision
    rule: str

    @property
    def reasons(self) -> list[str]:
        lang = rules.language()
        return [reason.render(lang) for reason in self.decision.reasons]

    @property
    def legal_basis(self) -> list[str]:
        return list(self.decision.legal_basis)

    @property
    def blocked_by(self) -> list[str]:
        return list(self.decision.blocked_by)

    @property
    def blocked_labels(self) -> list[str]:
        """The blocking codes in plain words, in the active language."""
        lang = rules.language()
        own = moves.BLOCKED_LABELS.get(self.rule)
        if own is None:
            return [rules.blocked_label(self.rule, code, lang) for code in self.decision.blocked_by]
        return [
            own[code].render(lang) if code in own else rules.blocked_label(rules.RANK_PROMOTION, code, lang)
            for code in self.decision.blocked_by
        ]


@dataclass
class DueList:
    kind: str
    rule: str
    as_of: dt.date  # the date the rule decided for (the promotion period for rank promotion; else today)
    window: tuple[dt.date | None, dt.date]  # the dates a row's date falls in
    rows: list[DueRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(TITLES[self.kind])

    @property
    def note(self) -> str:
        return str(NOTES.get(self.kind, ""))

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


def _row(rule: str, values: tuple[Any, ...], date: dt.date | None, status: str, decision: Decision) -> DueRow:
    pk, nip, name, front, back, rank, unit = values[:7]
    return DueRow(
        pk,
        nip,
        full_name(name, front, back) if front or back else name,
        RANK_LABEL[rank] if rank else "",
        unit or "",
        date,
        status,
        decision,
        rule,
    )


def _sorted(rows: list[DueRow]) -> list[DueRow]:
    """By status (overdue first), date, name (ignoring case), then NIP.

    Lists run to hundreds of thousands of rows, so rather than comparing (status, date, name, nip) tuples the rows
    are grouped by (status, date), which take few values, and each group is sorted on one string: the lowered name
    and the NIP joined by NUL, which orders as the pair does (NUL sorts first and is in no name)."""
    far = dt.date.max
    groups: dict[tuple[int, dt.date], list[DueRow]] = {}
    for row in rows:
        key = (STATUS_ORDER.get(row.status, 9), row.date or far)
        group = groups.get(key)
        if group is None:
            groups[key] = [row]
        else:
            group.append(row)
    ordered: list[DueRow] = []
    for key in sorted(groups):
        ordered += sorted(groups[key], key=_name_key)
    return ordered


def _name_key(row: DueRow) -> str:
    return f"{row.name.lower()}\0{row.nip}"


def _stream(qs: QuerySet[Employee], *fields: str) -> Iterator[tuple[Any, ...]]:
    """The BASE columns and `fields` of every row of ONE query, streamed in chunks from a client-side cursor.

    Not `.iterator()`: on PostgreSQL that opens a server-side cursor, which the planner optimises for the first
    rows (cursor_tuple_fraction) rather than for reading them all, and which costs a round trip per chunk.
    Database converters still apply (dates arrive as dates on SQLite too). `fields` that are annotations must
    come after the model columns, in the order they were annotated (the compiler's select order).
    """
    values = qs.order_by().values_list(*BASE, *fields)
    compiler = values.query.get_compiler(using=values.db)
    return compiler.results_iter(tuple_expected=True, chunked_fetch=False, chunk_size=CHUNK)


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """No cyclic garbage collection while a list builds hundreds of thousands of rows: the rows hold no cycles,
    and the collector would otherwise traverse every row built so far again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def active(employees: QuerySet[Employee]) -> QuerySet[Employee]:
    return employees.filter(status__in=ACTIVE_STATUSES)


def rank_promotion_due_list(
    employees: QuerySet[Employee],
    *,
    today: dt.date,
    params: ParameterSet,
    include_blocked: bool = True,
    period: dt.date | None = None,
) -> DueList:
    """PNS eligible for a regular promotion in the first period after `today`; with `include_blocked`, also those
    whose years in rank are met by then but something else (performance, ceiling, sanction) holds them back.

    One query: the active PNS whose rank_since meets the years in rank (with SLACK), each year's predicate by a
    join on (employee, year), the running sanction by EXISTS. Without `include_blocked` the query also keeps only
    the rows that meet the other conditions (good predicates, no running sanction, below the education ceiling):
    necessary conditions read from the same dated parameters, so it returns (nearly) exactly the eligible rows.
    Either way the rule, prepared once for the period, decides every row listed and says why. `period` is a
    promotion period date chosen by the user (see `promotion_periods`); by default the next one.
    """
    period = period or rules.next_promotion_period(today, params)
    batch = rules.rank_promotion_batch(period, params)
    min_years = int(params.get(rules.MIN_YEARS_IN_RANK, period))
    _years_needed, good = rules.good_predicates(period, params)
    qs = active(employees).filter(
        employment_type=EmploymentType.PNS,
        rank__isnull=False,
        rank_since__lte=rules.add_years(period, -min_years) + SLACK,
    )
    # One column per year the rule reads, in the rule's order (oldest first).
    qs, predicate_columns = with_predicates(qs, [int(year) for year in batch.years])
    if include_blocked:
        qs = qs.annotate(sanction=sanction_active(period))
    else:
        for column in predicate_columns:  # an inner join now: the year's predicate is recorded and good enough
            qs = qs.filter(**{f"{column}__in": good})
        if params.get(rules.SANCTION_BLOCKS, period):
            qs = qs.filter(~sanction_active(period)).annotate(sanction=Value(False))
        else:
            qs = qs.annotate(sanction=sanction_active(period))
        ceilings = rules.education_ceiling_codes(period, params)
        qs = qs.filter(reduce(or_, (Q(education=edu, rank__lt=code) for edu, code in ceilings.items())))

    decide = batch.decide_years
    label = RANK_LABEL
    rule = rules.RANK_PROMOTION
    last = 9 + len(predicate_columns)  # the index of `sanction`; the predicates are values[9:last]
    rows: list[DueRow] = []
    append = rows.append
    with _no_gc_pauses():
        for values in _stream(qs, "rank_since", "education", *predicate_columns, "sanction"):
            rank = label[values[5]]
            decision = decide(rank, values[7], values[8], values[9:last], None, bool(values[last]))
            result = decision.result
            if result["eligible"]:
                status = "due"
            elif not include_blocked or "MIN_YEARS_IN_RANK" in decision.blocked_by:
                continue
            else:
                status = "blocked"
            append(
                DueRow(
                    values[0],
                    values[1],
                    full_name(values[2], values[3], values[4]),
                    rank,
                    values[6] or "",
                    result["next_period"] or period,
                    status,
                    decision,
                    rule,
                )
            )
        found = DueList(RANK_PROMOTION, rule, period, (period, period))
        found.rows = _sorted(rows)
    return found


def salary_increment_due_list(employees: QuerySet[Employee], *, today: dt.date, params: ParameterSet) -> DueList:
    """PNS whose next KGB falls within the next three months, or was missed within the last interval."""
    horizon = rules.add_months(today, KGB_HORIZON_MONTHS)
    interval = int(params.get(rules.KGB_INTERVAL, today))
    earliest = rules.add_years(today, -interval)
    qs = active(employees).filter(
        employment_type=EmploymentType.PNS,
        last_salary_increment__lte=rules.add_years(horizon, -interval) + SLACK,
        last_salary_increment__gte=rules.add_years(earliest, -interval) - SLACK,
    )
    decide = rules.function(rules.SALARY_INCREMENT)
    found = DueList(SALARY_INCREMENT, rules.SALARY_INCREMENT, today, (earliest, horizon))
    decided: dict[dt.date, Decision] = {}  # the rule is pure: one decision per distinct date
    for values in _stream(qs, "last_salary_increment"):
        decision = decided.get(values[7])
        if decision is None:
            decision = decided[values[7]] = decide({"last_increment": values[7]}, today, params)
        next_date = decision.result["next_date"]
        if earliest <= next_date <= horizon:
            found.rows.append(_row(rules.SALARY_INCREMENT, values, next_date, kgb_status(next_date, today), decision))
    found.rows = _sorted(found.rows)
    return found


def retirement_due_list(employees: QuerySet[Employee], *, today: dt.date, params: ParameterSet) -> DueList:
    """Employees (PNS and PPPK) who reach their retirement date in the next twelve months, and those whose date
    passed within the last twelve months while their record still says active."""
    horizon = rules.add_months(today, RETIREMENT_HORIZON_MONTHS)
    earliest = rules.add_months(today, -RETIREMENT_HORIZON_MONTHS)
    # One birth-date window per retirement age in force (SLACK-loose): an occupation's age replaces the level's.
    by_occupation = {str(k): int(v) for k, v in params.get(rules.AGE_BY_OCCUPATION, today).items()}
    levels_by_age: dict[int, list[str]] = {}
    for level, age in params.get(rules.AGE_BY_LEVEL, today).items():
        levels_by_age.setdefault(int(age), []).append(str(level))

    def born(age: int) -> Q:
        return Q(
            birth_date__lte=rules.add_years(horizon, -age) + SLACK,
            birth_date__gte=rules.add_months(rules.add_years(earliest, -age), -1) - SLACK,
        )

    windows = [Q(occupation=occupation) & born(age) for occupation, age in by_occupation.items()]
    windows += [
        ~Q(occupation__in=list(by_occupation)) & Q(position__level__in=levels) & born(age)
        for age, levels in levels_by_age.items()
    ]
    qs = active(employees).filter(reduce(or_, windows), position__isnull=False)
    decide = rules.function(rules.RETIREMENT)
    found = DueList(RETIREMENT, rules.RETIREMENT, today, (earliest, horizon))
    decided: dict[tuple[Any, ...], Decision] = {}  # one decision per distinct (birth date, level, occupation)
    for values in _stream(qs, "birth_date", "position__level", "occupation"):
        key = values[7:10]
        decision = decided.get(key)
        if decision is None:
            facts = retirement_facts(values[7], values[8], values[9])
            if facts is None:
                continue
            decision = decided[key] = decide(facts, today, params)
        retirement_date = decision.result["retirement_date"]
        if earliest <= retirement_date <= horizon:
            found.rows.append(
                _row(rules.RETIREMENT, values, retirement_date, retirement_status(retirement_date, today), decision)
            )
    found.rows = _sorted(found.rows)
    return found


def rotation_due_list(employees: QuerySet[Employee], *, today: dt.date, params: ParameterSet) -> DueList:
    """PNS who have held their position past the longest rotation window (mutation-window status OVERDUE)."""
    window = params.get(rules.MUTATION_WINDOW_YEARS, today)
    qs = active(employees).filter(
        employment_type=EmploymentType.PNS,
        position_since__lte=rules.add_years(today, -int(window["max"])) + SLACK,
    )
    decide = rules.function(rules.MUTATION_WINDOW)
    found = DueList(ROTATION, rules.MUTATION_WINDOW, today, (None, today))
    decided: dict[dt.date, Decision] = {}
    for values in _stream(qs, "position_since"):
        decision = decided.get(values[7])
        if decision is None:
            decision = decided[values[7]] = decide({"position_since": values[7]}, today, params)
        if decision.result.get("status") == "OVERDUE":
            found.rows.append(_row(rules.MUTATION_WINDOW, values, decision.result.get("latest"), "overdue", decision))
    found.rows = _sorted(found.rows)
    return found


# The JPT level a holder of each level may apply for next (jpt.requirements' prior positions).
JPT_NEXT = {
    "ADMINISTRATOR": "JPT_PRATAMA",
    "JF_AHLI_MADYA": "JPT_PRATAMA",
    "JPT_PRATAMA": "JPT_MADYA",
    "JF_AHLI_UTAMA": "JPT_MADYA",
    "JPT_MADYA": "JPT_UTAMA",
}


def _whole_years(since: dt.date, today: dt.date) -> int:
    return today.year - since.year - ((today.month, today.day) < (since.month, since.day))


def jpt_due_list(employees: QuerySet[Employee], *, today: dt.date, params: ParameterSet) -> DueList:
    """Active PNS in a post that leads to a JPT level (Administrator, JF Ahli Madya, JPT...), each decided by the
    `jpt-eligibility` rule for the next JPT level: eligible ("due") or what blocks them. One query.
    Experience is counted from the CPNS appointment (the record has no field-relatedness); the prior position is
    the current post with its years since TMT jabatan."""
    qs = active(employees).filter(
        employment_type=EmploymentType.PNS, position__level__in=list(JPT_NEXT), position_since__isnull=False
    )
    decide = rules.function(rules.JPT_ELIGIBILITY)
    found = DueList(JPT, rules.JPT_ELIGIBILITY, today, (None, today))
    cache: dict[tuple[Any, ...], Decision] = {}
    for values in _stream(qs, "position__level", "education", "appointment_date", "position_since", "birth_date"):
        level, education, appointed, since, born = values[7:12]
        key = (level, education, _whole_years(appointed, today), _whole_years(since, today), _whole_years(born, today))
        decision = cache.get(key)
        if decision is None:
            facts = {"level": JPT_NEXT[level], "education": education, "years_experience": key[2],
                     "prior_position": level, "years_in_prior_position": key[3], "age": key[4]}  # fmt: skip
            decision = cache[key] = decide(facts, today, params)
        status = "due" if decision.result["eligible"] else "blocked"
        found.rows.append(_row(rules.JPT_ELIGIBILITY, values, None, status, decision))
    found.rows = _sorted(found.rows)
    return found


def rank_by_position_due_list(
    employees: QuerySet[Employee], *, today: dt.date, params: ParameterSet, period: dt.date | None = None
) -> DueList:
    """PNS in a structural post whose regular promotion in the period is held back by the education ceiling, and
    whose next rank is still within the post's rank band: promotion by position ("due"), or what else blocks it.

    One query: active PNS in a post with a rank ceiling, below that ceiling and at or above their education
    ceiling, meeting the years in rank (with SLACK), with the period's predicates and the running sanction. The
    `rank-promotion` rule decides every row for the period; `moves.by_position` then applies the post's band."""
    period = period or rules.next_promotion_period(today, params)
    batch = rules.rank_promotion_batch(period, params)
    min_years = int(params.get(rules.MIN_YEARS_IN_RANK, period))
    band = params.get(moves.POSITION_CEILING, period)
    ceilings = rules.education_ceiling_codes(period, params)
    qs = active(employees).filter(
        employment_type=EmploymentType.PNS,
        rank__isnull=False,
        rank_since__lte=rules.add_years(period, -min_years) + SLACK,
    )
    qs = qs.filter(reduce(or_, (Q(position__level=level, rank__lt=rank_code(str(top))) for level, top in band.items())))
    qs = qs.filter(reduce(or_, (Q(education=edu, rank__gte=code) for edu, code in ceilings.items())))
    qs, predicate_columns = with_predicates(qs, [int(year) for year in batch.years])
    qs = qs.annotate(sanction=sanction_active(period))
    last = 10 + len(predicate_columns)
    found = DueList(RANK_BY_POSITION, moves.RANK_BY_POSITION, period, (period, period))
    decided: dict[tuple[Any, ...], Decision | None] = {}  # None: not this list's row (see below)
    for values in _stream(qs, "rank_since", "education", "position__level", *predicate_columns, "sanction"):
        rank = RANK_LABEL[values[5]]
        key = (rank, *values[7:last], bool(values[last]))
        if key in decided:
            decision = decided[key]
        else:
            regular = batch.decide_years(rank, values[7], values[8], values[10:last], None, bool(values[last]))
            # Not yet due (years in rank), or not held back by the education ceiling: the regular list's row.
            if "MIN_YEARS_IN_RANK" in regular.blocked_by or "EDUCATION_CEILING" not in regular.blocked_by:
                decision = decided[key] = None
            else:
                decision = decided[key] = moves.by_position(regular, rank, values[9], period, params)
        if decision is None:
            continue
        status = "due" if decision.result["eligible"] else "blocked"
        found.rows.append(_row(moves.RANK_BY_POSITION, values, period, status, decision))
    found.rows = _sorted(found.rows)
    return found


def functional_move_due_list(employees: QuerySet[Employee], *, today: dt.date, params: ParameterSet) -> DueList:
    """PNS outside functional posts who meet the recorded requirements to move into the functional level of their
    rank ("due"). One query pre-filters on necessary conditions (a rank in some functional band, an education of
    some track, the experience, the oldest age limit, good predicates in the years read); `moves.functional_move`
    decides every row and says why, including that the competency test must still be passed."""
    required = params.get(moves.FUNCTIONAL_REQUIREMENTS, today)
    bands = params.get(moves.FUNCTIONAL_BANDS, today)
    _years, good = rules.good_predicates(today, params)
    floor = str(required["performance"]["min_predicate"])
    good = [p for p in good if predicate_at_least(p, floor)]
    years = [today.year - i for i in range(int(required["performance"]["years"]), 0, -1)]
    ranks = sorted(
        {rank_code(r) for track in bands.values() for low, high in track.values() for r in _ranks_between(low, high)}
    )
    oldest = max(int(age) for age in required["max_age"].values())
    educations = sorted({e for track in required["education"].values() for e in track})
    qs = (
        active(employees)
        .filter(
            employment_type=EmploymentType.PNS,
            rank__in=ranks,
            education__in=educations,
            position__isnull=False,
            appointment_date__lte=rules.add_years(today, -int(required["min_years_experience"])) + SLACK,
            birth_date__gt=rules.add_years(today, -(oldest + 1)) - SLACK,
        )
        .exclude(position__level__startswith="JF_")
    )
    qs, predicate_columns = with_predicates(qs, years)
    for column in predicate_columns:
        qs = qs.filter(**{f"{column}__in": good})
    found = DueList(FUNCTIONAL_MOVE, moves.FUNCTIONAL_MOVE, today, (None, today))
    batch = moves.FunctionalMoveBatch(params, today)
    decided: dict[tuple[Any, ...], Decision] = {}
    whole_years = moves.whole_years
    for values in _stream(qs, "education", "appointment_date", "birth_date", *predicate_columns):
        # The decision reads the dates only as whole years on `today`: one decision per distinct fact tuple.
        key = (values[5], values[7], whole_years(values[8], today), whole_years(values[9], today), *values[10:])
        decision = decided.get(key)
        if decision is None:
            facts = {
                "rank": RANK_LABEL[values[5]],
                "education": values[7],
                "appointment_date": values[8],
                "birth_date": values[9],
                "predicates": dict(zip(years, values[10:], strict=True)),
            }
            decision = decided[key] = batch.decide(facts)
        if decision.result["eligible"]:
            found.rows.append(_row(moves.FUNCTIONAL_MOVE, values, None, "due", decision))
    found.rows = _sorted(found.rows)
    return found


def _ranks_between(low: str, high: str) -> list[str]:
    return [r for r in RANKS if RANK_ORDINAL[str(low)] <= RANK_ORDINAL[r] <= RANK_ORDINAL[str(high)]]


BUILDERS = {
    RANK_PROMOTION: rank_promotion_due_list,
    RANK_BY_POSITION: rank_by_position_due_list,
    SALARY_INCREMENT: salary_increment_due_list,
    RETIREMENT: retirement_due_list,
    ROTATION: rotation_due_list,
    JPT: jpt_due_list,
    FUNCTIONAL_MOVE: functional_move_due_list,
}


def promotion_periods(today: dt.date, params: ParameterSet, count: int = 6) -> list[dt.date]:
    """The next `count` promotion period dates after `today` (the regulation's calendar in force on each)."""
    found: list[dt.date] = []
    day = today
    for _i in range(count):
        day = rules.next_promotion_period(day, params)
        found.append(day)
    return found


def due_employees(user: Any, *, unit_id: int | None = None) -> QuerySet[Employee]:
    """The employees whose due lists this user may read: their agency (every agency for a national administrator),
    optionally one unit and the units below it. Another agency's unit is NotFound."""
    access.require(access.can_read_agency(user))
    employees = access.agency_scope(user, Employee.objects.all())
    if unit_id is not None:
        unit = access.scoped_get(user, Unit.objects.all(), unit_id)
        employees = employees.filter(unit__path__startswith=unit.path)
    return employees


def due_lists_get(
    user: Any,
    *,
    today: dt.date,
    unit_id: int | None = None,
    kinds: tuple[str, ...] = KINDS,
    params: ParameterSet | None = None,
    period: dt.date | None = None,
) -> dict[str, DueList]:
    """The due lists the user may read, as of `today`; the promotion lists for `period` (default the next one).
    A national administrator without an agency gets every agency with the national parameters."""
    employees = due_employees(user, unit_id=unit_id)
    params = params or rules.parameters_for(getattr(user, "agency_id", None))
    lists = {}
    for kind in kinds:
        if kind == RANK_PROMOTION:
            lists[kind] = rank_promotion_due_list(employees, today=today, params=params, period=period)
        elif kind == RANK_BY_POSITION:
            lists[kind] = rank_by_position_due_list(employees, today=today, params=params, period=period)
        else:
            lists[kind] = BUILDERS[kind](employees, today=today, params=params)
    return lists
