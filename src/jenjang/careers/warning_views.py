"""Early-warning follow-up page for personnel staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core import access
from jenjang.core.errors import JenjangError
from jenjang.core.pagination import CappedPaginator

from . import access as careers_access
from .models import FollowUp, WarningKind
from .warnings import warning_follow_up, warnings_for

PAGE_SIZE = 50


@login_required
def warning_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(careers_access.can_follow_up_warnings(user))
    error = ""
    status_code = 200
    if request.method == "POST":
        raw = request.POST.get("version", "")
        try:
            warning_follow_up(user, request.POST.get("id"), status=request.POST.get("status", ""),
                              note=request.POST.get("note", ""),
                              expected_version=int(raw) if raw.isdigit() else None)  # fmt: skip
        except JenjangError as exc:
            if exc.status == 404:
                raise
            error, status_code = str(exc.message), exc.status
        else:
            messages.success(request, _("Tindak lanjut disimpan."))
            return redirect(request.get_full_path())
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    qs = warnings_for(user).filter(due_date__gte=timezone.localdate() - timezone.timedelta(days=30))
    if status in FollowUp.values:
        qs = qs.filter(status=status)
    if kind in WarningKind.values:
        qs = qs.filter(kind=kind)
    qs = qs.select_related("employee", "employee__unit").order_by("due_date", "id")
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "status": status, "kind": kind, "statuses": FollowUp.choices,
               "kinds": WarningKind.choices, "error": error}  # fmt: skip
    return render(request, "careers/warning_list.html", context, status=status_code)
