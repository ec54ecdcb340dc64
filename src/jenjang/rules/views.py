"""The rule explorer (/rules/): every rule, one page per rule with its parameters and a form to try it, and one
page per parameter to add a dated value. Any signed-in user may explore; editing is for administrators."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jenjang.core.errors import AccessDenied, InvalidData, NotFound
from jenjang.domain.errors import InvalidInput, UnknownRule
from jenjang.domain.parameters import ParameterSet
from jenjang.domain.registry import Rule, all_rules, get_rule
from jenjang.domain.text import normalize_language
from jenjang.organization.models import Agency

from .forms import ParameterValueForm, example_values, payload_from_post, widgets
from .permissions import parameter_edit_scope
from .selectors import parameter_get, parameter_history, parameter_set_for_user, rule_evaluate, today
from .services import parameter_value_add

# How a scalar parameter's unit reads after its value; structured values (tables, flags) show no unit.
UNIT_LABELS = {
    "years": gettext_lazy("tahun"),
    "months": gettext_lazy("bulan"),
    "minutes": gettext_lazy("menit"),
    "points": gettext_lazy("poin"),
    "percent": "%",
    "JP": "JP",
}


def _lang() -> str:
    return normalize_language(get_language())


def _rule_or_404(name: str) -> Rule:
    try:
        return get_rule(name)
    except UnknownRule:
        raise NotFound() from None


def display(value: Any) -> str:
    """A JSON value for a table cell: scalars as they are, objects and lists as indented JSON."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, indent=2)
    return str(value)


@dataclass(frozen=True)
class ValueRow:
    valid_from: dt.date
    value: str
    structured: bool
    legal_basis: str
    confirmed: bool
    note: str
    source: str
    in_force: bool


@dataclass(frozen=True)
class ParameterView:
    name: str
    description: str
    unit: str
    values: list[ValueRow]


def parameter_view(params: ParameterSet, name: str, on: dt.date, lang: str) -> ParameterView:
    parameter = params.parameters[name]
    try:
        current = parameter.value_at(on)
    except LookupError:
        current = None
    return ParameterView(
        name=name,
        description=parameter.description.render(lang),
        unit=str(UNIT_LABELS.get(parameter.unit, "")),
        values=[
            ValueRow(
                valid_from=v.valid_from,
                value=display(v.value),
                structured=isinstance(v.value, dict | list),
                legal_basis=v.legal_basis,
                confirmed=v.confirmed,
                note=v.note,
                source=v.source,
                in_force=v is current,
            )
            for v in reversed(parameter.values)
        ],
    )


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    lang = _lang()
    rules = [
        {
            "name": rule.name,
            "title": rule.title.render(lang),
            "summary": rule.summary.render(lang),
            "legal_basis": rule.legal_basis,
        }
        for rule in all_rules()
    ]
    return render(request, "rules/rule_list.html", {"rules": rules})


def _evaluation(request: HttpRequest, rule: Rule, lang: str) -> dict[str, Any]:
    """Evaluate the posted form: the form state and either the envelope or the error."""
    envelope = error = None
    try:
        payload = payload_from_post(rule, request.POST)
        envelope = rule_evaluate(
            rule.name, payload, params=parameter_set_for_user(request.user), lang=lang, today=today()
        )
    except InvalidInput as problem:
        error = problem
    form_widgets = widgets(rule, request.POST, lang, error)
    general_error = error.message.render(lang) if error is not None and not any(w.error for w in form_widgets) else ""
    return {
        "widgets": form_widgets,
        "envelope": envelope,
        "general_error": general_error,
        **(_result_context(rule, envelope, lang) if envelope else {}),
    }


def _result_context(rule: Rule, envelope: dict[str, Any], lang: str) -> dict[str, Any]:
    return {
        "result_rows": [
            (key, display(value), isinstance(value, dict | list)) for key, value in envelope["result"].items()
        ],
        "blocked_by": [
            (code, rule.blocked_by_codes[code].render(lang) if code in rule.blocked_by_codes else "")
            for code in envelope.get("blocked_by", [])
        ],
        "envelope_json": json.dumps(envelope, ensure_ascii=False, indent=2),
    }


@login_required
@require_http_methods(["GET", "POST"])
def rule_detail(request: HttpRequest, name: str) -> HttpResponse:
    rule = _rule_or_404(name)
    lang = _lang()
    params = parameter_set_for_user(request.user)
    on = today()
    if request.method == "POST":
        evaluation = _evaluation(request, rule, lang)
    else:
        evaluation = {"widgets": widgets(rule, example_values(rule), lang)}
    context = {
        "rule": rule,
        "title": rule.title.render(lang),
        "summary": rule.summary.render(lang),
        "parameters": [parameter_view(params, p, on, lang) for p in rule.parameters],
        "blocked_by_codes": [(code, label.render(lang)) for code, label in rule.blocked_by_codes.items()],
        "today": on,
        **evaluation,
    }
    return render(request, "rules/rule_detail.html", context)


@login_required
@require_POST
def rule_evaluate_view(request: HttpRequest, name: str) -> HttpResponse:
    """The htmx target of the explorer form: the form again (with any error) and the result."""
    rule = _rule_or_404(name)
    if not request.headers.get("HX-Request"):
        return rule_detail(request, name)
    context = {"rule": rule, **_evaluation(request, rule, _lang())}
    return render(request, "rules/partials/evaluator.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def parameter_detail(request: HttpRequest, name: str) -> HttpResponse:
    used = parameter_get(name)
    if used is None:
        raise NotFound()
    lang = _lang()
    user: Any = request.user
    scope = parameter_edit_scope(user)
    params = parameter_set_for_user(user)
    if request.method == "POST":
        if scope is None:
            raise AccessDenied()
        form = ParameterValueForm(request.POST)
        if form.is_valid():
            agency = Agency.objects.get(pk=scope[1]) if scope[1] is not None else None
            try:
                parameter_value_add(actor=user, agency=agency, name=name, **form.cleaned_data)
            except InvalidData as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
            else:
                messages.success(request, _("Nilai parameter baru disimpan."))
                return redirect("rules:parameter_detail", name=name)
    else:
        try:
            current = params.get(name, today())
        except LookupError:
            current = params.parameters[name].values[-1].value
        form = ParameterValueForm(initial={"value": json.dumps(current, ensure_ascii=False, indent=2)})
    context = {
        "parameter": parameter_view(params, name, today(), lang),
        "rules": [(r.name, r.title.render(lang)) for r in used.rules],
        "history": [
            (row, display(row.value), isinstance(row.value, dict | list))
            for row in parameter_history(name, user.agency_id)
        ],
        "scope": scope[0] if scope else None,
        "form": form if scope else None,
    }
    return render(request, "rules/parameter_detail.html", context)
