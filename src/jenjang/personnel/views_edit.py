"""Editing an employee (optimistic locking), adding and deleting history rows, uploading and downloading
documents. Personnel staff and administrators of the employee's agency only (checked by the services and by
`jenjang.core.access`); anyone else gets "not found" for records outside their scope."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.core import access
from jenjang.core.errors import InvalidData, StaleEdit

from . import selectors, services
from .forms import (
    HISTORY_FORM_FIELDS,
    HISTORY_TITLES,
    DocumentUploadForm,
    EmployeeEditForm,
    ReasonForm,
    history_form_class,
)
from .models import Employee

SEEN_NONCES = "personnel_history_nonces"


def _editable_employee(user: Any, pk: Any) -> Employee:
    """An employee the user may read and edit; NotFound outside their scope, AccessDenied for readers."""
    employee = access.employee_get(user, pk, Employee.objects.select_related("agency", "unit", "position"))
    access.require(access.can_edit_records(user) and access.user_may_act_for_agency(user, employee.agency_id))
    return employee


def _add_service_error(form: Any, error: InvalidData) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


@login_required
def employee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _editable_employee(request.user, pk)
    if request.method == "POST":
        form = EmployeeEditForm(request.POST, instance=employee)
        if form.is_valid():
            try:
                services.employee_update(
                    actor=request.user,
                    employee=employee,
                    data=form.changed_values(),
                    expected_version=form.cleaned_data["version"],
                    reason=request.POST.get("reason", "").strip(),
                )
            except StaleEdit as error:
                form.add_error(None, str(error.message))
            except InvalidData as error:
                _add_service_error(form, error)
            else:
                messages.success(request, _("Data pegawai disimpan."))
                return redirect("personnel:employee_detail", pk=employee.pk)
    else:
        form = EmployeeEditForm(instance=employee)
    return render(request, "personnel/employee_edit.html", {"employee": employee, "form": form})


def _history_kind(kind: str) -> str:
    if kind not in HISTORY_FORM_FIELDS:
        raise Http404
    return kind


@login_required
def history_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add a history row. A hidden nonce makes a repeated submit of the same form add the row once."""
    kind = _history_kind(kind)
    employee = _editable_employee(request.user, pk)
    form_class = history_form_class(kind)
    back = reverse("personnel:employee_detail", kwargs={"pk": employee.pk}) + f"#riwayat-{kind}"
    if request.method == "POST":
        form = form_class(request.POST, agency_id=employee.agency_id)
        nonce = request.POST.get("nonce", "")
        seen = request.session.get(SEEN_NONCES, [])
        if nonce and nonce in seen:
            messages.info(request, _("Data ini sudah tersimpan."))
            return redirect(back)
        if form.is_valid():
            try:
                services.history_add(actor=request.user, employee=employee, kind=kind, data=form.values())
            except InvalidData as error:
                _add_service_error(form, error)
            except ValidationError as error:  # the row's own model validation (full_clean)
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                if nonce:
                    request.session[SEEN_NONCES] = [*seen[-49:], nonce]
                messages.success(request, _("Riwayat ditambahkan."))
                return redirect(back)
    else:
        form = form_class(agency_id=employee.agency_id, initial={"nonce": uuid.uuid4().hex})
    return render(
        request,
        "personnel/history_form.html",
        {"employee": employee, "form": form, "kind": kind, "title": HISTORY_TITLES[kind], "back": back},
    )


@login_required
def history_delete(request: HttpRequest, pk: int, kind: str, row_id: int) -> HttpResponse:
    kind = _history_kind(kind)
    employee = _editable_employee(request.user, pk)
    model = services.HISTORY_MODELS[kind]
    row = model._default_manager.filter(employee=employee, pk=row_id).first()
    if row is None:
        raise Http404
    back = reverse("personnel:employee_detail", kwargs={"pk": employee.pk}) + f"#riwayat-{kind}"
    if request.method == "POST":
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.history_delete(actor=request.user, row=row, reason=form.cleaned_data["reason"])
            except InvalidData as error:
                _add_service_error(form, error)
            else:
                messages.success(request, _("Riwayat dihapus."))
                return redirect(back)
    else:
        form = ReasonForm()
    return render(
        request,
        "personnel/history_delete.html",
        {"employee": employee, "row": row, "form": form, "title": HISTORY_TITLES[kind], "back": back},
    )


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _editable_employee(request.user, pk)
    form = DocumentUploadForm(request.POST, request.FILES)
    back = reverse("personnel:employee_detail", kwargs={"pk": employee.pk}) + "#dokumen"
    if form.is_valid():
        try:
            services.document_upload(
                actor=request.user,
                employee=employee,
                upload=form.cleaned_data["file"],
                doc_type=form.cleaned_data["doc_type"],
                title=form.cleaned_data["title"],
            )
        except InvalidData as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Dokumen diunggah."))
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, problem)
    return redirect(back)


@login_required
def document_download(request: HttpRequest, pk: int, doc_id: int) -> FileResponse:
    """Serve a document to whoever may read the employee; the storage path is never exposed."""
    document = selectors.document_get(request.user, pk, doc_id)
    extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(document.content_type, "")
    name = (
        document.original_name
        if document.original_name.lower().endswith(extension)
        else f"dokumen-{document.pk}{extension}"
    )
    response = FileResponse(
        document.file.open("rb"), content_type=document.content_type, as_attachment=True, filename=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
