"""Employee list (with xlsx export) and the profile with its career timeline. Views parse, call a selector or
service, render; access is decided in jenjang.core.access."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from jenjang.careers.outlook import employee_outlook
from jenjang.core import access
from jenjang.core.selectors import audit_log_list
from jenjang.core.xlsx import xlsx_response
from jenjang.domain.vocab import RANK_PANGKAT

from . import selectors
from .corrections import CORRECTABLE_FIELDS
from .forms import HISTORY_TITLES, DocumentUploadForm, EmployeeFilterForm
from .models import CorrectionStatus, EmployeeStatus, EmploymentType

PAGE_SIZE = 50


def _may_list(user: Any) -> bool:
    return access.can_read_agency(user) or user.role == "SUPERVISOR"


@login_required
def employee_list(request: HttpRequest) -> HttpResponse:
    """The scoped list: search, filters, sorting and a page that never counts past 10,000 rows."""
    user = request.user
    access.require(_may_list(user))
    form = EmployeeFilterForm(request.GET or None, user=user)
    filters = form.filters() if form.is_bound else selectors.EmployeeFilters()
    if selectors.is_name_search(filters):
        # One pass over at most NAME_MATCH_CAP + 1 matches gives the count and the order; the page loads 50 rows.
        matches = selectors.name_search(user, filters)
        paginator = selectors.CappedPaginator(matches, PAGE_SIZE)
        paginator.cap = selectors.NAME_MATCH_CAP
        sort, sort_refused = matches.sort, False
    else:
        rows = selectors.employee_list(user, filters)
        paginator = selectors.CappedPaginator(rows.only(*selectors.LIST_FIELDS), PAGE_SIZE)
        sort = selectors.applied_sort(rows)
        sort_refused = filters.sort in selectors.UNINDEXED_SORTS and sort != filters.sort
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    context = {
        "form": form,
        "page_obj": page,
        "rows": _list_rows(page.object_list),
        "paginator": paginator,
        "sort": sort,
        "sort_refused": sort_refused,
        "unindexed_sort_limit": selectors.UNINDEXED_SORT_LIMIT,
        "name_search": selectors.is_name_search(filters),
        "can_edit": access.can_edit_records(user),
    }
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render(request, "personnel/partials/employee_table.html", context)
    context["selects"] = _filter_selects(form)
    return render(request, "personnel/employee_list.html", context)


_PK_SLOT = 918_273_645  # a stand-in id: the detail URL is reversed once per page, not once per row
_ROW = (
    '<tr><td><code>{}</code></td><td><a href="{}{}{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
    "<td>{}</td><td>{}</td></tr>"
)


def _list_rows(employees: list[Any]) -> list[SafeString]:
    """The list's rows as escaped HTML, one `format_html` each: the page prints them with one lookup per row
    instead of nine lookups, a `{% url %}`, filters and labels per row (50 rows cost ~10 ms more than 3)."""
    prefix, suffix = reverse("personnel:employee_detail", args=[_PK_SLOT]).split(str(_PK_SLOT))
    types = {value: str(label) for value, label in EmploymentType.choices}
    statuses = {value: str(label) for value, label in EmployeeStatus.choices}
    return [
        format_html(
            _ROW,
            e.nip,
            prefix,
            e.pk,
            suffix,
            e.full_name,
            e.rank_label or "—",
            date_format(e.rank_since, "SHORT_DATE_FORMAT") if e.rank_since else "—",
            e.position.name if e.position and e.position.name else "—",
            e.unit.name if e.unit and e.unit.name else "—",
            types.get(e.employment_type, e.employment_type),
            statuses.get(e.status, e.status),
        )
        for e in employees
    ]


def _filter_selects(form: EmployeeFilterForm) -> list[dict[str, Any]]:
    """The filter form's selects with their options as escaped HTML, so the page prints each select with a few
    lookups instead of two widget templates per option (the unit filter alone has up to 60 options)."""
    selects = []
    for name in ("unit", "rank", "level", "employment_type", "status"):
        field = form[name]
        chosen = set(field.field.widget.format_value(field.value()))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if str(value) in chosen else "", label)
                for value, label in field.field.choices
            ),
        )
        selects.append({"name": name, "id": field.id_for_label, "label": field.label, "options": options})
    return selects


@login_required
def employee_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as xlsx, streamed (same scoping and filters as the page)."""
    user = request.user
    access.require(_may_list(user))
    form = EmployeeFilterForm(request.GET or None, user=user)
    filters = form.filters() if form.is_bound else selectors.EmployeeFilters()
    rows = selectors.employee_list(user, filters)
    stamp = timezone.localdate().isoformat()
    return xlsx_response(
        f"pegawai-{stamp}.xlsx",
        [(_("Pegawai"), selectors.export_headers(), selectors.employee_export_rows(rows))],
    )


@login_required
def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The profile: identity, current rank and position, every history, documents, corrections, audit history
    and the career timeline (past from the histories, future from the rules)."""
    user = request.user
    employee = selectors.employee_profile_get(user, pk)
    today = timezone.localdate()
    outlook = employee_outlook(employee, today=today)
    timeline = selectors.employee_timeline(employee, today=today, outlook=outlook)
    audit_rows = audit_log_list(user, employee_id=employee.pk)[:50]
    training_years = selectors.training_hours_by_year(employee)
    can_edit = access.can_edit_records(user) and access.user_may_act_for_agency(user, employee.agency_id)
    own = access.is_own_record(user, employee)
    corrections = list(employee.corrections.all())  # type: ignore[attr-defined]
    for correction in corrections:
        correction.label = CORRECTABLE_FIELDS.get(correction.field, correction.field)
    return render(
        request,
        "personnel/employee_detail.html",
        {
            "employee": employee,
            "today": today,
            "timeline_past": [entry for entry in timeline if not entry.future],
            "timeline_future": [entry for entry in timeline if entry.future],
            "outlook": outlook,
            "audit_rows": audit_rows,
            "training_years": training_years,
            "training_total": sum(hours for _year, hours in training_years),
            "can_edit": can_edit,
            "own": own,
            "corrections": corrections,
            "pending_corrections": [c for c in corrections if c.status == CorrectionStatus.PENDING],
            "document_form": DocumentUploadForm() if can_edit else None,
            "history_titles": HISTORY_TITLES,
            "pangkat": RANK_PANGKAT.get(employee.rank_label, ""),
        },
    )
