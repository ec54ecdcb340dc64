from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jenjang.accounts.models import Role
from jenjang.cat import services
from jenjang.cat.models import Answer, Attempt, EventKind, IntegrityEvent, Item

from .factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(make_user):
    return make_user(Role.CANDIDATE, None, first_name="Ayu", last_name="Lestari")


@pytest.fixture
def session(agency, staff, candidate):
    s = make_session(agency, staff)
    services.enroll(s, [candidate], actor=staff)
    return s


def start(client, session):
    client.post(reverse("cat:exam_start", args=[session.pk]))
    page = client.get(reverse("cat:exam_take", args=[session.pk]))
    assert page.status_code == 200
    token = re.search(r'"X-Attempt-Token": "([^"]+)"', page.content.decode()).group(1)
    return page, token


def post_answer(client, attempt, token, q, o):
    return client.post(
        reverse("cat:answer", args=[attempt.pk]), {"q": q, "o": o}, HTTP_X_ATTEMPT_TOKEN=token, HTTP_HX_REQUEST="true"
    )


def test_candidate_takes_the_exam_and_keeps_answers_over_a_reload(client, session, candidate):
    client.force_login(candidate)
    page, token = start(client, session)
    attempt = Attempt.objects.get(participant__user=candidate)
    assert post_answer(client, attempt, token, 0, 3).status_code == 200
    assert post_answer(client, attempt, token, 2, 1).status_code == 200
    page, token = start(client, session)  # reload
    html = page.content.decode()
    assert html.count(" checked") == 2
    assert IntegrityEvent.objects.filter(attempt=attempt, kind=EventKind.RECONNECT).exists()
    finish = client.post(reverse("cat:exam_finish", args=[session.pk]))
    assert finish.status_code == 302
    result = client.get(reverse("cat:exam_result", args=[session.pk]))
    assert result.status_code == 200
    attempt.refresh_from_db()
    assert attempt.finished_at is not None
    assert "Nilai total" in result.content.decode()
    # after finishing, the exam page leads to the score and answers are refused
    assert client.get(reverse("cat:exam_take", args=[session.pk])).status_code == 302
    assert post_answer(client, attempt, token, 1, 1).status_code in (409, 410)


def test_answer_endpoint_is_one_statement(client, session, candidate):
    client.force_login(candidate)
    _, token = start(client, session)
    attempt = Attempt.objects.get(participant__user=candidate)
    with CaptureQueriesContext(connection) as queries:
        response = post_answer(client, attempt, token, 1, 2)
    assert response.status_code == 200
    assert len(queries) == 1, [q["sql"] for q in queries]


def test_answer_needs_csrf(session, candidate):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(candidate)
    attempt = services.attempt_open(session.participants.get(), browser="x")
    response = csrf_client.post(reverse("cat:answer", args=[attempt.pk]), {"q": 0, "o": 0, "t": attempt.token})
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_late_answer_is_refused_and_the_exam_finalises(client, session, candidate):
    client.force_login(candidate)
    _, token = start(client, session)
    attempt = Attempt.objects.get(participant__user=candidate)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))
    response = post_answer(client, attempt, token, 0, 0)
    assert response.status_code == 410 and response["HX-Refresh"] == "true"
    assert not Answer.objects.exists()
    attempt.refresh_from_db()
    assert attempt.finish_reason == "TIMEOUT"


def test_timeout_on_page_load_finalises(client, session, candidate):
    client.force_login(candidate)
    start(client, session)
    attempt = Attempt.objects.get(participant__user=candidate)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("cat:exam_take", args=[session.pk]))
    assert response.status_code == 302 and response["Location"].endswith("/hasil/")
    attempt.refresh_from_db()
    assert attempt.finished_at == attempt.deadline


def test_second_browser_is_logged_and_the_first_is_refused(session, candidate):
    first, second = Client(), Client()
    first.force_login(candidate)
    second.force_login(candidate)
    _, token1 = start(first, session)
    _, token2 = start(second, session)
    attempt = Attempt.objects.get()
    assert post_answer(first, attempt, token1, 0, 0).status_code == 409
    assert post_answer(second, attempt, token2, 0, 0).status_code == 200
    assert IntegrityEvent.objects.filter(attempt=attempt, kind=EventKind.SECOND_BROWSER).count() == 1
    assert IntegrityEvent.objects.filter(attempt=attempt, kind=EventKind.STALE_TAB).count() == 1


def test_no_key_or_points_reach_the_browser(client, session, candidate):
    client.force_login(candidate)
    page, _token = start(client, session)
    attempt = Attempt.objects.get()
    html = page.content.decode()
    items = Item.objects.filter(pk__in=[f["item"] for f in attempt.form])
    for item in items:
        assert item.stem in html
    assert "correct" not in html and "option_points" not in html and "poin" not in html.lower()
    api = client.get(reverse("cat-api-form", args=[session.pk]))
    assert api.status_code == 200
    body = api.content.decode()
    assert "correct" not in body and "points" not in body
    assert all(
        set(q) == {"position", "number", "category", "stem", "options", "chosen"} for q in api.json()["questions"]
    )


def test_other_people_cannot_open_a_participants_exam(session, make_user, agency, login):
    stranger = make_user(Role.CANDIDATE, None)
    client = login(stranger)
    for name in ("cat:exam_start", "cat:exam_take", "cat:exam_result"):
        assert client.get(reverse(name, args=[session.pk])).status_code == 404
    assert client.get(reverse("cat-api-form", args=[session.pk])).status_code == 404


def test_public_scoreboard_needs_no_login_and_shows_finished_scores(client, session, candidate):
    attempt = services.attempt_open(session.participants.get(), browser="b")
    services.attempt_finish(attempt.pk, reason="SUBMITTED")
    response = Client().get(reverse("cat:scoreboard", args=[session.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ayu Lestari" in html and 'hx-trigger="every 5s"' in html
    partial = Client().get(reverse("cat:scoreboard", args=[session.pk]), HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "Ayu Lestari" in partial.content.decode()
    api = Client().get(reverse("cat-api-scoreboard", args=[session.pk]))
    assert api.status_code == 200 and api.json()["rows"][0]["name"] == "Ayu Lestari"


@pytest.mark.parametrize(
    ("role", "own_agency", "bank", "sessions"),
    [
        (Role.ADMIN, True, 200, 200),
        (Role.PERSONNEL, True, 404, 200),  # the committee runs sessions but sees no item unless named manager
        (Role.LEADER, True, 404, 200),
        (Role.EMPLOYEE, True, 404, 404),
        (Role.CANDIDATE, False, 404, 404),
        (Role.ADMIN, False, 404, 404),  # another agency's admin
    ],
)
def test_access_matrix(session, make_user, agency, other_agency, login, role, own_agency, bank, sessions):
    user = make_user(role, (agency if own_agency else other_agency) if role != Role.CANDIDATE else None)
    client = login(user)
    bank_pk = session.blueprint.bank_id
    assert client.get(reverse("cat:bank_detail", args=[bank_pk])).status_code == bank
    assert client.get(reverse("cat:bank_export", args=[bank_pk])).status_code == bank
    assert client.get(reverse("cat:session_detail", args=[session.pk])).status_code == sessions
    assert client.get(reverse("cat:integrity_log", args=[session.pk])).status_code == sessions
    assert client.get(reverse("cat-api-item-list", args=[bank_pk])).status_code in (
        (200,) if bank == 200 else (403, 404)
    )


def test_named_bank_manager_sees_the_bank(session, staff, login):
    session.blueprint.bank.managers.add(staff)
    client = login(staff)
    response = client.get(reverse("cat:bank_detail", args=[session.blueprint.bank_id]))
    assert response.status_code == 200
    assert "kunci" in response.content.decode()


def test_committee_pages_query_counts(session, staff, login, django_assert_max_num_queries, make_user):
    services.enroll(session, [make_user(Role.CANDIDATE, None) for _ in range(15)], actor=staff)
    client = login(staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cat:session_detail", args=[session.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert Client().get(reverse("cat:scoreboard", args=[session.pk])).status_code == 200
