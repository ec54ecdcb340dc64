import pytest
from django.urls import reverse

from jenjang.accounts.models import User
from jenjang.core.models import AuditLog
from tests.factories import EmployeeFactory


@pytest.mark.django_db
def test_an_agency_admin_creates_a_user_linked_to_an_employee(login, make_user, agency, employee):
    client = login(make_user("ADMIN", agency))
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "siti.kepeg", "role": "PERSONNEL", "employee_nip": employee.nip, "first_name": "Siti"},
    )
    assert response.status_code == 200
    created = User.objects.get(username="siti.kepeg")
    assert created.agency == agency and created.employee == employee and created.role == "PERSONNEL"
    assert created.check_password(response.context["password"])
    assert AuditLog.objects.filter(action="accounts.user.created", object_id=str(created.pk)).exists()


@pytest.mark.django_db
def test_an_employee_of_another_agency_cannot_be_linked(login, make_user, agency, other_agency):
    foreign = EmployeeFactory(agency=other_agency)
    client = login(make_user("ADMIN", agency))
    response = client.post(
        reverse("accounts:user_create"), {"username": "x.y", "role": "EMPLOYEE", "employee_nip": foreign.nip}
    )
    assert "Tidak ada pegawai dengan NIP ini" in response.content.decode()
    assert not User.objects.filter(username="x.y").exists()


@pytest.mark.django_db
def test_admins_cannot_reach_users_of_another_agency(login, make_user, agency, other_agency):
    foreign = make_user("EMPLOYEE", other_agency)
    client = login(make_user("ADMIN", agency))
    assert client.get(reverse("accounts:user_edit", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("accounts:user_unlock", args=[foreign.pk])).status_code == 404
    assert foreign.username not in client.get(reverse("accounts:user_list")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["PERSONNEL", "LEADER", "SUPERVISOR", "EMPLOYEE", "AUDITOR"])
def test_only_agency_admins_manage_users(login, make_user, agency, role):
    client = login(make_user(role, agency))
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.post(reverse("accounts:user_create"), {"username": "a", "role": "ADMIN"}).status_code == 403
    assert not User.objects.filter(username="a").exists()


@pytest.mark.django_db
def test_unlocking_a_locked_account_lets_its_owner_sign_in(client, make_user, agency, password, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    locked = make_user("EMPLOYEE", agency)
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": locked.username, "password": "salah-salah"})
    locked.refresh_from_db()
    assert locked.locked_until is not None
    admin = make_user("ADMIN", agency)
    client.force_login(admin)
    client.post(reverse("accounts:user_unlock", args=[locked.pk]))
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": locked.username, "password": password})
    assert response.status_code == 302


@pytest.mark.django_db
def test_an_admin_cannot_deactivate_themself(login, make_user, agency):
    admin = make_user("ADMIN", agency)
    client = login(admin)
    response = client.post(
        reverse("accounts:user_edit", args=[admin.pk]), {"username": admin.username, "role": "ADMIN"}
    )
    assert "tidak dapat menonaktifkan" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active
