"""Who may do what in talent management, built only from jenjang.core.access primitives."""

from __future__ import annotations

from typing import Any

from jenjang.core import access


def can_read_talent(user: Any) -> bool:
    """The agency's talent map, pools, key positions and succession plans (ADMIN, PERSONNEL, LEADER, AUDITOR)."""
    return access.can_read_agency(user)


def can_manage_talent(user: Any) -> bool:
    """Dictionary, standards, assessments, talent map runs, key positions, successors (ADMIN, PERSONNEL)."""
    return access.can_edit_records(user)


def can_review(user: Any) -> bool:
    """Record a talent review meeting and its box moves (ADMIN, PERSONNEL: the committee's secretariat)."""
    return access.can_edit_records(user)


def can_see_own_competencies(user: Any) -> bool:
    """An employee sees their own JPM and gaps (and nobody else's, unless they read the agency)."""
    return bool(user is not None and user.is_authenticated and getattr(user, "employee_id", None))


def can_see_employee_competencies(user: Any, employee: Any) -> bool:
    """Another employee's JPM and gaps: agency readers only; anyone their own."""
    return access.is_own_record(user, employee) or (
        can_read_talent(user) and access.employees_visible_to(user).filter(pk=employee.pk).exists()
    )
