"""Forms of the personnel pages. They parse and validate input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from jenjang.domain.vocab import POSITION_LEVEL_LABEL, RANK_PANGKAT, RANKS, rank_code
from jenjang.organization.models import Position, Unit

from . import selectors
from .corrections import CORRECTABLE_FIELDS
from .models import (
    AwardHistory,
    DocumentType,
    EducationHistory,
    Employee,
    EmployeeStatus,
    EmploymentType,
    PerformanceHistory,
    PositionHistory,
    RankHistory,
    SalaryIncrementHistory,
    SanctionHistory,
    TrainingHistory,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _rank_choices() -> list[tuple[Any, str]]:
    return [("", _("Semua golongan")), *((rank_code(r), f"{r} — {RANK_PANGKAT[r]}") for r in RANKS)]


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Nama atau NIP"), required=False, max_length=100)
    unit = forms.TypedChoiceField(label=_("Unit kerja"), required=False, coerce=int, empty_value=None)
    rank = forms.TypedChoiceField(label=_("Golongan"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Jenjang jabatan"), required=False)
    employment_type = forms.ChoiceField(label=_("Jenis kepegawaian"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(required=False, choices=[(k, k) for k in selectors.SORTS], widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("Semua unit")), *selectors.unit_choices(user, self._selected_unit())]
        self.fields["rank"].choices = _rank_choices()
        levels = [(code, str(label)) for code, label in POSITION_LEVEL_LABEL.items()]
        self.fields["level"].choices = [("", _("Semua jenjang")), *levels]
        self.fields["employment_type"].choices = [("", _("Semua jenis")), *EmploymentType.choices]
        self.fields["status"].choices = [
            (selectors.STATUS_ACTIVE, _("Aktif (semua status aktif)")),
            (selectors.STATUS_ALL, _("Semua status")),
            *EmployeeStatus.choices,
        ]

    def _selected_unit(self) -> int | None:
        value = self.data.get("unit") if self.is_bound else None
        return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else None

    def filters(self) -> selectors.EmployeeFilters:
        """The filters to apply; invalid input falls back to no filter for that field."""
        self.is_valid()
        return selectors.filters_from(self.cleaned_data)


class EmployeeEditForm(forms.ModelForm):
    """The employee's current data. NIP and agency are not fields: they never change."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Employee
        fields = [
            "name", "front_title", "back_title", "birth_place", "birth_date", "gender", "employment_type",
            "appointment_date", "pns_date", "rank", "rank_since", "pppk_grade", "education", "unit", "position",
            "position_since", "occupation", "status", "last_salary_increment", "email", "phone",
        ]  # fmt: skip
        widgets = {
            name: DateInput() for name in ("birth_date", "appointment_date", "pns_date", "rank_since", "position_since")
        } | {"last_salary_increment": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_id = self.instance.agency_id
        self.fields["unit"].queryset = Unit.objects.filter(agency_id=agency_id).order_by("path")
        self.fields["position"].queryset = Position.objects.filter(agency_id=agency_id).order_by("name")
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def _post_clean(self) -> None:
        """Validate fields only; the service writes (the model instance is not touched here)."""

    def changed_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}  # type: ignore[union-attr]


# --- histories ---------------------------------------------------------------------------------------------

_HISTORY_COMMON = ["decree_number", "decree_date"]
HISTORY_FORM_FIELDS: dict[str, tuple[type[models.Model], list[str]]] = {
    "rank": (RankHistory, ["rank", "effective_date", "kind", "service_years", *_HISTORY_COMMON]),
    "position": (
        PositionHistory,
        ["position", "position_name", "level", "unit_name", "start_date", "end_date", *_HISTORY_COMMON],
    ),
    "education": (EducationHistory, ["level", "institution", "major", "graduation_date", *_HISTORY_COMMON]),
    "training": (
        TrainingHistory,
        ["name", "kind", "mode", "organizer", "start_date", "end_date", "hours", *_HISTORY_COMMON],
    ),
    "performance": (PerformanceHistory, ["year", "predicate", "scheme", "score", "source"]),
    "award": (AwardHistory, ["name", "awarded_on", "giver", *_HISTORY_COMMON]),
    "sanction": (SanctionHistory, ["level", "kind", "start_date", "end_date", *_HISTORY_COMMON]),
    "salary": (SalaryIncrementHistory, ["effective_date", "service_years", "base_salary", *_HISTORY_COMMON]),
}  # fmt: skip

HISTORY_TITLES = {
    "rank": _("Riwayat golongan"),
    "position": _("Riwayat jabatan"),
    "education": _("Riwayat pendidikan"),
    "training": _("Riwayat pelatihan"),
    "performance": _("Riwayat kinerja"),
    "award": _("Riwayat penghargaan"),
    "sanction": _("Riwayat hukuman disiplin"),
    "salary": _("Riwayat kenaikan gaji berkala"),
}


class HistoryBaseForm(forms.ModelForm):
    nonce = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
        if "position" in self.fields:
            self.fields["position"].queryset = Position.objects.filter(agency_id=agency_id).select_related("unit")
            self.fields["position"].required = False
            self.fields["position_name"].required = False
            self.fields["position_name"].help_text = _("Kosongkan bila jabatan dipilih dari daftar.")
            self.fields["level"].widget = forms.Select(
                choices=[("", "—")] + [(c, str(label)) for c, label in POSITION_LEVEL_LABEL.items()]
            )

    def _post_clean(self) -> None:
        """Model validation happens in services.history_add (full_clean on the row it builds)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "position" in self.fields and not data.get("position") and not data.get("position_name"):
            self.add_error("position_name", _("Pilih jabatan atau isi nama jabatan."))
        return data

    def values(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "nonce" and value not in (None, "")}


def history_form_class(kind: str) -> type[HistoryBaseForm]:
    model, fields = HISTORY_FORM_FIELDS[kind]
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}Form", (HistoryBaseForm,), {"Meta": meta})  # type: ignore[return-value]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


# --- documents ---------------------------------------------------------------------------------------------


class DocumentUploadForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Jenis dokumen"), choices=DocumentType.choices)
    title = forms.CharField(label=_("Keterangan"), required=False, max_length=200)
    file = forms.FileField(label=_("Berkas (PDF, JPEG atau PNG)"))


# --- corrections -------------------------------------------------------------------------------------------


class CorrectionProposeForm(forms.Form):
    field = forms.ChoiceField(label=_("Data yang dikoreksi"))
    proposed_value = forms.CharField(
        label=_("Nilai yang benar"),
        max_length=200,
        help_text=_("Tanggal ditulis TTTT-BB-HH; jenis kelamin M (laki-laki) atau F (perempuan)."),
    )
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    doc_type = forms.ChoiceField(label=_("Jenis dokumen pendukung"), choices=DocumentType.choices, initial="LAINNYA")
    document = forms.FileField(label=_("Dokumen pendukung (PDF, JPEG atau PNG)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [(name, label) for name, label in CORRECTABLE_FIELDS.items()]


class CorrectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("apply", _("Terapkan")), ("reject", _("Tolak"))], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Alasan keputusan"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
