"""Main-menu entries of careers (the due lists link is in base.html)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from jenjang.accounts.models import Role
from jenjang.core import access

from . import access as careers_access


def items(user: Any, flags: dict[str, Any]) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    entries: list[tuple[str, str]] = []
    if careers_access.has_own_record(user):
        entries.append((_("Karier saya"), reverse("careers:my_career")))
    if user.is_superuser or user.agency_id is not None:
        entries.append((_("Pola karier"), reverse("careers:pattern_list")))
    if access.has_role(user, frozenset({Role.SUPERVISOR})):
        entries.append((_("Usulan IDP"), reverse("careers:idp_pending")))
    if careers_access.can_follow_up_warnings(user):
        entries.append((_("Peringatan dini"), reverse("careers:warning_list")))
    return entries
