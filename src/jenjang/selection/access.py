"""Who may do what in an open selection, built only from jenjang.core.access primitives.

- the public (no account) reads announced vacancies and published results;
- a candidate (an outside CANDIDATE or any employee) reads and acts on their own applications only;
- personnel staff and administrators of the agency create vacancies and read every one of their agency;
- committee members of a vacancy screen, override, score and rank; the agency's LEADER (PPK) decides.
Another agency's vacancy is "not found", never "forbidden".
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jenjang.accounts.models import Role
from jenjang.core import access
from jenjang.core.errors import NotFound

from .models import CommitteeMember, Vacancy, VacancyStatus

MANAGERS = frozenset({Role.ADMIN, Role.PERSONNEL})
PPK = frozenset({Role.LEADER})


def signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_manage(user: Any) -> bool:
    return access.has_role(user, MANAGERS)


def can_manage_vacancy(user: Any, vacancy: Vacancy) -> bool:
    return can_manage(user) and access.user_may_act_for_agency(user, vacancy.agency_id)


def is_committee(user: Any, vacancy: Vacancy) -> bool:
    return (
        access.user_may_act_for_agency(user, vacancy.agency_id)
        and CommitteeMember.objects.filter(vacancy=vacancy, user_id=user.pk).exists()
    )


def can_decide(user: Any, vacancy: Vacancy) -> bool:
    return access.has_role(user, PPK) and access.user_may_act_for_agency(user, vacancy.agency_id)


def staff_vacancies(user: Any) -> QuerySet[Vacancy]:
    """Vacancies the user works on: all of the agency for its readers, else those whose committee they sit on."""
    qs = access.agency_scope(user, Vacancy.objects.all())
    if access.can_read_agency(user):
        return qs
    return qs.filter(committee__user_id=getattr(user, "pk", None))


def can_see_staff_pages(user: Any) -> bool:
    return access.can_read_agency(user) or (
        signed_in(user) and CommitteeMember.objects.filter(user_id=user.pk).exists()
    )


def staff_vacancy_get(user: Any, pk: Any) -> Vacancy:
    try:
        return staff_vacancies(user).select_related("agency", "position").distinct().get(pk=pk)
    except (ValueError, TypeError, Vacancy.DoesNotExist):
        raise NotFound() from None


def public_vacancies() -> QuerySet[Vacancy]:
    """Announced vacancies. A vacancy cancelled after its announcement stays public, marked cancelled with the
    reason (applicants and the public learn why); one cancelled while still a draft was never public."""
    return Vacancy.objects.exclude(status=VacancyStatus.DRAFT).exclude(
        status=VacancyStatus.CANCELLED, cancelled_from=VacancyStatus.DRAFT
    )


def public_vacancy_get(pk: Any) -> Vacancy:
    try:
        return public_vacancies().select_related("agency", "position").get(pk=pk)
    except (ValueError, TypeError, Vacancy.DoesNotExist):
        raise NotFound() from None


def can_apply(user: Any) -> bool:
    """Outside candidates, and employees with a personnel record."""
    return signed_in(user) and (user.role == Role.CANDIDATE or user.employee_id is not None)


def is_outside_candidate(user: Any) -> bool:
    """An outside candidate (role CANDIDATE): the one who keeps a candidate profile and its documents."""
    return signed_in(user) and user.role == Role.CANDIDATE


def own_applications(user: Any):
    from .models import Application

    if not signed_in(user):
        return Application.objects.none()
    return Application.objects.filter(applicant_id=user.pk)
