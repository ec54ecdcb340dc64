"""The individual development plan (IDP): the employee proposes an action, the supervisor agrees or returns it,
the employee links the training record that fulfils it. Every change is audited and version-checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core import access
from jenjang.core.audit import audit_record
from jenjang.core.errors import InvalidData, NotFound, StaleEdit
from jenjang.core.services import versioned_update
from jenjang.personnel.models import Employee, TrainingHistory

from . import access as careers_access
from .models import ActionKind, ActionStatus, DevelopmentAction


def _own_employee(user: Any) -> Employee:
    access.require(careers_access.has_own_record(user))
    return Employee.objects.get(pk=user.employee_id)


@transaction.atomic
def idp_propose(
    user: Any, *, title: str, kind: str, target_date: Any, hours: Any = None, goal: str = ""
) -> tuple[Any, bool]:
    """A new action on the user's own plan, and whether it is new: submitting the same action (title and target
    date) twice keeps one (idempotent)."""
    employee = _own_employee(user)
    title = (title or "").strip()
    if not title:
        raise InvalidData(_("Nama kegiatan wajib diisi."), field="title")
    if kind not in ActionKind.values:
        raise InvalidData(_("Jenis kegiatan tidak dikenal."), field="kind")
    try:
        target = target_date if isinstance(target_date, dt.date) else dt.date.fromisoformat(str(target_date))
    except ValueError:
        raise InvalidData(_("Tanggal target tidak valid (gunakan TTTT-BB-HH)."), field="target_date") from None
    jp = None
    if hours not in (None, ""):
        try:
            jp = int(hours)
        except (TypeError, ValueError):
            raise InvalidData(_("Isi dengan bilangan bulat."), field="hours") from None
        if not 0 < jp <= 1000:
            raise InvalidData(_("Nilai di luar rentang yang diizinkan."), field="hours")
    action, created = DevelopmentAction.objects.get_or_create(
        employee=employee,
        title=title[:200],
        target_date=target,
        defaults={
            "agency_id": employee.agency_id,
            "kind": kind,
            "hours": jp,
            "goal": (goal or "").strip()[:255],
            "proposed_by": user,
        },
    )
    if created:
        audit_record(actor=user, action="careers.idp.proposed", obj=action, changes={"title": [None, action.title]})
    return action, created


def _action_for(user: Any, pk: Any) -> DevelopmentAction:
    action = access.scoped_get(user, DevelopmentAction.objects.select_related("employee"), pk)
    if not access.can_view_employee(user, action.employee):
        raise NotFound()
    return action


@transaction.atomic
def idp_decide(user: Any, pk: Any, *, agree: bool, note: str, expected_version: int | None) -> Any:
    action = _action_for(user, pk)
    access.require(careers_access.is_supervisor_of(user, action.employee))
    if expected_version is None:
        raise StaleEdit()
    if action.status != ActionStatus.PROPOSED:
        raise InvalidData(_("Hanya usulan yang belum diputuskan yang dapat disetujui atau dikembalikan."))
    if not agree and not (note or "").strip():
        raise InvalidData(_("Tuliskan alasan pengembalian."), field="note")
    values = {"status": ActionStatus.AGREED if agree else ActionStatus.RETURNED, "supervisor_note": note.strip(),
              "decided_by": user, "decided_at": timezone.now()}  # fmt: skip
    return versioned_update(action, actor=user, action="careers.idp.decided", values=values,
                            expected_version=expected_version)  # fmt: skip


@transaction.atomic
def idp_complete(user: Any, pk: Any, *, training_id: Any, expected_version: int | None) -> Any:
    action = _action_for(user, pk)
    access.require(access.is_own_record(user, action.employee))
    if expected_version is None:
        raise StaleEdit()
    training = None
    if training_id not in (None, ""):
        try:
            training = TrainingHistory.objects.get(pk=training_id, employee_id=action.employee_id)
        except (ValueError, TypeError, TrainingHistory.DoesNotExist):
            raise InvalidData(_("Pilih pelatihan dari riwayat pelatihan Anda."), field="training") from None
    if action.status == ActionStatus.DONE and action.training_id == (training.pk if training else None):
        return action  # the same completion sent twice: already so, nothing to change
    if action.status != ActionStatus.AGREED:
        raise InvalidData(_("Hanya kegiatan yang sudah disetujui atasan yang dapat diselesaikan."))
    return versioned_update(action, actor=user, action="careers.idp.completed",
                            values={"status": ActionStatus.DONE, "training": training},
                            expected_version=expected_version)  # fmt: skip


def idp_pending_for(user: Any) -> QuerySet[DevelopmentAction]:
    """Proposed actions of the employees this user supervises (not their own)."""
    visible = access.employees_visible_to(user)
    qs = access.agency_scope(user, DevelopmentAction.objects.all()).filter(
        status=ActionStatus.PROPOSED, employee__in=visible
    )
    if getattr(user, "employee_id", None):
        qs = qs.exclude(employee_id=user.employee_id)
    return qs.select_related("employee").order_by("target_date", "id")
