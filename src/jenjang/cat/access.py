"""Who may do what in the CAT, built only from jenjang.core.access primitives.

- Bank managers (read and edit items, import/export, blueprints): the agency's ADMIN, or a user named on the
  bank's manager list (a user of the same agency). Nobody else ever sees an item's key or option points.
- The committee (create sessions, enroll, read results and the integrity log): ADMIN and PERSONNEL staff of the
  session's agency; agency readers (LEADER, AUDITOR) may read sessions, results and the integrity log.
- Participants: the enrolled users (employees of any agency or outside candidates) see their own form and score.
- The public: the live scoreboard of a session, no account needed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jenjang.accounts.models import Role
from jenjang.core import access
from jenjang.core.errors import NotFound

from .models import Blueprint, ExamSession, ItemBank

BANK_ADMINS = frozenset({Role.ADMIN})


def banks_managed_by(user: Any) -> QuerySet[ItemBank]:
    """The banks this user manages (agency-scoped: another agency's bank never appears)."""
    qs = access.agency_scope(user, ItemBank.objects.all())
    if access.is_national(user) or access.has_role(user, BANK_ADMINS):
        return qs
    return qs.filter(Q(managers=user)).distinct() if user.is_authenticated else qs.none()


def is_bank_manager(user: Any) -> bool:
    return banks_managed_by(user).exists()


def bank_get(user: Any, pk: Any) -> ItemBank:
    """A bank the user manages, or NotFound (never Forbidden: an ID reveals nothing)."""
    try:
        return banks_managed_by(user).get(pk=pk)
    except (ValueError, TypeError, ItemBank.DoesNotExist):
        raise NotFound() from None


def can_run_sessions(user: Any) -> bool:
    """Create sessions and enroll participants (the agency's committee)."""
    return access.can_edit_records(user)


def can_read_sessions(user: Any) -> bool:
    return access.can_read_agency(user)


def sessions_visible_to(user: Any) -> QuerySet[ExamSession]:
    if not can_read_sessions(user):
        return ExamSession.objects.none()
    return access.agency_scope(user, ExamSession.objects.all())


def session_get(user: Any, pk: Any) -> ExamSession:
    if not can_read_sessions(user):
        raise NotFound()
    return access.scoped_get(user, ExamSession.objects.select_related("blueprint"), pk)


def session_get_to_run(user: Any, pk: Any) -> ExamSession:
    """A session the user may edit and enroll into (the committee of its agency), or NotFound for anyone else."""
    if not can_run_sessions(user):
        raise NotFound()
    return session_get(user, pk)


def blueprints_for_sessions(user: Any) -> QuerySet[Blueprint]:
    """Blueprints the committee may run a session on: those of its agency's banks (items stay hidden)."""
    if not can_run_sessions(user):
        return Blueprint.objects.none()
    return access.agency_scope(user, Blueprint.objects.select_related("bank__agency"), field="bank__agency")


def blueprint_get(user: Any, bank: ItemBank, pk: Any) -> Blueprint:
    """A blueprint of a bank the user manages (`bank` from bank_get), or NotFound."""
    try:
        return Blueprint.objects.get(bank=bank, pk=pk)
    except (ValueError, TypeError, Blueprint.DoesNotExist):
        raise NotFound() from None


def vacancy_for_session(user: Any, pk: Any) -> Any:
    """The selection vacancy (visible to this user) a CAT session is opened for; None when no id is given. Raises
    InvalidData (field "vacancy") for an id the user cannot see, so a form or API client learns which field failed."""
    if not pk:
        return None
    from django.utils.translation import gettext as _

    from jenjang.core.errors import InvalidData
    from jenjang.selection.access import staff_vacancies  # lazy: selection is optional

    try:
        vacancy = staff_vacancies(user).filter(pk=int(pk)).select_related("agency").first()
    except (TypeError, ValueError):
        vacancy = None
    if vacancy is None:
        raise InvalidData(_("Lowongan tidak ditemukan."), field="vacancy")
    return vacancy
