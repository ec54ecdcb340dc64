import pytest

from jenjang.core.errors import StaleEdit
from jenjang.core.models import AuditLog
from jenjang.core.services import versioned_update


@pytest.mark.django_db
def test_a_stale_edit_is_refused_and_overwrites_nothing(employee, make_user, agency):
    staff = make_user("PERSONNEL", agency)
    read_version = employee.version
    versioned_update(employee, actor=staff, action="t.updated", values={"phone": "0811"}, expected_version=read_version)
    with pytest.raises(StaleEdit):
        versioned_update(
            employee, actor=staff, action="t.updated", values={"phone": "0899"}, expected_version=read_version
        )
    employee.refresh_from_db()
    assert employee.phone == "0811"
    assert employee.version == read_version + 1


@pytest.mark.django_db
def test_every_update_is_audited_with_old_and_new_values(employee, make_user, agency):
    staff = make_user("PERSONNEL", agency)
    versioned_update(
        employee,
        actor=staff,
        action="personnel.employee.updated",
        values={"birth_place": "Praya (perbaikan SK)"},
        expected_version=employee.version,
        reason="SK perbaikan",
    )
    row = AuditLog.objects.get(action="personnel.employee.updated")
    assert row.actor == staff and row.agency_id == agency.pk and row.employee_id == employee.pk
    assert row.changes["birth_place"][1] == "Praya (perbaikan SK)"
    assert row.reason == "SK perbaikan"


@pytest.mark.django_db
def test_the_audit_log_cannot_be_changed_or_deleted(employee, make_user, agency):
    versioned_update(
        employee, actor=make_user("ADMIN", agency), action="x", values={"phone": "1"}, expected_version=None
    )
    row = AuditLog.objects.get()
    row.reason = "rewritten"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.all().update(reason="x")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()
