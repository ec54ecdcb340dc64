"""One employee's career outlook: the next rank promotion, salary increment (KGB), rotation window and retirement,
each decided by its rule with the reasons and the legal basis. Loads the facts in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from jenjang.domain.decision import Decision
from jenjang.domain.parameters import ParameterSet
from jenjang.domain.vocab import MANAGERIAL_LEVELS
from jenjang.personnel.models import (
    ACTIVE_STATUSES,
    Employee,
    EmploymentType,
    PerformanceHistory,
    SanctionHistory,
)

from . import rules
from .facts import active_sanction_on, performance_years, rank_promotion_facts

RANK_PROMOTION = "rank_promotion"
SALARY_INCREMENT = "salary_increment"
MUTATION_WINDOW = "mutation_window"
RETIREMENT = "retirement"

KGB_HORIZON_MONTHS = 3
RETIREMENT_HORIZON_MONTHS = 12

# Managerial levels from the top down: the head of a unit is the holder of its highest managerial position.
_HEAD_ORDER = ("JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS")


@dataclass
class OutlookItem:
    kind: str
    title: str
    date: dt.date | None
    status: str  # ok / due / blocked / overdue / info
    reasons: list[str]
    legal_basis: list[str]
    envelope: dict[str, Any] = field(default_factory=dict)
    blocked_by: list[tuple[str, str]] = field(default_factory=list)  # (code, plain words)


def employee_outlook(employee: Employee, *, today: dt.date, params: ParameterSet | None = None) -> list[OutlookItem]:
    """What comes next for this employee, as of `today` (the caller's date: nothing here reads the clock)."""
    params = params or rules.parameters_for(employee.agency_id)
    items: list[OutlookItem] = []
    is_pns = employee.employment_type == EmploymentType.PNS
    # Looked up for every employee with a unit (PNS or not), so a profile runs the same queries for everyone;
    # the performance and sanction rows come from the profile's prefetch when it made one.
    supervisor_rank = _supervisor_rank(employee)
    if is_pns:
        items.append(_rank_promotion(employee, today, params, supervisor_rank))
        items.append(_salary_increment(employee, today, params))
    elif employee.employment_type == EmploymentType.PPPK:
        items.append(
            OutlookItem(
                kind=RANK_PROMOTION,
                title=_("Kenaikan pangkat"),
                date=None,
                status="info",
                reasons=[
                    _(
                        "PPPK tidak mengenal kenaikan pangkat/golongan: golongan PPPK mengikuti jabatan "
                        "dalam perjanjian kerja."
                    )
                ],
                legal_basis=["UU 20/2023", "PP 49/2018"],
            )
        )
    else:  # CPNS
        items.append(
            OutlookItem(
                kind=RANK_PROMOTION,
                title=_("Kenaikan pangkat"),
                date=None,
                status="info",
                reasons=[_("CPNS belum dapat naik pangkat; kenaikan pangkat reguler dimulai setelah diangkat PNS.")],
                legal_basis=["PP 11/2017"],
            )
        )
    if is_pns:
        items.append(_mutation_window(employee, today, params))
    items.append(_retirement(employee, today, params))
    return items


def _item(
    kind: str, title: str, rule_name: str, decision: Decision, as_of: dt.date, date: dt.date | None, status: str
) -> OutlookItem:
    lang = rules.language()
    return OutlookItem(
        kind=kind,
        title=title,
        date=date,
        status=status,
        reasons=[reason.render(lang) for reason in decision.reasons],
        legal_basis=list(decision.legal_basis),
        envelope=rules.envelope(rule_name, decision, as_of, lang),
        blocked_by=[(code, rules.blocked_label(rule_name, code, lang)) for code in decision.blocked_by],
    )


def _missing(kind: str, title: str, message: str) -> OutlookItem:
    return OutlookItem(kind=kind, title=title, date=None, status="info", reasons=[message], legal_basis=[])


def _prefetched(employee: Employee, relation: str) -> list[Any] | None:
    """The rows of a history relation when the caller prefetched it (the profile does), else None."""
    cache = getattr(employee, "_prefetched_objects_cache", {})
    return list(cache[relation]) if relation in cache else None


def _predicates(employee: Employee, years: list[int]) -> list[tuple[int, str]]:
    rows = _prefetched(employee, "performancehistory_set")
    if rows is not None:
        return [(row.year, row.predicate) for row in rows if row.year in years]
    return list(PerformanceHistory.objects.filter(employee=employee, year__in=years).values_list("year", "predicate"))


def _sanction_active(employee: Employee, day: dt.date) -> bool:
    """A disciplinary sanction in force on `day` (the same condition as facts.active_sanction_on)."""
    rows = _prefetched(employee, "sanctionhistory_set")
    if rows is not None:
        return any(row.start_date <= day and (row.end_date is None or row.end_date >= day) for row in rows)
    return SanctionHistory.objects.filter(active_sanction_on(day), employee=employee).exists()


def _rank_promotion(
    employee: Employee, today: dt.date, params: ParameterSet, supervisor_rank: int | None
) -> OutlookItem:
    title = _("Kenaikan pangkat reguler")
    if not employee.rank or not employee.rank_since:
        return _missing(RANK_PROMOTION, title, _("Golongan atau TMT golongan belum tercatat."))
    period = rules.next_promotion_period(today, params)
    years_needed, _good = rules.good_predicates(period, params)
    years = performance_years(period, years_needed)
    predicates: dict[int, str | None] = dict.fromkeys(years)
    predicates.update(_predicates(employee, years))
    facts = rank_promotion_facts(
        employee.rank,
        employee.rank_since,
        employee.education,
        predicates,
        _sanction_active(employee, period),
        supervisor_rank=supervisor_rank,
    )
    decision = rules.decide(rules.RANK_PROMOTION, facts, period, params)
    blocked = set(decision.blocked_by)
    if decision.result.get("eligible"):
        status = "due"
    elif blocked <= {"MIN_YEARS_IN_RANK"} and decision.result.get("next_rank"):
        status = "ok"
    else:
        status = "blocked"
    date = decision.result.get("next_period") or decision.result.get("eligible_from")
    return _item(RANK_PROMOTION, title, rules.RANK_PROMOTION, decision, period, date, status)


def _supervisor_rank(employee: Employee) -> int | None:
    """The rank of the direct superior: the head of the employee's unit, or of the parent unit when the employee is
    that head. One query over the managerial holders of the two units."""
    if not employee.unit_id:
        return None
    parent_id = employee.unit.parent_id if employee.unit else None
    units = [employee.unit_id] + ([parent_id] if parent_id else [])
    holders = list(
        Employee.objects.filter(
            unit_id__in=units,
            position__level__in=MANAGERIAL_LEVELS,
            status__in=ACTIVE_STATUSES,
            rank__isnull=False,
        ).values_list("pk", "unit_id", "position__level", "rank")
    )

    def head(unit_id: int | None) -> tuple[int, int, str, int] | None:
        in_unit = [h for h in holders if h[1] == unit_id]
        return min(in_unit, key=lambda h: (_HEAD_ORDER.index(h[2]), h[0]), default=None)

    own_head = head(employee.unit_id)
    if own_head is not None and own_head[0] != employee.pk:
        return own_head[3]
    parent_head = head(parent_id) if parent_id else None
    return parent_head[3] if parent_head is not None and parent_head[0] != employee.pk else None


def _salary_increment(employee: Employee, today: dt.date, params: ParameterSet) -> OutlookItem:
    title = _("Kenaikan gaji berkala (KGB)")
    if not employee.last_salary_increment:
        return _missing(SALARY_INCREMENT, title, _("TMT KGB terakhir belum tercatat."))
    facts = {"last_increment": employee.last_salary_increment}
    decision = rules.decide(rules.SALARY_INCREMENT, facts, today, params)
    next_date = decision.result.get("next_date")
    return _item(
        SALARY_INCREMENT, title, rules.SALARY_INCREMENT, decision, today, next_date, kgb_status(next_date, today)
    )


def kgb_status(next_date: dt.date | None, today: dt.date) -> str:
    if next_date is None:
        return "info"
    if next_date < today:
        return "overdue"
    return "due" if next_date <= rules.add_months(today, KGB_HORIZON_MONTHS) else "ok"


def _mutation_window(employee: Employee, today: dt.date, params: ParameterSet) -> OutlookItem:
    title = _("Masa jabatan dan rotasi")
    if not employee.position_since:
        return _missing(MUTATION_WINDOW, title, _("TMT jabatan belum tercatat."))
    decision = rules.decide(rules.MUTATION_WINDOW, {"position_since": employee.position_since}, today, params)
    window = decision.result.get("status")
    status = {"TOO_EARLY": "ok", "WITHIN_WINDOW": "info", "OVERDUE": "overdue"}.get(str(window), "info")
    date = decision.result.get("earliest") if window == "TOO_EARLY" else decision.result.get("latest")
    return _item(MUTATION_WINDOW, title, rules.MUTATION_WINDOW, decision, today, date, status)


def retirement_facts(birth_date: dt.date, level: str | None, occupation: str) -> dict[str, Any] | None:
    if not level:
        return None
    facts: dict[str, Any] = {"birth_date": birth_date, "position_level": level}
    if occupation:
        facts["occupation"] = occupation
    return facts


def retirement_status(retirement_date: dt.date, today: dt.date) -> str:
    if retirement_date < today:
        return "overdue"
    return "due" if retirement_date <= rules.add_months(today, RETIREMENT_HORIZON_MONTHS) else "info"


def _retirement(employee: Employee, today: dt.date, params: ParameterSet) -> OutlookItem:
    title = _("Batas usia pensiun (BUP)")
    level = employee.position.level if employee.position_id and employee.position else None
    facts = retirement_facts(employee.birth_date, level, employee.occupation)
    if facts is None:
        return _missing(RETIREMENT, title, _("Jabatan belum tercatat, sehingga BUP belum dapat ditentukan."))
    decision = rules.decide(rules.RETIREMENT, facts, today, params)
    retirement_date = decision.result["retirement_date"]
    return _item(
        RETIREMENT, title, rules.RETIREMENT, decision, today, retirement_date, retirement_status(retirement_date, today)
    )
