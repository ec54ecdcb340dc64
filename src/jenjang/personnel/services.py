"""Writes to personnel records. Each function owns its transaction, checks access, writes the audit log.

Views, API classes, imports and commands call these; none of them saves an Employee or a history row itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core import access
from jenjang.core.audit import audit_record, jsonable
from jenjang.core.errors import InvalidData
from jenjang.core.services import versioned_update
from jenjang.domain.parameters import default_parameters
from jenjang.domain.personnel.nip import check_nip
from jenjang.organization.models import Agency, Position, Unit

from .models import (
    AwardHistory,
    Document,
    EducationHistory,
    Employee,
    PerformanceHistory,
    PositionHistory,
    RankHistory,
    SalaryIncrementHistory,
    SanctionHistory,
    TrainingHistory,
)

EMPLOYEE_FIELDS = (
    "nip", "name", "front_title", "back_title", "birth_date", "birth_place", "gender", "employment_type",
    "appointment_date", "pns_date", "rank", "rank_since", "pppk_grade", "education", "position", "position_since",
    "unit", "occupation", "status", "last_salary_increment", "email", "phone",
)  # fmt: skip
IMMUTABLE_FIELDS = ("nip", "agency")

EDUCATION_ORDER = {e: i for i, e in enumerate(("SD", "SLTP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"))}


def today() -> dt.date:
    return timezone.localdate()


def nip_check(
    nip: str, birth_date: dt.date | None, gender: str | None, on: dt.date | None = None
) -> tuple[list[str], str | None]:
    """By the `nip` rule: the human reasons why a NIP is not acceptable (empty when it is) and its kind (PNS/PPPK)."""
    decision = check_nip(nip, on or today(), default_parameters(), birth_date=birth_date, gender=gender)
    if decision.result["valid"]:
        return [], decision.result["kind"]
    from django.utils.translation import get_language

    return [reason.render(get_language() or "id") for reason in decision.reasons], decision.result.get("kind")


def nip_problems(nip: str, birth_date: dt.date | None, gender: str | None) -> list[str]:
    """Human reasons why a NIP is not acceptable (empty when it is), by the `nip` rule."""
    return nip_check(nip, birth_date, gender)[0]


def _check_nip(nip: str, birth_date: dt.date | None, gender: str | None) -> None:
    problems = nip_problems(nip, birth_date, gender)
    if problems:
        raise InvalidData(_("NIP tidak sah: %(reasons)s") % {"reasons": "; ".join(problems)}, field="nip")


def _check_same_agency(agency_id: int, **related: Any) -> None:
    for field, obj in related.items():
        if obj is not None and getattr(obj, "agency_id", agency_id) != agency_id:
            raise InvalidData(_("%(field)s bukan milik instansi ini.") % {"field": field}, field=field)


def _require_editor(actor: Any, agency_id: int) -> None:
    access.require(access.can_edit_records(actor) and access.user_may_act_for_agency(actor, agency_id))


@transaction.atomic
def employee_create(*, actor: Any, agency: Agency, data: Mapping[str, Any]) -> Employee:
    _require_editor(actor, agency.pk)
    values = {k: v for k, v in data.items() if k in EMPLOYEE_FIELDS}
    _check_nip(values.get("nip", ""), values.get("birth_date"), values.get("gender"))
    _check_same_agency(agency.pk, unit=values.get("unit"), position=values.get("position"))
    if Employee.objects.filter(nip=values["nip"]).exists():
        raise InvalidData(_("NIP %(nip)s sudah terdaftar.") % {"nip": values["nip"]}, field="nip")
    try:
        with transaction.atomic():
            employee = Employee.objects.create(agency=agency, **values)
    except IntegrityError:
        raise InvalidData(_("NIP %(nip)s sudah terdaftar.") % {"nip": values["nip"]}, field="nip") from None
    audit_record(
        actor=actor,
        action="personnel.employee.created",
        obj=employee,
        changes={k: [None, jsonable(v)] for k, v in values.items() if v not in (None, "")},
    )
    return employee


def employee_update(
    *, actor: Any, employee: Employee, data: Mapping[str, Any], expected_version: int | None, reason: str = ""
) -> Employee:
    """Edit an employee's current data. NIP and agency never change; a stale version is refused."""
    _require_editor(actor, employee.agency_id)
    for field in IMMUTABLE_FIELDS:
        if field in data and jsonable(data[field]) != jsonable(getattr(employee, field)):
            raise InvalidData(_("%(field)s tidak dapat diubah.") % {"field": field}, field=field)
    values = {k: v for k, v in data.items() if k in EMPLOYEE_FIELDS and k not in IMMUTABLE_FIELDS}
    _check_same_agency(employee.agency_id, unit=values.get("unit"), position=values.get("position"))
    if "birth_date" in values or "gender" in values:
        _check_nip(employee.nip, values.get("birth_date", employee.birth_date), values.get("gender", employee.gender))
    return versioned_update(
        employee,
        actor=actor,
        action="personnel.employee.updated",
        values=values,
        expected_version=expected_version,
        reason=reason,
    )


# --- histories -------------------------------------------------------------------------------------------

HISTORY_MODELS: dict[str, type[models.Model]] = {
    "rank": RankHistory,
    "position": PositionHistory,
    "education": EducationHistory,
    "training": TrainingHistory,
    "performance": PerformanceHistory,
    "award": AwardHistory,
    "sanction": SanctionHistory,
    "salary": SalaryIncrementHistory,
}


def _current_state_from_history(kind: str, employee: Employee, row: models.Model) -> dict[str, Any]:
    """The current-state fields a new history row moves forward (only when it is the latest of its kind)."""
    if kind == "rank":
        if employee.rank_since is None or row.effective_date >= employee.rank_since:  # type: ignore[attr-defined]
            return {"rank": row.rank, "rank_since": row.effective_date}  # type: ignore[attr-defined]
    elif kind == "position":
        if row.end_date is None and (  # type: ignore[attr-defined]
            employee.position_since is None or row.start_date >= employee.position_since  # type: ignore[attr-defined]
        ):
            values: dict[str, Any] = {"position_since": row.start_date}  # type: ignore[attr-defined]
            if row.position_id:  # type: ignore[attr-defined]
                values["position"] = row.position  # type: ignore[attr-defined]
                if row.position.unit_id:  # type: ignore[attr-defined]
                    values["unit"] = row.position.unit  # type: ignore[attr-defined]
            return values
    elif kind == "education":
        if EDUCATION_ORDER[row.level] > EDUCATION_ORDER.get(employee.education, -1):  # type: ignore[attr-defined]
            return {"education": row.level}  # type: ignore[attr-defined]
    elif kind == "salary":
        if employee.last_salary_increment is None or row.effective_date >= employee.last_salary_increment:  # type: ignore[attr-defined]
            return {"last_salary_increment": row.effective_date}  # type: ignore[attr-defined]
    return {}


@transaction.atomic
def history_add(*, actor: Any, employee: Employee, kind: str, data: Mapping[str, Any]) -> models.Model:
    """Add a dated history row; when it is the newest of its kind the employee's current state follows.

    A new open position row closes the previous open one the day before it starts.
    """
    _require_editor(actor, employee.agency_id)
    model = HISTORY_MODELS[kind]
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if kind == "position":
        position = data.get("position")
        _check_same_agency(employee.agency_id, position=position)
        if position is not None and not data.get("position_name"):
            data = {
                **data,
                "position_name": position.name,
                "level": position.level,
                "unit_name": position.unit.name if position.unit_id else "",
            }
    if kind == "performance" and PerformanceHistory.objects.filter(employee=employee, year=data["year"]).exists():
        raise InvalidData(_("Predikat kinerja tahun %(year)s sudah tercatat.") % {"year": data["year"]}, field="year")
    row = model(employee=employee, **data)
    row.full_clean(exclude=["employee"])
    if kind == "position" and row.end_date is None:  # type: ignore[attr-defined]
        PositionHistory.objects.filter(employee=employee, end_date__isnull=True, start_date__lt=row.start_date).update(  # type: ignore[attr-defined]
            end_date=row.start_date - dt.timedelta(days=1)  # type: ignore[attr-defined]
        )
    row.save()
    audit_record(
        actor=actor,
        action=f"personnel.{model._meta.model_name}.created",
        obj=row,
        employee_id=employee.pk,
        agency_id=employee.agency_id,
        object_repr=f"{employee.nip} {model._meta.verbose_name}",
        changes={k: [None, jsonable(v)] for k, v in data.items()},
    )
    follow = _current_state_from_history(kind, employee, row)
    if follow:
        versioned_update(
            employee,
            actor=actor,
            action="personnel.employee.updated",
            values=follow,
            expected_version=employee.version,
            reason=_("Mengikuti riwayat %(kind)s terbaru") % {"kind": model._meta.verbose_name},
        )
    return row


@transaction.atomic
def history_delete(*, actor: Any, row: models.Model, reason: str) -> None:
    employee: Employee = row.employee  # type: ignore[attr-defined]
    _require_editor(actor, employee.agency_id)
    if not reason.strip():
        raise InvalidData(_("Alasan penghapusan wajib diisi."), field="reason")
    snapshot = {f.name: jsonable(getattr(row, f.attname)) for f in row._meta.concrete_fields if f.name != "id"}
    audit_record(
        actor=actor,
        action=f"personnel.{row._meta.model_name}.deleted",
        obj=row,
        employee_id=employee.pk,
        agency_id=employee.agency_id,
        object_repr=f"{employee.nip} {row._meta.verbose_name}",
        changes={k: [v, None] for k, v in snapshot.items()},
        reason=reason,
    )
    row.delete()


# --- documents -------------------------------------------------------------------------------------------

MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}


def sniff_content_type(head: bytes) -> str | None:
    for content_type, signatures in MAGIC.items():
        if any(head.startswith(signature) for signature in signatures):
            return content_type
    return None


def validate_document(upload: UploadedFile, *, max_bytes: int | None = None) -> str:
    """The file's real type (by its first bytes, not its name), or InvalidData naming what is wrong. `max_bytes`
    defaults to settings.DOCUMENT_MAX_BYTES."""
    limit = settings.DOCUMENT_MAX_BYTES if max_bytes is None else max_bytes
    if upload.size is None or upload.size == 0:
        raise InvalidData(_("Berkas kosong."), field="file")
    if upload.size > limit:
        raise InvalidData(
            _("Berkas terlalu besar (%(size)s MB); maksimal %(max)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "max": limit // 1_048_576},
            field="file",
        )
    upload.seek(0)
    content_type = sniff_content_type(upload.read(16))
    upload.seek(0)
    if content_type not in settings.DOCUMENT_CONTENT_TYPES:
        raise InvalidData(_("Jenis berkas tidak diterima: hanya PDF, JPEG atau PNG."), field="file")
    return content_type


@transaction.atomic
def document_upload(
    *, actor: Any, employee: Employee, upload: UploadedFile, doc_type: str, title: str = "", own: bool = False
) -> Document:
    """Store a scanned document. Personnel staff upload to any record of their agency; with own=True an
    employee uploads to their own record (a correction's supporting document)."""
    if own:
        access.require(access.is_own_record(actor, employee))
    else:
        _require_editor(actor, employee.agency_id)
    content_type = validate_document(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document(
        employee=employee,
        doc_type=doc_type,
        title=title,
        original_name=(upload.name or "dokumen")[:255],
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    document.file.save(document.sha256, upload, save=False)
    document.save()
    audit_record(
        actor=actor,
        action="personnel.document.uploaded",
        obj=document,
        employee_id=employee.pk,
        agency_id=employee.agency_id,
        changes={
            "doc_type": [None, doc_type],
            "original_name": [None, document.original_name],
            "size": [None, document.size],
        },
    )
    return document


def unit_position_for_agency(
    agency_id: int, unit_id: Any = None, position_id: Any = None
) -> tuple[Unit | None, Position | None]:
    unit = Unit.objects.filter(agency_id=agency_id, pk=unit_id).first() if unit_id else None
    position = Position.objects.filter(agency_id=agency_id, pk=position_id).first() if position_id else None
    return unit, position
