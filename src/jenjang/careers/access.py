"""Who may do what in careers, built only from jenjang.core.access primitives."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jenjang.accounts.models import Role
from jenjang.core import access

PATTERN_EDITORS = frozenset({Role.ADMIN, Role.PERSONNEL})
WARNING_STAFF = frozenset({Role.ADMIN, Role.PERSONNEL})


def can_edit_pattern(user: Any) -> bool:
    return access.has_role(user, PATTERN_EDITORS)


def can_read_drafts(user: Any) -> bool:
    """Drafts are read by the agency's readers (personnel, leaders, auditors); published patterns by everyone."""
    return access.can_read_agency(user)


def patterns_visible_to(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    from .models import PatternStatus

    scoped = access.agency_scope(user, queryset)
    return scoped if can_read_drafts(user) else scoped.filter(status=PatternStatus.PUBLISHED)


def can_follow_up_warnings(user: Any) -> bool:
    return access.has_role(user, WARNING_STAFF)


def has_own_record(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "employee_id", None))


def is_supervisor_of(user: Any, employee: Any) -> bool:
    """A supervisor (or an agency reader) who may read this employee, and is not the employee."""
    if access.is_own_record(user, employee):
        return False
    if not (access.has_role(user, frozenset({Role.SUPERVISOR})) or access.can_edit_records(user)):
        return False
    return access.can_view_employee(user, employee)


IDP_DECIDERS = frozenset({Role.SUPERVISOR, Role.ADMIN, Role.PERSONNEL})
