from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .backends import AccountLocked


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except AccountLocked as locked:
            until = formats.date_format(timezone.localtime(locked.until), "DATETIME_FORMAT")
            raise forms.ValidationError(
                _(
                    "Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal. "
                    "Coba lagi setelah %(until)s."
                ),
                code="locked",
                params={"until": until},
            ) from None


class UserForm(forms.Form):
    username = forms.RegexField(
        label=_("Nama pengguna"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Hanya huruf, angka dan . @ + - _")},
    )
    first_name = forms.CharField(label=_("Nama tampilan"), max_length=150, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    role = forms.ChoiceField(label=_("Peran"))
    employee_nip = forms.CharField(label=_("NIP pegawai yang terhubung"), max_length=18, required=False)
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import Role

        self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.CANDIDATE]
        if editing:
            self.fields["username"].disabled = True
        else:
            del self.fields["is_active"]
