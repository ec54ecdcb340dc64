"""The rule explorer's form, generated from a rule's input Schema, and the parameter form.

The explorer form is plain data for the template (one widget per schema field) and a parser that turns the
posted strings back into the input JSON the CLI and the API take, so all three surfaces evaluate the same payload.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jenjang.domain.errors import InvalidInput
from jenjang.domain.registry import Rule
from jenjang.domain.schema import Field
from jenjang.domain.text import Text, t

AS_OF = Field(
    "as_of",
    "date",
    t("Per tanggal (kosong: hari ini)", "As of (empty: today)"),
    required=False,
)
JSON_KINDS = ("mapping", "list")


@dataclass(frozen=True)
class Widget:
    """One input of the explorer form."""

    name: str
    kind: str
    label: str
    required: bool
    value: Any  # the string (or bool) shown in the input
    choices: tuple[str, ...] = ()
    help: str = ""
    error: str = ""
    placeholder: str = ""
    step: str = ""


def _shown(f: Field, value: Any) -> Any:
    if value is None:
        return False if f.kind == "boolean" else ""
    if f.kind == "boolean":
        return bool(value)
    if f.kind in JSON_KINDS:
        return json.dumps(value, ensure_ascii=False, indent=2)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _placeholder(f: Field, lang: str) -> str:
    if f.kind in JSON_KINDS:
        if f.kind == "mapping":
            key = f.key_choices[0] if f.key_choices else ("2024" if f.key_kind == "year" else "key")
            item = f.item.choices[0] if f.item is not None and f.item.choices else "…"
            return json.dumps({key: item}, ensure_ascii=False)
        return json.dumps([{sub.name: "…" for sub in f.fields}], ensure_ascii=False)
    if f.kind == "date":
        return "YYYY-MM-DD"
    return ""


def explorer_fields(rule: Rule) -> tuple[Field, ...]:
    names = {f.name for f in rule.schema.fields}
    return (*rule.schema.fields, *(() if "as_of" in names else (AS_OF,)))


def example_values(rule: Rule) -> dict[str, Any]:
    """The first example of the rule (or each field's own example) as the form's starting values."""
    if rule.examples:
        return dict(rule.examples[0])
    return {f.name: f.example for f in rule.schema.fields if f.example is not None}


def widgets(rule: Rule, values: Mapping[str, Any], lang: str, error: InvalidInput | None = None) -> list[Widget]:
    """The explorer form's inputs with the given values (JSON values from an example, or posted strings)."""
    fields = explorer_fields(rule)
    error_field = field_of_error(error, fields) if error is not None else None
    out = []
    for f in fields:
        raw = values.get(f.name)
        shown = raw if isinstance(raw, str) and f.kind != "boolean" else _shown(f, raw)
        out.append(
            Widget(
                name=f.name,
                kind=f.kind,
                label=f.label.render(lang),
                required=f.required,
                value=shown,
                choices=f.choices,
                help=f.help.render(lang) if f.help is not None else "",
                error=error.message.render(lang) if error is not None and error_field == f.name else "",
                placeholder=_placeholder(f, lang),
                step="1" if f.kind == "integer" else "any",
            )
        )
    return out


def field_of_error(error: InvalidInput, fields: tuple[Field, ...]) -> str | None:
    """The top-level form field a nested error path ("predicates.2023", "tasks[0].volume") belongs to."""
    head = error.field.split(".")[0].split("[")[0]
    return head if head in {f.name for f in fields} else None


def _number(text: str) -> int | float | str:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return text  # the schema then says "must be a number" for this field
    return number if number == number and abs(number) != float("inf") else text


def payload_from_post(rule: Rule, data: Mapping[str, Any]) -> dict[str, Any]:
    """The input JSON from the posted form: empty inputs are left out, numbers and JSON parsed, a checkbox is a
    boolean. A textarea that is not JSON raises InvalidInput naming its field."""
    payload: dict[str, Any] = {}
    for f in explorer_fields(rule):
        if f.kind == "boolean":
            payload[f.name] = data.get(f.name) in ("on", "true", "1")
            continue
        raw = str(data.get(f.name, "")).strip()
        if raw == "":
            continue
        if f.kind in ("integer", "number"):
            payload[f.name] = _number(raw)
        elif f.kind in JSON_KINDS:
            try:
                payload[f.name] = json.loads(raw)
            except json.JSONDecodeError:
                raise InvalidInput(
                    f.name,
                    Text(
                        id=f"{f.name} bukan JSON yang sah",
                        en=f"{f.name} is not valid JSON",
                    ),
                ) from None
        else:
            payload[f.name] = raw
    return payload


class ParameterValueForm(forms.Form):
    valid_from = forms.DateField(label=_("Berlaku mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.CharField(
        label=_("Nilai (JSON)"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "mono"}),
        help_text=_("Bentuknya harus sama dengan nilai bawaan: kunci yang sama untuk tabel, angka untuk angka."),
    )
    legal_basis = forms.CharField(label=_("Dasar hukum"), max_length=500)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_value(self) -> Any:
        try:
            return json.loads(self.cleaned_data["value"])
        except json.JSONDecodeError:
            raise forms.ValidationError(_("Nilai harus berupa JSON yang sah.")) from None
