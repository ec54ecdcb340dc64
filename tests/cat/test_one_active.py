"""One exam in progress per person: a user enrolled in two sessions whose windows overlap cannot start the second
while the first is being answered (page: the message; API: 409), the try is in the first session's integrity log,
and a finished (submitted or timed-out) other attempt does not block."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jenjang.accounts.models import Role
from jenjang.cat import services
from jenjang.cat.models import Attempt, EventKind, FinishReason, IntegrityEvent

from .factories import make_bank, make_blueprint, make_session

pytestmark = pytest.mark.django_db
BUSY = "Anda sedang mengerjakan ujian lain (Ujian pertama) yang belum selesai."


@pytest.fixture
def candidate(make_user):
    return make_user(Role.CANDIDATE, None)


@pytest.fixture
def two_sessions(agency, other_agency, staff, make_user, candidate):
    """Two overlapping open sessions (the second of another agency) the candidate is enrolled in."""
    first = make_session(agency, staff, title="Ujian pertama")
    other_staff = make_user(Role.PERSONNEL, other_agency)
    second = make_session(
        other_agency,
        other_staff,
        title="Ujian kedua",
        blueprint=make_blueprint(make_bank(other_agency, name="Bank lain")),
    )
    services.enroll(first, [candidate], actor=staff)
    services.enroll(second, [candidate], actor=other_staff)
    return first, second


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _start_url(session) -> str:
    return f"/api/v1/cat/my/sessions/{session.pk}/start/"


def test_page_refuses_a_second_session_while_the_first_is_in_progress(client, candidate, two_sessions):
    first, second = two_sessions
    client.force_login(candidate)
    assert client.post(reverse("cat:exam_start", args=[first.pk])).status_code == 302
    refused = client.post(reverse("cat:exam_start", args=[second.pk]))
    assert refused.status_code == 409
    assert BUSY in refused.content.decode()
    assert not Attempt.objects.filter(participant__session=second).exists()
    # the exam page of the second session sends back to its start page: no attempt was opened
    take = client.get(reverse("cat:exam_take", args=[second.pk]))
    assert take.status_code == 302 and take.url == reverse("cat:exam_start", args=[second.pk])
    # the first session's committee sees the try
    event = IntegrityEvent.objects.get(kind=EventKind.OTHER_SESSION)
    assert event.attempt.participant.session == first and event.detail == f"#{second.pk}"
    # the first exam still works (resume)
    assert client.get(reverse("cat:exam_take", args=[first.pk])).status_code == 200


def test_page_message_is_translated(client, candidate, two_sessions):
    first, second = two_sessions
    client.force_login(candidate)
    client.post(reverse("cat:exam_start", args=[first.pk]))
    client.cookies["django_language"] = "en"
    refused = client.post(reverse("cat:exam_start", args=[second.pk]))
    assert refused.status_code == 409
    assert "You are taking another exam (Ujian pertama)" in refused.content.decode()


def test_api_answers_409_with_a_translated_message(candidate, two_sessions):
    first, second = two_sessions
    api = _api(candidate)
    assert api.post(_start_url(first)).status_code == 200
    refused = api.post(_start_url(second))
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "conflict"
    assert refused.json()["error"]["message"].startswith(BUSY)
    english = api.post(_start_url(second), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 409
    assert english.json()["error"]["message"].startswith("You are taking another exam (Ujian pertama)")
    assert not Attempt.objects.filter(participant__session=second).exists()
    assert IntegrityEvent.objects.filter(kind=EventKind.OTHER_SESSION).count() == 2
    # resuming the first one is not refused
    assert api.post(_start_url(first)).status_code == 200


@pytest.mark.parametrize("how", ["submitted", "timed_out_and_finished", "expired_not_yet_swept"])
def test_a_finished_or_expired_other_attempt_does_not_block(how, candidate, two_sessions):
    first, second = two_sessions
    api = _api(candidate)
    attempt = Attempt.objects.get(pk=api.post(_start_url(first)).json()["attempt"])
    if how == "submitted":
        assert api.post(f"/api/v1/cat/my/sessions/{first.pk}/finish/").status_code == 200
    else:
        Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))
        if how == "timed_out_and_finished":
            services.attempt_finish(attempt.pk, reason=FinishReason.TIMEOUT)
    started = api.post(_start_url(second))
    assert started.status_code == 200 and started.json()["questions"]
    attempt.refresh_from_db()
    assert attempt.finished_at is not None  # an expired one is finished (time-out) on the way
    assert Attempt.objects.filter(participant__user=candidate, finished_at__isnull=True).count() == 1
    assert not IntegrityEvent.objects.filter(kind=EventKind.OTHER_SESSION).exists()


def test_other_people_are_not_blocked(make_user, candidate, two_sessions, staff):
    first, second = two_sessions
    someone = make_user(Role.CANDIDATE, None)
    services.enroll(second, [someone], actor=second.created_by)
    assert _api(candidate).post(_start_url(first)).status_code == 200
    assert _api(someone).post(_start_url(second)).status_code == 200


def test_a_double_start_of_the_same_session_opens_one_attempt(candidate, two_sessions):
    first, _second = two_sessions
    api = _api(candidate)
    one, two = api.post(_start_url(first)), api.post(_start_url(first))
    assert one.status_code == two.status_code == 200
    assert one.json()["attempt"] == two.json()["attempt"]
    assert Attempt.objects.filter(participant__user=candidate).count() == 1


def test_service_refuses_with_the_blocking_attempt(candidate, two_sessions):
    first, second = two_sessions
    p1 = first.participants.get(user=candidate)
    p2 = second.participants.get(user=candidate)
    a1 = services.attempt_open(p1, browser="b")
    with pytest.raises(services.OtherExamInProgress) as refused:
        services.attempt_open(p2, browser="b")
    assert refused.value.other.pk == a1.pk and refused.value.status == 409


@pytest.mark.django_db(transaction=True)
def test_two_sessions_started_at_once_open_one_attempt(agency, other_agency, make_user):
    """Two starts of one person in two sessions racing (two connections): the participations' row lock makes the
    second wait for the first and then see its attempt. PostgreSQL only (SQLite has one writer at a time)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    staff = make_user(Role.PERSONNEL, agency)
    candidate = make_user(Role.CANDIDATE, None)
    blueprint = make_blueprint(make_bank(agency))
    sessions = [make_session(agency, staff, blueprint=blueprint, title=f"Ujian {n}") for n in range(2)]
    participants = [services.enroll(s, [candidate], actor=staff)[0] for s in sessions]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def start(participant) -> None:
        try:
            barrier.wait()
            services.attempt_open(participant, browser="b")
            outcomes.append("opened")
        except services.OtherExamInProgress:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start, args=(p,)) for p in participants]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["opened", "refused"]
    assert Attempt.objects.filter(participant__user=candidate).count() == 1


def test_the_first_sessions_committee_sees_the_try_on_the_integrity_page(client, staff, candidate, two_sessions):
    first, second = two_sessions
    api = _api(candidate)
    api.post(_start_url(first))
    api.post(_start_url(second))
    client.force_login(staff)
    page = client.get(reverse("cat:integrity_log", args=[first.pk]), {"kind": EventKind.OTHER_SESSION})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Mencoba memulai sesi ujian lain saat ujian ini berlangsung" in html and f"#{second.pk}" in html
    # the other agency's session log shows nothing of it (the refused session has no attempt)
    assert client.get(reverse("cat:integrity_log", args=[second.pk])).status_code == 404
