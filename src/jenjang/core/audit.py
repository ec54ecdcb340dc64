"""Writing the audit log. Services call these inside their transaction; nothing else writes AuditLog."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from .models import AuditLog


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # a FieldFile
        return value.name or None
    return value


def field_changes(instance: models.Model, new_values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value differs."""
    changes: dict[str, list[Any]] = {}
    for name, new in new_values.items():
        old = getattr(instance, name)
        old_cmp = old.pk if isinstance(old, models.Model) else old
        new_cmp = new.pk if isinstance(new, models.Model) else new
        if old_cmp != new_cmp:
            changes[name] = [jsonable(old), jsonable(new)]
    return changes


def _agency_id(obj: models.Model | None) -> int | None:
    if obj is None:
        return None
    if obj._meta.label_lower == "organization.agency":
        return obj.pk
    return getattr(obj, "agency_id", None)


def _employee_id(obj: models.Model | None) -> int | None:
    if obj is None:
        return None
    if obj._meta.label_lower == "personnel.employee":
        return obj.pk
    return getattr(obj, "employee_id", None)


def audit_entry(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
    reason: str = "",
    decision: Mapping[str, Any] | None = None,
    agency_id: int | None = None,
    employee_id: int | None = None,
    object_type: str | None = None,
    object_id: Any = None,
    object_repr: str | None = None,
) -> AuditLog:
    """An unsaved AuditLog row (for bulk writes); `audit_record` saves one."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditLog(
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else str(actor or "system"))[:150],
        agency_id=agency_id if agency_id is not None else _agency_id(obj),
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(object_id if object_id is not None else (obj.pk if obj is not None else ""))[:64],
        object_repr=(object_repr if object_repr is not None else str(obj) if obj is not None else "")[:255],
        employee_id=employee_id if employee_id is not None else _employee_id(obj),
        changes=jsonable(dict(changes or {})),
        reason=reason,
        decision=jsonable(dict(decision)) if decision is not None else None,
    )


def audit_record(**kwargs: Any) -> AuditLog:
    entry = audit_entry(**kwargs)
    entry.save(force_insert=True)
    return entry


def audit_bulk(entries: Iterable[AuditLog], batch_size: int = 2000) -> None:
    AuditLog.objects.bulk_create(list(entries), batch_size=batch_size)
