"""The import pages: the upload form (with the template and instructions) and the template download.
Progress and the result are on the job page (jenjang.jobs)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from jenjang.core import access
from jenjang.core.errors import InvalidData
from jenjang.core.xlsx import XLSX_CONTENT_TYPE
from jenjang.jobs.selectors import job_list

from .importing.services import JOB_KIND, import_submit
from .importing.spec import SHEETS
from .importing.template import template_bytes


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas (.xlsx atau .csv)"))
    sheet = forms.ChoiceField(
        label=_("Lembar untuk berkas CSV"),
        choices=[(s.name, s.name) for s in SHEETS],
        required=False,
        initial="Pegawai",
        help_text=_("Berkas xlsx membawa nama lembarnya sendiri; pilihan ini hanya untuk CSV."),
    )
    dry_run = forms.BooleanField(label=_("Periksa saja (tidak menyimpan)"), required=False)


def _require_importer(request: HttpRequest) -> None:
    user = request.user
    access.require(access.can_edit_records(user) and user.agency_id is not None)


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    user = request.user
    agency = user.agency  # type: ignore[union-attr]
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_submit(
                actor=user,
                agency=agency,
                content=upload.read(),
                filename=upload.name or "",
                sheet=form.cleaned_data["sheet"] or "",
                dry_run=form.cleaned_data["dry_run"],
            )
        except InvalidData as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            return redirect("jobs:detail", pk=job.pk)
    recent = job_list(user, kind=JOB_KIND, agency_id=agency.pk)[:10]  # type: ignore[union-attr]
    return render(request, "personnel/import/import_start.html", {"form": form, "recent": recent, "sheets": SHEETS})


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    response = HttpResponse(template_bytes(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pegawai.xlsx"'
    return response
