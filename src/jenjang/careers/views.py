"""Due-list pages and exports: parse the request, call the selectors in duelists, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core import access
from jenjang.core.errors import NotFound
from jenjang.core.xlsx import xlsx_response
from jenjang.organization.models import Unit

from . import rules
from .duelists import KINDS, RANK_PROMOTION, DueList, due_lists_get, promotion_periods

PAGE_SIZE = 50
STATUSES = ("overdue", "due", "blocked", "ok", "info")


def _unit_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("unit", "")
    return int(raw) if raw.isdigit() else None


def promotion_period_choice(request: HttpRequest, today: dt.date) -> tuple[list[dt.date], dt.date | None, bool]:
    """(the promotion periods a user may choose, the chosen one or None for the next, whether the input was bad).
    The choice is `periode=YYYY-MM-DD`, one of the next promotion period dates of the user's parameters."""
    params = rules.parameters_for(getattr(request.user, "agency_id", None))
    choices = promotion_periods(today, params)
    raw = request.GET.get("periode", "")
    if not raw:
        return choices, None, False
    try:
        chosen = dt.date.fromisoformat(raw)
    except ValueError:
        return choices, None, True
    return (choices, chosen, False) if chosen in choices else (choices, None, True)


def status_label(status: str) -> str:
    return {
        "due": _("Jatuh tempo"),
        "overdue": _("Terlambat"),
        "blocked": _("Terhambat"),
        "ok": _("Sesuai jadwal"),
        "info": _("Informasi"),
    }.get(status, status)


@login_required
def due_lists(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(access.can_read_agency(user))
    tab = request.GET.get("tab", RANK_PROMOTION)
    if tab not in KINDS:
        tab = RANK_PROMOTION
    unit_id = _unit_id(request)
    status = request.GET.get("status", "")
    today = timezone.localdate()
    periods, period, bad_period = promotion_period_choice(request, today)
    if bad_period:
        messages.error(request, _("Periode kenaikan pangkat tidak dikenal; ditampilkan periode berikutnya."))
    lists = due_lists_get(user, today=today, unit_id=unit_id, period=period)
    current = lists[tab]
    rows = [row for row in current.rows if row.status == status] if status else current.rows
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "lists": lists,
        "current": current,
        "tab": tab,
        "status": status,
        "unit_id": unit_id,
        "periods": periods,
        "period": lists[RANK_PROMOTION].as_of if RANK_PROMOTION in lists else None,
        "page_obj": page,
        "statuses": sorted({row.status for row in current.rows}),
        "units": access.agency_scope(user, Unit.objects.all()).select_related("agency").order_by("agency_id", "path"),
        "national": access.is_national(user) and user.agency_id is None,
        "status_labels": {key: status_label(key) for key in STATUSES},
    }
    template = "careers/partials/due_panel.html" if request.headers.get("HX-Request") else "careers/due_lists.html"
    return render(request, template, context)


def _export_rows(found: DueList) -> Any:
    for row in found.rows:
        yield (
            row.nip,
            row.name,
            row.rank,
            row.unit,
            row.date,
            status_label(row.status),
            "; ".join(row.blocked_labels),
            "\n".join(row.reasons),
            "; ".join(row.legal_basis),
        )


@login_required
def due_list_export(request: HttpRequest, kind: str) -> FileResponse | HttpResponseBadRequest:
    user = request.user
    access.require(access.can_read_agency(user))
    if kind not in KINDS:
        raise NotFound()
    today = timezone.localdate()
    _periods, period, bad_period = promotion_period_choice(request, today)
    if bad_period:
        return HttpResponseBadRequest(
            _("Periode kenaikan pangkat tidak dikenal; pilih salah satu periode yang ditawarkan.")
        )
    found = due_lists_get(user, today=today, unit_id=_unit_id(request), kinds=(kind,), period=period)[kind]
    headers = [
        _("NIP"),
        _("Nama"),
        _("Golongan"),
        _("Unit kerja"),
        _("Tanggal"),
        _("Status"),
        _("Hambatan"),
        _("Alasan"),
        _("Dasar hukum"),
    ]
    filename = f"daftar-{kind.replace('_', '-')}-{found.as_of.isoformat()}.xlsx"
    return xlsx_response(filename, [(found.title, headers, _export_rows(found))])
