"""Self-service corrections: the employee's proposal form, personnel staff's queue and decision page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jenjang.core import access
from jenjang.core.errors import InvalidData, NotFound

from . import corrections, selectors
from .forms import CorrectionDecisionForm, CorrectionProposeForm
from .models import CorrectionStatus


@login_required
def correction_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """An employee proposes a correction to their own record (anyone else: not found)."""
    employee = access.employee_get(request.user, pk)
    if not access.can_propose_correction(request.user, employee):
        raise NotFound()
    if request.method == "POST":
        form = CorrectionProposeForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                corrections.correction_propose(
                    actor=request.user,
                    employee=employee,
                    field=form.cleaned_data["field"],
                    proposed_value=form.cleaned_data["proposed_value"],
                    reason=form.cleaned_data["reason"],
                    upload=form.cleaned_data.get("document"),
                    doc_type=form.cleaned_data["doc_type"],
                )
            except InvalidData as error:
                target = error.field if error.field in form.fields else None
                form.add_error(target, str(error.message))
            else:
                messages.success(request, _("Usulan koreksi dikirim dan menunggu verifikasi staf kepegawaian."))
                return redirect(reverse("personnel:employee_detail", kwargs={"pk": employee.pk}) + "#koreksi")
    else:
        form = CorrectionProposeForm(initial={"field": request.GET.get("field", "name")})
    current = [
        (label, employee.get_gender_display() if name == "gender" else getattr(employee, name))
        for name, label in corrections.CORRECTABLE_FIELDS.items()
    ]
    return render(request, "personnel/correction_form.html", {"employee": employee, "form": form, "current": current})


@login_required
def correction_list(request: HttpRequest) -> HttpResponse:
    """Personnel staff's queue: pending first, paginated."""
    access.require(access.can_edit_records(request.user))
    status = request.GET.get("status", "")
    if status not in CorrectionStatus.values:
        status = ""
    rows = selectors.correction_list(request.user, status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "personnel/correction_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": CorrectionStatus.choices,
            "labels": corrections.CORRECTABLE_FIELDS,
        },
    )


@login_required
def correction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request; staff apply it or reject it with a reason. A decided request cannot be decided again."""
    row = selectors.correction_get(request.user, pk)
    may_decide = access.can_edit_records(request.user) and access.user_may_act_for_agency(
        request.user, row.employee.agency_id
    )
    form = CorrectionDecisionForm()
    if request.method == "POST":
        access.require(may_decide)
        form = CorrectionDecisionForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "apply":
                    corrections.correction_apply(actor=request.user, request=row, reason=form.cleaned_data["reason"])
                    messages.success(request, _("Koreksi diterapkan pada data pegawai."))
                else:
                    corrections.correction_reject(actor=request.user, request=row, reason=form.cleaned_data["reason"])
                    messages.success(request, _("Usulan koreksi ditolak."))
            except InvalidData as error:
                form.add_error("reason" if error.field == "reason" else None, str(error.message))
            else:
                return redirect("personnel:correction_list")
    return render(
        request,
        "personnel/correction_detail.html",
        {
            "row": row,
            "form": form,
            "may_decide": may_decide and row.status == CorrectionStatus.PENDING,
            "label": corrections.CORRECTABLE_FIELDS.get(row.field, row.field),
        },
    )
