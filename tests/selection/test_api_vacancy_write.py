"""Personnel staff create and change vacancies through the API as on the pages: once per request key, with the
version read, the published rules after the announcement, and nobody else able to."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jenjang.accounts.models import Role
from jenjang.core.models import AuditLog
from jenjang.selection.models import CommitteeMember, Vacancy, VacancyStatus

pytestmark = pytest.mark.django_db
CREATE = "/api/v1/selection/staff/vacancies/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(members, **over):
    start = timezone.localdate() + dt.timedelta(days=1)
    body = {
        "title": "Seleksi Terbuka Kepala Subbagian Umum",
        "description": "Memimpin urusan umum.",
        "announcement_start": start.isoformat(),
        "announcement_end": (start + dt.timedelta(days=20)).isoformat(),
        "assessment_date": (start + dt.timedelta(days=30)).isoformat(),
        "interview_date": (start + dt.timedelta(days=35)).isoformat(),
        "requirements": {"min_education": "S1", "min_rank": "III/b"},
        "committee": [m.pk for m in members],
    }
    body.update(over)
    return body


def test_staff_create_a_vacancy_once_per_request_key(manager, members):
    api = _api(manager)
    first = api.post(CREATE, _body(members), format="json", HTTP_IDEMPOTENCY_KEY="lowongan-1")
    again = api.post(CREATE, _body(members), format="json", HTTP_IDEMPOTENCY_KEY="lowongan-1")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"] and first.json()["status"] == VacancyStatus.DRAFT
    assert Vacancy.objects.count() == 1 and CommitteeMember.objects.count() == 3
    assert AuditLog.objects.filter(action="selection.vacancy.created").count() == 1
    announced = api.post(CREATE, _body(members, announce=True), format="json", HTTP_IDEMPOTENCY_KEY="lowongan-2")
    assert announced.status_code == 201 and announced.json()["status"] == VacancyStatus.OPEN


def test_a_double_submit_of_the_page_creates_one_vacancy(client, manager, members):
    client.force_login(manager)
    url = reverse("selection:vacancy_create")
    page = client.get(url)
    key = page.context["form"]["form_key"].value()
    body = {k: v for k, v in _body(members).items() if k not in ("requirements", "committee")}
    body |= {"committee": [m.pk for m in members], "min_education": "S1", "form_key": key, "open_to_public": "on"}
    first, second = client.post(url, body), client.post(url, body)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Vacancy.objects.count() == 1


def test_a_committee_of_another_agency_or_a_bad_date_writes_nothing(manager, members, other_agency, make_user):
    api = _api(manager)
    outsider = make_user(Role.PERSONNEL, other_agency)
    refused = api.post(CREATE, _body([*members, outsider]), format="json")
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "committee"
    body = _body(members)
    day_before = (dt.date.fromisoformat(body["announcement_start"]) - dt.timedelta(days=1)).isoformat()
    backwards = api.post(CREATE, {**body, "announcement_end": day_before}, format="json")
    assert backwards.status_code == 400
    assert not Vacancy.objects.exists()


def test_a_draft_changes_in_part_and_a_stale_version_is_refused(manager, members):
    api = _api(manager)
    created = api.post(CREATE, _body(members), format="json").json()
    url = f"{CREATE}{created['id']}/"
    missing = api.patch(url, {"title": "Tanpa versi"}, format="json")
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "version"
    changed = api.patch(url, {"title": "Seleksi Terbuka Kepala Subbagian Keuangan", "version": 1}, format="json")
    assert changed.status_code == 200
    assert changed.json()["title"] == "Seleksi Terbuka Kepala Subbagian Keuangan" and changed.json()["version"] == 2
    assert changed.json()["description"] == "Memimpin urusan umum."  # not sent: kept
    stale = api.patch(url, {"title": "Ditimpa", "version": 1}, format="json")
    assert stale.status_code == 409
    assert Vacancy.objects.get().title == "Seleksi Terbuka Kepala Subbagian Keuangan"


def test_after_the_announcement_only_dates_move_later_and_members_are_added(manager, members, make_user, agency):
    api = _api(manager)
    created = api.post(CREATE, _body(members, announce=True), format="json").json()
    url = f"{CREATE}{created['id']}/"
    title = api.patch(url, {"title": "Judul lain", "version": 1}, format="json")
    assert title.status_code == 400 and title.json()["error"]["field"] == "title"
    later = (dt.date.fromisoformat(created["announcement_end"]) + dt.timedelta(days=3)).isoformat()
    extended = api.patch(url, {"announcement_end": later, "version": 1}, format="json")
    assert extended.status_code == 200 and extended.json()["announcement_end"] == later
    fourth = make_user(Role.EMPLOYEE, agency)
    added = api.patch(url, {"committee": [m.pk for m in [*members, fourth]], "version": 2}, format="json")
    assert added.status_code == 200 and len(added.json()["committee"]) == 4
    removed = api.patch(url, {"committee": [m.pk for m in members[:2]], "version": 3}, format="json")
    assert removed.status_code == 400 and removed.json()["error"]["field"] == "committee"
    assert CommitteeMember.objects.filter(vacancy_id=created["id"]).count() == 4


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.AUDITOR, Role.CANDIDATE])
def test_others_cannot_create_or_change_vacancies(role, manager, members, agency, other_agency, make_user):
    created = _api(manager).post(CREATE, _body(members), format="json").json()
    user = make_user(role, None if role == Role.CANDIDATE else agency)
    api = _api(user)
    assert api.post(CREATE, _body(members), format="json").status_code in (403, 404)
    assert api.patch(f"{CREATE}{created['id']}/", {"title": "x", "version": 1}, format="json").status_code in (403, 404)
    foreign = _api(make_user(Role.PERSONNEL, other_agency))
    assert foreign.patch(f"{CREATE}{created['id']}/", {"title": "x", "version": 1}, format="json").status_code == 404
    assert Vacancy.objects.count() == 1 and Vacancy.objects.get().version == 1
