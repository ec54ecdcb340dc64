"""Reads for the organisation pages: the unit tree with head counts, and positions."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from jenjang.core import access
from jenjang.personnel.models import ACTIVE_STATUSES, Employee

from .models import Position, Unit


def unit_tree(user: Any, agency_id: int | None = None) -> list[dict[str, Any]]:
    """Every unit of the user's agency in tree order with its direct and subtree head counts (two queries)."""
    units = list(
        access.agency_scope(user, Unit.objects.all())
        .filter(**({"agency_id": agency_id} if agency_id else {}))
        .select_related("agency")
        .order_by("agency_id", "path")
    )
    direct = dict(
        access.agency_scope(user, Employee.objects.all())
        .filter(status__in=ACTIVE_STATUSES, unit__isnull=False)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    subtree: dict[int, int] = {u.pk: 0 for u in units}
    for unit in units:
        count = direct.get(unit.pk, 0)
        # Add this unit's own staff to itself and every ancestor (ids are in its path).
        for ancestor in unit.path.strip("/").split("/"):
            if ancestor and int(ancestor) in subtree:
                subtree[int(ancestor)] += count
    return [{"unit": u, "direct": direct.get(u.pk, 0), "total": subtree[u.pk]} for u in units]


def position_list(user: Any, *, unit_id: int | None = None, level: str = "") -> QuerySet[Position]:
    qs = access.agency_scope(user, Position.objects.all()).select_related("unit", "agency")
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if level:
        qs = qs.filter(level=level)
    return qs.annotate(holders_count=Count("holders", filter=Q(holders__status__in=ACTIVE_STATUSES))).order_by(
        "unit__path", "name", "id"
    )
