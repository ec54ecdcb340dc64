"""Self-service corrections: an employee proposes a change to their own record with a reason and a supporting
document; personnel staff of the agency apply it (through `employee_update`, so the audit log shows the change
and the request that justified it) or reject it with a reason. A request is decided once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jenjang.core import access
from jenjang.core.audit import audit_record, jsonable
from jenjang.core.errors import InvalidData
from jenjang.domain.vocab import EDUCATION

from . import services
from .models import CorrectionRequest, CorrectionStatus, DocumentType, Employee, Gender

# The fields an employee may ask to correct, with their labels (the whitelist).
CORRECTABLE_FIELDS: dict[str, Any] = {
    "name": gettext_lazy("Nama"),
    "front_title": gettext_lazy("Gelar depan"),
    "back_title": gettext_lazy("Gelar belakang"),
    "birth_place": gettext_lazy("Tempat lahir"),
    "birth_date": gettext_lazy("Tanggal lahir"),
    "gender": gettext_lazy("Jenis kelamin"),
    "education": gettext_lazy("Pendidikan terakhir"),
    "email": gettext_lazy("Surel"),
    "phone": gettext_lazy("Telepon"),
}
# Contact details need no supporting document; everything else does.
DOCUMENT_OPTIONAL = frozenset({"email", "phone"})


def parse_value(field: str, raw: str) -> Any:
    """The proposed text as the field's value, or InvalidData saying what is wrong."""
    if field not in CORRECTABLE_FIELDS:
        raise InvalidData(_("Data ini tidak dapat dikoreksi melalui usulan."), field="field")
    value = (raw or "").strip()
    if not value and field not in ("front_title", "back_title", "phone"):
        raise InvalidData(_("Nilai yang diusulkan wajib diisi."), field="proposed_value")
    if field == "birth_date":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidData(_("Tanggal tidak sah; tulis TTTT-BB-HH."), field="proposed_value") from None
    if field == "gender":
        code = value.upper()
        if code not in Gender.values:
            raise InvalidData(_("Jenis kelamin harus M atau F."), field="proposed_value")
        return code
    if field == "education":
        code = value.upper()
        if code not in EDUCATION:
            raise InvalidData(
                _("Jenjang pendidikan tidak dikenal; pilih salah satu: %(codes)s.") % {"codes": ", ".join(EDUCATION)},
                field="proposed_value",
            )
        return code
    if field == "email":
        try:
            validate_email(value)
        except ValidationError:
            raise InvalidData(_("Alamat surel tidak sah."), field="proposed_value") from None
    max_length = Employee._meta.get_field(field).max_length
    if max_length and len(value) > max_length:
        raise InvalidData(
            _("Nilai terlalu panjang (maksimal %(max)s karakter).") % {"max": max_length}, field="proposed_value"
        )
    return value


@transaction.atomic
def correction_propose(
    *,
    actor: Any,
    employee: Employee,
    field: str,
    proposed_value: str,
    reason: str,
    upload: UploadedFile | None = None,
    doc_type: str = DocumentType.OTHER,
) -> CorrectionRequest:
    """An employee's proposal to correct their own record."""
    access.require(access.can_propose_correction(actor, employee))
    value = parse_value(field, proposed_value)
    if not reason.strip():
        raise InvalidData(_("Alasan wajib diisi."), field="reason")
    current = getattr(employee, field)
    if jsonable(current) == jsonable(value):
        raise InvalidData(_("Nilai yang diusulkan sama dengan data sekarang."), field="proposed_value")
    if field in ("birth_date", "gender"):
        birth_date = value if field == "birth_date" else employee.birth_date
        gender = value if field == "gender" else employee.gender
        problems = services.nip_problems(employee.nip, birth_date, gender)
        if problems:
            raise InvalidData(
                _("Nilai ini tidak cocok dengan NIP: %(reasons)s") % {"reasons": "; ".join(problems)},
                field="proposed_value",
            )
    if upload is None and field not in DOCUMENT_OPTIONAL:
        raise InvalidData(_("Dokumen pendukung wajib dilampirkan."), field="document")
    document = None
    if upload is not None:
        document = services.document_upload(
            actor=actor,
            employee=employee,
            upload=upload,
            doc_type=doc_type,
            title=_("Pendukung koreksi %(field)s") % {"field": CORRECTABLE_FIELDS[field]},
            own=True,
        )
    request = CorrectionRequest.objects.create(
        employee=employee,
        field=field,
        current_value="" if current is None else str(jsonable(current)),
        proposed_value=str(jsonable(value)),
        reason=reason.strip(),
        document=document,
        submitted_by=actor,
    )
    audit_record(
        actor=actor,
        action="personnel.correction.proposed",
        obj=request,
        employee_id=employee.pk,
        agency_id=employee.agency_id,
        object_repr=f"{employee.nip} {field}",
        changes={field: [request.current_value, request.proposed_value]},
        reason=request.reason,
    )
    return request


def _lock_pending(actor: Any, request: CorrectionRequest) -> CorrectionRequest:
    """The request, locked, if this actor may decide it and nobody has yet."""
    locked = CorrectionRequest.objects.select_for_update().select_related("employee").get(pk=request.pk)
    access.require(access.can_edit_records(actor) and access.user_may_act_for_agency(actor, locked.employee.agency_id))
    if locked.status != CorrectionStatus.PENDING:
        raise InvalidData(
            _("Usulan ini sudah diputuskan (%(status)s).") % {"status": locked.get_status_display()}, field="status"
        )
    return locked


@transaction.atomic
def correction_apply(*, actor: Any, request: CorrectionRequest, reason: str = "") -> CorrectionRequest:
    """Apply the proposed value to the employee's record (audited with the request's reason and id)."""
    locked = _lock_pending(actor, request)
    employee = locked.employee
    value = parse_value(locked.field, locked.proposed_value)
    note = _("Koreksi data atas usulan #%(id)s: %(reason)s") % {"id": locked.pk, "reason": locked.reason}
    services.employee_update(
        actor=actor, employee=employee, data={locked.field: value}, expected_version=None, reason=note
    )
    return _decide(actor, locked, CorrectionStatus.APPLIED, reason.strip(), "personnel.correction.applied")


@transaction.atomic
def correction_reject(*, actor: Any, request: CorrectionRequest, reason: str) -> CorrectionRequest:
    """Refuse the request; the reason is required and shown to the employee."""
    if not (reason or "").strip():
        raise InvalidData(_("Alasan penolakan wajib diisi."), field="reason")
    locked = _lock_pending(actor, request)
    return _decide(actor, locked, CorrectionStatus.REJECTED, reason.strip(), "personnel.correction.rejected")


def _decide(actor: Any, locked: CorrectionRequest, status: str, reason: str, action: str) -> CorrectionRequest:
    old_status = locked.status
    locked.status = status
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_reason = reason
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_record(
        actor=actor,
        action=action,
        obj=locked,
        employee_id=locked.employee_id,
        agency_id=locked.employee.agency_id,
        object_repr=f"{locked.employee.nip} {locked.field}",
        changes={"status": [old_status, status]},
        reason=reason,
    )
    return locked
