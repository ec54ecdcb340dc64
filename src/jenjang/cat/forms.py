"""Forms of the committee's session pages."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Blueprint

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=DATETIME_FORMAT)


class BlueprintChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Blueprint) -> str:
        return f"{obj.bank.name} — {obj.name} ({obj.item_count})"


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Judul sesi ujian"), max_length=200)
    blueprint = BlueprintChoice(label=_("Bank soal dan kisi-kisi"), queryset=Blueprint.objects.none())
    starts_at = forms.DateTimeField(
        label=_("Mulai"), widget=DateTimeLocal(), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
    )
    ends_at = forms.DateTimeField(
        label=_("Selesai"), widget=DateTimeLocal(), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
    )
    duration_minutes = forms.IntegerField(
        label=_("Durasi (menit)"),
        min_value=1,
        max_value=600,
        help_text=_("Batas waktu tiap peserta sejak menekan Mulai; tidak melewati waktu selesai sesi."),
    )
    vacancy = forms.TypedChoiceField(
        label=_("Lowongan seleksi"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Opsional. Sesi lowongan dibuat melalui modul seleksi: pelamar yang lulus seleksi administrasi "
            "langsung terdaftar dan nilai dapat diambil ke lowongan."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args: Any, blueprints: Any, vacancies: list[tuple[int, str]] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["blueprint"].queryset = blueprints
        if vacancies is None:
            del self.fields["vacancy"]
        else:
            self.fields["vacancy"].choices = [("", _("— bukan sesi lowongan —")), *vacancies]
        if not self.is_bound and not self.initial.get("form_key"):
            self.initial["form_key"] = secrets.token_hex(16)


class EnrolForm(forms.Form):
    identifiers = forms.CharField(
        label=_("Peserta"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Satu per baris: nama pengguna, e-mail, atau NIP (18 angka)."),
    )
