"""ABK xlsx import: the `workforce.abk_import` job (read, check every row, replace the tasks in one transaction) on
PostgreSQL, for a file of N task rows over P positions, first into an empty year and then again (replacing).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<own db> uv run python -m bench abk_import [--rows 20000]
        [--positions 500]

The database is created and migrated when needed; the bench agency (code BENCH-ABK) and its positions are created
once. Figures are wall-clock seconds of the inline job, with the load average printed beside them.
"""

from __future__ import annotations

import argparse
import io
import time

from bench.common import base_url, ensure_database, machine, setup_django


def _workbook(rows: int, position_ids: list[int], year: int) -> bytes:
    from openpyxl import Workbook

    from jenjang.workforce.abk import HEADERS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("ABK")
    sheet.append(list(HEADERS))
    for i in range(rows):
        sheet.append([year, position_ids[i % len(position_ids)], "", f"Tugas {i}", "dokumen", 1 + i % 500, 15.5])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench abk_import")
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--positions", type=int, default=500)
    parser.add_argument("--year", type=int, default=2031)
    args = parser.parse_args(argv)
    url = base_url()
    ensure_database(url)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jenjang.organization.models import Agency, Position, Unit
    from jenjang.personnel.importing.services import ConsoleActor
    from jenjang.workforce.abk import import_submit
    from jenjang.workforce.models import WorkloadTask

    agency, _ = Agency.objects.get_or_create(code="BENCH-ABK", defaults={"name": "Bench ABK", "short_name": "ABK"})
    unit, _ = Unit.objects.get_or_create(agency=agency, code="U-ABK", defaults={"name": "Unit ABK"})
    have = Position.objects.filter(agency=agency).count()
    for i in range(have, args.positions):
        Position.objects.create(agency=agency, unit=unit, name=f"Jabatan {i}", code=f"J{i}", level="PELAKSANA")
    ids = list(Position.objects.filter(agency=agency).order_by("id").values_list("id", flat=True))[: args.positions]
    WorkloadTask.objects.filter(agency=agency, year=args.year).delete()
    content = _workbook(args.rows, ids, args.year)
    print(machine())
    print(f"{args.rows} rows over {len(ids)} positions, file {len(content) / 1e6:.1f} MB")
    for label in ("into an empty year", "again (replacing)"):
        with open("/proc/loadavg") as f:
            load = f.read().split()[0]
        started = time.perf_counter()
        job = import_submit(actor=ConsoleActor(), agency=agency, content=content, filename="bench.xlsx",
                            runner="inline")  # fmt: skip
        seconds = time.perf_counter() - started
        print(f"{label:>20}: {seconds:6.2f} s  status {job.status}  rows {(job.result or {}).get('rows')}  load {load}")
        if job.status != "SUCCEEDED":
            print(job.error)
            return 1
        # The same bytes again would be a "double submit" within the dedupe window: forget the first job's key.
        job.__class__.objects.filter(pk=job.pk).update(dedupe_key="")
    return 0
