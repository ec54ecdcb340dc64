""" "My career" and an employee's career page for supervisors and personnel staff; IDP actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.core import access
from jenjang.core.errors import JenjangError

from . import access as careers_access
from . import idp
from .models import ActionKind
from .mycareer import my_career

EMPLOYEE_RELATED = ("position", "unit", "agency")


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _render(request: HttpRequest, employee: Any, *, own: bool, error: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    view = my_career(employee, today=timezone.localdate())
    context = {
        "view": view,
        "own": own,
        "can_decide": careers_access.is_supervisor_of(user, employee),
        "kinds": ActionKind.choices,
        "error": error,
        "posted": request.POST if error else {},
    }
    return render(request, "careers/my_career.html", context, status=status)


@login_required
def my_career_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(careers_access.has_own_record(user))
    employee = access.employee_get(user, user.employee_id, access.employees_visible_to(user).select_related(
        *EMPLOYEE_RELATED))  # fmt: skip
    error, status = "", 200
    if request.method == "POST":
        try:
            idp.idp_propose(user, title=request.POST.get("title", ""), kind=request.POST.get("kind", ""),
                            target_date=request.POST.get("target_date", ""), hours=request.POST.get("hours"),
                            goal=request.POST.get("goal", ""))  # fmt: skip
        except JenjangError as exc:
            error, status = str(exc.message), exc.status
        else:
            messages.success(request, _("Usulan kegiatan pengembangan dikirim ke atasan."))
            return redirect("careers:my_career")
    return _render(request, employee, own=True, error=error, status=status)


@login_required
def employee_career(request: HttpRequest, pk: int) -> HttpResponse:
    """The same page for a supervisor (their unit) or the agency's readers; another agency's employee is 404."""
    user = request.user
    employee = access.employee_get(user, pk, access.employees_visible_to(user).select_related(*EMPLOYEE_RELATED))
    if access.is_own_record(user, employee):
        return redirect("careers:my_career")
    return _render(request, employee, own=False)


@login_required
@require_POST
def idp_action(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = request.user
    back = request.POST.get("next") or reverse("careers:my_career")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("careers:my_career")
    try:
        if step == "setujui":
            idp.idp_decide(user, pk, agree=True, note=request.POST.get("note", ""), expected_version=_version(request))
        elif step == "kembalikan":
            idp.idp_decide(user, pk, agree=False, note=request.POST.get("note", ""),
                           expected_version=_version(request))  # fmt: skip
        elif step == "selesai":
            idp.idp_complete(user, pk, training_id=request.POST.get("training"), expected_version=_version(request))
        else:
            return HttpResponse(status=404)
    except JenjangError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Rencana pengembangan diperbarui."))
    return redirect(back)


@login_required
def idp_pending(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(access.has_role(user, careers_access.IDP_DECIDERS))
    from jenjang.core.pagination import CappedPaginator

    page = CappedPaginator(idp.idp_pending_for(user), 50).get_page(request.GET.get("page"))
    return render(request, "careers/idp_pending.html", {"page_obj": page})
