"""The background job kind "personnel.import": read the stored upload, import it, then delete the upload."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage

from jenjang.jobs.registry import register
from jenjang.jobs.services import job_progress

from .services import ConsoleActor, employees_import


@register("personnel.import", result_template="personnel/import/result.html")
def run_import(
    job: Any, *, path: str, filename: str = "", sheet: str = "", dry_run: bool = False, **_: Any
) -> dict[str, Any]:
    actor = job.created_by or ConsoleActor()
    try:
        with default_storage.open(path, "rb") as handle:
            content = handle.read()
        return employees_import(
            actor=actor,
            agency=job.agency,
            content=content,
            filename=filename,
            sheet=sheet,
            dry_run=dry_run,
            job_id=job.pk,
            progress=lambda done, total, message: job_progress(job, done, total, message),
        )
    finally:
        default_storage.delete(path)
