from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jenjang.personnel.models import ACTIVE_STATUSES

from . import access
from .selectors import audit_log_list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can_read_agency(user) and user.role != "SUPERVISOR":
        if user.employee_id:
            return redirect("personnel:employee_detail", pk=user.employee_id)
        return render(request, "core/home.html", {"counts": None})
    visible = access.employees_visible_to(user).filter(status__in=ACTIVE_STATUSES)
    by_type = dict(visible.values_list("employment_type").annotate(n=Count("id")).order_by())
    return render(
        request,
        "core/home.html",
        {"counts": {"total": sum(by_type.values()), **by_type}},
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    access.require(access.can_read_audit(request.user))
    rows = audit_log_list(
        request.user, action=request.GET.get("action", "").strip(), actor=request.GET.get("actor", "").strip()
    ).select_related("agency")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page_obj": page})
