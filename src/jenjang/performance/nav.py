"""Main-menu entries: "Kinerja" (my SKP) for anyone with an employee record or who manages periods, and
"Kalibrasi" for those who calibrate."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from jenjang.core import access as core_access

from . import access


def items(user: Any, flags: dict[str, Any]) -> list[tuple[str, str]]:
    if not core_access.has_role(user, frozenset({"ADMIN", "PERSONNEL", "LEADER", "SUPERVISOR", "EMPLOYEE", "AUDITOR"})):
        return []
    entries = []
    if user.employee_id or access.can_read_all(user):
        entries.append((_("Kinerja"), reverse("performance:my_skp")))
    if access.can_calibrate(user, user.agency_id) or access.can_read_all(user):
        entries.append((_("Kalibrasi"), reverse("performance:periods")))
    return entries
