"""Access control in one place: roles and agency scoping. Views, API classes, exports and tasks call these;
none of them re-implements a check. A user of one agency never reaches another agency's rows: every scoped
queryset starts from `agency=user.agency`, and a row outside the scope is "not found", never "forbidden", so IDs
in URLs reveal nothing.

Roles (accounts.Role):
- ADMIN      agency administrator: everything in the agency, users and rule parameters included
- PERSONNEL  personnel staff: every record of the agency, imports, corrections, due lists
- LEADER     leader / PPK: reads every record of the agency and its lists
- SUPERVISOR reads the employees of their own unit and the units below it
- EMPLOYEE   reads their own record, proposes corrections to it
- AUDITOR    reads everything of the agency, the audit log included; changes nothing
A superuser (national administrator) sees every agency.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F, Q, QuerySet

from jenjang.accounts.models import Role

from .errors import AccessDenied, NotFound

if TYPE_CHECKING:
    from jenjang.accounts.models import User
    from jenjang.personnel.models import Employee

AGENCY_READERS = frozenset({Role.ADMIN, Role.PERSONNEL, Role.LEADER, Role.AUDITOR})
RECORD_EDITORS = frozenset({Role.ADMIN, Role.PERSONNEL})
AUDIT_READERS = frozenset({Role.ADMIN, Role.PERSONNEL, Role.AUDITOR})


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_national(user: Any) -> bool:
    return _signed_in(user) and user.is_superuser


def has_role(user: Any, roles: frozenset[str]) -> bool:
    return _signed_in(user) and (user.is_superuser or (user.agency_id is not None and user.role in roles))


def can_read_agency(user: Any) -> bool:
    """All records of the user's agency (lists, due lists, exports)."""
    return has_role(user, AGENCY_READERS)


def can_edit_records(user: Any) -> bool:
    return has_role(user, RECORD_EDITORS)


def can_read_audit(user: Any) -> bool:
    return has_role(user, AUDIT_READERS)


def can_administer(user: Any) -> bool:
    return has_role(user, frozenset({Role.ADMIN}))


def require(allowed: bool) -> None:
    if not allowed:
        raise AccessDenied()


def agency_scope(user: Any, queryset: QuerySet[Any], field: str = "agency", *, recheck: bool = False) -> QuerySet[Any]:
    """Rows of the user's agency (every agency for a national administrator; none when signed out). With
    `recheck` the same rows, but the condition is written `agency_id + 0 = %s`, which no index answers: for a
    query whose own index already holds only the agency's rows (the agency-prefixed name words of personnel
    migration 0005), so that PostgreSQL checks the agency on those rows instead of reading the agency index."""
    if not _signed_in(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    if user.agency_id is None:
        return queryset.none()
    if recheck:
        return queryset.alias(_scope_agency=F(f"{field}_id") + 0).filter(_scope_agency=user.agency_id)
    return queryset.filter(**{f"{field}_id": user.agency_id})


def employees_visible_to(
    user: Any, queryset: QuerySet[Employee] | None = None, *, agency_recheck: bool = False
) -> QuerySet[Employee]:
    """The employees this user may read, by role (`agency_recheck`: see `agency_scope`)."""
    from jenjang.personnel.models import Employee

    qs = agency_scope(user, queryset if queryset is not None else Employee.objects.all(), recheck=agency_recheck)
    if not _signed_in(user) or user.is_superuser or user.role in AGENCY_READERS:
        return qs
    own = Q(pk=user.employee_id) if user.employee_id else Q(pk__in=[])
    if user.role == Role.SUPERVISOR and user.employee_id:
        unit_path = Employee.objects.filter(pk=user.employee_id).values_list("unit__path", flat=True).first() or None
        if unit_path:
            return qs.filter(own | Q(unit__path__startswith=unit_path))
    return qs.filter(own)


def employee_get(user: Any, pk: Any, queryset: QuerySet[Employee] | None = None) -> Employee:
    """One employee the user may read, or NotFound (also for another agency's ID)."""
    from jenjang.personnel.models import Employee

    try:
        return employees_visible_to(user, queryset).get(pk=pk)
    except (ValueError, TypeError, Employee.DoesNotExist):
        raise NotFound() from None


def can_view_employee(user: Any, employee: Employee) -> bool:
    return employees_visible_to(user).filter(pk=employee.pk).exists()


def is_own_record(user: Any, employee: Employee) -> bool:
    return _signed_in(user) and user.employee_id == employee.pk


def can_propose_correction(user: Any, employee: Employee) -> bool:
    return is_own_record(user, employee)


def scoped_get(user: Any, queryset: QuerySet[Any], pk: Any, field: str = "agency") -> Any:
    """One row of the user's agency, or NotFound."""
    try:
        return agency_scope(user, queryset, field).get(pk=pk)
    except (ValueError, TypeError):
        raise NotFound() from None
    except queryset.model.DoesNotExist:
        raise NotFound() from None


def user_may_act_for_agency(user: User, agency_id: int | None) -> bool:
    return _signed_in(user) and (user.is_superuser or (agency_id is not None and user.agency_id == agency_id))
