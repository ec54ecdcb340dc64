"""Writes of the talent app. Every change is audited and happens in one transaction; bad input raises InvalidData
with a translated message and writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import audit_record
from jenjang.core.errors import InvalidData, StaleEdit
from jenjang.core.services import create_once, versioned_update
from jenjang.domain.vocab import COMPETENCIES
from jenjang.organization.models import Agency, Position
from jenjang.personnel.models import Employee

from .models import (
    Assessment,
    AssessmentMethod,
    BoxMove,
    Competency,
    CompetencyKind,
    CompetencyLevel,
    Impact,
    KeyPosition,
    Placement,
    Readiness,
    Standard,
    Successor,
    TalentReview,
)


def _level(value: Any, field: str) -> int:
    try:
        level = int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidData(_("Level harus bilangan bulat 1-5."), field=field) from None
    if str(value).strip() not in {str(level), f"{level}.0"} or not 1 <= level <= 5:
        raise InvalidData(_("Level harus bilangan bulat 1-5."), field=field)
    return level


def agency_codes(agency_id: int) -> dict[str, Competency]:
    """code -> competency for the national nine and the agency's technical competencies."""
    from django.db.models import Q

    rows = Competency.objects.filter(Q(agency__isnull=True) | Q(agency_id=agency_id), is_active=True)
    return {c.code: c for c in rows}


def clean_levels(levels: Mapping[str, Any], agency_id: int, *, require_all_nine: bool) -> dict[str, int]:
    known = agency_codes(agency_id)
    out: dict[str, int] = {}
    for code, value in levels.items():
        if value in (None, ""):
            continue
        if code not in known:
            raise InvalidData(_("Kompetensi %(code)s tidak dikenal.") % {"code": code}, field=code)
        out[code] = _level(value, code)
    if require_all_nine:
        missing = [c for c in COMPETENCIES if c not in out]
        if missing:
            raise InvalidData(
                _("Level wajib diisi untuk kesembilan kompetensi manajerial dan sosial kultural: %(codes)s kosong.")
                % {"codes": ", ".join(missing)},
                field=missing[0],
            )
    return out


def clean_potential(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise InvalidData(_("Nilai potensial harus angka 0-100."), field="potential_score") from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise InvalidData(_("Nilai potensial harus angka 0-100."), field="potential_score")
    return number.quantize(Decimal("0.01"))


def _refresh_current(employee_ids: list[int]) -> None:
    """Mark each employee's latest assessment (by date, then id) as current, and only that one."""
    latest: dict[int, int] = {}
    for pk, employee_id in (
        Assessment.objects.filter(employee_id__in=employee_ids)
        .order_by("employee_id", "-assessed_on", "-id")
        .values_list("pk", "employee_id")
    ):
        latest.setdefault(employee_id, pk)
    Assessment.objects.filter(employee_id__in=employee_ids, current=True).exclude(pk__in=latest.values()).update(
        current=False
    )
    Assessment.objects.filter(pk__in=latest.values(), current=False).update(current=True)


@transaction.atomic
def assessment_record(
    *,
    actor: Any,
    employee: Employee,
    assessed_on: dt.date,
    method: str,
    levels: Mapping[str, Any],
    potential_score: Any = None,
    assessor: str = "",
    note: str = "",
) -> Assessment:
    """Record one assessment result; the newest by date becomes the employee's current one (history is kept)."""
    if method not in AssessmentMethod.values:
        raise InvalidData(_("Metode asesmen tidak dikenal."), field="method")
    if assessed_on is None:
        raise InvalidData(_("Tanggal asesmen wajib diisi."), field="assessed_on")
    clean = clean_levels(levels, employee.agency_id, require_all_nine=True)
    score = clean_potential(potential_score)
    Employee.objects.select_for_update().filter(pk=employee.pk).first()  # one writer per employee at a time
    if Assessment.objects.filter(employee=employee, assessed_on=assessed_on, method=method).exists():
        raise InvalidData(
            _("Hasil asesmen %(method)s pada tanggal ini sudah tercatat untuk pegawai ini.") % {"method": method},
            field="assessed_on",
        )
    assessment = Assessment.objects.create(
        agency_id=employee.agency_id,
        employee=employee,
        assessed_on=assessed_on,
        method=method,
        assessor=assessor.strip()[:200],
        levels=clean,
        potential_score=score,
        note=note.strip(),
        current=False,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _refresh_current([employee.pk])
    assessment.refresh_from_db()
    audit_record(
        actor=actor,
        action="talent.assessment.create",
        obj=assessment,
        employee_id=employee.pk,
        agency_id=employee.agency_id,
        changes={"levels": clean, "potential_score": score, "method": method, "assessed_on": assessed_on},
    )
    return assessment


@transaction.atomic
def standards_set(*, actor: Any, position: Position, levels: Mapping[str, Any], reason: str = "") -> dict[str, int]:
    """Set the SKJ levels of a position (codes absent or empty keep their current value)."""
    clean = clean_levels(levels, position.agency_id, require_all_nine=False)
    known = agency_codes(position.agency_id)
    before = dict(Standard.objects.filter(position=position).values_list("competency__code", "level"))
    Standard.objects.bulk_create(
        [
            Standard(agency_id=position.agency_id, position=position, competency=known[code], level=level)
            for code, level in clean.items()
        ],
        update_conflicts=True,
        unique_fields=["position", "competency"],
        update_fields=["level", "updated_at"],
    )
    changes = {code: [before.get(code), level] for code, level in clean.items() if before.get(code) != level}
    if changes:
        audit_record(actor=actor, action="talent.standard.set", obj=position, changes=changes, reason=reason)
    return clean


@transaction.atomic
def technical_competency_create(
    *,
    actor: Any,
    agency: Agency,
    code: str,
    family: str,
    name_id: str,
    name_en: str = "",
    levels: Mapping[int, tuple[str, str]] | None = None,
) -> Competency:
    """A technical competency of a position family, with up to five level descriptions."""
    code = code.strip().lower()
    if not code or not name_id.strip() or not family.strip():
        raise InvalidData(_("Kode, nama dan rumpun jabatan wajib diisi."), field="code")
    if code in COMPETENCIES or Competency.objects.filter(agency=agency, code=code).exists():
        raise InvalidData(_("Kode kompetensi %(code)s sudah dipakai.") % {"code": code}, field="code")
    try:
        competency = Competency.objects.create(
            agency=agency,
            code=code[:40],
            kind=CompetencyKind.TECHNICAL,
            family=family.strip()[:100],
            name_id=name_id.strip()[:150],
            name_en=name_en.strip()[:150],
        )
    except IntegrityError:
        raise InvalidData(_("Kode kompetensi %(code)s sudah dipakai.") % {"code": code}, field="code") from None
    CompetencyLevel.objects.bulk_create(
        [
            CompetencyLevel(competency=competency, level=level, description_id=text_id, description_en=text_en)
            for level, (text_id, text_en) in sorted((levels or {}).items())
            if 1 <= level <= 5 and text_id.strip()
        ]
    )
    audit_record(
        actor=actor,
        action="talent.competency.create",
        obj=competency,
        agency_id=agency.pk,
        changes={"code": code, "family": family, "name_id": name_id},
    )
    return competency


@transaction.atomic
def technical_competency_update(
    *,
    actor: Any,
    competency: Competency,
    expected_version: int | None,
    family: str,
    name_id: str,
    name_en: str = "",
    levels: Mapping[int, tuple[str, str]] | None = None,
    is_active: bool = True,
) -> Competency:
    """Change an agency's technical competency: family, names, the five level descriptions (an empty one is
    removed) and whether it is in use (a retired competency leaves the dictionary; standards and assessments that
    name it keep their history). The code stays (assessments and standards refer to it). Optimistic locking on
    `version` (a stale edit writes nothing); one audit row with the old and new values."""
    current = Competency.objects.select_for_update().get(pk=competency.pk)
    if current.kind != CompetencyKind.TECHNICAL or current.agency_id is None:
        raise InvalidData(_("Hanya kompetensi teknis instansi yang dapat diubah."))
    if expected_version is not None and expected_version != current.version:
        raise StaleEdit()
    if not name_id.strip() or not family.strip():
        raise InvalidData(_("Nama dan rumpun jabatan wajib diisi."), field="name_id")
    values = {
        "family": family.strip()[:100],
        "name_id": name_id.strip()[:150],
        "name_en": name_en.strip()[:150],
        "is_active": bool(is_active),
    }
    changes: dict[str, Any] = {k: [getattr(current, k), v] for k, v in values.items() if getattr(current, k) != v}
    before = {lvl.level: (lvl.description_id, lvl.description_en) for lvl in current.levels.all()}
    after = {
        level: (text_id.strip(), text_en.strip())
        for level, (text_id, text_en) in (levels or {}).items()
        if 1 <= level <= 5 and text_id.strip()
    }
    if levels is not None and after != before:
        changes["levels"] = [
            {str(k): v[0] for k, v in sorted(before.items())},
            {str(k): v[0] for k, v in sorted(after.items())},
        ]
        CompetencyLevel.objects.filter(competency=current).delete()
        CompetencyLevel.objects.bulk_create(
            CompetencyLevel(competency=current, level=level, description_id=text_id, description_en=text_en)
            for level, (text_id, text_en) in sorted(after.items())
        )
    if not changes:
        return current
    Competency.objects.filter(pk=current.pk).update(version=F("version") + 1, updated_at=timezone.now(), **values)
    current.refresh_from_db()
    audit_record(
        actor=actor, action="talent.competency.update", obj=current, agency_id=current.agency_id, changes=changes
    )
    return current


@transaction.atomic
def key_position_mark(*, actor: Any, position: Position, impact: str, note: str = "") -> KeyPosition:
    """Mark a position as key (idempotent: marking it again updates the impact and note)."""
    if impact not in Impact.values:
        raise InvalidData(_("Dampak kekosongan tidak dikenal."), field="impact")
    key, created = KeyPosition.objects.get_or_create(
        position=position, defaults={"agency_id": position.agency_id, "impact": impact, "note": note}
    )
    if not created and (key.impact != impact or key.note != note):
        return versioned_update(
            key,
            actor=actor,
            action="talent.key_position.update",
            values={"impact": impact, "note": note},
            expected_version=None,
        )
    if created:
        audit_record(actor=actor, action="talent.key_position.create", obj=key, changes={"impact": impact})
    return key


def key_position_update(
    *, actor: Any, key_position: KeyPosition, impact: str, note: str, expected_version: int | None
) -> KeyPosition:
    """Change the impact and note of a key position with the version read (stale: StaleEdit, nothing written)."""
    if impact not in Impact.values:
        raise InvalidData(_("Dampak kekosongan tidak dikenal."), field="impact")
    return versioned_update(
        key_position,
        actor=actor,
        action="talent.key_position.update",
        values={"impact": impact, "note": note.strip()},
        expected_version=expected_version,
    )


@transaction.atomic
def key_position_unmark(*, actor: Any, key_position: KeyPosition, reason: str, expected_version: int | None) -> None:
    """A position is no longer key: its succession plan (the successors) goes with it. A written reason is
    required; the audit row keeps the impact, the note and the successors removed."""
    if not reason.strip():
        raise InvalidData(_("Alasan wajib diisi."), field="reason")
    current = KeyPosition.objects.select_for_update().get(pk=key_position.pk)
    if expected_version is not None and expected_version != current.version:
        raise StaleEdit()
    successors = [
        {"employee": employee_id, "readiness": readiness}
        for employee_id, readiness in current.successors.order_by("pk").values_list("employee_id", "readiness")
    ]
    audit_record(
        actor=actor,
        action="talent.key_position.remove",
        obj=current,
        agency_id=current.agency_id,
        changes={"impact": current.impact, "note": current.note, "successors": successors},
        reason=reason.strip(),
    )
    current.delete()


@transaction.atomic
def successor_nominate(
    *,
    actor: Any,
    key_position: KeyPosition,
    employee: Employee,
    readiness: str,
    development: str = "",
    eligibility: Mapping[str, Any] | None = None,
) -> Successor:
    """Nominate an employee of the agency's talent pool as a successor (a second nomination is refused)."""
    if readiness not in Readiness.values:
        raise InvalidData(_("Tingkat kesiapan tidak dikenal."), field="readiness")
    if employee.agency_id != key_position.agency_id:
        raise InvalidData(_("Suksesor harus pegawai instansi yang sama."), field="employee")
    if employee.position_id == key_position.position_id:
        raise InvalidData(_("Pemangku jabatan ini tidak dapat menjadi suksesornya sendiri."), field="employee")
    if Successor.objects.filter(key_position=key_position, employee=employee).exists():
        raise InvalidData(_("Pegawai ini sudah menjadi suksesor jabatan ini."), field="employee")
    try:
        with transaction.atomic():
            successor = Successor.objects.create(
                key_position=key_position,
                employee=employee,
                readiness=readiness,
                development=development.strip(),
                eligibility=dict(eligibility or {}),
                nominated_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise InvalidData(_("Pegawai ini sudah menjadi suksesor jabatan ini."), field="employee") from None
    audit_record(
        actor=actor,
        action="talent.successor.nominate",
        obj=successor,
        agency_id=key_position.agency_id,
        employee_id=employee.pk,
        changes={"key_position": str(key_position), "readiness": readiness, "development": development},
        decision=eligibility,
    )
    return successor


def successor_update(
    *, actor: Any, successor: Successor, readiness: str, development: str, expected_version: int | None
) -> Successor:
    if readiness not in Readiness.values:
        raise InvalidData(_("Tingkat kesiapan tidak dikenal."), field="readiness")
    return versioned_update(
        successor,
        actor=actor,
        action="talent.successor.update",
        values={"readiness": readiness, "development": development.strip()},
        expected_version=expected_version,
    )


@transaction.atomic
def successor_remove(*, actor: Any, successor: Successor, reason: str) -> None:
    if not reason.strip():
        raise InvalidData(_("Alasan wajib diisi."), field="reason")
    audit_record(
        actor=actor,
        action="talent.successor.remove",
        obj=successor,
        agency_id=successor.key_position.agency_id,
        employee_id=successor.employee_id,
        reason=reason.strip(),
    )
    successor.delete()


@transaction.atomic
def review_create(
    *, actor: Any, agency: Agency, year: int, held_on: dt.date, title: str, members: str = "", notes: str = ""
) -> TalentReview:
    if not title.strip() or held_on is None:
        raise InvalidData(_("Judul dan tanggal rapat wajib diisi."), field="title")
    review = TalentReview.objects.create(
        agency=agency,
        year=year,
        held_on=held_on,
        title=title.strip()[:200],
        members=members.strip(),
        notes=notes.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(actor=actor, action="talent.review.create", obj=review, changes={"year": year, "title": title})
    return review


def review_create_once(*, form_key: str, actor: Any, **kwargs: Any) -> tuple[TalentReview, bool]:
    """`review_create` for a form or an API request carrying a one-time key: a repeat of the same key (a double
    submit, a client's retry) returns the meeting the first one recorded (False) instead of recording a second."""
    return create_once(
        TalentReview, form_key=form_key, actor=actor, create=lambda: review_create(actor=actor, **kwargs)
    )


@transaction.atomic
def box_move(*, actor: Any, review: TalentReview, placement: Placement, to_box: int, reason: str) -> BoxMove:
    """Move a placement to another box by the review's decision; a written reason is required."""
    if placement.agency_id != review.agency_id or placement.year != review.year:
        raise InvalidData(_("Penempatan ini bukan bagian dari periode rapat ini."), field="placement")
    if not reason.strip():
        raise InvalidData(_("Pemindahan kotak wajib disertai alasan tertulis."), field="reason")
    if not isinstance(to_box, int) or not 1 <= to_box <= 9:
        raise InvalidData(_("Kotak harus 1-9."), field="to_box")
    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if locked.box == to_box:
        raise InvalidData(_("Pegawai ini sudah berada di kotak %(box)s.") % {"box": to_box}, field="to_box")
    move = BoxMove.objects.create(
        review=review,
        placement=locked,
        from_box=locked.box,
        to_box=to_box,
        reason=reason.strip(),
        moved_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    Placement.objects.filter(pk=locked.pk).update(box=to_box)
    audit_record(
        actor=actor,
        action="talent.box.move",
        obj=locked,
        agency_id=locked.agency_id,
        employee_id=locked.employee_id,
        changes={"box": [locked.box, to_box]},
        reason=reason.strip(),
        object_repr=f"{review.title}: {locked.employee_id}",
    )
    return move
