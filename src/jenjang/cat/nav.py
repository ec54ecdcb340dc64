"""Main-menu entries of the CAT, filtered by access."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists
from django.urls import reverse
from django.utils.translation import gettext as _

from . import access
from .models import Participant


def flags(user: Any) -> dict[str, Any]:
    return {
        "cat_participant": Exists(Participant.objects.filter(user_id=user.pk)),
        "cat_bank_manager": Exists(access.banks_managed_by(user)),
    }


def items(user: Any, flags: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if flags.get("cat_participant"):
        out.append((_("Ujian saya"), reverse("cat:my_exams")))
    if access.can_read_sessions(user):
        out.append((_("Sesi CAT"), reverse("cat:session_list")))
    if flags.get("cat_bank_manager"):
        out.append((_("Bank soal"), reverse("cat:bank_list")))
    return out
