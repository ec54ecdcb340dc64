"""Importing employees and histories: access, validation of the whole file, then all-or-nothing writes."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core import access
from jenjang.core.errors import InvalidData
from jenjang.organization.models import Agency

from .reading import UnreadableFile, read_file, sniff
from .spec import find_sheet
from .validation import ImportErrors, build_plan
from .writing import write_plan

JOB_KIND = "personnel.import"
MAX_BYTES = 20 * 1024 * 1024

ProgressFn = Callable[[int, int, str], None]


class ConsoleActor:
    """The operator of `jenjang import` without --user: trusted like the database owner, audited as 'console'."""

    is_authenticated = False
    pk = None

    def __str__(self) -> str:
        return "console"


class ImportInvalid(InvalidData):
    """The file has errors; nothing was written. `details` = {"errors": [{sheet, row, column, message}], ...}."""


def require_importer(actor: Any, agency: Agency) -> None:
    if isinstance(actor, ConsoleActor):
        return
    access.require(access.can_edit_records(actor) and access.user_may_act_for_agency(actor, agency.pk))


def _invalid(errors: list[dict[str, Any]], *, filename: str, dry_run: bool) -> ImportInvalid:
    return ImportInvalid(
        _("Berkas berisi %(n)s kesalahan; tidak ada data yang disimpan.") % {"n": len(errors)},
        details={"errors": errors, "nothing_saved": True, "filename": filename, "dry_run": dry_run},
    )


def employees_import(
    *,
    actor: Any,
    agency: Agency,
    content: bytes,
    filename: str = "",
    sheet: str = "",
    dry_run: bool = False,
    job_id: Any = None,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Validate every row of the file; when all are valid (and not a dry run) write them in one transaction.

    Returns the summary (counts per sheet). Raises ImportInvalid with every row error, having written nothing.
    """
    require_importer(actor, agency)
    report = progress or (lambda done, total, message: None)
    try:
        sheets, unknown = read_file(content, sheet)
    except UnreadableFile as exc:
        raise _invalid(
            [{"sheet": "", "row": 0, "column": "", "message": str(exc)}], filename=filename, dry_run=dry_run
        ) from None
    try:
        plan = build_plan(agency, sheets, today=timezone.localdate(), progress=report)
    except ImportErrors as exc:
        raise _invalid(exc.errors, filename=filename, dry_run=dry_run) from None
    summary: dict[str, Any] = {
        "filename": filename,
        "dry_run": dry_run,
        "rows": plan.rows,
        "sheets": plan.counts,
        "employees_created": len(plan.created),
        "employees_updated": len(plan.updated),
        "histories_created": sum(len(rows) for rows in plan.histories.values()),
        "ignored_sheets": unknown,
    }
    if not dry_run:
        steps = iter(range(1, 4))
        write_plan(
            plan,
            actor=actor,
            job_id=job_id,
            summary=summary,
            progress=lambda message: report(next(steps, 3), 3, message),
        )
    return summary


def import_submit(
    *,
    actor: Any,
    agency: Agency,
    content: bytes,
    filename: str,
    sheet: str = "",
    dry_run: bool = False,
    runner: str | None = None,
    on_progress: Any = None,
) -> Any:
    """Check the file can be read at all, store it, and start the import job. The same user sending the same file
    with the same options again within a few minutes (a double submit) gets the first job back."""
    from jenjang.jobs.services import job_submit

    require_importer(actor, agency)
    if len(content) > MAX_BYTES:
        raise InvalidData(
            _("Berkas terlalu besar; maksimal %(max)s MB.") % {"max": MAX_BYTES // 1_048_576}, field="file"
        )
    try:
        kind = sniff(content)
    except UnreadableFile as exc:
        raise InvalidData(str(exc), field="file") from None
    if kind == "csv" and sheet and find_sheet(sheet) is None:
        raise InvalidData(_("Lembar tidak dikenal: %(name)s.") % {"name": sheet}, field="sheet")
    digest = hashlib.sha256(content).hexdigest()
    dedupe_key = hashlib.sha256(f"{digest}|{agency.pk}|{sheet}|{dry_run}".encode()).hexdigest()
    path = default_storage.save(f"imports/{agency.pk}/{uuid.uuid4().hex}.bin", ContentFile(content))
    job = job_submit(
        actor=actor,
        agency=agency,
        kind=JOB_KIND,
        params={"path": path, "filename": filename[:200], "sheet": sheet, "dry_run": dry_run, "sha256": digest},
        runner=runner,
        dedupe_key=dedupe_key,
        on_progress=on_progress,
    )
    if job.params.get("path") != path:  # a double submit: the earlier job already has the file
        default_storage.delete(path)
    return job
