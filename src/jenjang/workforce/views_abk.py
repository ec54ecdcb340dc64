"""ABK pages: per unit, per position (with its tasks), the needs (formasi) summary, import and export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from jenjang.core import access as core_access
from jenjang.core.errors import InvalidData, StaleEdit
from jenjang.core.pagination import CappedPaginator
from jenjang.core.xlsx import XLSX_CONTENT_TYPE, xlsx_response
from jenjang.organization.models import Unit
from jenjang.rules.selectors import parameter_set_for_user

from . import abk
from .access import can_edit_abk, can_view_abk, can_view_matching
from .models import WorkloadTask

PAGE_SIZE = 50


class TaskForm(forms.Form):
    task = forms.CharField(label=_l("Uraian tugas"), max_length=255)
    output_unit = forms.CharField(label=_l("Satuan hasil"), max_length=100)
    volume = forms.DecimalField(label=_l("Volume per tahun"), min_value=0, max_digits=12, decimal_places=2)
    minutes = forms.DecimalField(label=_l("Norma waktu (menit)"), min_value=0, max_digits=10, decimal_places=2)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_l("Berkas ABK (.xlsx)"))


def _lang(request: HttpRequest) -> str:
    from jenjang.domain.text import normalize_language

    return normalize_language(getattr(request, "LANGUAGE_CODE", None))


def _agency_id(request: HttpRequest) -> int:
    user = request.user
    core_access.require(can_view_abk(user) and getattr(user, "agency_id", None) is not None)
    return int(user.agency_id)  # type: ignore[union-attr]


def _year(request: HttpRequest, agency_id: int) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    years = abk.years_with_tasks(agency_id)
    return years[0] if years else timezone.localdate().year


def _years(agency_id: int, year: int) -> list[int]:
    return sorted({*abk.years_with_tasks(agency_id), year, timezone.localdate().year}, reverse=True)


@login_required
def abk_overview(request: HttpRequest) -> HttpResponse:
    agency_id = _agency_id(request)
    year = _year(request, agency_id)
    rows, total = abk.unit_rows(agency_id, year, parameter_set_for_user(request.user), _lang(request))
    return render(
        request,
        "workforce/abk_overview.html",
        {
            "year": year,
            "years": _years(agency_id, year),
            "rows": rows,
            "total": total,
            "can_edit": can_edit_abk(request.user),
            "can_match": can_view_matching(request.user),
        },
    )


@login_required
def abk_unit(request: HttpRequest, pk: int) -> HttpResponse:
    agency_id = _agency_id(request)
    unit = core_access.scoped_get(request.user, Unit.objects.all(), pk)
    year = _year(request, agency_id)
    params = parameter_set_for_user(request.user)
    lang = _lang(request)
    rows = abk.position_rows(agency_id, year, params, lang, unit=unit)
    total = abk.totals(rows, year, params, lang, agency_id)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/abk_unit.html",
        {"unit": unit, "year": year, "years": _years(agency_id, year), "page_obj": page, "total": total},
    )


@login_required
def abk_position(request: HttpRequest, pk: int) -> HttpResponse:
    agency_id = _agency_id(request)
    position = abk.position_for(request.user, pk)
    year = _year(request, agency_id)
    can_edit = can_edit_abk(request.user)
    form = TaskForm(request.POST or None)
    if request.method == "POST":
        core_access.require(can_edit)
        if form.is_valid():
            try:
                abk.task_create(
                    actor=request.user,
                    position=position,
                    year=year,
                    **{k: form.cleaned_data[k] for k in ("task", "output_unit", "volume", "minutes")},
                )
            except InvalidData as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Tugas disimpan."))
                return redirect(f"{reverse('workforce:abk_position', args=[position.pk])}?year={year}")
    params = parameter_set_for_user(request.user)
    tasks = list(WorkloadTask.objects.filter(position=position, year=year).order_by("id"))
    staff = abk.positions_queryset(agency_id).get(pk=position.pk).current_staff
    workload = (
        abk.assess([{"volume": t.volume, "minutes": t.minutes} for t in tasks], staff, year, params, _lang(request))
        if tasks
        else None
    )
    return render(
        request,
        "workforce/abk_position.html",
        {
            "position": position,
            "year": year,
            "years": _years(agency_id, year),
            "tasks": tasks,
            "staff": staff,
            "workload": workload,
            "form": form,
            "can_edit": can_edit,
        },
    )


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _agency_id(request)
    core_access.require(can_edit_abk(request.user))
    row = abk.task_for(request.user, pk)
    initial = {
        "task": row.task,
        "output_unit": row.output_unit,
        "volume": row.volume,
        "minutes": row.minutes,
        "version": row.version,
    }
    form = TaskForm(request.POST or None, initial=initial)
    back = f"{reverse('workforce:abk_position', args=[row.position_id])}?year={row.year}"
    if request.method == "POST" and form.is_valid():
        try:
            abk.task_update(
                actor=request.user,
                row=row,
                version=form.cleaned_data["version"],
                **{k: form.cleaned_data[k] for k in ("task", "output_unit", "volume", "minutes")},
            )
        except (InvalidData, StaleEdit) as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Tugas diperbarui."))
            return redirect(back)
    return render(request, "workforce/task_form.html", {"form": form, "row": row, "back": back})


@require_POST
@login_required
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _agency_id(request)
    core_access.require(can_edit_abk(request.user))
    row = abk.task_for(request.user, pk)
    raw = request.POST.get("version", "")
    try:
        abk.task_delete(actor=request.user, row=row, version=int(raw) if raw.isdigit() else None)
    except StaleEdit as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Tugas dihapus."))
    return redirect(f"{reverse('workforce:abk_position', args=[row.position_id])}?year={row.year}")


def _needs_headers() -> list[str]:
    return [
        _("Unit"),
        _("Jabatan"),
        _("Jenjang"),
        _("Beban kerja (menit)"),
        _("Kebutuhan (desimal)"),
        _("Kebutuhan (orang)"),
        _("Pegawai saat ini"),
        _("Kekurangan (+) / kelebihan (−)"),
        _("EJ"),
        _("Nilai"),
    ]


@login_required
def needs(request: HttpRequest) -> HttpResponse:
    agency_id = _agency_id(request)
    year = _year(request, agency_id)
    params = parameter_set_for_user(request.user)
    lang = _lang(request)
    rows = [r for r in abk.position_rows(agency_id, year, params, lang) if r.workload is not None]
    units, total = abk.unit_rows(agency_id, year, params, lang)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"kebutuhan-formasi-{year}.xlsx",
            [
                (
                    _("Kebutuhan"),
                    _needs_headers(),
                    (
                        [
                            str(r.position.unit or ""),
                            r.position.name,
                            r.position.get_level_display(),
                            r.workload.workload_minutes,
                            r.workload.required_staff,
                            r.workload.need,
                            r.workload.current_staff,
                            r.workload.gap,
                            r.workload.efficiency,
                            r.workload.grade,
                        ]
                        for r in rows
                        if r.workload is not None
                    ),
                )
            ],
        )
    shortage = sum(r.workload.gap for r in rows if r.workload and r.workload.gap > 0)
    surplus = -sum(r.workload.gap for r in rows if r.workload and r.workload.gap < 0)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/needs.html",
        {
            "year": year,
            "years": _years(agency_id, year),
            "page_obj": page,
            "units": [u for u in units if u.workload is not None],
            "total": total,
            "shortage": shortage,
            "surplus": surplus,
            "can_match": can_view_matching(request.user),
        },
    )


@login_required
def abk_import(request: HttpRequest) -> HttpResponse:
    agency_id = _agency_id(request)
    core_access.require(can_edit_abk(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = abk.abk_import(actor=request.user, agency_id=agency_id, content=upload.read())
        except InvalidData as exc:
            form.add_error(None, str(exc.message))
            errors = (exc.details or {}).get("errors", []) if isinstance(exc.details, dict) else []
        else:
            messages.success(
                request,
                _("%(rows)s tugas untuk %(positions)s jabatan tersimpan.")
                % {"rows": result.rows, "positions": result.positions},
            )
            return redirect(f"{reverse('workforce:abk_overview')}?year={result.years[-1]}")
    return render(
        request,
        "workforce/abk_import.html",
        {"form": form, "errors": errors, "year": _year(request, agency_id)},
    )


@login_required
def abk_template(request: HttpRequest) -> HttpResponse:
    agency_id = _agency_id(request)
    core_access.require(can_edit_abk(request.user))
    year = _year(request, agency_id)
    response = HttpResponse(abk.template_bytes(agency_id, year), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="templat-abk-{year}.xlsx"'
    return response


@login_required
def abk_export(request: HttpRequest) -> HttpResponse:
    agency_id = _agency_id(request)
    year = _year(request, agency_id)
    return xlsx_response(f"abk-{year}.xlsx", [(abk.SHEET, list(abk.HEADERS), abk.export_rows(agency_id, year))])
