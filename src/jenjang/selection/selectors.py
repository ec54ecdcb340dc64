"""Reads of an open selection. Lists are paginated by the callers and take a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from . import access
from .models import Application, ApplicationStatus, CommitteeMember, PanelScore, Vacancy, VacancyStatus


def vacancy_board(q: str = "") -> QuerySet[Vacancy]:
    """The public board: announced vacancies, newest first, searched by title, position or agency."""
    qs = access.public_vacancies().select_related("agency", "position")
    q = q.strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(position__name__icontains=q) | Q(agency__name__icontains=q))
    return qs.order_by("-announcement_start", "-id")


def committee_context(vacancy: Vacancy) -> dict[str, Any]:
    """The committee as the vacancy pages show it (chair first), with its internal and external counts: one query."""
    members = list(vacancy.committee.select_related("user"))
    external = sum(1 for m in members if m.is_external)
    return {"committee": members, "committee_external": external, "committee_internal": len(members) - external}


def staff_vacancy_list(user: Any) -> QuerySet[Vacancy]:
    return (
        access.staff_vacancies(user)
        .select_related("agency")
        .annotate(
            n_applications=Count(
                "applications", filter=~Q(applications__status=ApplicationStatus.WITHDRAWN), distinct=True
            )
        )
        .order_by("-announcement_start", "-id")
    )


def staff_applications(vacancy: Vacancy) -> QuerySet[Application]:
    return vacancy.applications.exclude(status=ApplicationStatus.WITHDRAWN).order_by("rank", "id")


def my_applications(user: Any) -> QuerySet[Application]:
    return access.own_applications(user).select_related("vacancy", "vacancy__agency").order_by("-submitted_at", "-id")


def own_application_get(user: Any, pk: Any) -> Application:
    from jenjang.core.errors import NotFound

    try:
        return my_applications(user).get(pk=pk)
    except (ValueError, TypeError, Application.DoesNotExist):
        raise NotFound() from None


def _direct_superiors(employee_ids: set[int]) -> dict[int, int]:
    """employee id -> employee id of the direct superior (the performance app's unit-tree rule). Two queries."""
    try:
        from jenjang.performance.services import supervisor_id_of, unit_heads
    except ImportError:  # pragma: no cover - without the performance app only "not themselves" applies
        return {}
    from jenjang.personnel.models import Employee

    employees = list(Employee.objects.filter(pk__in=employee_ids).select_related("unit"))
    unit_ids = {int(p) for e in employees if e.unit_id and e.unit is not None for p in e.unit.path.split("/") if p}
    heads = unit_heads(unit_ids) if unit_ids else {}
    out = {}
    for e in employees:
        superior = supervisor_id_of(e, heads)
        if superior is not None:
            out[e.pk] = superior
    return out


def panel_conflicts(vacancy: Vacancy, applications: list[Application]) -> dict[int, set[int]]:
    """application id -> user ids of committee members who may not score it: the applicant themselves, and, when
    both are employees, the applicant's direct superior or direct subordinate. A fixed number of queries."""
    members = list(CommitteeMember.objects.filter(vacancy=vacancy).values_list("user_id", "user__employee_id"))
    employee_ids = {a.employee_id for a in applications if a.employee_id} | {e for _u, e in members if e}
    superior = _direct_superiors(employee_ids) if employee_ids else {}
    out: dict[int, set[int]] = {}
    for a in applications:
        blocked = set()
        for user_id, member_employee in members:
            if user_id == a.applicant_id or (
                a.employee_id
                and member_employee
                and (
                    member_employee == a.employee_id
                    or superior.get(a.employee_id) == member_employee
                    or superior.get(member_employee) == a.employee_id
                )
            ):
                blocked.add(user_id)
        out[a.pk] = blocked
    return out


@dataclass
class PanelRow:
    application: Application
    own: Decimal | None
    own_note: str
    scored: int  # how many members have scored
    others: list[Decimal] | None  # every member's score, shown only once all have scored
    final: Decimal | None
    conflict: bool = False  # this member may not score this candidate
    panel: int = 0  # how many members score this candidate (the committee less those in conflict)


def panel_rows(user: Any, vacancy: Vacancy, stage: str) -> list[PanelRow]:
    """The panel page for one member: their own score of each candidate, and the others' only when every member
    has scored that candidate (blind scoring). A fixed number of queries whatever the number of candidates."""
    apps = list(vacancy.applications.filter(screening_passed=True).exclude(cat_passed=False).order_by("number", "id"))
    members = set(CommitteeMember.objects.filter(vacancy=vacancy).values_list("user_id", flat=True))
    conflicts = panel_conflicts(vacancy, apps)
    scores: dict[int, dict[int, tuple[Decimal, str]]] = defaultdict(dict)
    for app_id, member_id, score, note in PanelScore.objects.filter(
        application__vacancy=vacancy, stage=stage
    ).values_list("application_id", "member_id", "score", "note"):
        scores[app_id][member_id] = (score, note)
    field = {"assessment": "assessment_score", "interview": "interview_score"}[stage]
    rows = []
    for a in apps:
        mine = scores[a.pk].get(user.pk)
        eligible = members - conflicts[a.pk]
        complete = bool(eligible) and eligible <= set(scores[a.pk])
        rows.append(
            PanelRow(
                application=a,
                own=mine[0] if mine else None,
                own_note=mine[1] if mine else "",
                scored=len(scores[a.pk]),
                others=sorted(s for s, _n in scores[a.pk].values()) if complete else None,
                final=getattr(a, field),
                conflict=user.pk in conflicts[a.pk],
                panel=len(eligible),
            )
        )
    return rows


def published_screening(vacancy: Vacancy) -> QuerySet[Application]:
    if not vacancy.screening_published_at:
        return Application.objects.none()
    return vacancy.applications.filter(screening_passed=True).order_by("number")


def published_results(vacancy: Vacancy) -> QuerySet[Application]:
    if vacancy.status != VacancyStatus.PUBLISHED:
        return Application.objects.none()
    return vacancy.applications.filter(rank__isnull=False).order_by("rank", "number")
