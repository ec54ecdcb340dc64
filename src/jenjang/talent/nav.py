"""Main-menu entries of the talent app, filtered by access."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from . import access


def items(user: Any, flags: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if access.can_read_talent(user):
        out.append((_("Talenta"), reverse("talent:map")))
    if access.can_see_own_competencies(user):
        out.append((_("Kompetensi saya"), reverse("talent:mine")))
    return out
