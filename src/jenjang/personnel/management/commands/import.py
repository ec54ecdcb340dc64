"""`jenjang import employees FILE --agency CODE [--dry-run] [--sheet NAME] [--user USERNAME]`
(`jenjang import abk FILE --agency CODE [--user USERNAME]`: see jenjang.workforce.cli)

Validates the whole file, then imports it (nothing is written when any row is invalid). Progress goes to stderr,
the summary to stdout; exit code 1 with every row error when the file is invalid.
"""

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
from jenjang.personnel.importing.services import ConsoleActor, import_submit


class Command(BaseCommand):
    help = "Import employees and their histories from an xlsx or csv file (validated first, all or nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("what", choices=["employees", "abk"])
        parser.add_argument("file")
        parser.add_argument("--agency", required=True, help="agency code")
        parser.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
        parser.add_argument("--sheet", default="", help="for a csv file: the sheet it holds (default Pegawai)")
        parser.add_argument("--user", default="", help="act as this user (audited); default: the console")
        parser.add_argument("--json", action="store_true", help="print the summary or the errors as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "abk":  # the workforce app's ABK import (`jenjang import abk FILE --agency CODE`)
            from jenjang.workforce.cli import import_abk

            return import_abk(self, options)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Berkas tidak ditemukan: %(path)s") % {"path": path})
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(_("Instansi tidak dikenal: %(code)s") % {"code": options["agency"]})
        actor: Any = ConsoleActor()
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("Pengguna tidak dikenal: %(user)s") % {"user": options["user"]})
        try:
            job = import_submit(
                actor=actor,
                agency=agency,
                content=path.read_bytes(),
                filename=path.name,
                sheet=options["sheet"],
                dry_run=options["dry_run"],
                runner="inline",
                on_progress=self._progress,
            )
        except JenjangError as exc:
            raise CommandError(str(exc.message)) from None
        self.stderr.write("")
        result = job.result or {}
        if options["json"]:
            self.stdout.write(
                json.dumps({"status": job.status, "error": job.error, "result": result}, ensure_ascii=False, indent=2)
            )
        if job.status != JobStatus.SUCCEEDED:
            if not options["json"]:
                self.stderr.write(job.error or _("Impor gagal."))
                for e in result.get("errors", []):
                    where = ":".join(str(p) for p in (e["sheet"], e["row"] or "", e["column"]) if p != "")
                    self.stderr.write(f"{where}: {e['message']}" if where else e["message"])
            sys.exit(1)
        if not options["json"]:
            self._summary(result)

    def _progress(self, job: Any) -> None:
        if job.total:
            self.stderr.write(f"\r{job.message} {job.done}/{job.total}", ending="")
            self.stderr.flush()

    def _summary(self, result: dict[str, Any]) -> None:
        if result.get("dry_run"):
            self.stdout.write(_("Periksa saja: berkas sah; tidak ada yang disimpan."))
        else:
            self.stdout.write(_("Impor selesai."))
        for name, counts in result.get("sheets", {}).items():
            parts = ", ".join(f"{key} {value}" for key, value in counts.items())
            self.stdout.write(f"  {name}: {parts}")
