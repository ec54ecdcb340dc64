"""The plan -> set-based writes in one transaction: bulk_create new employees, bulk_update changed ones (version
bumped), bulk_create history rows, close superseded open positions, and bulk audit rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import audit_bulk, audit_entry, jsonable
from jenjang.core.errors import StaleEdit
from jenjang.personnel.models import Employee, PositionHistory
from jenjang.personnel.services import HISTORY_MODELS

from .validation import CHUNK, Plan

BATCH = 500
CREATED_FIELDS = (
    "nip", "name", "front_title", "back_title", "birth_place", "birth_date", "gender", "employment_type",
    "appointment_date", "pns_date", "rank", "rank_since", "pppk_grade", "education", "position_id",
    "position_since", "unit_id", "occupation", "status", "last_salary_increment", "email", "phone",
)  # fmt: skip


def write_plan(
    plan: Plan, *, actor: Any, job_id: Any, summary: dict[str, Any], progress: Callable[[str], None]
) -> None:
    with transaction.atomic():
        _check_versions(plan)
        progress(_("Menyimpan pegawai…"))
        created = plan.created
        Employee.objects.bulk_create(created, batch_size=BATCH)
        updated = plan.updated
        if updated:
            now = timezone.now()
            fields: set[str] = {"version", "updated_at"}
            for entry in updated:
                entry.employee.version += 1
                entry.employee.updated_at = now
                fields.update(f + "_id" if f in ("unit", "position") else f for f in entry.changes)
            Employee.objects.bulk_update([e.employee for e in updated], sorted(fields), batch_size=BATCH)
        progress(_("Menyimpan riwayat…"))
        for kind, pairs in plan.histories.items():
            rows = []
            for nip, row in pairs:
                row.employee_id = plan.employees[nip].employee.pk  # type: ignore[attr-defined]
                rows.append(row)
            HISTORY_MODELS[kind]._default_manager.bulk_create(rows, batch_size=BATCH)
        if plan.closed_positions:
            PositionHistory.objects.bulk_update(plan.closed_positions, ["end_date"], batch_size=BATCH)
        progress(_("Mencatat log audit…"))
        audit_bulk(_audit_rows(plan, actor, job_id, summary))


def _check_versions(plan: Plan) -> None:
    """Nobody saved these employees since the file was validated (rows locked until the end on PostgreSQL)."""
    ids = sorted(plan.versions)
    for i in range(0, len(ids), CHUNK):
        current = Employee.objects.select_for_update().filter(pk__in=ids[i : i + CHUNK]).values_list("pk", "version")
        for pk, version in current:
            if plan.versions[pk] != version:
                raise StaleEdit(
                    _("Data pegawai berubah selama impor berjalan; tidak ada yang disimpan. Unggah ulang berkasnya.")
                )


def _audit_rows(plan: Plan, actor: Any, job_id: Any, summary: dict[str, Any]) -> list[Any]:
    entries = []
    agency_id = plan.agency.pk
    for entry in plan.employees.values():
        employee = entry.employee
        if entry.created:
            action = "personnel.employee.created"
            changes: dict[str, Any] = {
                f.removesuffix("_id"): [None, jsonable(getattr(employee, f))]
                for f in CREATED_FIELDS
                if getattr(employee, f) not in (None, "")
            }
        elif entry.changes:
            action = "personnel.employee.updated"
            changes = dict(entry.changes)
        elif entry.histories:
            action = "personnel.employee.histories_imported"
            changes = {}
        else:
            continue
        if entry.histories:
            changes["histories"] = [None, entry.histories]
        entries.append(
            audit_entry(
                actor=actor,
                action=action,
                agency_id=agency_id,
                employee_id=employee.pk,
                object_type="personnel.employee",
                object_id=employee.pk,
                object_repr=f"{employee.nip} {employee.name}"[:255],
                changes=changes,
                reason=_("Impor berkas (pekerjaan %(job)s)") % {"job": job_id} if job_id else _("Impor berkas"),
            )
        )
    entries.append(
        audit_entry(
            actor=actor,
            action="personnel.import.completed",
            agency_id=agency_id,
            object_type="personnel.import",
            object_id=job_id or "",
            object_repr=str(summary.get("filename", ""))[:255],
            changes={"summary": [None, summary]},
        )
    )
    return entries
