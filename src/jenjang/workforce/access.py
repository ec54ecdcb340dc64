"""Who may do what in workforce planning, built only from jenjang.core.access primitives."""

from __future__ import annotations

from typing import Any

from jenjang.accounts.models import Role
from jenjang.core import access

ABK_READERS = access.AGENCY_READERS
MATCHING_READERS = frozenset({Role.ADMIN, Role.PERSONNEL, Role.LEADER, Role.AUDITOR})
MATCHING_RUNNERS = frozenset({Role.ADMIN, Role.PERSONNEL, Role.LEADER})
DECIDERS = frozenset({Role.ADMIN, Role.LEADER})


def can_view_abk(user: Any) -> bool:
    return access.can_read_agency(user)


def can_edit_abk(user: Any) -> bool:
    return access.can_edit_records(user) and access.user_may_act_for_agency(user, getattr(user, "agency_id", None))


def can_view_matching(user: Any) -> bool:
    """Personnel staff, leaders, administrators and the merit auditor; never an employee or a supervisor."""
    return access.has_role(user, MATCHING_READERS)


def can_run_matching(user: Any) -> bool:
    return access.has_role(user, MATCHING_RUNNERS) and getattr(user, "agency_id", None) is not None


def can_decide(user: Any) -> bool:
    return access.has_role(user, DECIDERS) and getattr(user, "agency_id", None) is not None
