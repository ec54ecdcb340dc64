"""The background job kind "talent.map": run the talent map of an agency's period with progress."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from jenjang.jobs.registry import register
from jenjang.jobs.services import job_progress

from .mapping import run_talent_map
from .selectors import parameters_for

MAP = "talent.map"


@register(MAP, result_template="talent/partials/map_result.html")
def run_map(job: Any, *, agency_id: int, year: int, user_id: int | None = None, **_params: Any) -> dict[str, Any]:
    actor = get_user_model()._default_manager.filter(pk=user_id).first() if user_id else None

    def progress(done: int, total: int) -> None:
        job_progress(job, done, total, _("Memetakan pegawai ke kotak talenta"), force=done >= total)

    result = run_talent_map(
        agency_id=agency_id, year=year, params=parameters_for(agency_id), actor=actor, progress=progress
    )
    return {
        "year": result.year,
        "placed": result.placed,
        "unplaced_no_performance": result.unplaced_no_performance,
        "unplaced_no_potential": result.unplaced_no_potential,
        "counts": {str(box): n for box, n in result.counts.items()},
    }
