"""Career pattern pages: the list, the picture (every employee of the agency once published), the editor."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jenjang.core import access
from jenjang.core.errors import JenjangError
from jenjang.organization.models import Position

from . import access as careers_access
from . import pattern as svc
from .models import EDUCATION_CHOICES, LEVEL_CHOICES, RANK_CHOICES, Direction, MoveType, PatternStatus


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@login_required
def pattern_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    error = ""
    if request.method == "POST":
        try:
            created, _new = svc.pattern_create(
                user,
                name=request.POST.get("name", ""),
                description=request.POST.get("description", ""),
                request_key=request.POST.get("form_key", ""),
            )
        except JenjangError as exc:
            error = str(exc.message)
        else:
            messages.success(request, _("Pola karier dibuat sebagai draf."))
            return redirect("careers:pattern_edit", created.pk)
    patterns = svc.pattern_list(user).order_by("agency_id", "-status", "name")[:200]
    context = {"patterns": patterns, "can_edit": careers_access.can_edit_pattern(user), "error": error,
               "posted": request.POST, "form_key": uuid.uuid4().hex}  # fmt: skip
    return render(request, "careers/pattern_list.html", context, status=400 if error else 200)


@login_required
def pattern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    pattern = svc.pattern_get(user, pk)
    nodes, edges = svc.pattern_detail(pattern)
    current: set[int] = set()
    employee = getattr(user, "employee", None) if getattr(user, "employee_id", None) else None
    if employee is not None and employee.agency_id == pattern.agency_id:
        current = {n.pk for n in svc.current_nodes(nodes, employee)}
    context = _detail_context(pattern, nodes, edges, current)
    context["can_edit"] = careers_access.can_edit_pattern(user) and access.user_may_act_for_agency(
        user, pattern.agency_id
    )
    return render(request, "careers/pattern_detail.html", context)


def _detail_context(pattern: Any, nodes: list[Any], edges: list[Any], current: set[int]) -> dict[str, Any]:
    names = {n.pk: n.label for n in nodes}
    return {
        "pattern": pattern,
        "nodes": nodes,
        "edges": edges,
        "names": names,
        "drawing": svc.draw(nodes, edges, current_ids=current),
        "move_colours": [(key, label, svc.MOVE_COLOURS[key]) for key, label in MoveType.choices],
    }


@login_required
def pattern_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor: every form carries the pattern version it was read at; a stale one is refused, nothing lost
    (the form comes back with what was typed)."""
    user = request.user
    pattern = access.scoped_get(user, svc.CareerPattern.objects.all(), pk)
    access.require(careers_access.can_edit_pattern(user))
    error = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        data = request.POST
        version = _version(request)
        try:
            if action == "node":
                svc.node_save(user, pk, expected_version=version, values={
                    "label": data.get("label", ""), "level": data.get("level", ""), "family": data.get("family", ""),
                    "position_id": int(data["position"]) if data.get("position", "").isdigit() else None})  # fmt: skip
                messages.success(request, _("Simpul disimpan."))
            elif action == "edge":
                svc.edge_save(user, pk, expected_version=version, values=dict(data.items()))
                messages.success(request, _("Perpindahan disimpan."))
            elif action in ("delete_node", "delete_edge"):
                svc.child_delete(user, pk, kind=action[7:], child_id=data.get("id"), expected_version=version)
                messages.success(request, _("Dihapus."))
            elif action == "pattern":
                svc.pattern_update(user, pk, expected_version=version, values={
                    "name": data.get("name", ""), "description": data.get("description", ""),
                    "status": data.get("status", "")})  # fmt: skip
                messages.success(request, _("Pola karier disimpan."))
            else:
                raise JenjangError(_("Tindakan tidak dikenal."))
        except JenjangError as exc:
            if exc.status == 404:
                raise
            error, status = str(exc.message), exc.status
        else:
            return redirect("careers:pattern_edit", pk)
        pattern.refresh_from_db()
    nodes, edges = svc.pattern_detail(pattern)
    context = _detail_context(pattern, nodes, edges, set())
    context.update(
        {
            "error": error,
            "posted": request.POST if error else {},
            "levels": LEVEL_CHOICES,
            "ranks": RANK_CHOICES,
            "educations": EDUCATION_CHOICES,
            "move_types": MoveType.choices,
            "directions": Direction.choices,
            "statuses": PatternStatus.choices,
            "positions": Position.objects.filter(agency_id=pattern.agency_id, is_active=True).order_by("name")[:500],
        }
    )
    return render(request, "careers/pattern_edit.html", context, status=status)
