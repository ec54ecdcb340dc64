"""Reads shared by several apps."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from . import access
from .models import AuditLog


def audit_log_list(
    user: Any, *, employee_id: int | None = None, action: str = "", actor: str = ""
) -> QuerySet[AuditLog]:
    """Audit rows the user may read: the whole agency log for auditors, personnel staff and administrators;
    an employee's own page shows that employee's rows to whoever may read the employee."""
    qs = access.agency_scope(user, AuditLog.objects.all())
    if employee_id is not None:
        qs = qs.filter(employee_id=employee_id)
    elif not access.can_read_audit(user):
        return qs.none()
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    return qs.order_by("-at", "-id")
