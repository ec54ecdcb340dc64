"""Main-menu entry: the inbox, with the number of unread notifications."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from .services import unread_count


def items(user: Any) -> list[tuple[str, str]]:
    unread = unread_count(user)
    label = _("Notifikasi (%(n)d)") % {"n": unread} if unread else _("Notifikasi")
    return [(label, reverse("notifications:inbox"))]
