"""Writes for the rules engine: adding a dated value of a rule parameter (national or one agency's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jenjang.core import access
from jenjang.core.audit import audit_record
from jenjang.core.errors import InvalidData
from jenjang.domain.parameters import default_parameters

from .models import ParameterValue
from .permissions import can_edit_agency_parameters, can_edit_national_parameters


def _shape_problem(expected: Any, value: Any, path: str) -> str | None:
    """Why `value` does not have the JSON shape of `expected` (None when it does)."""
    where = path or _("nilai")
    if isinstance(expected, dict):
        if not isinstance(value, dict):
            return _("%(path)s harus berupa objek JSON") % {"path": where}
        missing = sorted(set(expected) - set(value))
        extra = sorted(set(value) - set(expected))
        if missing:
            return _("%(path)s tidak memuat kunci: %(keys)s") % {"path": where, "keys": ", ".join(missing)}
        if extra:
            return _("%(path)s memuat kunci yang tidak dikenal: %(keys)s") % {"path": where, "keys": ", ".join(extra)}
        for key, sub in expected.items():
            problem = _shape_problem(sub, value[key], f"{path}.{key}" if path else str(key))
            if problem:
                return problem
        return None
    if isinstance(expected, list):
        if not isinstance(value, list):
            return _("%(path)s harus berupa daftar JSON") % {"path": where}
        if expected:
            for i, element in enumerate(value):
                problem = _shape_problem(expected[0], element, f"{path}[{i}]")
                if problem:
                    return problem
        return None
    if isinstance(expected, bool):
        return None if isinstance(value, bool) else _("%(path)s harus bernilai true atau false") % {"path": where}
    if isinstance(expected, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _("%(path)s harus berupa angka") % {"path": where}
        return None
    if isinstance(expected, str):
        return None if isinstance(value, str) and value.strip() else _("%(path)s harus berupa teks") % {"path": where}
    return None


def parameter_value_check(name: str, value: Any) -> None:
    """InvalidData unless `name` is a known parameter and `value` has the shape of its default values."""
    parameters = default_parameters().parameters
    if name not in parameters:
        raise InvalidData(_("Parameter tidak dikenal: %(name)s") % {"name": name}, field="name")
    expected = parameters[name].values[-1].value
    problem = _shape_problem(expected, value, "")
    if problem:
        raise InvalidData(problem, field="value")


@transaction.atomic
def parameter_value_add(
    *,
    actor: Any,
    agency: Any,
    name: str,
    valid_from: dt.date,
    value: Any,
    legal_basis: str,
    note: str = "",
) -> ParameterValue:
    """Add a dated value: national when `agency` is None (national administrators only), else that agency's
    override (its administrators). Old values are never changed; a later valid_from takes over from that date."""
    agency_id = agency.pk if agency is not None else None
    if agency_id is None:
        access.require(can_edit_national_parameters(actor))
    else:
        access.require(can_edit_agency_parameters(actor, agency_id))
    parameter_value_check(name, value)
    if not isinstance(valid_from, dt.date):
        raise InvalidData(_("Tanggal berlaku wajib diisi."), field="valid_from")
    legal_basis = (legal_basis or "").strip()
    if not legal_basis:
        raise InvalidData(_("Dasar hukum wajib diisi."), field="legal_basis")
    row = ParameterValue(
        name=name,
        agency_id=agency_id,
        valid_from=valid_from,
        value=value,
        legal_basis=legal_basis[:500],
        note=(note or "").strip(),
        created_by=actor,
    )
    row.save(force_insert=True)
    audit_record(
        actor=actor,
        action="rules.parameter_value.added",
        obj=row,
        changes={
            "value": [None, value],
            "valid_from": [None, valid_from],
            "legal_basis": [None, row.legal_basis],
        },
        reason=row.note,
        agency_id=agency_id,
    )
    return row
