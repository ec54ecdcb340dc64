"""Main-menu entry: the inbox, with the number of unread notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Notification


def flags(user: Any) -> dict[str, Any]:
    unread = (
        Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return {"notifications_unread": Coalesce(Subquery(unread, output_field=IntegerField()), 0)}


def items(user: Any, flags: dict[str, Any]) -> list[tuple[str, str]]:
    unread = flags.get("notifications_unread") or 0
    label = _("Notifikasi (%(n)d)") % {"n": unread} if unread else _("Notifikasi")
    return [(label, reverse("notifications:inbox"))]
