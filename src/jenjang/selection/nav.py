from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from . import access


def items(user: Any) -> list[tuple[str, str]]:
    out = [(_("Lowongan"), reverse("selection:board"))]
    if access.can_apply(user):
        out.append((_("Lamaran saya"), reverse("selection:my_applications")))
    if access.can_see_staff_pages(user):
        out.append((_("Seleksi"), reverse("selection:staff_list")))
    return out
