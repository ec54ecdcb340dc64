""" "My career": the signed-in employee's possible next moves (from the published pattern and the rules), what each
needs, what is met, what is missing and when it will be met; the projected path of ranks to retirement under the
regular promotion rule; and the individual development plan (IDP). Nothing here reads the clock: `today` is given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from jenjang.domain.dates import add_years
from jenjang.domain.parameters import ParameterSet
from jenjang.domain.vocab import EDUCATION_ORDINAL, RANK_ORDINAL, rank_from_code
from jenjang.personnel.models import Employee, EmploymentType, TrainingHistory

from . import rules
from .facts import RANK_LABEL
from .models import CareerPattern, DevelopmentAction, PatternEdge, PatternNode, PatternStatus
from .outlook import OutlookItem, employee_outlook
from .pattern import current_nodes


@dataclass
class Requirement:
    code: str  # MIN_RANK, EDUCATION, YEARS_IN_RANK, YEARS_IN_POSITION, TRAINING_JP, COMPETENCY
    label: str
    need: str
    have: str
    met: bool
    when: dt.date | None = None  # the date it will be met (None: not by waiting alone)
    gaps: list[tuple[str, Any, Any]] = field(default_factory=list)


@dataclass
class Move:
    title: str
    target: str
    move_type: str
    direction: str
    requirements: list[Requirement]
    note: str = ""
    legal_basis: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def missing(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.met]

    @property
    def ready_on(self) -> dt.date | None:
        """When every requirement is met by waiting (years, rank by regular promotion); None if something needs
        action (education, training, competency) or will not be met before retirement."""
        if self.met:
            return None
        dates = []
        for requirement in self.missing:
            if requirement.when is None:
                return None
            dates.append(requirement.when)
        return max(dates)


@dataclass
class PathStep:
    date: dt.date
    rank: str
    note: str
    promotion: bool = True


@dataclass
class CareerView:
    employee: Employee
    outlook: list[OutlookItem]
    moves: list[Move]
    path: list[PathStep]
    retirement: dt.date | None
    patterns: list[CareerPattern]
    training_hours: int
    competency: Any  # a JpmScore, or None
    competency_available: bool

    @property
    def rank_eligible_from(self) -> dt.date | None:
        """The day the years in rank are met (the rank-promotion rule's `eligible_from`)."""
        for item in self.outlook:
            if item.kind == "rank_promotion":
                value = (item.envelope.get("result") or {}).get("eligible_from")
                return dt.date.fromisoformat(value) if isinstance(value, str) else value
        return None

    @property
    def assessed(self) -> bool:
        return self.competency is not None and self.competency.jpm is not None

    actions: list[DevelopmentAction]
    trainings: list[TrainingHistory]


def projected_path(
    rank: int | None, rank_since: dt.date | None, education: str, today: dt.date, until: dt.date | None,
    params: ParameterSet,
) -> list[PathStep]:  # fmt: skip
    """The ranks expected by date under the regular promotion rule, each step decided by the rank-promotion rule
    itself, assuming good performance (BAIK) every year and no sanction, until the education ceiling or
    retirement."""
    if not rank or not rank_since:
        return []
    steps: list[PathStep] = []
    current, since = RANK_LABEL[rank], rank_since
    start = today + dt.timedelta(days=1)
    for _step in range(len(RANK_ORDINAL)):
        min_years = int(params.get(rules.MIN_YEARS_IN_RANK, max(start, since)))
        period = rules.next_promotion_period(max(add_years(since, min_years), start) - dt.timedelta(days=1), params)
        if until is not None and period > until:
            break
        years_needed, _good = rules.good_predicates(period, params)
        predicates = {str(period.year - i): "BAIK" for i in range(1, years_needed + 1)}
        facts = {"rank": current, "rank_since": since, "education": education, "predicates": predicates,
                 "sanction_active": False}  # fmt: skip
        decision = rules.decide(rules.RANK_PROMOTION, facts, period, params)
        if not decision.result.get("eligible"):
            if "EDUCATION_CEILING" in decision.blocked_by:
                note = _("Batas pangkat menurut pendidikan %(edu)s") % {"edu": education}
                steps.append(PathStep(period, current, note, promotion=False))
            break
        current, since, start = str(decision.result["next_rank"]), period, period + dt.timedelta(days=1)
        steps.append(PathStep(period, current, _("Kenaikan pangkat reguler")))
    return steps


def _rank_reached(path: list[PathStep], rank: int) -> dt.date | None:
    label = rank_from_code(rank)
    for step in path:
        if step.promotion and RANK_ORDINAL[step.rank] >= RANK_ORDINAL[label]:
            return step.date
    return None


def competency_score(position_id: int | None, employee_id: int) -> tuple[Any, bool]:
    """(the employee's JpmScore for the position or None, whether competency data is available at all).
    The talent app is another capability; without it (or without an assessment) the page says so."""
    if not position_id:
        return None, False
    try:
        from jenjang.talent.selectors import jpm_scores
    except ImportError:
        return None, False
    return jpm_scores(position_id, [employee_id]).get(employee_id), True


def requirements_for(
    edge: PatternEdge, employee: Employee, today: dt.date, *, training_hours: int, path: list[PathStep],
    competency: Any,
) -> list[Requirement]:  # fmt: skip
    found: list[Requirement] = []
    if edge.min_rank:
        have = employee.rank or 0
        met = have >= edge.min_rank
        when = None if met else _rank_reached(path, edge.min_rank)
        found.append(Requirement("MIN_RANK", _("Golongan"), rank_from_code(edge.min_rank),
                                 RANK_LABEL.get(have, "—"), met, when))  # fmt: skip
    if edge.min_education:
        met = EDUCATION_ORDINAL.get(employee.education, 0) >= EDUCATION_ORDINAL[edge.min_education]
        found.append(Requirement("EDUCATION", _("Pendidikan"), edge.min_education, employee.education or "—", met))
    if edge.min_years_in_rank:
        since = employee.rank_since
        when = add_years(since, edge.min_years_in_rank) if since else None
        found.append(Requirement("YEARS_IN_RANK", _("Masa dalam golongan"),
                                 _("%(n)d tahun") % {"n": edge.min_years_in_rank},
                                 _years_since(since, today), bool(when and when <= today), when))  # fmt: skip
    if edge.min_years_in_position:
        since = employee.position_since
        when = add_years(since, edge.min_years_in_position) if since else None
        found.append(Requirement("YEARS_IN_POSITION", _("Masa dalam jabatan"),
                                 _("%(n)d tahun") % {"n": edge.min_years_in_position},
                                 _years_since(since, today), bool(when and when <= today), when))  # fmt: skip
    if edge.min_training_hours:
        met = training_hours >= edge.min_training_hours
        found.append(Requirement("TRAINING_JP", _("Pelatihan (JP)"), f"{edge.min_training_hours} JP",
                                 f"{training_hours} JP", met))  # fmt: skip
    if edge.min_competency_level:
        need = _("level %(n)d pada setiap kompetensi") % {"n": edge.min_competency_level}
        if competency is None or competency.jpm is None:
            found.append(Requirement("COMPETENCY", _("Kompetensi"), need, _("belum ada asesmen"), False))
        else:
            gaps = [(code, max(int(required), edge.min_competency_level), actual)
                    for code, required, actual in competency.gaps
                    if actual is None or actual < max(int(required), edge.min_competency_level)]  # fmt: skip
            have = _("JPM %(jpm)s") % {"jpm": round(float(competency.jpm), 1)}
            found.append(Requirement("COMPETENCY", _("Kompetensi"), need, have, not gaps, None, gaps))
    return found


def _years_since(since: dt.date | None, today: dt.date) -> str:
    if since is None:
        return _("belum tercatat")
    years = today.year - since.year - ((today.month, today.day) < (since.month, since.day))
    return _("%(n)d tahun (sejak %(date)s)") % {"n": max(years, 0), "date": since.strftime("%d-%m-%Y")}


def _jpt_move(employee: Employee, today: dt.date, params: ParameterSet) -> Move | None:
    """JPT eligibility through the registry's `jpt-eligibility` rule, for holders of a level that leads to JPT."""
    level = employee.position.level if employee.position_id and employee.position else None
    target = {"ADMINISTRATOR": "JPT_PRATAMA", "JF_AHLI_MADYA": "JPT_PRATAMA", "JPT_PRATAMA": "JPT_MADYA",
              "JF_AHLI_UTAMA": "JPT_MADYA", "JPT_MADYA": "JPT_UTAMA"}.get(level or "")  # fmt: skip
    if target is None or employee.employment_type != EmploymentType.PNS or not employee.position_since:
        return None
    age = today.year - employee.birth_date.year - ((today.month, today.day) < (employee.birth_date.month,
                                                                                 employee.birth_date.day))  # fmt: skip
    experience = (today - employee.appointment_date).days / 365.25
    in_position = (today - employee.position_since).days / 365.25
    facts = {"level": target, "education": employee.education, "years_experience": round(experience, 1),
             "prior_position": level, "years_in_prior_position": round(in_position, 1), "age": age}  # fmt: skip
    decision = rules.decide("jpt-eligibility", facts, today, params)
    lang = rules.language()
    requirement = decision.result["requirements"]
    reqs = []
    for code in ("EDUCATION", "EXPERIENCE", "PRIOR_POSITION", "AGE"):
        met = code not in decision.blocked_by
        when = None
        if code == "PRIOR_POSITION" and not met and level in requirement["prior_positions"]:
            when = add_years(employee.position_since, int(requirement["min_years_in_prior_position"] + 0.999))
        if code == "EXPERIENCE" and not met:
            when = add_years(employee.appointment_date, int(requirement["min_years_experience"] + 0.999))
        reqs.append(Requirement(code, rules.blocked_label("jpt-eligibility", code, lang), "", "", met, when))
    reasons = [r.render(lang) for r in decision.reasons]
    return Move(reasons[0], target, "VERTICAL", "VERTICAL", reqs, "; ".join(reasons[1:-1]),
                list(decision.legal_basis))  # fmt: skip


def my_career(employee: Employee, *, today: dt.date, params: ParameterSet | None = None) -> CareerView:
    params = params or rules.parameters_for(employee.agency_id)
    outlook = employee_outlook(employee, today=today, params=params)
    retirement = next((item.date for item in outlook if item.kind == "retirement"), None)
    path = []
    if employee.employment_type == EmploymentType.PNS:
        path = projected_path(employee.rank, employee.rank_since, employee.education, today, retirement, params)
    training_hours = int(TrainingHistory.objects.filter(employee=employee).aggregate(n=Sum("hours"))["n"] or 0)
    patterns = list(CareerPattern.objects.filter(agency_id=employee.agency_id, status=PatternStatus.PUBLISHED))
    nodes = list(PatternNode.objects.filter(pattern__in=patterns).order_by("id"))
    edges = list(PatternEdge.objects.filter(pattern__in=patterns).order_by("id"))
    by_id = {n.pk: n for n in nodes}
    here = {n.pk for n in current_nodes(nodes, employee)}
    competency, available = competency_score(employee.position_id, employee.pk)
    moves: list[Move] = []
    for edge in edges:
        if edge.source_id not in here:
            continue
        target = by_id[edge.target_id]
        reqs = requirements_for(edge, employee, today, training_hours=training_hours, path=path,
                                competency=competency)  # fmt: skip
        moves.append(Move(target.label, target.label, edge.get_move_type_display(), edge.get_direction_display(),
                          reqs, edge.note))  # fmt: skip
    jpt = _jpt_move(employee, today, params)
    if jpt is not None:
        moves.append(jpt)
    actions = list(
        DevelopmentAction.objects.filter(employee=employee).select_related("training").order_by("target_date", "id")
    )
    trainings = list(TrainingHistory.objects.filter(employee=employee).order_by("-start_date")[:50])
    return CareerView(employee, outlook, moves, path, retirement, patterns, training_hours, competency, available,
                      actions, trainings)  # fmt: skip
