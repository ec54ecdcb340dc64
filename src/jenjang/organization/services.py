"""Writes to the organisation: units (with their materialised `path`) and positions.

Each function owns its transaction, checks access through jenjang.core.access and writes the audit log. Edits are
optimistic-locked on `version` (jenjang.core.services.versioned_update): a stale version changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

from jenjang.core import access
from jenjang.core.audit import audit_record, jsonable
from jenjang.core.errors import InvalidData
from jenjang.core.services import versioned_update

from .models import Agency, Position, Unit, position_kind

UNIT_FIELDS = ("parent", "code", "name", "order")
POSITION_FIELDS = (
    "unit", "code", "name", "level", "family", "class_grade", "required_education", "formation", "is_active",
)  # fmt: skip


def _require_editor(actor: Any, agency_id: int) -> None:
    access.require(access.can_edit_records(actor) and access.user_may_act_for_agency(actor, agency_id))


def _check_same_agency(agency_id: int, field: str, obj: Any) -> None:
    if obj is not None and obj.agency_id != agency_id:
        raise InvalidData(_("%(field)s bukan milik instansi ini.") % {"field": field}, field=field)


def _unit_code_taken(agency_id: int, code: str, exclude_pk: int | None = None) -> bool:
    qs = Unit.objects.filter(agency_id=agency_id, code=code)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def _unit_code_error(code: str) -> InvalidData:
    return InvalidData(_("Kode unit %(code)s sudah dipakai di instansi ini.") % {"code": code}, field="code")


@transaction.atomic
def unit_create(*, actor: Any, agency: Agency, data: Mapping[str, Any]) -> Unit:
    """A new unit of `agency`, under `parent` (of the same agency) or at the top of the tree."""
    _require_editor(actor, agency.pk)
    values = {k: v for k, v in data.items() if k in UNIT_FIELDS}
    _check_same_agency(agency.pk, "parent", values.get("parent"))
    if _unit_code_taken(agency.pk, values.get("code", "")):
        raise _unit_code_error(values.get("code", ""))
    try:
        with transaction.atomic():
            unit = Unit.objects.create(agency=agency, **values)
    except IntegrityError:
        raise _unit_code_error(values.get("code", "")) from None
    audit_record(
        actor=actor,
        action="organization.unit.created",
        obj=unit,
        changes={k: [None, jsonable(v)] for k, v in values.items() if v not in (None, "")},
    )
    return unit


def _refuse_cycle(unit: Unit, new_parent: Unit | None) -> None:
    if new_parent is None:
        return
    if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
        raise InvalidData(
            _("Unit tidak dapat dipindahkan ke bawah dirinya sendiri atau unit bawahannya."), field="parent"
        )


def _move_subtree(old_path: str, new_path: str, agency_id: int) -> None:
    """Rewrite `path` and `depth` of a unit and all its descendants in one UPDATE."""
    delta = new_path.count("/") - old_path.count("/")
    Unit.objects.filter(agency_id=agency_id, path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + delta,
    )


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, data: Mapping[str, Any], expected_version: int | None) -> Unit:
    """Edit a unit; a new `parent` moves the whole subtree (paths rewritten set-based). A unit never goes under
    itself or one of its descendants."""
    _require_editor(actor, unit.agency_id)
    values = {k: v for k, v in data.items() if k in UNIT_FIELDS}
    current = Unit.objects.select_for_update().get(pk=unit.pk)
    moving = "parent" in values and (values["parent"].pk if values["parent"] else None) != current.parent_id
    if moving:
        _check_same_agency(current.agency_id, "parent", values["parent"])
        _refuse_cycle(current, values["parent"])
    if "code" in values and _unit_code_taken(current.agency_id, values["code"], exclude_pk=current.pk):
        raise _unit_code_error(values["code"])
    updated = versioned_update(
        current, actor=actor, action="organization.unit.updated", values=values, expected_version=expected_version
    )
    if moving:
        parent_path = values["parent"].path if values["parent"] else "/"
        _move_subtree(current.path, f"{parent_path}{current.pk}/", current.agency_id)
        updated.refresh_from_db()
    return updated


def unit_move(*, actor: Any, unit: Unit, parent: Unit | None, expected_version: int | None) -> Unit:
    return unit_update(actor=actor, unit=unit, data={"parent": parent}, expected_version=expected_version)


@transaction.atomic
def position_create(*, actor: Any, agency: Agency, data: Mapping[str, Any]) -> Position:
    _require_editor(actor, agency.pk)
    values = {k: v for k, v in data.items() if k in POSITION_FIELDS}
    _check_same_agency(agency.pk, "unit", values.get("unit"))
    position = Position(agency=agency, **values)
    position.full_clean(exclude=["agency", "unit", "kind"])
    position.save()
    audit_record(
        actor=actor,
        action="organization.position.created",
        obj=position,
        changes={k: [None, jsonable(v)] for k, v in values.items() if v not in (None, "")},
    )
    return position


@transaction.atomic
def position_update(
    *, actor: Any, position: Position, data: Mapping[str, Any], expected_version: int | None
) -> Position:
    _require_editor(actor, position.agency_id)
    values: dict[str, Any] = {k: v for k, v in data.items() if k in POSITION_FIELDS}
    if "unit" in values:
        _check_same_agency(position.agency_id, "unit", values["unit"])
    if "level" in values:
        values["kind"] = position_kind(values["level"])
    return versioned_update(
        position,
        actor=actor,
        action="organization.position.updated",
        values=values,
        expected_version=expected_version,
    )
