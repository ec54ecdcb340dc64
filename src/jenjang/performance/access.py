"""Who may do what with SKPs, built only from jenjang.core.access.

- The employee owns their SKP: drafts it, submits it, adds evidence, gives feedback, appeals.
- The rater is the SKP's supervisor (the head found in the unit tree when the SKP was drafted) or an appointed
  substitute: only they approve, return, rate and record check-ins.
- Agency readers (admin, personnel staff, leaders, auditors) read every SKP of their agency; a SUPERVISOR-role user
  reads the SKPs of the employees `core.access.employees_visible_to` gives them; the superior who decides an appeal
  reads that SKP. Anyone else — a peer, another unit, another agency — gets "not found".
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jenjang.accounts.models import Role
from jenjang.core import access
from jenjang.core.errors import NotFound

PERIOD_MANAGERS = frozenset({Role.ADMIN, Role.PERSONNEL})
CALIBRATORS = frozenset({Role.ADMIN, Role.PERSONNEL, Role.LEADER})


def can_manage_periods(user: Any, agency_id: int | None) -> bool:
    return access.has_role(user, PERIOD_MANAGERS) and access.user_may_act_for_agency(user, agency_id)


def can_calibrate(user: Any, agency_id: int | None) -> bool:
    return access.has_role(user, CALIBRATORS) and access.user_may_act_for_agency(user, agency_id)


def can_read_all(user: Any) -> bool:
    return access.can_read_agency(user)


def can_appoint_substitute(user: Any, agency_id: int | None) -> bool:
    return can_manage_periods(user, agency_id)


def is_owner(user: Any, skp: Any) -> bool:
    return access.is_own_record(user, skp.employee) if skp.employee_id else False


def is_rater(user: Any, skp: Any) -> bool:
    """The ratee's supervisor or the appointed substitute, of the same agency."""
    employee_id = getattr(user, "employee_id", None)
    return bool(
        employee_id
        and access.user_may_act_for_agency(user, skp.agency_id)
        and employee_id in (skp.supervisor_id, skp.substitute_id)
        and employee_id != skp.employee_id
    )


def is_appeal_decider(user: Any, appeal: Any) -> bool:
    employee_id = getattr(user, "employee_id", None)
    return bool(
        employee_id and appeal.decider_id == employee_id and access.user_may_act_for_agency(user, appeal.skp.agency_id)
    )


def skps_visible_to(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The SKPs this user may read."""
    qs = access.agency_scope(user, queryset)
    if access.is_national(user) or can_read_all(user):
        return qs
    me = getattr(user, "employee_id", None)
    if not me:
        return qs.none()
    mine = Q(employee_id=me) | Q(supervisor_id=me) | Q(substitute_id=me) | Q(appeal__decider_id=me)
    if user.role == Role.SUPERVISOR:
        visible = access.employees_visible_to(user).values("pk")
        mine |= Q(employee_id__in=visible)
    return qs.filter(mine)


def team_of(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The SKPs the user rates (as supervisor or substitute)."""
    me = getattr(user, "employee_id", None)
    if not me:
        return queryset.none()
    return access.agency_scope(user, queryset).filter(Q(supervisor_id=me) | Q(substitute_id=me)).exclude(employee_id=me)


def skp_get(user: Any, pk: Any, queryset: QuerySet[Any]) -> Any:
    try:
        return skps_visible_to(user, queryset).distinct().get(pk=pk)
    except (ValueError, TypeError, queryset.model.DoesNotExist):
        raise NotFound() from None


def can_see_rating(user: Any, skp: Any) -> bool:
    """Every reader of the SKP sees its rating: the employee, the rater, readers of the agency."""
    return True
