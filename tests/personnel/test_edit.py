from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jenjang.accounts.models import Role
from jenjang.core.models import AuditLog
from jenjang.domain.vocab import rank_code
from jenjang.personnel.models import Employee, RankHistory

pytestmark = pytest.mark.django_db


def edit_url(employee) -> str:
    return reverse("personnel:employee_edit", kwargs={"pk": employee.pk})


def form_data(employee, **changes) -> dict:
    data = {
        "name": employee.name, "front_title": "", "back_title": "", "birth_place": employee.birth_place,
        "birth_date": employee.birth_date.isoformat(), "gender": employee.gender,
        "employment_type": employee.employment_type, "appointment_date": employee.appointment_date.isoformat(),
        "pns_date": employee.pns_date.isoformat(), "rank": employee.rank, "rank_since": employee.rank_since.isoformat(),
        "pppk_grade": "", "education": employee.education, "unit": employee.unit_id, "position": employee.position_id,
        "position_since": employee.position_since.isoformat(), "occupation": "", "status": employee.status,
        "last_salary_increment": employee.last_salary_increment.isoformat(), "email": "", "phone": "",
        "version": employee.version,
    }  # fmt: skip
    data.update(changes)
    return data


def test_staff_edit_saves_and_audits(employee, agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, agency))
    response = client.post(edit_url(employee), form_data(employee, back_title="S.Kom.", reason="Ijazah baru"))
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.back_title == "S.Kom." and employee.version == 2
    entry = AuditLog.objects.get(action="personnel.employee.updated", employee_id=employee.pk)
    assert entry.changes["back_title"] == ["", "S.Kom."] and entry.reason == "Ijazah baru"


def test_stale_version_is_refused_and_keeps_the_input(employee, agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, agency))
    stale = form_data(employee, name="Nama Saya Yang Baru")
    Employee.objects.filter(pk=employee.pk).update(version=2, name="Diubah Orang Lain")
    response = client.post(edit_url(employee), stale)
    assert response.status_code == 200
    body = response.content.decode()
    assert "telah diubah oleh pengguna lain" in body
    assert 'value="Nama Saya Yang Baru"' in body
    employee.refresh_from_db()
    assert employee.name == "Diubah Orang Lain" and employee.version == 2


def test_nip_cannot_be_changed_through_the_form(employee, agency, make_user, login):
    original = employee.nip
    client = login(make_user(Role.PERSONNEL, agency))
    client.post(edit_url(employee), form_data(employee, nip="199001012015011001"))
    employee.refresh_from_db()
    assert employee.nip == original


@pytest.mark.parametrize("role", [Role.LEADER, Role.AUDITOR, Role.SUPERVISOR])
def test_readers_cannot_edit(employee, agency, make_user, login, role):
    client = login(make_user(role, agency, employee=employee if role == Role.SUPERVISOR else None))
    response = client.post(edit_url(employee), form_data(employee, name="X"))
    assert response.status_code == 403
    employee.refresh_from_db()
    assert employee.name != "X"


def test_other_agency_staff_get_404(employee, other_agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, other_agency))
    assert client.get(edit_url(employee)).status_code == 404


def test_history_add_moves_the_current_rank(employee, agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, agency))
    add = reverse("personnel:history_add", kwargs={"pk": employee.pk, "kind": "rank"})
    data = {"rank": rank_code("III/c"), "effective_date": "2023-04-01", "kind": "REGULER",
            "decree_number": "823/1/2023", "nonce": "abc123"}  # fmt: skip
    assert client.post(add, data).status_code == 302
    employee.refresh_from_db()
    assert employee.rank == rank_code("III/c") and employee.rank_since == dt.date(2023, 4, 1)
    # the same form submitted twice adds the row once
    client.post(add, data)
    assert RankHistory.objects.filter(employee=employee).count() == 1


def test_history_add_validates_and_shows_errors(employee, agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, agency))
    add = reverse("personnel:history_add", kwargs={"pk": employee.pk, "kind": "training"})
    response = client.post(add, {"name": "Pelatihan", "start_date": "2024-02-30", "end_date": "2024-03-01"})
    assert response.status_code == 200
    assert not employee.traininghistory_set.exists()


def test_history_delete_needs_a_reason_and_is_audited(employee, agency, make_user, login):
    row = RankHistory.objects.create(employee=employee, rank=rank_code("III/a"), effective_date=dt.date(2015, 4, 1))
    client = login(make_user(Role.PERSONNEL, agency))
    url = reverse("personnel:history_delete", kwargs={"pk": employee.pk, "kind": "rank", "row_id": row.pk})
    assert client.post(url, {"reason": ""}).status_code == 200
    assert RankHistory.objects.filter(pk=row.pk).exists()
    assert client.post(url, {"reason": "Salah input"}).status_code == 302
    assert not RankHistory.objects.filter(pk=row.pk).exists()
    assert AuditLog.objects.get(action="personnel.rankhistory.deleted").reason == "Salah input"


def test_history_of_another_employee_cannot_be_deleted_through_this_one(employee, agency, unit, make_user, login):
    from tests.factories import EmployeeFactory

    other = EmployeeFactory(agency=agency, unit=unit)
    row = RankHistory.objects.create(employee=other, rank=rank_code("III/a"), effective_date=dt.date(2015, 4, 1))
    client = login(make_user(Role.PERSONNEL, agency))
    url = reverse("personnel:history_delete", kwargs={"pk": employee.pk, "kind": "rank", "row_id": row.pk})
    assert client.post(url, {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("kind", ["rank", "position", "education", "training", "performance", "award", "sanction",
                                  "salary"])  # fmt: skip
def test_every_history_form_renders_for_staff(employee, agency, make_user, login, kind):
    client = login(make_user(Role.PERSONNEL, agency))
    response = client.get(reverse("personnel:history_add", kwargs={"pk": employee.pk, "kind": kind}))
    assert response.status_code == 200
    assert 'name="nonce"' in response.content.decode()


def test_edit_form_shows_nip_read_only(employee, agency, make_user, login):
    body = login(make_user(Role.PERSONNEL, agency)).get(edit_url(employee)).content.decode()
    assert f'value="{employee.nip}" readonly' in body
    assert 'name="nip"' not in body


def test_position_history_closes_the_previous_and_moves_the_position(employee, agency, make_user, login):
    from tests.factories import PositionFactory

    new_position = PositionFactory(agency=agency, unit=employee.unit, name="Kepala Subbagian", level="PENGAWAS")
    client = login(make_user(Role.PERSONNEL, agency))
    add = reverse("personnel:history_add", kwargs={"pk": employee.pk, "kind": "position"})
    client.post(add, {"position_name": "Analis", "start_date": "2020-01-02"})
    client.post(add, {"position": new_position.pk, "start_date": "2024-07-01"})
    employee.refresh_from_db()
    assert employee.position == new_position and employee.position_since == dt.date(2024, 7, 1)
    first = employee.positionhistory_set.get(position_name="Analis")
    assert first.end_date == dt.date(2024, 6, 30)
