"""Every change to performance data: checked by performance.access, audited, optimistic-locked on the SKP.

Concurrency: any change to an SKP's body or workflow names the SKP version the user read; `_claim` bumps it in one
`UPDATE ... WHERE version = expected`, so a second editor working from the same version is refused (StaleEdit).
Idempotency: one SKP per employee and period, one appeal per SKP, one check-in per number, one invitation per
respondent (unique constraints); a repeated submit/approve of an SKP already in that state changes nothing.
After a period is closed nothing changes except through an appeal decision or a calibration change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jenjang.core import access as core_access
from jenjang.core.audit import audit_record
from jenjang.core.errors import AccessDenied, InvalidData, StaleEdit
from jenjang.core.services import versioned_update
from jenjang.domain.vocab import EXPECTATIONS, MANAGERIAL_LEVELS, PREDICATES
from jenjang.personnel.models import ACTIVE_STATUSES, Employee, PerformanceHistory, PerformanceScheme
from jenjang.personnel.services import validate_document

from . import access, rules
from .models import (
    CHECKINS_PER_YEAR,
    EDITABLE_STATUSES,
    AgreementImport,
    AgreementTarget,
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    Appeal,
    AppealStatus,
    Aspect,
    BehaviourRating,
    BerAkhlak,
    CalibrationChange,
    CalibrationSession,
    CheckIn,
    Evidence,
    Feedback,
    FeedbackDirection,
    Indicator,
    Invitation,
    PerformanceAgreement,
    Period,
    PeriodStatus,
    Relation,
    Response,
    Rhk,
    RhkKind,
    Skp,
    SkpStatus,
)

DUPLICATE_WINDOW = dt.timedelta(seconds=30)  # the same text by the same author within it is one post, not two
HEAD_ORDER = ("JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS")
HISTORY_SOURCE = "performance"


def today() -> dt.date:
    return timezone.localdate()


# --- the supervisor from the unit tree ----------------------------------------------------------------------


def unit_heads(unit_ids: Iterable[int]) -> dict[int, int]:
    """unit id -> employee id of its head: the active holder of the unit's highest managerial position (the rule
    careers.outlook uses for the direct superior). One query."""
    best: dict[int, tuple[int, int]] = {}
    rows = Employee.objects.filter(
        unit_id__in=list(unit_ids), position__level__in=MANAGERIAL_LEVELS, status__in=ACTIVE_STATUSES
    ).values_list("pk", "unit_id", "position__level")
    for pk, unit_id, level in rows:
        key = (HEAD_ORDER.index(level), pk)
        if unit_id not in best or key < best[unit_id]:
            best[unit_id] = key
    return {unit_id: key[1] for unit_id, key in best.items()}


def _ancestors(path: str) -> list[int]:
    """'/3/17/42/' -> [42, 17, 3] (the unit first, then up the tree)."""
    return [int(p) for p in reversed(path.strip("/").split("/")) if p]


def supervisor_id_of(employee: Employee, heads: Mapping[int, int] | None = None) -> int | None:
    """The direct superior: the head of the employee's unit, or, for the head, the head of the nearest unit above."""
    if not employee.unit_id or employee.unit is None:
        return None
    chain = _ancestors(employee.unit.path) or [employee.unit_id]
    heads = heads if heads is not None else unit_heads(chain)
    for unit_id in chain:
        head = heads.get(unit_id)
        if head is not None and head != employee.pk:
            return head
    return None


def supervisor_of(employee: Employee) -> Employee | None:
    pk = supervisor_id_of(employee)
    return Employee.objects.select_related("unit").get(pk=pk) if pk else None


# --- helpers -------------------------------------------------------------------------------------------------


def _claim(skp: Skp, expected_version: int | None) -> None:
    """Bump the SKP's version if nobody changed it since `expected_version` was read (StaleEdit otherwise)."""
    version = expected_version if expected_version is not None else skp.version
    updated = Skp.objects.filter(pk=skp.pk, version=version).update(version=F("version") + 1, updated_at=timezone.now())
    if updated != 1:
        raise StaleEdit()
    skp.version = version + 1


def _open(skp: Skp) -> None:
    """Nothing changes in a closed period (appeals and calibration have their own records)."""
    if Period.objects.filter(pk=skp.period_id).values_list("status", flat=True).first() != PeriodStatus.OPEN:
        raise InvalidData(_("Periode penilaian sudah ditutup; SKP tidak dapat diubah lagi."))


def _require_owner(actor: Any, skp: Skp) -> None:
    access_ok = access.is_owner(actor, skp)
    if not access_ok:
        raise AccessDenied(_("Hanya pegawai pemilik SKP yang dapat melakukan ini."))


def _require_rater(actor: Any, skp: Skp) -> None:
    if not access.is_rater(actor, skp):
        raise AccessDenied(
            _("Hanya atasan langsung (pejabat penilai) atau pejabat penilai pengganti yang dapat melakukan ini.")
        )


def _require_status(skp: Skp, *statuses: str) -> None:
    if skp.status not in statuses:
        raise InvalidData(
            _("Tindakan ini tidak dapat dilakukan pada SKP berstatus %(status)s.")
            % {"status": skp.get_status_display()}
        )


def _audit(actor: Any, action: str, skp: Skp, changes: Mapping[str, Any] | None = None, **extra: Any) -> None:
    audit_record(actor=actor, action=f"performance.{action}", obj=skp, employee_id=skp.employee_id,
                 agency_id=skp.agency_id, changes=changes or {}, **extra)  # fmt: skip


def _notify(user_id: int | None, kind: str, subject: str, skp: Skp, key: str = "") -> None:
    if not user_id:
        return
    from jenjang.notifications.services import notify

    notify(user_id, f"performance.{kind}", subject, url=reverse("performance:skp_detail", args=[skp.pk]), key=key)


def _user_of(employee_id: int | None) -> int | None:
    if not employee_id:
        return None
    from jenjang.accounts.models import User

    return User.objects.filter(employee_id=employee_id, is_active=True).values_list("pk", flat=True).first()


def _key(raw: str | None) -> str:
    """A form's or client's idempotency key (one per rendered form / request), trimmed to the column."""
    return (raw or "").strip()[:64]


def _create_once(model: Any, scope: Mapping[str, Any], key: str, fallback: Mapping[str, Any] | None,
                 **values: Any) -> tuple[Any, bool]:  # fmt: skip
    """Create a row unless this same request already did. With a key: the row carrying (scope, key) is the one,
    also against a concurrent twin (the unique constraint). Without a key (an old form, a client that sends none):
    a row matching `fallback` created within DUPLICATE_WINDOW is taken as the same post. Returns (row, created)."""
    existing = None
    if key:
        existing = model.objects.filter(**scope, request_key=key).first()
    elif fallback is not None:
        since = timezone.now() - DUPLICATE_WINDOW
        existing = model.objects.filter(**scope, **fallback, **{f"{_created_field(model)}__gte": since}).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return model.objects.create(**scope, request_key=key, **values), True
    except IntegrityError:
        if not key:
            raise
        return model.objects.get(**scope, request_key=key), False


def _created_field(model: Any) -> str:
    return {"Evidence": "added_at"}.get(model.__name__, "created_at")


def _refresh(skp: Skp) -> Skp:
    return Skp.objects.select_related("period", "employee", "supervisor", "substitute", "unit").get(pk=skp.pk)


# --- periods ---------------------------------------------------------------------------------------------------


@transaction.atomic
def period_open(*, actor: Any, agency: Any, year: int, cadence: str, organization_predicate: str = "BAIK") -> Period:
    """Open the agency's period for a year (idempotent: an existing period is returned unchanged)."""
    if not access.can_manage_periods(actor, agency.pk):
        raise AccessDenied()
    if not 2022 <= int(year) <= 2100:
        raise InvalidData(_("Tahun penilaian harus 2022 atau sesudahnya (PermenPANRB 6/2022)."), field="year")
    if cadence not in CHECKINS_PER_YEAR:
        raise InvalidData(_("Periode check-in tidak dikenal."), field="cadence")
    period, created = Period.objects.get_or_create(
        agency=agency, year=year, defaults={"cadence": cadence, "organization_predicate": organization_predicate}
    )
    if created:
        audit_record(actor=actor, action="performance.period.opened", obj=period, agency_id=agency.pk,
                     changes={"year": [None, year], "cadence": [None, cadence]})  # fmt: skip
    return period


def period_update(*, actor: Any, period: Period, values: Mapping[str, Any], expected_version: int | None) -> Period:
    if not access.can_manage_periods(actor, period.agency_id):
        raise AccessDenied()
    if period.is_closed:
        raise InvalidData(_("Periode penilaian sudah ditutup."))
    allowed = {k: v for k, v in values.items() if k in ("cadence", "organization_predicate")}
    return versioned_update(period, actor=actor, action="performance.period.updated", values=allowed,
                            expected_version=expected_version)  # fmt: skip


# --- performance agreements (perjanjian kinerja) ----------------------------------------------------------------


def is_unit_head(employee: Employee) -> bool:
    return bool(employee.unit_id) and unit_heads([employee.unit_id]).get(employee.unit_id) == employee.pk


@transaction.atomic
def agreement_open(*, actor: Any, period: Period, unit: Any) -> PerformanceAgreement:
    """The unit's performance agreement for the period's year, created on first use (a repeat returns it)."""
    if not access.can_manage_periods(actor, period.agency_id):
        raise AccessDenied()
    if unit is None or unit.agency_id != period.agency_id:
        raise InvalidData(_("Unit bukan milik instansi ini."), field="unit")
    if period.is_closed:
        raise InvalidData(_("Periode penilaian sudah ditutup."))
    agreement, created = PerformanceAgreement.objects.get_or_create(period=period, unit=unit,
                                                                    defaults={"created_by": actor})  # fmt: skip
    if created:
        audit_record(actor=actor, action="performance.agreement.opened", obj=agreement, agency_id=period.agency_id)
    return agreement


def _claim_agreement(agreement: PerformanceAgreement, expected_version: int | None) -> None:
    version = expected_version if expected_version is not None else agreement.version
    if not PerformanceAgreement.objects.filter(pk=agreement.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now()
    ):
        raise StaleEdit()
    agreement.version = version + 1


@transaction.atomic
def agreement_target_add(*, actor: Any, agreement: PerformanceAgreement, expected_version: int | None, goal: str,
                         indicator: str, target: str, aspect: str = "QUANTITY") -> AgreementTarget:  # fmt: skip
    """Add a target (goal, indicator, the year's target) to the agreement."""
    period = agreement.period
    if not access.can_manage_periods(actor, period.agency_id):
        raise AccessDenied()
    if period.is_closed:
        raise InvalidData(_("Periode penilaian sudah ditutup."))
    goal, indicator, target = (goal or "").strip(), (indicator or "").strip(), (target or "").strip()
    if not goal:
        raise InvalidData(_("Sasaran wajib diisi."), field="goal")
    if not indicator or not target:
        raise InvalidData(_("Indikator kinerja dan target wajib diisi."), field="indicator")
    if aspect not in Aspect.values:
        raise InvalidData(_("Aspek indikator tidak dikenal."), field="aspect")
    _claim_agreement(agreement, expected_version)
    order = AgreementTarget.objects.filter(agreement=agreement).count() + 1
    row = AgreementTarget.objects.create(agreement=agreement, goal=goal, indicator=indicator[:300],
                                         target=target[:100], aspect=aspect, order=order)  # fmt: skip
    audit_record(actor=actor, action="performance.agreement.target_added", obj=agreement,
                 agency_id=period.agency_id, changes={"target": [None, f"{goal} / {indicator}: {target}"]})  # fmt: skip
    return row


@transaction.atomic
def agreement_target_delete(*, actor: Any, target: AgreementTarget, expected_version: int | None) -> None:
    agreement = target.agreement
    if not access.can_manage_periods(actor, agreement.period.agency_id):
        raise AccessDenied()
    if agreement.period.is_closed:
        raise InvalidData(_("Periode penilaian sudah ditutup."))
    _claim_agreement(agreement, expected_version)
    audit_record(actor=actor, action="performance.agreement.target_deleted", obj=agreement,
                 agency_id=agreement.period.agency_id, changes={"target": [target.goal, None]})  # fmt: skip
    target.delete()


@transaction.atomic
def agreement_import(*, actor: Any, period: Period, rows: Iterable[tuple[Any, ...]],
                     request_key: str = "") -> dict[str, Any]:  # fmt: skip
    """Targets of the units' agreements from a sheet (unit code, goal, indicator, aspect, target), appended to each
    unit's agreement (opened when missing). All or nothing: any bad row refuses the file with every problem listed.
    A double submit (the same request key by the same person; without a key, the same rows by the same person within
    DUPLICATE_WINDOW) appends nothing twice: the first import's counts are returned with `repeat` true."""
    if not access.can_manage_periods(actor, period.agency_id):
        raise AccessDenied()
    if period.is_closed:
        raise InvalidData(_("Periode penilaian sudah ditutup."))
    from django.db.models import Count

    from jenjang.organization.models import Unit

    # the Indonesian labels (as the sheet is written) whatever the user's language, the current one and the codes
    with translation.override("id"):
        labels = {str(label).lower(): value for value, label in Aspect.choices}
    labels |= {str(label).lower(): value for value, label in Aspect.choices} | {v.lower(): v for v in Aspect.values}
    parsed: list[tuple[str, str, str, str, str]] = []
    numbers: list[int] = []  # the sheet row of each parsed row, for the messages
    errors: list[tuple[int, str]] = []
    for number, row in enumerate(rows, start=2):
        code, goal, indicator, aspect, target = (str(v).strip() if v is not None else "" for v in row[:5])
        if not (code and goal and indicator and target):
            errors.append(
                (number, _("Baris %(n)s: kode unit, sasaran, indikator dan target wajib diisi.") % {"n": number})
            )
            continue
        if (aspect or "QUANTITY").lower() not in labels:
            errors.append((number, _("Baris %(n)s: aspek %(aspect)s tidak dikenal.") % {"n": number, "aspect": aspect}))
            continue
        parsed.append((code, goal, indicator[:300], labels[(aspect or "QUANTITY").lower()], target[:100]))
        numbers.append(number)
    units = {u.code: u for u in Unit.objects.filter(agency_id=period.agency_id, code__in={p[0] for p in parsed})}
    errors += [
        (n, _("Baris %(n)s: unit dengan kode %(code)s tidak ditemukan.") % {"n": n, "code": code})
        for n, (code, *_rest) in zip(numbers, parsed, strict=True)
        if code not in units
    ]
    if errors:
        raise InvalidData(_("Berkas tidak diimpor; perbaiki baris berikut."),
                          details={"errors": [line for _n, line in sorted(errors, key=lambda e: e[0])]})  # fmt: skip
    digest = hashlib.sha256(json.dumps(parsed, ensure_ascii=False).encode()).hexdigest()
    receipt, created = _create_once(AgreementImport, {"period": period, "created_by": actor}, _key(request_key),
                                    {"digest": digest}, digest=digest)  # fmt: skip
    if not created:
        return {"targets": receipt.targets, "units": receipt.units, "import": receipt.pk, "repeat": True}
    wanted = [units[code] for code in dict.fromkeys(p[0] for p in parsed)]
    found = {a.unit_id: a for a in PerformanceAgreement.objects.filter(period=period, unit__in=wanted)}
    PerformanceAgreement.objects.bulk_create(
        [PerformanceAgreement(period=period, unit=u, created_by=actor) for u in wanted if u.pk not in found],
        ignore_conflicts=True,
    )
    agreements = {a.unit.code: a for a in PerformanceAgreement.objects.filter(period=period, unit__in=wanted)
                  .select_related("unit")}  # fmt: skip
    counts = dict(
        AgreementTarget.objects.filter(agreement__in=agreements.values())
        .values_list("agreement")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts |= {a.pk: 0 for a in agreements.values() if a.pk not in counts}
    targets = []
    for code, goal, indicator, aspect, target in parsed:
        agreement = agreements[code]
        counts[agreement.pk] += 1
        targets.append(AgreementTarget(agreement=agreement, goal=goal, indicator=indicator, aspect=aspect,
                                       target=target, order=counts[agreement.pk]))  # fmt: skip
    AgreementTarget.objects.bulk_create(targets)
    PerformanceAgreement.objects.filter(pk__in=[a.pk for a in agreements.values()]).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    result = {"targets": len(targets), "units": len(agreements)}
    AgreementImport.objects.filter(pk=receipt.pk).update(**result)
    audit_record(actor=actor, action="performance.agreement.imported", obj=period, agency_id=period.agency_id,
                 changes={"targets": [None, len(targets)]}, decision=result)  # fmt: skip
    return result | {"import": receipt.pk, "repeat": False}


def _derive(skp: Skp) -> list[Rhk]:
    """Main RHKs from the unit's agreement targets not yet on the SKP (each linked to its target)."""
    agreement = PerformanceAgreement.objects.filter(period_id=skp.period_id, unit_id=skp.unit_id).first()
    if agreement is None:
        return []
    done = set(Rhk.objects.filter(skp=skp, agreement_target__isnull=False).values_list("agreement_target_id",
                                                                                       flat=True))  # fmt: skip
    targets = [t for t in AgreementTarget.objects.filter(agreement=agreement) if t.pk not in done]
    if not targets:
        return []
    start = Rhk.objects.filter(skp=skp).count()
    rhks = Rhk.objects.bulk_create(
        [Rhk(skp=skp, kind=RhkKind.MAIN, text=t.goal, agreement_target=t, order=start + i)
         for i, t in enumerate(targets, start=1)]
    )  # fmt: skip
    Indicator.objects.bulk_create(
        [
            Indicator(rhk=r, aspect=t.aspect, text=t.indicator, target=t.target)
            for r, t in zip(rhks, targets, strict=True)
        ]
    )
    return rhks


@transaction.atomic
def skp_from_agreement(*, actor: Any, skp: Skp, expected_version: int | None) -> list[Rhk]:
    """A unit head's draft takes the unit agreement's targets as main RHKs (those not already taken); the head then
    edits them like any RHK before submitting."""
    _require_owner(actor, skp)
    _open(skp)
    _require_status(skp, *EDITABLE_STATUSES)
    employee = Employee.objects.get(pk=skp.employee_id)
    if not is_unit_head(employee) or employee.unit_id != skp.unit_id:
        raise InvalidData(_("Hanya kepala unit yang menyusun SKP dari perjanjian kinerja unitnya."))
    _claim(skp, expected_version)
    rhks = _derive(skp)
    if not rhks:
        raise InvalidData(_("Tidak ada target perjanjian kinerja unit yang belum menjadi RHK."))
    _audit(actor, "rhk.from_agreement", skp, {"rhks": [None, [r.text for r in rhks]]})
    return rhks


@transaction.atomic
def indicator_update(*, actor: Any, indicator: Indicator, expected_version: int | None, text: str,
                     target: str) -> Indicator:  # fmt: skip
    """Edit an indicator's text and target while the SKP is a draft (or returned)."""
    skp = Skp.objects.get(pk=indicator.rhk.skp_id)
    _require_owner(actor, skp)
    _open(skp)
    _require_status(skp, *EDITABLE_STATUSES)
    text, target = (text or "").strip(), (target or "").strip()
    if not text or not target:
        raise InvalidData(_("Setiap indikator memerlukan target."), field="target")
    _claim(skp, expected_version)
    old = [indicator.text, indicator.target]
    Indicator.objects.filter(pk=indicator.pk).update(text=text[:300], target=target[:100])
    _audit(actor, "indicator.updated", skp, {"indicator": [old, [text, target]]})
    indicator.text, indicator.target = text[:300], target[:100]
    return indicator


# --- drafting ------------------------------------------------------------------------------------------------


@transaction.atomic
def skp_start(*, actor: Any, employee: Employee, period: Period) -> Skp:
    """The employee's SKP for the period, created on first use with the supervisor from the unit tree."""
    if not (core_access.is_own_record(actor, employee) or access.can_manage_periods(actor, employee.agency_id)):
        raise AccessDenied()
    if period.agency_id != employee.agency_id:
        raise InvalidData(_("Periode bukan milik instansi pegawai."))
    existing = Skp.objects.filter(period=period, employee=employee).first()
    if existing is not None:
        return existing
    if period.is_closed:
        raise InvalidData(_("Periode penilaian sudah ditutup; SKP tidak dapat diubah lagi."))
    employee = Employee.objects.select_related("unit").get(pk=employee.pk)
    try:
        with transaction.atomic():
            skp = Skp.objects.create(period=period, agency_id=employee.agency_id, employee=employee,
                                     unit_id=employee.unit_id, supervisor_id=supervisor_id_of(employee))  # fmt: skip
    except IntegrityError:  # a concurrent first use created it
        return Skp.objects.get(period=period, employee=employee)
    _audit(actor, "skp.created", skp, {"supervisor": [None, skp.supervisor_id]})
    if is_unit_head(employee):  # a unit head's draft starts from the unit's performance agreement
        derived = _derive(skp)
        if derived:
            _audit(actor, "rhk.from_agreement", skp, {"rhks": [None, [r.text for r in derived]]})
    return skp


def _check_parent(skp: Skp, parent: Rhk | None) -> None:
    if parent is None:
        return
    rater = skp.substitute_id or skp.supervisor_id
    if parent.skp.period_id != skp.period_id or parent.skp.employee_id not in (
        skp.supervisor_id,
        skp.substitute_id,
        rater,
    ):
        raise InvalidData(_("RHK yang diintervensi harus RHK atasan pada periode yang sama."), field="parent")


@transaction.atomic
def rhk_add(*, actor: Any, skp: Skp, expected_version: int | None, kind: str, text: str,
            indicators: Iterable[Mapping[str, str]], parent: Rhk | None = None) -> Rhk:  # fmt: skip
    """Add a work result with its indicators to a draft (or returned) SKP."""
    _require_owner(actor, skp)
    _open(skp)
    _require_status(skp, *EDITABLE_STATUSES)
    text = (text or "").strip()
    if not text:
        raise InvalidData(_("Rencana hasil kerja wajib diisi."), field="text")
    if kind not in RhkKind.values:
        raise InvalidData(_("Jenis RHK tidak dikenal."), field="kind")
    rows = [dict(i) for i in indicators if (i.get("text") or "").strip()]
    if not rows:
        raise InvalidData(_("Setiap RHK memerlukan paling sedikit satu indikator dengan target."), field="indicators")
    for row in rows:
        if not (row.get("target") or "").strip():
            raise InvalidData(_("Setiap indikator memerlukan target."), field="target")
        if row.get("aspect", "QUANTITY") not in ("QUANTITY", "QUALITY", "TIME", "COST"):
            raise InvalidData(_("Aspek indikator tidak dikenal."), field="aspect")
    _check_parent(skp, parent)
    _claim(skp, expected_version)
    order = Rhk.objects.filter(skp=skp).count() + 1
    rhk = Rhk.objects.create(skp=skp, kind=kind, text=text, parent=parent, order=order)
    Indicator.objects.bulk_create(
        [
            Indicator(
                rhk=rhk,
                aspect=r.get("aspect", "QUANTITY"),
                text=r["text"].strip()[:300],
                target=r["target"].strip()[:100],
            )
            for r in rows
        ]
    )
    _audit(actor, "rhk.added", skp, {"rhk": [None, text], "indicators": [None, rows]})
    return rhk


@transaction.atomic
def rhk_delete(*, actor: Any, rhk: Rhk, expected_version: int | None) -> None:
    skp = rhk.skp
    _require_owner(actor, skp)
    _open(skp)
    _require_status(skp, *EDITABLE_STATUSES)
    _claim(skp, expected_version)
    _audit(actor, "rhk.deleted", skp, {"rhk": [rhk.text, None]})
    rhk.delete()


@transaction.atomic
def skp_submit(*, actor: Any, skp: Skp, expected_version: int | None) -> Skp:
    """Submit to the supervisor. Submitting an SKP that is already submitted changes nothing."""
    _require_owner(actor, skp)
    _open(skp)
    skp = Skp.objects.select_for_update().get(pk=skp.pk)
    if skp.status == SkpStatus.SUBMITTED:
        return skp
    _require_status(skp, *EDITABLE_STATUSES)
    if not Rhk.objects.filter(skp=skp, kind=RhkKind.MAIN).exists():
        raise InvalidData(_("SKP memerlukan paling sedikit satu RHK utama sebelum diajukan."))
    if not (skp.supervisor_id or skp.substitute_id):
        raise InvalidData(
            _(
                "Atasan langsung tidak ditemukan dalam struktur unit; "
                "minta staf kepegawaian menetapkan pejabat penilai pengganti."
            )
        )
    skp = versioned_update(skp, actor=actor, action="performance.skp.submitted", expected_version=expected_version,
                           values={"status": SkpStatus.SUBMITTED, "submitted_at": timezone.now()})  # fmt: skip
    _notify(_user_of(skp.substitute_id or skp.supervisor_id), "skp.submitted",
            _("SKP %(name)s diajukan untuk persetujuan") % {"name": skp.employee.name}, skp,
            key=f"skp-submitted-{skp.pk}-{skp.version}")  # fmt: skip
    return skp


@transaction.atomic
def skp_return(*, actor: Any, skp: Skp, expected_version: int | None, comment: str) -> Skp:
    _require_rater(actor, skp)
    _open(skp)
    _require_status(skp, SkpStatus.SUBMITTED)
    if not (comment or "").strip():
        raise InvalidData(_("Tuliskan catatan mengapa SKP dikembalikan."), field="comment")
    skp = versioned_update(skp, actor=actor, action="performance.skp.returned", expected_version=expected_version,
                           values={"status": SkpStatus.RETURNED, "return_comment": comment.strip()})  # fmt: skip
    _notify(_user_of(skp.employee_id), "skp.returned", _("SKP Anda dikembalikan dengan catatan"), skp,
            key=f"skp-returned-{skp.pk}-{skp.version}")  # fmt: skip
    return skp


@transaction.atomic
def skp_approve(*, actor: Any, skp: Skp, expected_version: int | None, expectations: str = "") -> Skp:
    """Approve (and lock) the SKP, recording the supervisor's own expectations. A repeat changes nothing."""
    _require_rater(actor, skp)
    _open(skp)
    skp = Skp.objects.select_for_update().get(pk=skp.pk)
    if skp.status == SkpStatus.APPROVED:
        return skp
    _require_status(skp, SkpStatus.SUBMITTED)
    skp = versioned_update(skp, actor=actor, action="performance.skp.approved", expected_version=expected_version,
                           values={"status": SkpStatus.APPROVED, "approved_at": timezone.now(),
                                   "expectations": (expectations or "").strip(), "return_comment": ""})  # fmt: skip
    _notify(_user_of(skp.employee_id), "skp.approved", _("SKP Anda disetujui"), skp, key=f"skp-approved-{skp.pk}")
    return skp


@transaction.atomic
def substitute_appoint(*, actor: Any, skp: Skp, substitute: Employee | None, expected_version: int | None) -> Skp:
    """Record an appointed substitute rater (pejabat penilai pengganti), or clear it with None."""
    if not access.can_appoint_substitute(actor, skp.agency_id):
        raise AccessDenied()
    _open(skp)
    if substitute is not None and (substitute.agency_id != skp.agency_id or substitute.pk == skp.employee_id):
        raise InvalidData(_("Pejabat penilai pengganti harus pegawai lain di instansi yang sama."), field="substitute")
    return versioned_update(skp, actor=actor, action="performance.skp.substitute", expected_version=expected_version,
                            values={"substitute": substitute})  # fmt: skip


# --- amendments, evidence, feedback, check-ins ------------------------------------------------------------------


@transaction.atomic
def amendment_request(*, actor: Any, indicator: Indicator, new_target: str, reason: str) -> Amendment:
    """Propose a new target for an indicator of an approved SKP (a shorthand for amendment_propose)."""
    return amendment_propose(actor=actor, skp=indicator.rhk.skp, kind=AmendmentKind.TARGET, reason=reason,
                             indicator=indicator, new_target=new_target)  # fmt: skip


def _indicator_rows(indicators: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    rows = [
        {
            "aspect": i.get("aspect") or "QUANTITY",
            "text": i["text"].strip()[:300],
            "target": (i.get("target") or "").strip()[:100],
        }
        for i in indicators
        if (i.get("text") or "").strip()
    ]
    if not rows:
        raise InvalidData(_("Setiap RHK memerlukan paling sedikit satu indikator dengan target."), field="indicators")
    for row in rows:
        if not row["target"]:
            raise InvalidData(_("Setiap indikator memerlukan target."), field="target")
        if row["aspect"] not in Aspect.values:
            raise InvalidData(_("Aspek indikator tidak dikenal."), field="aspect")
    return rows


@transaction.atomic
def amendment_propose(*, actor: Any, skp: Skp, kind: str, reason: str, indicator: Indicator | None = None,
                      rhk: Rhk | None = None, new_target: str = "", text: str = "", rhk_kind: str = RhkKind.MAIN,
                      indicators: Iterable[Mapping[str, str]] = ()) -> Amendment:  # fmt: skip
    """The employee proposes a change to the approved SKP: a new target (TARGET), a new work result with its
    indicators (ADD_RHK), an indicator added to (ADD_INDICATOR) or removed from (REMOVE_INDICATOR) an RHK, or an
    RHK removed (REMOVE_RHK). Nothing changes until the rater approves; a pending proposal for the same indicator
    or RHK is returned instead of a second one."""
    _require_owner(actor, skp)
    _open(skp)
    _require_status(skp, SkpStatus.APPROVED)
    if kind not in AmendmentKind.values:
        raise InvalidData(_("Jenis perubahan tidak dikenal."), field="kind")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidData(_("Alasan perubahan wajib diisi."), field="reason")
    if (indicator is not None and indicator.rhk.skp_id != skp.pk) or (rhk is not None and rhk.skp_id != skp.pk):
        raise InvalidData(_("RHK atau indikator bukan bagian dari SKP ini."))
    values: dict[str, Any] = {"kind": kind}
    pending = Amendment.objects.filter(skp=skp, status=AmendmentStatus.PENDING)
    if kind in (AmendmentKind.TARGET, AmendmentKind.REMOVE_INDICATOR):
        if indicator is None:
            raise InvalidData(_("Pilih indikator yang diubah."), field="indicator")
        existing = pending.filter(indicator=indicator).first()
        if existing is not None:
            return existing
        payload = {"rhk": indicator.rhk.text, "text": indicator.text, "target": indicator.target}
        values.update(indicator=indicator, rhk=indicator.rhk, old_target=indicator.target, payload=payload)
        if kind == AmendmentKind.TARGET:
            if not (new_target or "").strip():
                raise InvalidData(_("Target baru dan alasan perubahan wajib diisi."), field="new_target")
            values["new_target"] = new_target.strip()[:100]
        elif Indicator.objects.filter(rhk_id=indicator.rhk_id).count() < 2:
            raise InvalidData(_("RHK memerlukan paling sedikit satu indikator; usulkan penghapusan RHK-nya."))
    elif kind in (AmendmentKind.REMOVE_RHK, AmendmentKind.ADD_INDICATOR):
        if rhk is None:
            raise InvalidData(_("Pilih RHK yang diubah."), field="rhk")
        existing = pending.filter(rhk=rhk, kind__in=(AmendmentKind.REMOVE_RHK, AmendmentKind.ADD_INDICATOR)).first()
        if existing is not None:
            return existing
        values["rhk"] = rhk
        if kind == AmendmentKind.REMOVE_RHK:
            if (
                rhk.kind == RhkKind.MAIN
                and not Rhk.objects.filter(skp=skp, kind=RhkKind.MAIN).exclude(pk=rhk.pk).exists()
            ):
                raise InvalidData(_("SKP memerlukan paling sedikit satu RHK utama."))
            values["payload"] = {
                "text": rhk.text,
                "indicators": list(rhk.indicators.values("aspect", "text", "target")),
            }
        else:
            row = _indicator_rows(indicators)[0]
            values["payload"] = {"rhk": rhk.text, **row}
            values["new_target"] = row["target"]
    else:  # ADD_RHK
        text = (text or "").strip()
        if not text:
            raise InvalidData(_("Rencana hasil kerja wajib diisi."), field="text")
        if rhk_kind not in RhkKind.values:
            raise InvalidData(_("Jenis RHK tidak dikenal."), field="rhk_kind")
        values["payload"] = {"text": text, "kind": rhk_kind, "indicators": _indicator_rows(indicators)}
        for pk, payload in pending.filter(kind=AmendmentKind.ADD_RHK).values_list("pk", "payload"):
            if payload == values["payload"]:  # the same proposal posted twice
                return Amendment.objects.get(pk=pk)
    try:
        with transaction.atomic():
            amendment = Amendment.objects.create(skp=skp, reason=reason, requested_by=actor, **values)
    except IntegrityError:  # a concurrent twin
        return pending.filter(**{k: v for k, v in values.items() if k in ("indicator", "rhk")}).first()
    _audit(actor, "amendment.requested", skp, {"amendment": [None, {"kind": kind, **amendment.payload,
                                                                     "new_target": amendment.new_target}]},
           reason=reason)  # fmt: skip
    _notify(_user_of(skp.substitute_id or skp.supervisor_id), "amendment.requested",
            _("Usulan perubahan SKP %(name)s menunggu keputusan Anda") % {"name": skp.employee.name}, skp,
            key=f"amendment-{amendment.pk}")  # fmt: skip
    return amendment


def _apply(amendment: Amendment) -> None:
    kind, p = amendment.kind, amendment.payload or {}
    if kind == AmendmentKind.TARGET and amendment.indicator_id:
        Indicator.objects.filter(pk=amendment.indicator_id).update(target=amendment.new_target)
    elif kind == AmendmentKind.REMOVE_INDICATOR and amendment.indicator_id:
        Indicator.objects.filter(pk=amendment.indicator_id).delete()
    elif kind == AmendmentKind.REMOVE_RHK and amendment.rhk_id:
        Rhk.objects.filter(pk=amendment.rhk_id).delete()
    elif kind == AmendmentKind.ADD_INDICATOR and amendment.rhk_id:
        Indicator.objects.create(rhk_id=amendment.rhk_id, aspect=p["aspect"], text=p["text"], target=p["target"])
    elif kind == AmendmentKind.ADD_RHK:
        order = Rhk.objects.filter(skp_id=amendment.skp_id).count() + 1
        rhk = Rhk.objects.create(skp_id=amendment.skp_id, kind=p.get("kind", RhkKind.MAIN), text=p["text"], order=order)
        Indicator.objects.bulk_create([Indicator(rhk=rhk, aspect=i["aspect"], text=i["text"], target=i["target"])
                                       for i in p.get("indicators", [])])  # fmt: skip
        Amendment.objects.filter(pk=amendment.pk).update(rhk=rhk)


@transaction.atomic
def amendment_decide(*, actor: Any, amendment: Amendment, approve: bool) -> Amendment:
    """The rater approves (the change is applied, the SKP's version moves) or rejects. Deciding twice changes
    nothing the second time."""
    skp = amendment.skp
    _require_rater(actor, skp)
    _open(skp)
    done = Amendment.objects.filter(pk=amendment.pk, status=AmendmentStatus.PENDING).update(
        status=AmendmentStatus.APPROVED if approve else AmendmentStatus.REJECTED,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    amendment.refresh_from_db()
    if not done:
        return amendment
    if approve:
        _apply(amendment)
        _claim(skp, None)
        amendment.refresh_from_db()
    _audit(actor, "amendment.approved" if approve else "amendment.rejected", skp,
           {"amendment": [amendment.old_target or None, {"kind": amendment.kind, **(amendment.payload or {}),
                                                         "new_target": amendment.new_target}]})  # fmt: skip
    return amendment


EVIDENCE_MAX_BYTES = 10 * 1024 * 1024  # PDF, JPEG or PNG, by its first bytes


@transaction.atomic
def evidence_add(*, actor: Any, indicator: Indicator, link: str = "", file: Any = None, note: str = "",
                 request_key: str = "") -> Evidence:  # fmt: skip
    """Evidence against an indicator. A double submit of one form (same request key; without a key, the same link by
    the same person within DUPLICATE_WINDOW) stores it once."""
    skp = indicator.rhk.skp
    _require_owner(actor, skp)
    _open(skp)
    _require_status(skp, SkpStatus.APPROVED, SkpStatus.RATED)
    if not link and not file:
        raise InvalidData(_("Lampirkan berkas atau tautan sebagai bukti dukung."))
    if link:
        try:  # http(s) only: the link is shown as a link to the supervisor (no javascript: or data: URLs)
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            message = _("Tautan bukti dukung harus alamat http:// atau https:// yang sah.")
            raise InvalidData(message, field="link") from None
    content_type = validate_document(file, max_bytes=EVIDENCE_MAX_BYTES) if file is not None else ""
    key = _key(request_key)
    # without a key, only a link is compared (two different files may well share a name)
    fallback = {"indicator": indicator, "added_by": actor, "link": link} if link and file is None else None
    evidence, created = _create_once(Evidence, {"skp": skp}, key, fallback, indicator=indicator, link=link or "",
                                     file=file or "", content_type=content_type, note=(note or "")[:300],
                                     added_by=actor)  # fmt: skip
    if created:
        _audit(actor, "evidence.added", skp, {"evidence": [None, link or getattr(file, "name", "")]})
    return evidence


@transaction.atomic
def feedback_add(*, actor: Any, skp: Skp, text: str, request_key: str = "") -> Feedback:
    """Continuous feedback. A double submit (same request key; without a key, the same text by the same author
    within DUPLICATE_WINDOW) is stored, audited and notified once."""
    if access.is_owner(actor, skp):
        direction = FeedbackDirection.TO_SUPERVISOR
    elif access.is_rater(actor, skp):
        direction = FeedbackDirection.TO_EMPLOYEE
    else:
        raise AccessDenied()
    _open(skp)
    text = (text or "").strip()
    if not text:
        raise InvalidData(_("Umpan balik tidak boleh kosong."), field="text")
    feedback, created = _create_once(Feedback, {"skp": skp}, _key(request_key), {"author": actor, "text": text},
                                     direction=direction, text=text, author=actor)  # fmt: skip
    if not created:
        return feedback
    _audit(actor, "feedback.added", skp, {"feedback": [None, direction]})
    target = skp.employee_id if direction == FeedbackDirection.TO_EMPLOYEE else (skp.substitute_id or skp.supervisor_id)
    _notify(_user_of(target), "feedback", _("Umpan balik baru pada SKP"), skp, key=f"feedback-{feedback.pk}")
    return feedback


@transaction.atomic
def checkin_record(*, actor: Any, skp: Skp, number: int, notes: str, progress: str = "") -> CheckIn:
    """The check-in `number` of the period's cadence; recording the same number again updates its notes."""
    _require_rater(actor, skp)
    _open(skp)
    _require_status(skp, SkpStatus.APPROVED, SkpStatus.RATED)
    limit = CHECKINS_PER_YEAR[skp.period.cadence]
    if not 1 <= int(number) <= limit:
        raise InvalidData(_("Check-in ke-%(n)s tidak ada pada periode ini (1–%(max)s).") % {"n": number, "max": limit},
                          field="number")  # fmt: skip
    if not (notes or "").strip():
        raise InvalidData(_("Catatan check-in wajib diisi."), field="notes")
    if progress and progress not in EXPECTATIONS:
        raise InvalidData(_("Nilai kemajuan tidak dikenal."), field="progress")
    checkin, created = CheckIn.objects.update_or_create(
        skp=skp, number=number, defaults={"notes": notes.strip(), "progress": progress, "author": actor}
    )
    _audit(actor, "checkin.recorded" if created else "checkin.updated", skp, {"checkin": [None, number]})
    return checkin


# --- rating --------------------------------------------------------------------------------------------------


@transaction.atomic
def skp_rate(*, actor: Any, skp: Skp, expected_version: int | None, work_rating: str, behaviour_rating: str,
             behaviours: Mapping[str, tuple[str, str]], feedback: str = "") -> Skp:  # fmt: skip
    """Rate the work result and each BerAKHLAK value; the skp-predicate rule gives the predicate and its reasons.
    Only the ratee's supervisor or the appointed substitute may rate."""
    _require_rater(actor, skp)
    _open(skp)
    _require_status(skp, SkpStatus.APPROVED, SkpStatus.RATED)
    if Appeal.objects.filter(skp=skp).exists():
        raise InvalidData(_("SKP ini sedang/sudah diajukan keberatan; rating tidak dapat diubah."))
    if work_rating not in EXPECTATIONS or behaviour_rating not in EXPECTATIONS:
        raise InvalidData(_("Pilih rating hasil kerja dan perilaku kerja."), field="work_rating")
    missing = [v for v in BerAkhlak.values if behaviours.get(v, ("", ""))[0] not in EXPECTATIONS]
    if missing:
        labels = ", ".join(str(BerAkhlak(v).label) for v in missing)
        raise InvalidData(_("Rating perilaku belum lengkap: %(values)s.") % {"values": labels}, field="behaviours")
    as_of = today()
    params = rules.parameters_for(skp.agency_id)
    decision = rules.predicate(work_rating, behaviour_rating, as_of, params)
    stored = rules.both_languages(rules.SKP_PREDICATE, decision, as_of)
    predicate = str(decision.result["predicate"])
    BehaviourRating.objects.filter(skp=skp).delete()
    BehaviourRating.objects.bulk_create(
        [
            BehaviourRating(skp=skp, value=v, rating=behaviours[v][0], feedback=(behaviours[v][1] or "").strip())
            for v in BerAkhlak.values
        ]
    )
    skp = versioned_update(
        skp,
        actor=actor,
        action="performance.skp.rated",
        expected_version=expected_version,
        values={
            "status": SkpStatus.RATED,
            "work_rating": work_rating,
            "behaviour_rating": behaviour_rating,
            "rating_feedback": (feedback or "").strip(),
            "predicate": predicate,
            "predicate_reasons": stored,
            "rated_at": timezone.now(),
            "rated_by": actor,
        },
        decision=stored["id"],
    )
    _notify(
        _user_of(skp.employee_id),
        "skp.rated",
        _("SKP Anda telah dinilai"),
        skp,
        key=f"skp-rated-{skp.pk}-{skp.version}",
    )
    return skp


# --- 360° ------------------------------------------------------------------------------------------------------


@transaction.atomic
def invite(*, actor: Any, skp: Skp, respondents: Iterable[Employee], relation: str) -> list[Invitation]:
    """Invite peers or subordinates (the rater or personnel staff). Inviting someone twice changes nothing."""
    if not (access.is_rater(actor, skp) or access.can_manage_periods(actor, skp.agency_id)):
        raise AccessDenied()
    _open(skp)
    if relation not in (Relation.PEER, Relation.SUBORDINATE):
        raise InvalidData(_("Hubungan penilai tidak dikenal."), field="relation")
    people = [e for e in respondents]
    for person in people:
        if person.agency_id != skp.agency_id or person.pk == skp.employee_id:
            raise InvalidData(_("Penilai 360° harus pegawai lain di instansi yang sama."), field="respondents")
    taken = set(Invitation.objects.filter(skp=skp).values_list("respondent_id", flat=True))
    fresh = {p.pk: p for p in people if p.pk not in taken}.values()
    try:
        with transaction.atomic():
            created = Invitation.objects.bulk_create(
                [Invitation(skp=skp, respondent=p, relation=relation, invited_by=actor) for p in fresh]
            )
    except IntegrityError:  # a concurrent invite of the same people: theirs stands
        created = []
    if created:
        _audit(actor, "360.invited", skp, {"respondents": [None, len(created)]})
    return created


def _scores(scores: Mapping[str, Any]) -> dict[str, int]:
    clean: dict[str, int] = {}
    for value in BerAkhlak.values:
        try:
            score = int(scores.get(value))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidData(_("Isi skor 1–5 untuk setiap nilai BerAKHLAK."), field=value) from None
        if not 1 <= score <= 5:
            raise InvalidData(_("Isi skor 1–5 untuk setiap nilai BerAKHLAK."), field=value)
        clean[value] = score
    return clean


@transaction.atomic
def answer(*, actor: Any, invitation: Invitation, scores: Mapping[str, Any], comment: str = "") -> Response:
    """The respondent's anonymous answer: stored without who gave it; answering twice is refused."""
    if getattr(actor, "employee_id", None) != invitation.respondent_id:
        raise AccessDenied()
    clean = _scores(scores)
    _open(invitation.skp)
    if not Invitation.objects.filter(pk=invitation.pk, answered=False).update(answered=True):
        raise InvalidData(_("Anda sudah mengisi penilaian 360° ini."))
    response = Response.objects.create(skp_id=invitation.skp_id, relation=invitation.relation, scores=clean,
                                       comment=(comment or "").strip())  # fmt: skip
    audit_record(actor=None, action="performance.360.answered", object_type="performance.skp",
                 object_id=invitation.skp_id, agency_id=invitation.skp.agency_id)  # fmt: skip
    return response


@transaction.atomic
def self_assess(*, actor: Any, skp: Skp, scores: Mapping[str, Any], comment: str = "") -> Response:
    _require_owner(actor, skp)
    _open(skp)
    clean = _scores(scores)
    response, _created = Response.objects.update_or_create(
        skp=skp, relation=Relation.SELF, defaults={"scores": clean, "comment": (comment or "").strip()}
    )
    _audit(actor, "360.self", skp)
    return response


def aggregate_360(skp: Skp) -> dict[str, Any]:
    """Mean score per BerAKHLAK value of the peers' and subordinates' answers — only once at least the parameter's
    minimum have answered (below it, only the number). The self-assessment is shown beside it."""
    params = rules.parameters_for(skp.agency_id)
    minimum = rules.min_360(today(), params)
    rows = list(Response.objects.filter(skp=skp).values_list("relation", "scores"))
    others = [scores for relation, scores in rows if relation != Relation.SELF]
    own = next((scores for relation, scores in rows if relation == Relation.SELF), None)
    shown = len(others) >= minimum
    means = {}
    if shown:
        for value in BerAkhlak.values:
            means[value] = round(sum(s.get(value, 0) for s in others) / len(others), 2)
    return {"count": len(others), "minimum": minimum, "shown": shown, "means": means, "self": own}


# --- calibration ----------------------------------------------------------------------------------------------


def calibration_session_create(*, actor: Any, period: Period, title: str, unit: Any = None,
                               request_key: str = "") -> CalibrationSession:  # fmt: skip
    """Open a calibration session; a double submit (same request key; without one, the same title and unit by the
    same person within DUPLICATE_WINDOW) opens it once."""
    if not access.can_calibrate(actor, period.agency_id):
        raise AccessDenied()
    if unit is not None and unit.agency_id != period.agency_id:
        raise InvalidData(_("Unit bukan milik instansi ini."), field="unit")
    if not (title or "").strip():
        raise InvalidData(_("Judul sesi kalibrasi wajib diisi."), field="title")
    title = title.strip()[:200]
    session, created = _create_once(CalibrationSession, {"period": period}, _key(request_key),
                                    {"title": title, "unit": unit, "created_by": actor},
                                    title=title, unit=unit, created_by=actor)  # fmt: skip
    if created:
        audit_record(actor=actor, action="performance.calibration.opened", obj=session, agency_id=period.agency_id)
    return session


def _history_follow(skp: Skp, predicate: str) -> None:
    """After close, a changed predicate reaches the performance history (that is the only way it changes)."""
    if skp.period.status != PeriodStatus.CLOSED:
        return
    PerformanceHistory.objects.update_or_create(
        employee_id=skp.employee_id,
        year=skp.period.year,
        defaults={"predicate": predicate, "scheme": PerformanceScheme.SKP_2022, "source": HISTORY_SOURCE},
    )


@transaction.atomic
def calibration_change(*, actor: Any, session: CalibrationSession, skp: Skp, new_predicate: str, reason: str,
                       expected_version: int | None) -> CalibrationChange:  # fmt: skip
    """Leaders change a predicate only with a written reason; recorded, audited, and followed into history."""
    if not access.can_calibrate(actor, skp.agency_id) or session.period_id != skp.period_id:
        raise AccessDenied()
    if new_predicate not in PREDICATES:
        raise InvalidData(_("Predikat tidak dikenal."), field="new_predicate")
    if not (reason or "").strip():
        raise InvalidData(_("Perubahan predikat dalam kalibrasi wajib disertai alasan tertulis."), field="reason")
    _require_status(skp, SkpStatus.RATED, SkpStatus.FINAL)
    old = skp.effective_predicate
    if old == new_predicate:
        raise InvalidData(_("Predikat baru sama dengan predikat sekarang."), field="new_predicate")
    skp = versioned_update(skp, actor=actor, action="performance.skp.calibrated", expected_version=expected_version,
                           values={"final_predicate": new_predicate}, reason=reason.strip())  # fmt: skip
    change = CalibrationChange.objects.create(session=session, skp=skp, old_predicate=old,
                                              new_predicate=new_predicate, reason=reason.strip(),
                                              changed_by=actor)  # fmt: skip
    _history_follow(skp, new_predicate)
    return change


def distribution(period: Period, unit: Any = None) -> dict[str, Any]:
    """Counts of effective predicates (unit subtree or agency) and the skp-distribution rule's verdict."""
    from django.db.models import Case, CharField, Count, When

    qs = Skp.objects.filter(period=period, status__in=(SkpStatus.RATED, SkpStatus.FINAL))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    effective = Case(When(final_predicate="", then=F("predicate")), default=F("final_predicate"),
                     output_field=CharField())  # fmt: skip
    counts = {p: 0 for p in PREDICATES}
    for predicate, n in qs.annotate(p=effective).values_list("p").annotate(n=Count("id")).order_by():
        if predicate in counts:
            counts[predicate] = n
    total = sum(counts.values())
    result: dict[str, Any] = {"counts": counts, "total": total, "decision": None}
    if total:
        as_of = today()
        params = rules.parameters_for(period.agency_id)
        decision = rules.distribution(period.organization_predicate, counts, as_of, params)
        result["decision"] = decision
        result["envelope"] = rules.both_languages(rules.SKP_DISTRIBUTION, decision, as_of)
    return result


# --- appeals --------------------------------------------------------------------------------------------------


def appeal_deadline(skp: Skp) -> dt.date | None:
    if not skp.rated_at:
        return None
    params = rules.parameters_for(skp.agency_id)
    rated_on = timezone.localtime(skp.rated_at).date()
    return rated_on + dt.timedelta(days=rules.appeal_days(rated_on, params))


@transaction.atomic
def appeal_file(*, actor: Any, skp: Skp, reason: str) -> Appeal:
    """The employee objects to the predicate within the window; the supervisor's superior will decide. Filing
    twice returns the first appeal."""
    _require_owner(actor, skp)
    existing = Appeal.objects.filter(skp=skp).first()
    if existing is not None:
        return existing
    _require_status(skp, SkpStatus.RATED, SkpStatus.FINAL)
    if not (reason or "").strip():
        raise InvalidData(_("Tuliskan alasan keberatan."), field="reason")
    deadline = appeal_deadline(skp)
    if deadline is None or today() > deadline:
        raise InvalidData(
            _("Batas waktu pengajuan keberatan telah lewat (%(date)s).") % {"date": deadline}, field="reason"
        )
    rater_id = skp.substitute_id or skp.supervisor_id
    decider_id = None
    if rater_id:
        rater = Employee.objects.select_related("unit").get(pk=rater_id)
        decider_id = supervisor_id_of(rater)
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(skp=skp, reason=reason.strip(), filed_by=actor, deadline=deadline,
                                           decider_id=decider_id, old_predicate=skp.effective_predicate)  # fmt: skip
    except IntegrityError:
        return Appeal.objects.get(skp=skp)
    _audit(actor, "appeal.filed", skp, {"appeal": [None, skp.effective_predicate]}, reason=reason.strip())
    _notify(_user_of(decider_id), "appeal.filed", _("Keberatan atas predikat kinerja menunggu keputusan Anda"), skp,
            key=f"appeal-{appeal.pk}")  # fmt: skip
    return appeal


@transaction.atomic
def appeal_decide(*, actor: Any, appeal: Appeal, grant: bool, reason: str, new_predicate: str = "") -> Appeal:
    """The supervisor's superior decides; a granted appeal sets the final predicate (and the history after close)."""
    if not access.is_appeal_decider(actor, appeal):
        raise AccessDenied(_("Keberatan diputuskan oleh atasan pejabat penilai."))
    if not (reason or "").strip():
        raise InvalidData(_("Tuliskan alasan keputusan."), field="decision_reason")
    if grant and new_predicate not in PREDICATES:
        raise InvalidData(_("Pilih predikat baru untuk keberatan yang dikabulkan."), field="new_predicate")
    values = {"status": AppealStatus.GRANTED if grant else AppealStatus.REJECTED,
              "new_predicate": new_predicate if grant else "", "decision_reason": reason.strip(),
              "decided_by": actor, "decided_at": timezone.now()}  # fmt: skip
    if not Appeal.objects.filter(pk=appeal.pk, status=AppealStatus.PENDING).update(**values):
        appeal.refresh_from_db()
        return appeal
    appeal.refresh_from_db()
    skp = Skp.objects.select_related("period").get(pk=appeal.skp_id)
    if grant:
        skp = versioned_update(skp, actor=actor, action="performance.skp.appeal_granted", expected_version=None,
                               values={"final_predicate": new_predicate}, reason=reason.strip())  # fmt: skip
        _history_follow(skp, new_predicate)
    _audit(actor, "appeal.decided", skp, {"appeal": [AppealStatus.PENDING, appeal.status]}, reason=reason.strip())
    _notify(_user_of(skp.employee_id), "appeal.decided", _("Keberatan Anda telah diputuskan"), skp,
            key=f"appeal-decided-{appeal.pk}")  # fmt: skip
    return appeal


# --- closing the period (set-based) ----------------------------------------------------------------------------


_UPSERT = (
    "ON CONFLICT (employee_id, year) DO UPDATE SET predicate = excluded.predicate, scheme = excluded.scheme, "
    "source = excluded.source"
)
_HISTORY_COLUMNS = "(employee_id, year, predicate, scheme, source, decree_number, created_at)"


def _history_sql() -> str:
    """INSERT ... SELECT of the effective predicates of one id range (table names from the models' meta; every
    value is a query parameter)."""
    skp = Skp._meta.db_table
    history = PerformanceHistory._meta.db_table
    insert = f"INSERT INTO {history} {_HISTORY_COLUMNS} "
    effective = "CASE WHEN s.final_predicate <> '' THEN s.final_predicate ELSE s.predicate END"
    select = f"SELECT s.employee_id, %s, {effective}, %s, %s, '', CURRENT_TIMESTAMP FROM {skp} s "  # noqa: S608
    select += "WHERE s.period_id = %s AND s.status = %s AND s.id > %s AND s.id <= %s "
    return insert + select + _UPSERT


def _close_sql(table: Mapping[tuple[str, str], str]) -> tuple[str, list[Any]]:
    """PostgreSQL: one statement per id range — the UPDATE (rule's cells, FINAL, version) RETURNING the effective
    predicates feeds the INSERT ... ON CONFLICT into the history, so each SKP row is read and rewritten once.
    Parameters after the cells: status FINAL, period, status RATED, lo, hi, year, scheme, source."""
    skp = Skp._meta.db_table
    history = PerformanceHistory._meta.db_table
    cells = " ".join("WHEN work_rating = %s AND behaviour_rating = %s THEN %s" for _cell in table)
    params: list[Any] = [v for (w, b), p in table.items() for v in (w, b, p)]
    sql = (
        f"WITH closed AS (UPDATE {skp} SET predicate = CASE {cells} ELSE predicate END, status = %s, "  # noqa: S608
        "version = version + 1 WHERE period_id = %s AND status = %s AND id > %s AND id <= %s "
        "RETURNING employee_id, CASE WHEN final_predicate <> '' THEN final_predicate ELSE predicate END AS p) "
        f"INSERT INTO {history} {_HISTORY_COLUMNS} SELECT employee_id, %s, p, %s, %s, '', CURRENT_TIMESTAMP "
        f"FROM closed {_UPSERT}"
    )
    return sql, params


def period_close(*, actor: Any, period: Period, chunk: int = 200_000, progress: Any = None) -> dict[str, Any]:
    """Close the period: every rated SKP's predicate is (re)computed with the skp-predicate rule's nine cells in one
    UPDATE per id range (calibrated/appealed predicates stay as their final predicate), the SKPs become final, and
    one INSERT ... SELECT per range writes the predicates to the performance history (replacing that year's row).
    SKPs never rated are left out and counted. All or nothing."""
    if not access.can_manage_periods(actor, period.agency_id):
        raise AccessDenied()
    from django.db.models import Case, CharField, Count, Max, Min, Q, Value, When

    with transaction.atomic():
        if not Period.objects.filter(pk=period.pk, status=PeriodStatus.OPEN).update(status=PeriodStatus.CLOSING):
            raise InvalidData(_("Periode penilaian sudah ditutup."))
        params = rules.parameters_for(period.agency_id)
        as_of = dt.date(period.year, 12, 31)
        table = rules.predicate_table(as_of, params)
        cells = Case(*[When(Q(work_rating=w, behaviour_rating=b), then=Value(p)) for (w, b), p in table.items()],
                     default=F("predicate"), output_field=CharField())  # fmt: skip
        # bounds and count from the (period, id) index alone; the status is checked by the statements themselves
        # (an open period has no FINAL SKP: only this close makes them FINAL)
        bounds = Skp.objects.filter(period=period).aggregate(lo=Min("id"), hi=Max("id"), n=Count("id"))
        written = 0
        sql = _history_sql()
        if bounds["lo"] is not None:
            lo, hi = bounds["lo"] - 1, bounds["hi"]
            total = hi - lo
            start = lo
            while start < hi:
                end = min(start + chunk, hi)
                if connection.vendor == "postgresql":  # one statement: read and rewrite each SKP once
                    close_sql, args = _close_sql(table)
                    args += [SkpStatus.FINAL, period.pk, SkpStatus.RATED, start, end]
                    args += [period.year, PerformanceScheme.SKP_2022, HISTORY_SOURCE]
                    with connection.cursor() as cursor:
                        cursor.execute(close_sql, args)
                        written += max(cursor.rowcount, 0)
                else:  # the rule's predicate and FINAL in one UPDATE, then the history from them
                    Skp.objects.filter(period=period, status=SkpStatus.RATED, id__gt=start, id__lte=end).update(
                        predicate=cells, status=SkpStatus.FINAL, version=F("version") + 1
                    )
                    with connection.cursor() as cursor:
                        cursor.execute(
                            sql, [period.year, PerformanceScheme.SKP_2022, HISTORY_SOURCE, period.pk, SkpStatus.FINAL,
                                  start, end]
                        )  # fmt: skip
                        written += max(cursor.rowcount, 0)
                start = end
                if progress is not None:
                    progress(end - lo, total)
        Period.objects.filter(pk=period.pk).update(status=PeriodStatus.CLOSED, closed_at=timezone.now(),
                                                   version=F("version") + 1)  # fmt: skip
        result = {"written": written, "unrated": bounds["n"] - written, "year": period.year}
        audit_record(actor=actor, action="performance.period.closed", obj=period, agency_id=period.agency_id,
                     changes={"status": [PeriodStatus.OPEN, PeriodStatus.CLOSED]}, decision=result)  # fmt: skip
    return result


# --- legacy PP 46/2011 scores ---------------------------------------------------------------------------------


@transaction.atomic
def legacy_import(*, actor: Any, agency: Any, rows: Iterable[tuple[str, Any, Any]]) -> dict[str, Any]:
    """Import past scores (NIP, year, score 0-100) under PP 46/2011, mapped to predicates by the dated bands.
    All or nothing: any bad row refuses the whole file with every row's problem listed."""
    if not access.can_manage_periods(actor, agency.pk):
        raise AccessDenied()
    params = rules.parameters_for(agency.pk)
    parsed: list[tuple[int, str, int, float]] = []
    errors: list[str] = []
    for number, (nip, year, score) in enumerate(rows, start=2):
        nip = str(nip or "").strip()
        try:
            year_i = int(year)
            score_f = float(str(score).replace(",", "."))
        except (TypeError, ValueError):
            errors.append(_("Baris %(n)s: tahun atau nilai tidak terbaca.") % {"n": number})
            continue
        if not 2011 <= year_i <= 2021:
            errors.append(
                _("Baris %(n)s: tahun %(year)s bukan masa PP 46/2011 (2011–2021).") % {"n": number, "year": year_i}
            )
        if not 0 <= score_f <= 100:
            errors.append(_("Baris %(n)s: nilai harus 0–100.") % {"n": number})
        parsed.append((number, nip, year_i, score_f))
    ids = dict(Employee.objects.filter(agency=agency, nip__in=[p[1] for p in parsed]).values_list("nip", "pk"))
    for number, nip, _year, _score in parsed:
        if nip not in ids:
            errors.append(_("Baris %(n)s: NIP %(nip)s tidak ditemukan di instansi ini.") % {"n": number, "nip": nip})
    if errors:
        raise InvalidData(_("Berkas tidak diimpor; perbaiki baris berikut."), details={"errors": errors})
    histories = [
        PerformanceHistory(
            employee_id=ids[nip],
            year=year,
            score=round(score, 2),
            scheme=PerformanceScheme.PP46_2011,
            predicate=rules.pp46_predicate(score, dt.date(year, 12, 31), params),
            source="PP46 import",
        )
        for _n, nip, year, score in parsed
    ]
    PerformanceHistory.objects.bulk_create(
        histories, update_conflicts=True, unique_fields=["employee", "year"],
        update_fields=["predicate", "score", "scheme", "source"],
    )  # fmt: skip
    audit_record(actor=actor, action="performance.legacy.imported", obj=agency, agency_id=agency.pk,
                 changes={"rows": [None, len(histories)]})  # fmt: skip
    return {"imported": len(histories)}
