"""`jenjang import abk FILE --agency CODE [--dry-run] [--user USERNAME] [--json]` (from the `import` command).

Runs the "workforce.abk_import" job inline: progress to stderr, the summary to stdout; exit code 1 with every row
error when the file is invalid (nothing is written)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jenjang.core.errors import JenjangError
from jenjang.jobs.models import JobStatus
from jenjang.organization.models import Agency

from . import abk


def import_abk(command: BaseCommand, options: dict[str, Any]) -> None:
    from jenjang.personnel.importing.services import ConsoleActor

    if options.get("sheet"):
        raise CommandError(_("--sheet tidak berlaku untuk impor ABK (berkas xlsx dengan lembar ABK)."))
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(_("Berkas tidak ditemukan: %(path)s") % {"path": path})
    agency = Agency.objects.filter(code=options["agency"]).first()
    if agency is None:
        raise CommandError(_("Instansi tidak dikenal: %(code)s") % {"code": options["agency"]})
    actor: Any = ConsoleActor()
    if options.get("user"):
        actor = get_user_model().objects.filter(username=options["user"]).first()
        if actor is None:
            raise CommandError(_("Pengguna tidak dikenal: %(user)s") % {"user": options["user"]})

    def progress(job: Any) -> None:
        if job.total:
            command.stderr.write(f"\r{job.message} {job.done}/{job.total}", ending="")
            command.stderr.flush()

    try:
        job = abk.import_submit(
            actor=actor,
            agency=agency,
            content=path.read_bytes(),
            filename=path.name,
            dry_run=bool(options.get("dry_run")),
            runner="inline",
            on_progress=progress,
        )
    except JenjangError as exc:
        raise CommandError(str(exc.message)) from None
    command.stderr.write("")
    result = job.result or {}
    if options.get("json"):
        command.stdout.write(
            json.dumps({"status": job.status, "error": job.error, "result": result}, ensure_ascii=False, indent=2)
        )
    if job.status != JobStatus.SUCCEEDED:
        if not options.get("json"):
            command.stderr.write(job.error or _("Impor gagal."))
            for e in result.get("errors", []):
                where = ":".join(str(p) for p in (e["row"] or "", e["column"]) if p != "")
                command.stderr.write(f"{where}: {e['message']}" if where else e["message"])
        sys.exit(1)
    if not options.get("json"):
        values = {
            "rows": result.get("rows"),
            "positions": result.get("positions"),
            "years": ", ".join(str(y) for y in result.get("years", [])),
        }
        if result.get("dry_run"):
            text = _(
                "Periksa saja: berkas sah; %(rows)s tugas untuk %(positions)s jabatan (tahun %(years)s) akan "
                "diimpor. Tidak ada yang disimpan."
            )
        else:
            text = _("Impor ABK selesai: %(rows)s tugas untuk %(positions)s jabatan (tahun %(years)s).")
        command.stdout.write(text % values)
