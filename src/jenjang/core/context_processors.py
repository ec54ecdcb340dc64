"""Navigation for the base template: which menu entries the signed-in user may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import access
from .hooks import app_modules


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "agency_reader": access.can_read_agency(user),
            "editor": access.can_edit_records(user),
            "audit": access.can_read_audit(user),
            "admin": access.can_administer(user),
            "own_employee_id": user.employee_id,
            "supervisor": user.role == "SUPERVISOR",
            "extra": [item for module in app_modules("nav") for item in module.items(user)],
        }
    }
