from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jenjang.core.pagination import CappedPaginator

from . import services
from .models import Notification


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread"):
        rows = rows.filter(read_at__isnull=True)
    page = CappedPaginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page_obj": page})


@login_required
@require_POST
def read(request: HttpRequest) -> HttpResponse:
    """Mark one (`id`) or all notifications read; `next` opens the notification's link afterwards."""
    raw = request.POST.get("id")
    services.mark_read(request.user, [int(raw)] if raw and raw.isdigit() else None)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")
