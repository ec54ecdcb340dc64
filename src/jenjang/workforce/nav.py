"""Main-menu entries: ABK for agency readers; matching for those who may see it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from .access import can_view_abk, can_view_matching


def items(user: Any, flags: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    if can_view_abk(user) and getattr(user, "agency_id", None) is not None:
        out.append((_("Formasi (ABK)"), reverse("workforce:abk_overview")))
    if can_view_matching(user) and getattr(user, "agency_id", None) is not None:
        out.append((_("Penempatan"), reverse("workforce:run_list")))
    return out
