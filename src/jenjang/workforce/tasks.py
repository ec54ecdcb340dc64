"""Background job kinds of workforce planning:

- "workforce.matching": compute a saved matching run with progress;
- "workforce.abk_import": read the stored ABK upload, check every row and import it all or nothing, then delete the
  upload. Row errors become the job's result (`{"errors": [{row, column, message}]}`)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.files.storage import default_storage

from jenjang.jobs.registry import register
from jenjang.jobs.services import job_progress

from . import abk
from .matching import JOB_KIND, run_compute
from .models import MatchingRun


@register(JOB_KIND)
def run_matching(job: Any, *, run_id: int, **_: Any) -> dict[str, Any]:
    run = MatchingRun.objects.get(pk=run_id)
    return run_compute(run, progress=lambda done, total, message: job_progress(job, done, total, message, force=True))


@register(abk.IMPORT_JOB_KIND, result_template="workforce/abk_import_result.html")
def run_abk_import(job: Any, *, path: str, filename: str = "", dry_run: bool = False, **_: Any) -> dict[str, Any]:
    from jenjang.personnel.importing.services import ConsoleActor

    actor = job.created_by or ConsoleActor()
    try:
        with default_storage.open(path, "rb") as handle:
            content = handle.read()
        result = abk.abk_import(
            actor=actor,
            agency_id=job.agency_id,
            content=content,
            job_id=job.pk,
            dry_run=dry_run,
            progress=lambda done, total, message: job_progress(job, done, total, message),
        )
    finally:
        default_storage.delete(path)
    summary = asdict(result)
    summary.pop("errors", None)
    return {"filename": filename, "dry_run": dry_run, **summary}
