"""Matching pages: the runs (with the form to start one), a run's explained result and the leaders' decisions."""

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
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jenjang.core import access as core_access
from jenjang.core.errors import InvalidData, StaleEdit
from jenjang.core.pagination import CappedPaginator
from jenjang.domain.text import normalize_language
from jenjang.organization.models import Unit

from . import matching
from .access import can_decide, can_run_matching, can_view_matching
from .models import MatchingRun, RunStatus


class RunForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Judul"), max_length=200)
    as_of = forms.DateField(label=gettext_lazy("Per tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    positions = forms.TypedMultipleChoiceField(label=gettext_lazy("Jabatan lowong"), coerce=int, choices=())
    unit = forms.TypedChoiceField(
        label=gettext_lazy("Calon dari unit"), coerce=int, required=False, empty_value=None, choices=()
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vacant = matching.vacant_positions(agency_id)[:500]
        self.fields["positions"].choices = [
            (p.pk, f"{p.name} — {p.unit or '-'} ({p.active_holders}/{p.formation})") for p in vacant
        ]
        self.fields["unit"].choices = [("", _("Seluruh instansi"))] + [
            (u.pk, u.name) for u in Unit.objects.filter(agency_id=agency_id).order_by("path")[:500]
        ]


def _lang(request: HttpRequest) -> str:
    return normalize_language(getattr(request, "LANGUAGE_CODE", None))


def _reader(request: HttpRequest) -> int:
    user = request.user
    core_access.require(can_view_matching(user) and getattr(user, "agency_id", None) is not None)
    return int(user.agency_id)  # type: ignore[union-attr]


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    agency_id = _reader(request)
    can_run = can_run_matching(request.user)
    form = None
    if can_run:
        form = RunForm(request.POST or None, agency_id=agency_id, initial={"as_of": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                run = matching.run_create(
                    actor=request.user,
                    agency_id=agency_id,
                    title=form.cleaned_data["title"],
                    as_of=form.cleaned_data["as_of"],
                    position_ids=form.cleaned_data["positions"],
                    unit_id=form.cleaned_data["unit"],
                )
            except InvalidData as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                if run.status == RunStatus.PENDING and run.job_id:
                    return redirect("jobs:detail", pk=run.job_id)
                return redirect("workforce:run_detail", pk=run.pk)
    elif request.method == "POST":
        core_access.require(False)
    runs = MatchingRun.objects.filter(agency_id=agency_id).select_related("created_by").order_by("-created_at", "-id")
    page = CappedPaginator(runs, 25).get_page(request.GET.get("page"))
    return render(request, "workforce/run_list.html", {"form": form, "page_obj": page, "can_match": True})


def _localise(vacancy: dict[str, Any], lang: str) -> dict[str, Any]:
    def pick(items: list[dict[str, str]]) -> list[str]:
        return [item.get(lang) or item.get("id", "") for item in items]

    out = dict(vacancy)
    out["level_label"] = vacancy["level_label"].get(lang, vacancy["level"])
    out["blocked"] = [{"count": b["count"], "label": b["label"].get(lang, b["code"])} for b in vacancy["blocked"]]
    out["ranking"] = [
        {
            **row,
            "merit_reasons": pick(row["merit_reasons"]),
            "performance_reasons": pick(row["performance_reasons"]),
            "fit_reasons": pick(row["fit_reasons"]),
            "eligibility_reasons": pick(row["eligibility_reasons"]),
            "is_optimal": row["employee_id"] == vacancy["optimal"],
            "is_greedy": row["employee_id"] == vacancy["greedy"],
        }
        for row in vacancy["ranking"]
    ]
    names = {row["employee_id"]: row["name"] for row in vacancy["ranking"]}
    out["optimal_name"] = names.get(vacancy["optimal"])
    out["greedy_name"] = names.get(vacancy["greedy"])
    return out


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    run = matching.run_get(request.user, pk)
    lang = _lang(request)
    decisions = matching.decisions_by_position(run)
    vacancies = []
    for vacancy in (run.result or {}).get("vacancies", []):
        row = _localise(vacancy, lang)
        row["decision"] = decisions.get(vacancy["position_id"])
        vacancies.append(row)
    page = CappedPaginator(vacancies, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/run_detail.html",
        {
            "run": run,
            "summary": (run.result or {}).get("summary"),
            "page_obj": page,
            "can_decide": can_decide(request.user),
            "departures": [d for d in decisions.values() if d.departs],
            "parameters": (run.inputs or {}).get("parameters", {}),
            "can_match": True,
        },
    )


@require_POST
@login_required
def decision(request: HttpRequest, pk: int, position_id: int) -> HttpResponse:
    _reader(request)
    run = matching.run_get(request.user, pk)
    core_access.require(can_decide(request.user))
    raw = request.POST.get("employee", "")
    version = request.POST.get("version", "")
    try:
        matching.decision_record(
            actor=request.user,
            run=run,
            position_id=position_id,
            employee_id=int(raw) if raw.isdigit() else None,
            reason=request.POST.get("reason", ""),
            version=int(version) if version.isdigit() else None,
        )
    except (InvalidData, StaleEdit) as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Keputusan dicatat."))
    page = request.POST.get("page", "")
    suffix = f"?page={page}" if page.isdigit() else ""
    return redirect(f"{reverse('workforce:run_detail', args=[run.pk])}{suffix}#v{position_id}")
