"""ABK pages: per unit, per position (with its tasks), the needs (formasi) summary, import and export."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jenjang.core import access as core_access
from jenjang.core.errors import InvalidData, StaleEdit
from jenjang.core.pagination import CappedPaginator
from jenjang.core.xlsx import XLSX_CONTENT_TYPE, xlsx_response
from jenjang.jobs.selectors import job_list
from jenjang.organization.models import Unit
from jenjang.rules.selectors import parameter_set_for_user

from . import abk
from .access import can_edit_abk, can_view_abk, can_view_matching
from .models import WorkloadTask

PAGE_SIZE = 50
PDF_POSITION_LIMIT = 1000  # WeasyPrint takes ~7 s per 1,000 table rows; above this the PDF has the units only


class TaskForm(forms.Form):
    task = forms.CharField(label=gettext_lazy("Uraian tugas"), max_length=255)
    output_unit = forms.CharField(label=gettext_lazy("Satuan hasil"), max_length=100)
    volume = forms.DecimalField(label=gettext_lazy("Volume per tahun"), min_value=0, max_digits=12, decimal_places=2)
    minutes = forms.DecimalField(
        label=gettext_lazy("Norma waktu (menit)"), min_value=0, max_digits=10, decimal_places=2
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Berkas ABK (.xlsx)"))
    dry_run = forms.BooleanField(label=gettext_lazy("Periksa saja (tidak menyimpan)"), required=False)


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
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/abk_overview.html",
        {
            "year": year,
            "years": _years(agency_id, year),
            "page_obj": page,
            "request_key": uuid.uuid4().hex,
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
            "page_obj": CappedPaginator(tasks, PAGE_SIZE).get_page(request.GET.get("page")),
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


def _unit_headers() -> list[str]:
    return [
        _("Unit"),
        _("Jabatan dianalisis"),
        _("Beban kerja (menit)"),
        _("Kebutuhan (desimal)"),
        _("Kebutuhan (orang)"),
        _("Pegawai saat ini"),
        _("Kekurangan (+) / kelebihan (−)"),
        _("EJ"),
        _("Nilai"),
    ]


def _needs_sheets(rows: list[abk.PositionRow], units: list[abk.UnitRow], total: abk.Workload | None) -> list[Any]:
    """Sheet 1: per unit with the agency total as its last row; sheet 2: per position."""

    def unit_line(label: str, analysed: Any, w: abk.Workload) -> list[Any]:
        return [label, analysed, w.workload_minutes, w.required_staff, w.need, w.current_staff, w.gap, w.efficiency,
                w.grade]  # fmt: skip

    unit_lines = [unit_line(str(u.unit or _("Tanpa unit")), u.analysed, u.workload) for u in units if u.workload]
    if total is not None:
        unit_lines.append(unit_line(_("Instansi (total)"), sum(u.analysed for u in units), total))
    position_lines = (
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
    )
    return [(_("Per unit"), _unit_headers(), unit_lines), (_("Per jabatan"), _needs_headers(), position_lines)]


def _needs_pdf(
    request: HttpRequest,
    year: int,
    rows: list[abk.PositionRow],
    units: list[abk.UnitRow],
    total: abk.Workload | None,
    shortage: int,
    surplus: int,
) -> HttpResponse:
    """The printable needs summary (A4 landscape, WeasyPrint imported only here)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    omitted = len(rows) if len(rows) > PDF_POSITION_LIMIT else 0
    html = render_to_string(
        "workforce/pdf/needs.html",
        {
            "year": year,
            "rows": [] if omitted else rows,
            "omitted": omitted,
            "units": units,
            "total": total,
            "shortage": shortage,
            "surplus": surplus,
            "agency": request.user.agency,  # type: ignore[union-attr]
            "printed": timezone.localdate(),
        },
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kebutuhan-formasi-{year}.pdf"'
    return response


@login_required
def needs(request: HttpRequest) -> HttpResponse:
    agency_id = _agency_id(request)
    year = _year(request, agency_id)
    params = parameter_set_for_user(request.user)
    lang = _lang(request)
    rows = [r for r in abk.position_rows(agency_id, year, params, lang) if r.workload is not None]
    units, total = abk.unit_rows(agency_id, year, params, lang)
    units = [u for u in units if u.workload is not None]
    shortage = sum(r.workload.gap for r in rows if r.workload and r.workload.gap > 0)
    surplus = -sum(r.workload.gap for r in rows if r.workload and r.workload.gap < 0)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"kebutuhan-formasi-{year}.xlsx", _needs_sheets(rows, units, total))
    if request.GET.get("format") == "pdf":
        return _needs_pdf(request, year, rows, units, total, shortage, surplus)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/needs.html",
        {
            "year": year,
            "years": _years(agency_id, year),
            "page_obj": page,
            "units": units,
            "total": total,
            "shortage": shortage,
            "surplus": surplus,
            "can_match": can_view_matching(request.user),
        },
    )


@login_required
def abk_import(request: HttpRequest) -> HttpResponse:
    """Upload the ABK xlsx: it is stored and imported by a background job (`workforce.abk_import`) whose page shows
    the progress, then the summary or every row error (nothing is saved when any row is wrong)."""
    agency_id = _agency_id(request)
    core_access.require(can_edit_abk(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = abk.import_submit(
                actor=request.user,
                agency=request.user.agency,  # type: ignore[union-attr]
                content=upload.read(),
                filename=upload.name or "",
                dry_run=form.cleaned_data["dry_run"],
            )
        except InvalidData as exc:
            form.add_error("file" if exc.field == "file" else None, str(exc.message))
        else:
            return redirect("jobs:detail", pk=job.pk)
    recent = job_list(request.user, kind=abk.IMPORT_JOB_KIND, agency_id=agency_id)[:10]
    return render(
        request,
        "workforce/abk_import.html",
        {"form": form, "recent": recent, "year": _year(request, agency_id)},
    )


class CopyForm(forms.Form):
    source_year = forms.IntegerField(label=gettext_lazy("Dari tahun"), min_value=2000, max_value=2100)
    target_year = forms.IntegerField(label=gettext_lazy("Ke tahun"), min_value=2000, max_value=2100)
    request_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


@require_POST
@login_required
def abk_copy(request: HttpRequest) -> HttpResponse:
    """Copy one year's ABK into an empty year (a recorded action); a double submit returns the first copy."""
    agency_id = _agency_id(request)
    core_access.require(can_edit_abk(request.user))
    form = CopyForm(request.POST)
    back = reverse("workforce:abk_overview")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(f"{back}?year={request.POST.get('source_year', '')}")
    data = form.cleaned_data
    try:
        result = abk.abk_copy_forward(
            actor=request.user,
            agency_id=agency_id,
            source_year=data["source_year"],
            target_year=data["target_year"],
            request_key=data["request_key"],
        )
    except InvalidData as exc:
        messages.error(request, str(exc.message))
        return redirect(f"{back}?year={data['source_year']}")
    copy = result.copy
    text = _("ABK %(source)s disalin ke %(target)s: %(tasks)s tugas untuk %(positions)s jabatan.") % {
        "source": copy.source_year,
        "target": copy.target_year,
        "tasks": copy.tasks,
        "positions": copy.positions,
    }
    if copy.skipped_positions:
        text += " " + _("%(n)s jabatan nonaktif dilewati.") % {"n": copy.skipped_positions}
    messages.success(request, text)
    return redirect(f"{back}?year={copy.target_year}")


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
