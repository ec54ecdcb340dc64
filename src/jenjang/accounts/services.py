"""Agency administrators manage their agency's users: create, change role or link, deactivate, unlock."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jenjang.core import access
from jenjang.core.audit import audit_record
from jenjang.core.errors import InvalidData
from jenjang.personnel.models import Employee

from .models import Role, User


def _require_admin(actor: Any, agency_id: int | None) -> None:
    access.require(access.can_administer(actor) and access.user_may_act_for_agency(actor, agency_id))


def _check_employee(agency_id: int, employee: Employee | None, user_pk: int | None = None) -> None:
    if employee is None:
        return
    if employee.agency_id != agency_id:
        raise InvalidData(_("Pegawai bukan milik instansi ini."), field="employee")
    taken = User.objects.filter(employee=employee).exclude(pk=user_pk).first()
    if taken is not None:
        raise InvalidData(
            _("Pegawai ini sudah terhubung dengan akun %(username)s.") % {"username": taken.username},
            field="employee",
        )


def temporary_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def user_create(
    *,
    actor: Any,
    agency_id: int,
    username: str,
    role: str,
    employee: Employee | None = None,
    first_name: str = "",
    email: str = "",
    password: str | None = None,
) -> tuple[User, str]:
    """Create a user of the actor's agency. Returns the user and the (temporary) password to hand over once."""
    _require_admin(actor, agency_id)
    if role not in Role.values:
        raise InvalidData(_("Peran tidak dikenal."), field="role")
    _check_employee(agency_id, employee)
    password = password or temporary_password()
    user = User(
        username=username.strip(), role=role, agency_id=agency_id, employee=employee, first_name=first_name, email=email
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise InvalidData(" ".join(error.messages), field="password") from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise InvalidData(_("Nama pengguna %(u)s sudah dipakai.") % {"u": username}, field="username") from None
    audit_record(
        actor=actor,
        action="accounts.user.created",
        obj=user,
        agency_id=agency_id,
        employee_id=employee.pk if employee else None,
        changes={
            "username": [None, user.username],
            "role": [None, role],
            "employee": [None, employee.nip if employee else None],
        },
    )
    return user, password


@transaction.atomic
def user_update(
    *, actor: Any, user: User, role: str, employee: Employee | None, is_active: bool, first_name: str, email: str
) -> User:
    _require_admin(actor, user.agency_id)
    if user.pk == actor.pk and (not is_active or role != user.role):
        raise InvalidData(_("Anda tidak dapat menonaktifkan atau mengubah peran akun Anda sendiri."), field="role")
    if role not in Role.values:
        raise InvalidData(_("Peran tidak dikenal."), field="role")
    assert user.agency_id is not None
    _check_employee(user.agency_id, employee, user.pk)
    new = {
        "role": role,
        "employee_id": employee.pk if employee else None,
        "is_active": is_active,
        "first_name": first_name,
        "email": email,
    }
    changes = {k: [getattr(user, k), v] for k, v in new.items() if getattr(user, k) != v}
    if changes:
        User.objects.filter(pk=user.pk).update(**new)
        user.refresh_from_db()
        audit_record(actor=actor, action="accounts.user.updated", obj=user, agency_id=user.agency_id, changes=changes)
    return user


@transaction.atomic
def user_unlock(*, actor: Any, user: User) -> User:
    _require_admin(actor, user.agency_id)
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    audit_record(
        actor=actor,
        action="accounts.user.unlocked",
        obj=user,
        agency_id=user.agency_id,
        changes={"locked_until": [user.locked_until, None]},
    )
    user.refresh_from_db()
    return user


@transaction.atomic
def user_reset_password(*, actor: Any, user: User) -> str:
    _require_admin(actor, user.agency_id)
    password = temporary_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="accounts.user.password_reset", obj=user, agency_id=user.agency_id)
    return password
