"""Spreadsheets of the talent app: assessment and standard imports (all-or-nothing) and exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from jenjang.core.audit import audit_record
from jenjang.core.errors import InvalidData
from jenjang.core.services import create_once
from jenjang.core.xlsx import xlsx_response
from jenjang.domain.vocab import COMPETENCIES
from jenjang.organization.models import Agency, Position
from jenjang.personnel.models import Employee

from . import services
from .models import Assessment, AssessmentMethod, ImportKind, Placement, Standard, TalentImport
from .selectors import parameters_for, standards_for_positions

MAX_ROWS = 20_000
ASSESSMENT_HEADERS = ["nip", "tanggal", "metode", "asesor", *COMPETENCIES, "potensial"]
STANDARD_HEADERS = ["kode_jabatan", "id_jabatan", "nama_jabatan", *COMPETENCIES]


def _rows(upload: Any) -> list[tuple[Any, ...]]:
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise InvalidData(_("Berkas bukan xlsx yang dapat dibaca.")) from None
    sheet = workbook.worksheets[0]
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True) if any(v not in (None, "") for v in row)]
    if len(rows) > MAX_ROWS + 1:
        raise InvalidData(_("Berkas terlalu besar: paling banyak %(n)s baris.") % {"n": MAX_ROWS})
    return rows


def _header(rows: list[tuple[Any, ...]], expected: list[str]) -> dict[str, int]:
    if not rows:
        raise InvalidData(_("Berkas kosong."))
    header = [str(v or "").strip().lower() for v in rows[0]]
    missing = [h for h in expected if h not in header]
    if missing:
        raise InvalidData(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
    return {h: header.index(h) for h in expected}


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def assessments_import(*, actor: Any, agency: Agency, upload: Any) -> int:
    """Every row or none: all rows are checked first; any error lists the row numbers and writes nothing."""
    rows = _rows(upload)
    col = _header(rows, ASSESSMENT_HEADERS)
    nips = [str(r[col["nip"]] or "").strip() for r in rows[1:]]
    people = dict(Employee.objects.filter(agency=agency, nip__in=nips).values_list("nip", "pk"))
    errors: list[str] = []
    parsed = []
    seen: set[tuple[str, Any, str]] = set()
    for number, row in enumerate(rows[1:], start=2):
        nip = str(row[col["nip"]] or "").strip()
        day = _as_date(row[col["tanggal"]])
        method = str(row[col["metode"]] or "").strip().upper()
        try:
            if nip not in people:
                raise InvalidData(_("NIP %(nip)s bukan pegawai instansi ini.") % {"nip": nip})
            if day is None:
                raise InvalidData(_("Tanggal tidak valid (format YYYY-MM-DD)."))
            if method not in AssessmentMethod.values:
                raise InvalidData(_("Metode asesmen tidak dikenal."))
            if (nip, day, method) in seen:
                raise InvalidData(_("Baris ganda untuk pegawai, tanggal dan metode yang sama."))
            seen.add((nip, day, method))
            levels = services.clean_levels({c: row[col[c]] for c in COMPETENCIES}, agency.pk, require_all_nine=True)
            score = services.clean_potential(row[col["potensial"]])
        except InvalidData as error:
            errors.append(_("Baris %(n)s: %(msg)s") % {"n": number, "msg": error.message})
            continue
        parsed.append((people[nip], day, method, str(row[col["asesor"]] or "").strip(), levels, score))
    if errors:
        raise InvalidData(
            _("Tidak ada yang diimpor. ") + " ".join(errors[:20]),
            field="file",
            details={"rows": [str(e) for e in errors]},
        )
    with transaction.atomic():
        existing = set(
            Assessment.objects.filter(employee_id__in=[p[0] for p in parsed]).values_list(
                "employee_id", "assessed_on", "method"
            )
        )
        dupes = [number for number, p in enumerate(parsed, start=2) if (p[0], p[1], p[2]) in existing]
        if dupes:
            raise InvalidData(
                _("Tidak ada yang diimpor: %(n)s baris sudah tercatat (pegawai, tanggal dan metode sama).")
                % {"n": len(dupes)},
                field="file",
                details={"rows": [_("Baris %(n)s: sudah tercatat.") % {"n": n} for n in dupes]},
            )
        Assessment.objects.bulk_create(
            [
                Assessment(
                    agency=agency,
                    employee_id=employee_id,
                    assessed_on=day,
                    method=method,
                    assessor=assessor[:200],
                    levels=levels,
                    potential_score=score,
                    current=False,
                    created_by=actor,
                )
                for employee_id, day, method, assessor, levels, score in parsed
            ],
            batch_size=2000,
        )
        services._refresh_current(list({p[0] for p in parsed}))
        audit_record(
            actor=actor,
            action="talent.assessment.import",
            agency_id=agency.pk,
            object_type="talent.assessment",
            object_repr=f"{len(parsed)} rows",
            changes={"rows": len(parsed)},
        )
    return len(parsed)


def import_once(*, form_key: str, actor: Any, agency: Agency, kind: str, upload: Any) -> tuple[TalentImport, bool]:
    """Import a file all-or-nothing and record the import. A repeat of the same one-time key by the same user (a
    double submit, a client's retry) returns the first import (False) and writes nothing; so does the twin of a
    concurrent request, whose writes are rolled back with it."""
    importer = assessments_import if kind == ImportKind.ASSESSMENTS else standards_import

    def create() -> TalentImport:
        rows = importer(actor=actor, agency=agency, upload=upload)
        signed_in = getattr(actor, "is_authenticated", False)
        return TalentImport.objects.create(agency=agency, kind=kind, rows=rows, created_by=actor if signed_in else None)

    return create_once(TalentImport, form_key=form_key, actor=actor, create=create)


def assessment_template() -> FileResponse:
    return xlsx_response("templat-asesmen.xlsx", [(_("Asesmen"), ASSESSMENT_HEADERS, [])])


def standards_export(agency: Agency) -> FileResponse:
    params = parameters_for(agency.pk)
    positions = list(Position.objects.filter(agency=agency, is_active=True).order_by("name", "pk"))
    found = standards_for_positions([(p.pk, p.level) for p in positions], timezone.localdate(), params)
    rows = ([p.code, p.pk, p.name, *[found[p.pk][c] for c in COMPETENCIES]] for p in positions)
    return xlsx_response("standar-kompetensi-jabatan.xlsx", [(_("SKJ"), STANDARD_HEADERS, rows)])


def standards_import(*, actor: Any, agency: Agency, upload: Any) -> int:
    """All-or-nothing: rows by id_jabatan (of this agency); every level checked before any write."""
    rows = _rows(upload)
    col = _header(rows, STANDARD_HEADERS)
    positions = {p.pk: p for p in Position.objects.filter(agency=agency)}
    errors: list[str] = []
    parsed: list[tuple[Position, dict[str, int]]] = []
    for number, row in enumerate(rows[1:], start=2):
        raw = row[col["id_jabatan"]]
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            pk = -1
        if pk not in positions:
            errors.append(_("Baris %(n)s: jabatan %(id)s bukan jabatan instansi ini.") % {"n": number, "id": raw})
            continue
        try:
            levels = services.clean_levels({c: row[col[c]] for c in COMPETENCIES}, agency.pk, require_all_nine=True)
        except InvalidData as error:
            errors.append(_("Baris %(n)s: %(msg)s") % {"n": number, "msg": error.message})
            continue
        parsed.append((positions[pk], levels))
    if errors:
        raise InvalidData(
            _("Tidak ada yang diimpor. ") + " ".join(str(e) for e in errors[:20]),
            field="file",
            details={"rows": [str(e) for e in errors]},
        )
    with transaction.atomic():
        for position, levels in parsed:
            services.standards_set(actor=actor, position=position, levels=levels, reason=_("Impor xlsx"))
    return len(parsed)


def placements_export(agency: Agency, year: int) -> FileResponse:
    rows = (
        Placement.objects.filter(agency=agency, year=year)
        .select_related("employee", "employee__position")
        .order_by("-box", "employee__name")
        .iterator(chunk_size=2000)
    )
    headers = [
        _("NIP"),
        _("Nama"),
        _("Jabatan"),
        _("Kinerja"),
        _("Potensial"),
        "JPM",
        _("Nilai potensial"),
        _("Nilai gabungan"),
        _("Kotak hasil pemetaan"),
        _("Kotak"),
    ]
    data = (
        (
            p.employee.nip,
            p.employee.name,
            p.employee.position.name if p.employee.position_id else "",
            p.get_performance_display(),
            p.get_potential_display(),
            float(p.jpm) if p.jpm is not None else None,
            float(p.potential_score) if p.potential_score is not None else None,
            float(p.potential_value),
            p.computed_box,
            p.box,
        )
        for p in rows
    )
    return xlsx_response(f"peta-talenta-{year}.xlsx", [(str(year), headers, data)])


__all__ = ["Standard"]
