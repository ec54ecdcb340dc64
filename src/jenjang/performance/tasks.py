"""Background job: closing a period (set-based, with progress)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from jenjang.jobs.registry import register
from jenjang.jobs.services import job_progress

from . import services
from .models import Period

CLOSE = "performance.close"


@register(CLOSE, result_template="performance/partials/close_result.html")
def close_period(job: Any, *, period_id: int, user_id: int) -> dict[str, Any]:
    actor = get_user_model()._default_manager.get(pk=user_id)
    period = Period.objects.get(pk=period_id)

    def progress(done: int, total: int) -> None:
        job_progress(job, done, total, _("Menulis predikat ke riwayat kinerja"))

    return services.period_close(actor=actor, period=period, progress=progress)
