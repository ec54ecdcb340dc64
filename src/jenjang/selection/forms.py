from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jenjang.accounts.models import User
from jenjang.domain.vocab import EDUCATION, PREDICATES, RANKS
from jenjang.organization.models import Position

from .models import CandidateDocumentType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EDU_CHOICES = [("", "—")] + [(e, e) for e in EDUCATION]


class VacancyForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    position = forms.ModelChoiceField(label=_("Jabatan"), queryset=Position.objects.none(), required=False)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    open_to_public = forms.BooleanField(label=_("Terbuka untuk pelamar umum"), required=False, initial=True)
    min_rank = forms.ChoiceField(
        label=_("Golongan minimal"), choices=[("", "—")] + [(r, r) for r in RANKS], required=False
    )
    min_education = forms.ChoiceField(label=_("Pendidikan minimal"), choices=EDU_CHOICES, required=False)
    min_years_service = forms.IntegerField(
        label=_("Masa kerja minimal (tahun)"), min_value=0, max_value=50, required=False
    )
    min_predicate = forms.ChoiceField(
        label=_("Predikat kinerja minimal (dua tahun terakhir)"),
        choices=[("", "—")] + [(p, p) for p in PREDICATES],
        required=False,
    )
    max_age = forms.IntegerField(label=_("Usia paling tinggi"), min_value=17, max_value=70, required=False)
    custom = forms.CharField(
        label=_("Persyaratan tambahan (satu per baris)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    documents = forms.MultipleChoiceField(
        label=_("Dokumen wajib"),
        choices=CandidateDocumentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    announcement_start = forms.DateField(label=_("Pengumuman mulai"), widget=DATE)
    announcement_end = forms.DateField(label=_("Pengumuman berakhir"), widget=DATE)
    screening_date = forms.DateField(label=_("Seleksi administrasi"), widget=DATE, required=False)
    cat_date = forms.DateField(label=_("CAT"), widget=DATE, required=False)
    assessment_date = forms.DateField(label=_("Asesmen kompetensi"), widget=DATE, required=False)
    interview_date = forms.DateField(label=_("Wawancara"), widget=DATE, required=False)
    final_date = forms.DateField(label=_("Pengumuman akhir"), widget=DATE, required=False)
    committee = forms.ModelMultipleChoiceField(label=_("Panitia seleksi"), queryset=User.objects.none())
    committee_external = forms.ModelMultipleChoiceField(
        label=_("Unsur eksternal di antara panitia"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Tandai anggota panitia yang berasal dari luar pegawai instansi (akademisi, instansi lain, organisasi "
            "profesi) dan memakai akun Jenjang instansi ini; anggota lain dihitung unsur internal. Seleksi JPT: "
            "jumlah anggota, ganjil atau tidak, dan bagian unsur internal paling besar mengikuti parameter "
            "selection.jpt_panel pada awal pengumuman."
        ),
    )
    announce = forms.BooleanField(label=_("Umumkan sekarang"), required=False)
    # one key per rendered form: a double submit creates the vacancy once (services.vacancy_create_once)
    form_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args: Any, agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form_key"].initial = uuid.uuid4().hex
        self.fields["position"].queryset = Position.objects.filter(agency=agency, is_active=True).order_by("name")
        self.fields["committee"].queryset = User.objects.filter(agency=agency, is_active=True).order_by("username")
        self.fields["committee_external"].queryset = self.fields["committee"].queryset

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        requirements = {
            k: d.get(k) for k in ("min_rank", "min_education", "min_years_service", "min_predicate", "max_age")
        }
        requirements["custom"] = [line.strip() for line in (d.get("custom") or "").splitlines() if line.strip()]
        requirements["documents"] = list(d.get("documents") or [])
        keys = (
            "title", "position", "description", "open_to_public", "announcement_start", "announcement_end",
            "screening_date", "cat_date", "assessment_date", "interview_date", "final_date", "announce",
        )  # fmt: skip
        return {**{k: d.get(k) for k in keys}, "requirements": requirements}


class RegisterForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("Surel"))
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("Kata sandi tidak sama."))
        return data


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE, required=False)
    education = forms.ChoiceField(label=_("Pendidikan terakhir"), choices=EDU_CHOICES, required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=30, required=False)
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Jenis dokumen"), choices=CandidateDocumentType.choices)
    file = forms.FileField(label=_("Berkas (PDF, JPEG atau PNG)"))


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("Motivasi"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )

    def __init__(self, *args: Any, custom: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["declared"] = forms.MultipleChoiceField(
            label=_("Saya menyatakan memenuhi persyaratan tambahan berikut"),
            choices=[(c, c) for c in custom],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class OverrideForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Keputusan"), choices=[("1", _("Lulus")), ("0", _("Tidak lulus"))], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(label=_("Alasan tertulis"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AppealForm(forms.Form):
    text = forms.CharField(label=_("Isi sanggahan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class AppealDecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Keputusan"), choices=[("1", _("Diterima")), ("0", _("Ditolak"))], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class PpkForm(forms.Form):
    chosen = forms.ChoiceField(label=_("Calon yang dipilih"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Alasan keputusan"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = choices


PUBLISHED_EDITABLE = (
    "announcement_end", "screening_date", "cat_date", "assessment_date", "interview_date", "final_date", "committee",
    "committee_external",
)  # fmt: skip


class VacancyEditForm(VacancyForm):
    """The vacancy form for an existing vacancy: every field of a draft; after the announcement only the dates and
    the committee (members may be added, external flags corrected) are open, the other fields are shown read-only."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, vacancy: Any, committee_ids: list[int], external_ids: list[int], **kwargs: Any
    ) -> None:
        r = vacancy.requirements or {}
        initial = {
            **{k: getattr(vacancy, k) for k in ("title", "description", "open_to_public", "announcement_start")},
            **{k: getattr(vacancy, k) for k in PUBLISHED_EDITABLE if not k.startswith("committee")},
            **{k: r.get(k) for k in ("min_rank", "min_education", "min_years_service", "min_predicate", "max_age")},
            "position": vacancy.position_id,
            "custom": "\n".join(r.get("custom") or []),
            "documents": list(r.get("documents") or []),
            "committee": committee_ids,
            "committee_external": external_ids,
            "version": vacancy.version,
        }
        super().__init__(*args, agency=vacancy.agency, initial=initial, **kwargs)
        del self.fields["announce"]
        if vacancy.status != "DRAFT":
            for name, field in self.fields.items():
                if name not in PUBLISHED_EDITABLE and name != "version":
                    field.disabled = True

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data.pop("announce", None)
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, min_length=10
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan (tidak wajib)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
