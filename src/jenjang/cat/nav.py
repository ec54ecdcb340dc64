"""Main-menu entries of the CAT, filtered by access."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from . import access
from .models import Participant


def items(user: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if Participant.objects.filter(user=user).exists():
        out.append((_("Ujian saya"), reverse("cat:my_exams")))
    if access.can_read_sessions(user):
        out.append((_("Sesi CAT"), reverse("cat:session_list")))
    if access.is_bank_manager(user):
        out.append((_("Bank soal"), reverse("cat:bank_list")))
    return out
