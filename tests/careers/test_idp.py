"""IDP: the employee proposes (idempotent), the supervisor agrees or returns, the employee links own training."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jenjang.careers.models import ActionStatus, DevelopmentAction
from jenjang.personnel.models import TrainingHistory
from tests.factories import EmployeeFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(agency, unit, make_user, login):
    member = EmployeeFactory(agency=agency, unit=unit, name="Putu Ayu")
    own = make_user("EMPLOYEE", agency, employee=member)
    head = make_user("SUPERVISOR", agency, employee=EmployeeFactory(agency=agency, unit=unit))
    far = make_user("SUPERVISOR", agency, employee=EmployeeFactory(agency=agency, unit=UnitFactory(agency=agency)))
    return member, own, head, far


PROPOSAL = {"title": "Pelatihan Analisis Jabatan", "kind": "TRAINING", "hours": "40", "target_date": "2026-06-30",
            "goal": "JP untuk Pengawas"}  # fmt: skip


def test_double_submit_keeps_one_proposal(team, login):
    member, own, _head, _far = team
    client = login(own)
    assert client.post(reverse("careers:my_career"), PROPOSAL).status_code == 302
    assert client.post(reverse("careers:my_career"), PROPOSAL).status_code == 302
    assert DevelopmentAction.objects.filter(employee=member).count() == 1


def test_bad_date_is_explained_and_kept(team, login):
    _member, own, _head, _far = team
    response = login(own).post(reverse("careers:my_career"), {**PROPOSAL, "target_date": "30/06/2026"})
    html = response.content.decode()
    assert response.status_code == 400 and "Tanggal target tidak valid" in html
    assert 'value="Pelatihan Analisis Jabatan"' in html
    assert not DevelopmentAction.objects.exists()


def test_supervisor_agrees_then_employee_links_training(team, login, client):
    member, own, head, far = team
    login(own).post(reverse("careers:my_career"), PROPOSAL)
    action = DevelopmentAction.objects.get()
    agree = reverse("careers:idp_action", args=[action.pk, "setujui"])
    assert login(far).post(agree, {"version": action.version}).status_code == 404  # another unit
    pending = login(head).get(reverse("careers:idp_pending")).content.decode()
    assert "Putu Ayu" in pending
    assert client.post(agree, {"version": action.version, "note": "Lanjutkan"}).status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.AGREED and action.decided_by == head
    again = client.post(agree, {"version": action.version - 1})  # stale double click: nothing changes
    assert again.status_code == 302
    action.refresh_from_db()
    assert action.supervisor_note == "Lanjutkan"

    foreign_training = TrainingHistory.objects.create(employee=EmployeeFactory(agency=member.agency), name="Lain",
        start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 5, 2), hours=8)  # fmt: skip
    mine = TrainingHistory.objects.create(employee=member, name="Analisis Jabatan", start_date=dt.date(2026, 5, 1),
                                          end_date=dt.date(2026, 5, 5), hours=40)  # fmt: skip
    done = reverse("careers:idp_action", args=[action.pk, "selesai"])
    client = login(own)
    client.post(done, {"version": action.version, "training": foreign_training.pk})
    action.refresh_from_db()
    assert action.status == ActionStatus.AGREED
    client.post(done, {"version": action.version, "training": mine.pk})
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.training == mine
    assert "Analisis Jabatan (40 JP)" in client.get(reverse("careers:my_career")).content.decode()


def test_returning_needs_a_reason_and_employee_cannot_decide_own(team, login):
    _member, own, head, _far = team
    login(own).post(reverse("careers:my_career"), PROPOSAL)
    action = DevelopmentAction.objects.get()
    back = reverse("careers:idp_action", args=[action.pk, "kembalikan"])
    assert login(own).post(back, {"version": action.version, "note": "x"}).status_code == 403
    client = login(head)
    client.post(back, {"version": action.version, "note": ""})
    assert DevelopmentAction.objects.get().status == ActionStatus.PROPOSED
    client.post(back, {"version": action.version, "note": "Pilih pelatihan yang lebih relevan"})
    assert DevelopmentAction.objects.get().status == ActionStatus.RETURNED


def test_other_agency_cannot_touch_the_plan(team, other_agency, make_user, login):
    _member, own, _head, _far = team
    login(own).post(reverse("careers:my_career"), PROPOSAL)
    action = DevelopmentAction.objects.get()
    foreign = login(make_user("PERSONNEL", other_agency))
    url = reverse("careers:idp_action", args=[action.pk, "setujui"])
    assert foreign.post(url, {"version": action.version}).status_code == 404
