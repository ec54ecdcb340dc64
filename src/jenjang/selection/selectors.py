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


def staff_vacancy_list(user: Any) -> QuerySet[Vacancy]:
    return (
        access.staff_vacancies(user)
        .select_related("agency")
        .annotate(n_applications=Count("applications", distinct=True))
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


@dataclass
class PanelRow:
    application: Application
    own: Decimal | None
    own_note: str
    scored: int  # how many members have scored
    others: list[Decimal] | None  # every member's score, shown only once all have scored
    final: Decimal | None


def panel_rows(user: Any, vacancy: Vacancy, stage: str) -> list[PanelRow]:
    """The panel page for one member: their own score of each candidate, and the others' only when every member
    has scored that candidate (blind scoring). Three queries whatever the number of candidates."""
    apps = list(vacancy.applications.filter(screening_passed=True).exclude(cat_passed=False).order_by("number", "id"))
    n_members = CommitteeMember.objects.filter(vacancy=vacancy).count()
    scores: dict[int, dict[int, tuple[Decimal, str]]] = defaultdict(dict)
    for app_id, member_id, score, note in PanelScore.objects.filter(
        application__vacancy=vacancy, stage=stage
    ).values_list("application_id", "member_id", "score", "note"):
        scores[app_id][member_id] = (score, note)
    field = {"assessment": "assessment_score", "interview": "interview_score"}[stage]
    rows = []
    for a in apps:
        mine = scores[a.pk].get(user.pk)
        complete = len(scores[a.pk]) >= n_members > 0
        rows.append(
            PanelRow(
                application=a,
                own=mine[0] if mine else None,
                own_note=mine[1] if mine else "",
                scored=len(scores[a.pk]),
                others=sorted(s for s, _n in scores[a.pk].values()) if complete else None,
                final=getattr(a, field),
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
