"""Main-menu entries of the open selection, filtered by access."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists
from django.urls import reverse
from django.utils.translation import gettext as _

from jenjang.core import access as core_access

from . import access
from .models import CommitteeMember


def flags(user: Any) -> dict[str, Any]:
    return {"selection_committee": Exists(CommitteeMember.objects.filter(user_id=user.pk))}


def items(user: Any, flags: dict[str, Any]) -> list[tuple[str, str]]:
    out = [(_("Lowongan"), reverse("selection:board"))]
    if access.can_apply(user):
        out.append((_("Lamaran saya"), reverse("selection:my_applications")))
    if core_access.can_read_agency(user) or flags.get("selection_committee"):
        out.append((_("Seleksi"), reverse("selection:staff_list")))
    return out
