"""Navigation for the base template: which menu entries the signed-in user may see."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from . import access
from .hooks import app_modules


def _nav_flags(user: Any) -> dict[str, Any]:
    """Evaluate every app's menu flags (EXISTS / COUNT subqueries) in one query, whatever the number of apps."""
    expressions: dict[str, Any] = {}
    for module in app_modules("nav"):
        if hasattr(module, "flags"):
            expressions.update(module.flags(user))
    if not expressions:
        return {}
    row = get_user_model().objects.filter(pk=user.pk).annotate(**expressions).values(*expressions).first()
    return row or dict.fromkeys(expressions)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    flags = _nav_flags(user)
    return {
        "nav": {
            "agency_reader": access.can_read_agency(user),
            "editor": access.can_edit_records(user),
            "audit": access.can_read_audit(user),
            "admin": access.can_administer(user),
            "own_employee_id": user.employee_id,
            "supervisor": user.role == "SUPERVISOR",
            "extra": [item for module in app_modules("nav") for item in module.items(user, flags)],
        }
    }
