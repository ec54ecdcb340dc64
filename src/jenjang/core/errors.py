"""One error hierarchy for services. Messages are translated (gettext) and shown to users as they are."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class JenjangError(Exception):
    """A refusal a user can understand and act on. Views show `message`; the API returns it with `code`."""

    code = "error"
    status = 400

    def __init__(self, message: Any = None, *, field: str | None = None, details: Any = None) -> None:
        self.message = message if message is not None else self.default_message()
        self.field = field
        self.details = details
        super().__init__(str(self.message))

    def default_message(self) -> Any:
        return _("Permintaan tidak dapat diproses.")


class InvalidData(JenjangError):
    code = "invalid_input"


class AccessDenied(JenjangError):
    code = "forbidden"
    status = 403

    def default_message(self) -> Any:
        return _("Anda tidak berwenang melakukan tindakan ini.")


class NotFound(JenjangError):
    code = "not_found"
    status = 404

    def default_message(self) -> Any:
        return _("Data tidak ditemukan.")


class StaleEdit(JenjangError):
    """Someone else saved the record after this user opened it: nothing was overwritten."""

    code = "conflict"
    status = 409

    def default_message(self) -> Any:
        return _(
            "Data ini telah diubah oleh pengguna lain sejak Anda membukanya. "
            "Muat ulang halaman untuk melihat perubahan terbaru; tidak ada yang ditimpa."
        )
