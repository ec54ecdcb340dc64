"""Workload analysis (ABK): the computation per position, unit and agency (through the `workload` rule), the needs
(formasi) summary, task edits with optimistic locking and audit, and the all-or-nothing xlsx import and export.

Every list is a fixed number of queries: positions with their current staff counted in SQL, the year's tasks in one
query, then the pure rule per position in Python."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from jenjang.core.audit import audit_bulk, audit_entry, audit_record
from jenjang.core.errors import InvalidData, NotFound
from jenjang.core.services import versioned_update
from jenjang.domain.decision import Decision
from jenjang.domain.parameters import ParameterSet
from jenjang.domain.registry import get_rule
from jenjang.organization.models import Position, Unit
from jenjang.personnel.models import EmployeeStatus

from .models import WorkloadTask

WORKLOAD = "workload"
IMPORT_JOB_KIND = "workforce.abk_import"
MAX_IMPORT_BYTES = 20 * 1024 * 1024

ProgressFn = Callable[[int, int, str], None]
SHEET = "ABK"
HEADERS = (
    "Tahun",
    "ID jabatan",
    "Nama jabatan",
    "Uraian tugas",
    "Satuan hasil",
    "Volume per tahun",
    "Norma waktu (menit)",
)
MAX_IMPORT_ROWS = 20_000


def parameters(agency_id: int | None) -> ParameterSet:
    from jenjang.rules.selectors import parameter_set_for

    return parameter_set_for(agency_id)


def rule_decide(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return get_rule(WORKLOAD).function(facts, as_of, params)


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def whole(value: float) -> int:
    """Staff needed as whole people (half up): the formasi."""
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass
class Workload:
    """The rule's answer for a position, a unit or the agency."""

    tasks: int
    current_staff: int
    workload_minutes: float = 0
    required_staff: float = 0.0
    efficiency: float | None = None
    grade: str | None = None
    grade_label: dict[str, str] | None = None
    reasons: list[str] = field(default_factory=list)
    legal_basis: list[str] = field(default_factory=list)

    @property
    def need(self) -> int:
        return whole(self.required_staff)

    @property
    def gap(self) -> int:
        """Positive: a shortage of people; negative: a surplus."""
        return self.need - self.current_staff


@dataclass
class PositionRow:
    position: Position
    workload: Workload | None  # None: no task recorded for the year


@dataclass
class UnitRow:
    unit: Unit | None
    positions: int
    analysed: int
    workload: Workload | None


def assess(tasks: list[dict[str, Any]], staff: int, year: int, params: ParameterSet, lang: str) -> Workload:
    if not tasks:
        return Workload(tasks=0, current_staff=staff)
    decision = rule_decide({"tasks": tasks, "current_staff": staff}, year_end(year), params)
    result = decision.result
    return Workload(
        tasks=len(tasks),
        current_staff=staff,
        workload_minutes=result["workload_minutes"],
        required_staff=result["required_staff"],
        efficiency=result["efficiency"],
        grade=result["grade"],
        grade_label=result["grade_label"],
        reasons=[r.render(lang) for r in decision.reasons],
        legal_basis=list(decision.legal_basis),
    )


def positions_queryset(agency_id: int, unit: Unit | None = None) -> Any:
    qs = Position.objects.filter(agency_id=agency_id, is_active=True).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.annotate(
        current_staff=Count("holders", filter=Q(holders__status=EmployeeStatus.ACTIVE), distinct=True)
    ).order_by("unit__path", "name", "id")


def tasks_by_position(agency_id: int, year: int, position_ids: Iterable[int] | None = None) -> dict[int, list[dict]]:
    qs = WorkloadTask.objects.filter(agency_id=agency_id, year=year)
    if position_ids is not None:
        qs = qs.filter(position_id__in=list(position_ids))
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for position_id, volume, minutes in qs.values_list("position_id", "volume", "minutes").order_by("id"):
        out[position_id].append({"volume": volume, "minutes": minutes})
    return out


def position_rows(
    agency_id: int, year: int, params: ParameterSet, lang: str, unit: Unit | None = None
) -> list[PositionRow]:
    """Every active position (of a unit subtree), its current staff and its ABK for the year: two queries."""
    positions = list(positions_queryset(agency_id, unit))
    tasks = tasks_by_position(agency_id, year) if unit is None else tasks_by_position(
        agency_id, year, [p.pk for p in positions]
    )  # fmt: skip
    rows = []
    for position in positions:
        found = tasks.get(position.pk, [])
        workload = assess(found, position.current_staff, year, params, lang) if found else None
        rows.append(PositionRow(position=position, workload=workload))
    return rows


def _combine(
    rows: list[PositionRow], year: int, params: ParameterSet, lang: str, tasks: dict[int, list]
) -> Workload | None:
    analysed = [r for r in rows if r.workload is not None]
    if not analysed:
        return None
    all_tasks = [task for r in analysed for task in tasks[r.position.pk]]
    staff = sum(r.position.current_staff for r in analysed)
    return assess(all_tasks, staff, year, params, lang)


def unit_rows(agency_id: int, year: int, params: ParameterSet, lang: str) -> tuple[list[UnitRow], Workload | None]:
    """Each unit's own positions summed (workload, required and current staff, the unit's EJ and grade) and the
    agency's total: three queries whatever the size."""
    units = {u.pk: u for u in Unit.objects.filter(agency_id=agency_id).order_by("path")}
    positions = list(positions_queryset(agency_id))
    tasks = tasks_by_position(agency_id, year)
    by_unit: dict[int | None, list[PositionRow]] = defaultdict(list)
    all_rows = []
    for position in positions:
        found = tasks.get(position.pk, [])
        row = PositionRow(position=position, workload=Workload(len(found), position.current_staff) if found else None)
        by_unit[position.unit_id].append(row)
        all_rows.append(row)
    out = []
    for unit_id in [*units, None]:
        rows = by_unit.get(unit_id)
        if not rows:
            continue
        out.append(
            UnitRow(
                unit=units.get(unit_id) if unit_id else None,
                positions=len(rows),
                analysed=sum(1 for r in rows if r.workload is not None),
                workload=_combine(rows, year, params, lang, tasks),
            )
        )
    return out, _combine(all_rows, year, params, lang, tasks)


def totals(rows: list[PositionRow], year: int, params: ParameterSet, lang: str, agency_id: int) -> Workload | None:
    tasks = tasks_by_position(agency_id, year, [r.position.pk for r in rows if r.workload is not None])
    return _combine(rows, year, params, lang, tasks)


def years_with_tasks(agency_id: int) -> list[int]:
    return list(
        WorkloadTask.objects.filter(agency_id=agency_id).values_list("year", flat=True).distinct().order_by("-year")
    )


# --- edits --------------------------------------------------------------------------------------------------


def _clean_number(value: Any, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise InvalidData(_("%(label)s harus berupa angka.") % {"label": label}) from None
    if not number.is_finite() or number < 0:
        raise InvalidData(_("%(label)s tidak boleh negatif.") % {"label": label})
    return number


@transaction.atomic
def task_create(
    *, actor: Any, position: Position, year: int, task: str, output_unit: str, volume: Any, minutes: Any
) -> WorkloadTask:
    values = {
        "task": task.strip(),
        "output_unit": output_unit.strip(),
        "volume": _clean_number(volume, _("Volume")),
        "minutes": _clean_number(minutes, _("Norma waktu")),
    }
    if not values["task"] or not values["output_unit"]:
        raise InvalidData(_("Uraian tugas dan satuan hasil wajib diisi."))
    try:
        with transaction.atomic():
            row = WorkloadTask.objects.create(agency_id=position.agency_id, position=position, year=year, **values)
    except IntegrityError:
        raise InvalidData(_("Tugas dengan uraian yang sama sudah ada pada jabatan dan tahun ini.")) from None
    audit_record(
        actor=actor, action="workforce.task.created", obj=row, changes={k: [None, v] for k, v in values.items()}
    )
    return row


def task_update(*, actor: Any, row: WorkloadTask, version: int | None, **values: Any) -> WorkloadTask:
    clean = {
        "task": str(values["task"]).strip(),
        "output_unit": str(values["output_unit"]).strip(),
        "volume": _clean_number(values["volume"], _("Volume")),
        "minutes": _clean_number(values["minutes"], _("Norma waktu")),
    }
    if not clean["task"] or not clean["output_unit"]:
        raise InvalidData(_("Uraian tugas dan satuan hasil wajib diisi."))
    if (
        WorkloadTask.objects.filter(position_id=row.position_id, year=row.year, task=clean["task"])
        .exclude(pk=row.pk)
        .exists()
    ):
        raise InvalidData(_("Tugas dengan uraian yang sama sudah ada pada jabatan dan tahun ini."))
    return versioned_update(row, actor=actor, action="workforce.task.updated", values=clean, expected_version=version)


@transaction.atomic
def task_delete(*, actor: Any, row: WorkloadTask, version: int | None) -> None:
    deleted, _count = WorkloadTask.objects.filter(
        pk=row.pk, version=version if version is not None else row.version
    ).delete()
    if not deleted:
        from jenjang.core.errors import StaleEdit

        raise StaleEdit()
    audit_record(
        actor=actor,
        action="workforce.task.deleted",
        obj=row,
        changes={"task": [row.task, None], "volume": [str(row.volume), None], "minutes": [str(row.minutes), None]},
    )


# --- import and export --------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    rows: int
    positions: int
    years: list[int]
    errors: list[dict[str, Any]]


def template_bytes(agency_id: int, year: int) -> bytes:
    """The import sheet with one example-free row per active position (ID and name filled in) and a guide."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for position in Position.objects.filter(agency_id=agency_id, is_active=True).order_by("name", "id"):
        sheet.append([year, position.pk, position.name, None, None, None, None])
    guide = workbook.create_sheet("Petunjuk")
    for line in (
        _("Isi satu baris per tugas: uraian tugas, satuan hasil, volume per tahun dan norma waktu (menit)."),
        _("ID jabatan menunjuk jabatan di instansi Anda; Nama jabatan hanya keterangan."),
        _("Untuk setiap jabatan dan tahun di berkas, tugas yang tersimpan diganti seluruhnya dengan baris berkas."),
        _("Semua baris diperiksa lebih dulu: bila ada satu kesalahan, tidak ada yang disimpan."),
        _("Baris tanpa uraian tugas dilewati."),
    ):
        guide.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_rows(agency_id: int, year: int) -> Iterable[list[Any]]:
    qs = (
        WorkloadTask.objects.filter(agency_id=agency_id, year=year)
        .select_related("position")
        .order_by("position__name", "position_id", "id")
    )
    for row in qs.iterator(chunk_size=2000):
        yield [
            row.year,
            row.position_id,
            row.position.name,
            row.task,
            row.output_unit,
            float(row.volume),
            float(row.minutes),
        ]


def _read(content: bytes) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    if not content.startswith(b"PK\x03\x04"):
        raise InvalidData(_("Berkas bukan xlsx yang sah: unggah buku kerja Excel (.xlsx)."), field="file")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise InvalidData(_("Berkas bukan xlsx yang sah: unggah buku kerja Excel (.xlsx)."), field="file") from None
    try:
        if SHEET not in workbook.sheetnames:
            raise InvalidData(_('Lembar "%(sheet)s" tidak ditemukan di berkas.') % {"sheet": SHEET}, field="file")
        rows = workbook[SHEET].iter_rows(values_only=True)
        header = [str(v).strip() if v is not None else "" for v in (next(rows, ()) or ())]
        if tuple(header[: len(HEADERS)]) != HEADERS:
            raise InvalidData(
                _("Judul kolom lembar ABK harus: %(headers)s.") % {"headers": ", ".join(HEADERS)}, field="file"
            )
        out = []
        for number, values in enumerate(rows, start=2):
            cells = list(values)[: len(HEADERS)] + [None] * max(0, len(HEADERS) - len(values))
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
                continue
            out.append((number, cells))
            if len(out) > MAX_IMPORT_ROWS:
                raise InvalidData(_("Paling banyak %(n)s baris per berkas.") % {"n": MAX_IMPORT_ROWS}, field="file")
        return out
    finally:
        workbook.close()


def _number(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def abk_import(
    *,
    actor: Any,
    agency_id: int,
    content: bytes,
    progress: ProgressFn | None = None,
    job_id: Any = None,
    dry_run: bool = False,
) -> ImportResult:
    """Validate every row, then replace the tasks of each (position, year) in the file in one transaction.

    Any error: nothing is written and InvalidData carries every row error (`details["errors"]`). `progress(done,
    total, message)` is told about the rows checked and the steps of the write."""
    report = progress or (lambda done, total, message: None)
    report(0, 1, _("Membaca berkas"))
    rows = _read(content)
    total_rows = len(rows)
    positions = dict(Position.objects.filter(agency_id=agency_id).values_list("pk", "name"))
    errors: list[dict[str, Any]] = []
    clean: list[dict[str, Any]] = []
    seen: dict[tuple[int, int, str], int] = {}

    def error(row: int, column: str, message: str) -> None:
        errors.append({"row": row, "column": column, "message": message})

    for index, (number, (year, position_id, _name, task, output_unit, volume, minutes)) in enumerate(rows, 1):
        if index % 1000 == 0:
            report(index, total_rows, _("Memeriksa baris"))
        task = str(task).strip() if task is not None else ""
        if not task:
            continue
        ok = True
        year_value = _number(year)
        if year_value is None or year_value != year_value.to_integral_value() or not 2000 <= year_value <= 2100:
            error(number, HEADERS[0], _("Tahun harus bilangan bulat 2000–2100."))
            ok = False
        position_value = _number(position_id)
        if position_value is None or int(position_value) not in positions or position_value != int(position_value):
            error(number, HEADERS[1], _("ID jabatan tidak ditemukan di instansi Anda."))
            ok = False
        if len(task) > 255:
            error(number, HEADERS[3], _("Uraian tugas paling panjang 255 karakter."))
            ok = False
        unit_text = str(output_unit).strip() if output_unit is not None else ""
        if not unit_text or len(unit_text) > 100:
            error(number, HEADERS[4], _("Satuan hasil wajib diisi (paling panjang 100 karakter)."))
            ok = False
        numbers = []
        for column, value in ((HEADERS[5], volume), (HEADERS[6], minutes)):
            parsed = _number(value)
            if parsed is None or parsed < 0 or parsed >= Decimal("1e8"):
                error(number, column, _("Harus berupa angka 0 atau lebih."))
                ok = False
            elif parsed != parsed.quantize(Decimal("0.01")):
                error(number, column, _("Paling banyak dua angka desimal."))
                ok = False
            numbers.append(parsed)
        if not ok:
            continue
        key = (int(year_value), int(position_value), task)
        if key in seen:
            error(number, HEADERS[3], _("Tugas yang sama sudah ada di baris %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = number
        clean.append(
            {
                "year": key[0],
                "position_id": key[1],
                "task": task,
                "output_unit": unit_text,
                "volume": numbers[0],
                "minutes": numbers[1],
            }
        )
    if not clean and not errors:
        error(0, "", _("Tidak ada baris tugas di lembar ABK."))
    if errors:
        raise InvalidData(
            _("Berkas memuat %(n)s kesalahan; tidak ada data yang disimpan.") % {"n": len(errors)},
            field="file",
            details={"errors": errors},
        )
    groups = sorted({(r["year"], r["position_id"]) for r in clean})
    if dry_run:
        return ImportResult(
            rows=len(clean), positions=len({p for _, p in groups}), years=sorted({y for y, _ in groups}), errors=[]
        )
    report(total_rows, total_rows, _("Semua baris sah; menyimpan"))
    with transaction.atomic():
        condition = Q()
        for year, position_id in groups:
            condition |= Q(year=year, position_id=position_id)
        previous = {
            (row["year"], row["position_id"]): row["n"]
            for row in WorkloadTask.objects.filter(condition, agency_id=agency_id)
            .values("year", "position_id")
            .annotate(n=Count("id"))
            .order_by()
        }
        WorkloadTask.objects.filter(condition, agency_id=agency_id).delete()
        WorkloadTask.objects.bulk_create([WorkloadTask(agency_id=agency_id, **r) for r in clean], batch_size=2000)
        counts: dict[tuple[int, int], int] = defaultdict(int)
        for r in clean:
            counts[(r["year"], r["position_id"])] += 1
        audit_bulk(
            audit_entry(
                actor=actor,
                action="workforce.tasks.imported",
                agency_id=agency_id,
                object_type="organization.position",
                object_id=position_id,
                object_repr=positions[position_id],
                changes={
                    "year": [year, year],
                    "tasks": [previous.get((year, position_id), 0), counts[(year, position_id)]],
                },
                decision={"job_id": str(job_id)} if job_id else None,
            )
            for year, position_id in groups
        )
    return ImportResult(
        rows=len(clean), positions=len({p for _, p in groups}), years=sorted({y for y, _ in groups}), errors=[]
    )


def position_for(user: Any, pk: Any) -> Position:
    from jenjang.core.access import scoped_get

    return scoped_get(user, Position.objects.select_related("unit"), pk)


def task_for(user: Any, pk: Any) -> WorkloadTask:
    from jenjang.core.access import scoped_get

    row = scoped_get(user, WorkloadTask.objects.select_related("position"), pk)
    if row is None:  # pragma: no cover - scoped_get raises
        raise NotFound()
    return row


# --- import as a background job -----------------------------------------------------------------------------


def require_importer(actor: Any, agency_id: int) -> None:
    """Personnel staff and administrators of the agency; the console operator (`jenjang import abk`) always."""
    from jenjang.core import access
    from jenjang.personnel.importing.services import ConsoleActor

    if isinstance(actor, ConsoleActor):
        return
    access.require(access.can_edit_records(actor) and access.user_may_act_for_agency(actor, agency_id))


def import_submit(
    *,
    actor: Any,
    agency: Any,
    content: bytes,
    filename: str = "",
    dry_run: bool = False,
    runner: str | None = None,
    on_progress: Any = None,
) -> Any:
    """Check the upload is an xlsx at all, store it and start the import job (`workforce.abk_import`), which checks
    every row and writes all or nothing. The same user sending the same file again within a few minutes (a double
    submit) gets the first job back."""
    import hashlib
    import uuid

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from jenjang.jobs.services import job_submit

    require_importer(actor, agency.pk)
    if len(content) > MAX_IMPORT_BYTES:
        raise InvalidData(
            _("Berkas terlalu besar; maksimal %(max)s MB.") % {"max": MAX_IMPORT_BYTES // 1_048_576}, field="file"
        )
    if not content.startswith(b"PK\x03\x04"):
        raise InvalidData(_("Berkas bukan xlsx yang sah: unggah buku kerja Excel (.xlsx)."), field="file")
    digest = hashlib.sha256(content).hexdigest()
    dedupe_key = hashlib.sha256(f"abk|{digest}|{agency.pk}|{dry_run}".encode()).hexdigest()
    path = default_storage.save(f"imports/{agency.pk}/abk-{uuid.uuid4().hex}.xlsx", ContentFile(content))
    job = job_submit(
        actor=actor,
        agency=agency,
        kind=IMPORT_JOB_KIND,
        params={"path": path, "filename": filename[:200], "sha256": digest, "dry_run": dry_run},
        runner=runner,
        dedupe_key=dedupe_key,
        on_progress=on_progress,
    )
    if job.params.get("path") != path:  # a double submit: the earlier job already has the file
        default_storage.delete(path)
    return job


# --- copy forward -------------------------------------------------------------------------------------------


@dataclass
class CopyResult:
    copy: Any
    created: bool


def abk_copy_forward(
    *, actor: Any, agency_id: int, source_year: int, target_year: int, request_key: str = ""
) -> CopyResult:
    """Start `target_year`'s ABK from `source_year`'s: every task (with its output unit, volume and standard time) of
    the agency's active positions, in one transaction, recorded (`AbkCopy`) and audited (`workforce.tasks.copied`).

    Refused with a clear message when the target year already has tasks, the source has none, or the years are the
    same or out of range. Copies for one agency are serialised; the same `request_key` again (a double submit)
    returns the first copy and writes nothing."""
    import uuid

    from jenjang.organization.models import Agency

    from .models import AbkCopy

    require_importer(actor, agency_id)
    for value in (source_year, target_year):
        if not 2000 <= int(value) <= 2100:
            raise InvalidData(_("Tahun harus bilangan bulat 2000–2100."), field="target_year")
    if source_year == target_year:
        raise InvalidData(_("Tahun tujuan harus berbeda dari tahun sumber."), field="target_year")
    key = (request_key or "").strip()[:64] or uuid.uuid4().hex
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency_id).first()  # one copy at a time per agency
        earlier = AbkCopy.objects.filter(agency_id=agency_id, request_key=key).first()
        if earlier is not None:
            return CopyResult(copy=earlier, created=False)
        existing = WorkloadTask.objects.filter(agency_id=agency_id, year=target_year).count()
        if existing:
            raise InvalidData(
                _(
                    "ABK tahun %(year)s sudah berisi %(n)s tugas; penyalinan hanya ke tahun yang masih kosong. "
                    "Ubah tugas tahun itu di halaman jabatan atau lewat impor."
                )
                % {"year": target_year, "n": existing},
                field="target_year",
            )
        source = list(
            WorkloadTask.objects.filter(agency_id=agency_id, year=source_year)
            .values("position_id", "position__is_active", "task", "output_unit", "volume", "minutes")
            .order_by("position_id", "id")
        )
        if not source:
            raise InvalidData(
                _("ABK tahun %(year)s belum berisi tugas; tidak ada yang disalin.") % {"year": source_year},
                field="source_year",
            )
        kept = [r for r in source if r["position__is_active"]]
        skipped = {r["position_id"] for r in source if not r["position__is_active"]}
        WorkloadTask.objects.bulk_create(
            [
                WorkloadTask(
                    agency_id=agency_id,
                    year=target_year,
                    position_id=r["position_id"],
                    task=r["task"],
                    output_unit=r["output_unit"],
                    volume=r["volume"],
                    minutes=r["minutes"],
                )
                for r in kept
            ],
            batch_size=2000,
        )
        copy = AbkCopy.objects.create(
            agency_id=agency_id,
            source_year=source_year,
            target_year=target_year,
            tasks=len(kept),
            positions=len({r["position_id"] for r in kept}),
            skipped_positions=len(skipped),
            request_key=key,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="workforce.tasks.copied",
            obj=copy,
            changes={
                "year": [source_year, target_year],
                "tasks": [0, copy.tasks],
                "positions": [0, copy.positions],
                "skipped_inactive_positions": [None, copy.skipped_positions],
            },
        )
    return CopyResult(copy=copy, created=True)
