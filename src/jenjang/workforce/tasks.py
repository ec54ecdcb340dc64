"""The background job kind "workforce.matching": compute a saved matching run with progress."""

from __future__ import annotations

from typing import Any

from jenjang.jobs.registry import register
from jenjang.jobs.services import job_progress

from .matching import JOB_KIND, run_compute
from .models import MatchingRun


@register(JOB_KIND)
def run_matching(job: Any, *, run_id: int, **_: Any) -> dict[str, Any]:
    run = MatchingRun.objects.get(pk=run_id)
    return run_compute(run, progress=lambda done, total, message: job_progress(job, done, total, message, force=True))
