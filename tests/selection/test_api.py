"""/api/v1/selection: public board, applying twice, own applications only, staff actions and 404 elsewhere."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from jenjang.selection import services
from jenjang.selection.models import Application
from tests.selection.factories import apply, close_and_screen, make_candidate, make_vacancy

pytestmark = pytest.mark.django_db
API = "/api/v1/selection"


def test_board_is_public_and_lists_announced_vacancies(client, agency, manager, members, django_assert_max_num_queries):
    for i in range(5):
        make_vacancy(agency, manager, members, title=f"Lowongan {i}")
    client.get(f"{API}/vacancies/")
    with django_assert_max_num_queries(6):
        body = client.get(f"{API}/vacancies/").json()
    assert body["count"] == 5 and body["results"][0]["agency"] == agency.name


def test_apply_twice_creates_one_and_screening_hidden_until_published(client, agency, manager, members, login):
    vacancy = make_vacancy(agency, manager, members)
    user = make_candidate("Ani Lestari", education="D3")
    api = login(user)
    with mock.patch("jenjang.selection.services.today", return_value=dt.date(2026, 3, 20)):
        first = api.post(f"{API}/vacancies/{vacancy.pk}/apply/", {"motivation": "x"}, content_type="application/json")
        second = api.post(f"{API}/vacancies/{vacancy.pk}/apply/", {"motivation": "x"}, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert Application.objects.count() == 1
    pk = first.json()["id"]
    close_and_screen(vacancy, members[0])
    assert api.get(f"{API}/my/applications/{pk}/").json()["screening"] is None
    services.screening_publish(actor=members[0], vacancy=vacancy)
    screening = api.get(f"{API}/my/applications/{pk}/").json()["screening"]
    assert screening["passed"] is False and "EDUCATION" in screening["blocked_by"]


def test_another_candidates_application_and_other_agency_are_404(
    agency, other_agency, manager, members, make_user, login
):
    vacancy = make_vacancy(agency, manager, members)
    application = apply(vacancy, make_candidate("Ani Lestari"))
    other = make_candidate("Budi Santoso")
    assert login(other).get(f"{API}/my/applications/{application.pk}/").status_code == 404
    outsider = make_user("PERSONNEL", other_agency)
    client = login(outsider)
    assert client.get(f"{API}/staff/vacancies/{vacancy.pk}/applications/").status_code == 404
    assert (
        client.post(
            f"{API}/staff/applications/{application.pk}/scores/", {"stage": "assessment", "score": 50}
        ).status_code
        == 404
    )


def test_committee_screens_through_the_api_and_a_non_member_is_refused(agency, manager, members, login, make_user):
    vacancy = make_vacancy(agency, manager, members)
    for name in ("Ani A", "Budi B", "Citra C", "Dedi D"):
        apply(vacancy, make_candidate(name))
    with mock.patch("jenjang.selection.services.today", return_value=dt.date(2026, 4, 2)):
        refused = login(make_user("EMPLOYEE", agency)).post(f"{API}/staff/vacancies/{vacancy.pk}/actions/screen/")
        done = login(members[0]).post(f"{API}/staff/vacancies/{vacancy.pk}/actions/screen/")
    assert refused.status_code == 404  # not a committee member nor an agency reader: the vacancy is not theirs
    assert done.status_code == 200 and done.json()["status"] == "SCREENING"
    rows = login(members[0]).get(f"{API}/staff/vacancies/{vacancy.pk}/applications/").json()["results"]
    assert len(rows) == 4 and all(r["screening_reasons"] for r in rows)
