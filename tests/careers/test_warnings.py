"""Early warnings: the 90/60/30-day stages, recipients, idempotent re-runs, follow-up with locking, the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jenjang.careers.models import CareerWarning, FollowUp, WarningKind
from jenjang.careers.warnings import stage_for, warning_follow_up, warnings_send
from jenjang.core.errors import StaleEdit
from jenjang.domain.dates import add_years
from jenjang.notifications.models import Notification
from jenjang.personnel.models import Employee
from tests.factories import EmployeeFactory, UnitFactory

pytestmark = pytest.mark.django_db
KGB_DUE = dt.date(2026, 1, 1)  # two years after the factory's last KGB, 1 Jan 2024


@pytest.mark.parametrize(
    ("days", "stage"),
    [(91, None), (90, 90), (89, 90), (61, 90), (60, 60), (59, 60), (31, 60), (30, 30), (29, 30), (0, 30), (-1, None)],
)
def test_stage_boundaries(days, stage):
    assert stage_for(days, [30, 60, 90]) == stage


@pytest.fixture
def people(agency, other_agency, unit, make_user):
    employee = EmployeeFactory(agency=agency, unit=unit, name="Dewi Lestari", position_since=dt.date(2024, 1, 1),
                               rank_since=dt.date(2024, 4, 1))  # fmt: skip
    own = make_user("EMPLOYEE", agency, employee=employee, email="dewi@example.test")
    head = make_user("SUPERVISOR", agency, employee=EmployeeFactory(agency=agency, unit=unit))
    far = make_user("SUPERVISOR", agency, employee=EmployeeFactory(agency=agency, unit=UnitFactory(agency=agency)))
    staff = make_user("PERSONNEL", agency)
    foreign = make_user("PERSONNEL", other_agency)
    return {"employee": employee, "own": own, "head": head, "far": far, "staff": staff, "foreign": foreign}


def kgb_subjects(user):
    rows = Notification.objects.filter(recipient=user, subject__contains="KGB Dewi")
    return list(rows.order_by("id").values_list("subject", flat=True))


def test_each_stage_is_sent_once_to_employee_supervisor_and_staff(people, agency):
    warnings_send(today=KGB_DUE - dt.timedelta(days=91), agency_ids=[agency.pk])
    assert kgb_subjects(people["own"]) == []
    first = warnings_send(today=KGB_DUE - dt.timedelta(days=90), agency_ids=[agency.pk])
    assert first.notifications >= 3
    for who in ("own", "head", "staff"):
        assert kgb_subjects(people[who]) == ["KGB Dewi Lestari jatuh tempo pada 1 Januari 2026 (90 hari lagi)"]
    assert kgb_subjects(people["far"]) == [] and kgb_subjects(people["foreign"]) == []
    again = warnings_send(today=KGB_DUE - dt.timedelta(days=90), agency_ids=[agency.pk])
    assert again.notifications == 0 and again.warnings_created == 0
    assert warnings_send(today=KGB_DUE - dt.timedelta(days=89), agency_ids=[agency.pk]).notifications == 0
    warnings_send(today=KGB_DUE - dt.timedelta(days=60), agency_ids=[agency.pk])
    warnings_send(today=KGB_DUE - dt.timedelta(days=30), agency_ids=[agency.pk])
    assert len(kgb_subjects(people["own"])) == 3
    warning = CareerWarning.objects.get(employee=people["employee"], kind=WarningKind.SALARY_INCREMENT)
    assert warning.due_date == KGB_DUE and warning.last_stage == 30
    assert any("PP 7/1977" in basis for basis in warning.legal_basis)


def test_a_missed_day_sends_only_the_most_urgent_stage(people, agency):
    warnings_send(today=KGB_DUE - dt.timedelta(days=25), agency_ids=[agency.pk])
    assert kgb_subjects(people["own"]) == ["KGB Dewi Lestari jatuh tempo pada 1 Januari 2026 (25 hari lagi)"]
    assert warnings_send(today=KGB_DUE - dt.timedelta(days=20), agency_ids=[agency.pk]).notifications == 0


def test_command_runs_the_same_idempotent_send(people, agency, capsys):
    call_command("warnings", "send", "--today", (KGB_DUE - dt.timedelta(days=30)).isoformat(), "--no-email")
    call_command("warnings", "send", "--today", (KGB_DUE - dt.timedelta(days=30)).isoformat(), "--no-email")
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].endswith("0 notifications sent")
    assert len(kgb_subjects(people["own"])) == 1


def test_celery_task_sends(people, agency):
    from jenjang.careers.tasks import send_warnings

    result = send_warnings.delay((KGB_DUE - dt.timedelta(days=60)).isoformat()).get()
    assert result["notifications"] >= 3
    assert len(kgb_subjects(people["head"])) == 1


def test_follow_up_is_version_checked_and_audited(people, agency):
    warnings_send(today=KGB_DUE - dt.timedelta(days=30), agency_ids=[agency.pk], email=False)
    warning = CareerWarning.objects.get(employee=people["employee"], kind=WarningKind.SALARY_INCREMENT)
    warning_follow_up(people["staff"], warning.pk, status=FollowUp.IN_PROGRESS, note="SK KGB disiapkan",
                      expected_version=warning.version)  # fmt: skip
    with pytest.raises(StaleEdit):
        warning_follow_up(people["staff"], warning.pk, status=FollowUp.DONE, note="",
                          expected_version=warning.version)  # fmt: skip
    warning.refresh_from_db()
    assert warning.status == FollowUp.IN_PROGRESS and warning.note == "SK KGB disiapkan"


def test_page_for_staff_only_and_scoped(people, agency, login, django_assert_max_num_queries):
    today = timezone.localdate()  # the page shows warnings from a month back
    due = today + dt.timedelta(days=30)
    Employee.objects.filter(pk=people["employee"].pk).update(last_salary_increment=add_years(due, -2))
    warnings_send(today=today, agency_ids=[agency.pk], email=False)
    url = reverse("careers:warning_list")
    client = login(people["staff"])
    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()
    assert "Dewi Lestari" in html
    warning = CareerWarning.objects.get(employee=people["employee"], kind=WarningKind.SALARY_INCREMENT)
    response = client.post(url, {"id": warning.pk, "version": warning.version, "status": "DONE", "note": "Selesai"})
    assert response.status_code == 302
    assert CareerWarning.objects.get(pk=warning.pk).status == "DONE"
    stale = client.post(url, {"id": warning.pk, "version": warning.version, "status": "OPEN", "note": ""})
    assert stale.status_code == 409
    assert login(people["own"]).get(url).status_code == 403
    foreign = login(people["foreign"])
    assert "Dewi Lestari" not in foreign.get(url).content.decode()
    assert foreign.post(url, {"id": warning.pk, "version": 2, "status": "OPEN"}).status_code == 404
