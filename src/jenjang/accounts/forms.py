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
