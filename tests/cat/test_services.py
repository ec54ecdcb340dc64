from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jenjang.accounts.models import Role
from jenjang.cat import selectors, services
from jenjang.cat.models import Answer, Attempt, EventKind, FinishReason, IntegrityEvent, Item, Participant
from jenjang.cat.services import Saved
from jenjang.core.errors import InvalidData

from .factories import make_bank, make_blueprint, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(make_user):
    return make_user(Role.CANDIDATE, None, first_name="Ayu", last_name="Lestari")


def best_choice(attempt, position):
    """The shown option index that earns most points for the question at `position`."""
    entry = attempt.form[position]
    item = Item.objects.get(pk=entry["item"])
    best = item.option_points.index(5) if item.option_points else item.correct_index
    return entry["order"].index(best)


def worst_choice(attempt, position):
    entry = attempt.form[position]
    item = Item.objects.get(pk=entry["item"])
    worst = item.option_points.index(1) if item.option_points else (item.correct_index + 1) % 5
    return entry["order"].index(worst)


def test_session_create_and_enroll_is_idempotent(agency, staff, candidate, make_user):
    session = make_session(agency, staff, reference="selection.vacancy:12")
    assert session.reference == "selection.vacancy:12"
    other = make_user(Role.EMPLOYEE, agency)
    first = services.enroll(session, [candidate, other], actor=staff)
    again = services.enroll(session, [other, candidate], actor=staff)
    assert Participant.objects.filter(session=session).count() == 2
    assert {p.pk for p in first} == {p.pk for p in again}
    assert again[0].user_id == other.pk
    assert len({p.number for p in first}) == 2


def test_session_refuses_a_blueprint_the_bank_cannot_fill(agency, staff):
    bank = make_bank(agency, per_category=2)
    with pytest.raises(InvalidData) as error:
        make_session(agency, staff, blueprint=make_blueprint(bank, per_category=3))
    assert error.value.field == "blueprint"


def test_session_refuses_another_agencys_blueprint(agency, other_agency, staff):
    with pytest.raises(InvalidData):
        make_session(agency, staff, blueprint=make_blueprint(make_bank(other_agency)))


def test_form_is_drawn_shuffled_stored_and_stable(agency, staff, candidate, make_user):
    session = make_session(agency, staff)
    other = make_user(Role.CANDIDATE, None)
    p1, p2 = services.enroll(session, [candidate, other], actor=staff)
    a1 = services.attempt_open(p1, browser="b1")
    again = services.attempt_open(p1, browser="b1")
    assert again.pk == a1.pk and again.form == a1.form
    assert len(a1.form) == 6
    a2 = services.attempt_open(p2, browser="b2")
    # deterministic per (session seed, user): redrawing gives the stored form
    assert services.draw_form(session, candidate.pk) == a1.form
    assert a1.form != a2.form  # another participant gets another order (6 items, 5 options each)
    assert a1.deadline == a1.started_at + dt.timedelta(minutes=60)


def test_deadline_is_capped_by_the_session_end(agency, staff, candidate):
    session = make_session(agency, staff, start_offset=-100, minutes=60, window_minutes=110)
    (p,) = services.enroll(session, [candidate], actor=staff)
    attempt = services.attempt_open(p, browser="b")
    assert attempt.deadline == session.ends_at


def test_no_start_outside_the_window(agency, staff, candidate):
    session = make_session(agency, staff, start_offset=30)
    (p,) = services.enroll(session, [candidate], actor=staff)
    with pytest.raises(InvalidData):
        services.attempt_open(p, browser="b")


def test_answer_saved_idempotent_last_write_wins(agency, staff, candidate):
    session = make_session(agency, staff)
    (p,) = services.enroll(session, [candidate], actor=staff)
    a = services.attempt_open(p, browser="b")
    assert services.answer_save(a.pk, a.token, 0, 2) is Saved.SAVED
    first_time = Answer.objects.get(attempt=a, position=0).answered_at
    assert services.answer_save(a.pk, a.token, 0, 2) is Saved.UNCHANGED
    assert Answer.objects.get(attempt=a, position=0).answered_at == first_time
    assert services.answer_save(a.pk, a.token, 0, 4) is Saved.SAVED
    assert Answer.objects.get(attempt=a, position=0).choice == 4
    assert Answer.objects.filter(attempt=a).count() == 1
    # out of range question / option, forged token
    assert services.answer_save(a.pk, a.token, 6, 0) is Saved.INVALID
    assert services.answer_save(a.pk, a.token, 0, 5) is Saved.INVALID
    assert services.answer_save(a.pk, "forged", 1, 0) is Saved.STALE
    assert Answer.objects.filter(attempt=a).count() == 1


def test_second_browser_takes_over_and_is_logged(agency, staff, candidate):
    session = make_session(agency, staff)
    (p,) = services.enroll(session, [candidate], actor=staff)
    a = services.attempt_open(p, browser="laptop")
    old_token = a.token
    services.attempt_open(p, browser="laptop")  # a reload: reconnect
    b = services.attempt_open(p, browser="phone")  # another browser
    assert services.answer_save(a.pk, old_token, 0, 1) is Saved.STALE
    assert services.answer_save(b.pk, b.token, 0, 1) is Saved.SAVED
    kinds = list(IntegrityEvent.objects.filter(attempt=a).values_list("kind", flat=True))
    assert kinds == [EventKind.START, EventKind.RECONNECT, EventKind.SECOND_BROWSER, EventKind.STALE_TAB]
    assert Attempt.objects.filter(participant=p).count() == 1


def test_late_answer_refused_and_attempt_finalised(agency, staff, candidate):
    session = make_session(agency, staff)
    (p,) = services.enroll(session, [candidate], actor=staff)
    a = services.attempt_open(p, browser="b")
    services.answer_save(a.pk, a.token, 0, best_choice(a, 0))
    Attempt.objects.filter(pk=a.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))
    assert services.answer_save(a.pk, a.token, 1, 0) is Saved.CLOSED
    a.refresh_from_db()
    assert a.finished_at is not None and a.finish_reason == FinishReason.TIMEOUT
    assert not Answer.objects.filter(attempt=a, position=1).exists()
    assert IntegrityEvent.objects.filter(attempt=a, kind=EventKind.LATE_ANSWER).exists()
    # after finishing, nothing is accepted
    assert services.answer_save(a.pk, a.token, 0, 0) in (Saved.STALE, Saved.CLOSED)
    assert Answer.objects.get(attempt=a, position=0).choice == best_choice(a, 0)


def test_sweep_finalises_expired_attempts_only(agency, staff, candidate, make_user):
    session = make_session(agency, staff)
    other = make_user(Role.CANDIDATE, None)
    p1, p2 = services.enroll(session, [candidate, other], actor=staff)
    a1 = services.attempt_open(p1, browser="b")
    a2 = services.attempt_open(p2, browser="c")
    Attempt.objects.filter(pk=a1.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))
    assert services.finalise_expired() == 1
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert a1.finish_reason == FinishReason.TIMEOUT and a2.finished_at is None
    assert services.finalise_expired() == 0


def test_scoring_by_the_cat_skd_rule(agency, staff, candidate, make_user):
    # A full-size SKD form: 30 TWK, 35 TIU, 45 TKP -> the pass marks of KepmenPANRB 321/2024 apply.
    bank = make_bank(agency, per_category=45)
    from jenjang.cat.models import Blueprint

    blueprint = Blueprint.objects.create(
        bank=bank,
        name="SKD",
        skd=True,
        rules=[
            {"category": "TWK", "difficulty": None, "count": 30},
            {"category": "TIU", "difficulty": None, "count": 35},
            {"category": "TKP", "difficulty": None, "count": 45},
        ],
    )
    session = make_session(agency, staff, blueprint=blueprint, minutes=100)
    weak = make_user(Role.CANDIDATE, None)
    strong_p, weak_p = services.enroll(session, [candidate, weak], actor=staff)
    strong = services.attempt_open(strong_p, browser="s")
    for pos in range(110):
        services.answer_save(strong.pk, strong.token, pos, best_choice(strong, pos))
    done = services.attempt_finish(strong.pk, reason=FinishReason.SUBMITTED)
    assert done.by_category == {"TWK": 150.0, "TIU": 175.0, "TKP": 225.0}
    assert done.total == 550 and done.passed is True
    assert done.decision["rule"] == "cat-skd" and done.decision["result"]["failed_subtests"] == []

    w = services.attempt_open(weak_p, browser="w")
    kinds = {}
    for pos in range(110):
        item = Item.objects.select_related("category").get(pk=w.form[pos]["item"])
        kinds[pos] = item.category.code
        # TWK all right (150 >= 65), TIU blank (0 < 80), TKP worst option (45 < 166)
        if item.category.code == "TWK":
            services.answer_save(w.pk, w.token, pos, best_choice(w, pos))
        elif item.category.code == "TKP":
            services.answer_save(w.pk, w.token, pos, worst_choice(w, pos))
    w = services.attempt_finish(w.pk, reason=FinishReason.SUBMITTED)
    assert w.by_category == {"TWK": 150.0, "TIU": 0.0, "TKP": 45.0}
    assert w.passed is False
    assert w.decision["result"]["failed_subtests"] == ["tiu", "tkp"]

    results = selectors.session_results(session)
    assert [r.user_id for r in results] == [candidate.pk, weak.pk]
    assert results[0].passed is True and results[0].total == 550.0
    assert results[1].decision["result"]["total"] == 195
    with pytest.raises(Exception):  # noqa: B017 - frozen dataclass
        results[0].total = 1  # type: ignore[misc]


def test_finish_is_idempotent(agency, staff, candidate):
    session = make_session(agency, staff)
    (p,) = services.enroll(session, [candidate], actor=staff)
    a = services.attempt_open(p, browser="b")
    services.answer_save(a.pk, a.token, 0, best_choice(a, 0))
    first = services.attempt_finish(a.pk, reason=FinishReason.SUBMITTED)
    second = services.attempt_finish(a.pk, reason=FinishReason.SUBMITTED)
    assert first.finished_at == second.finished_at and first.total == second.total
    assert IntegrityEvent.objects.filter(attempt=a, kind=EventKind.FINISH).count() == 1


def test_non_skd_blueprint_has_no_pass_decision(agency, staff, candidate):
    session = make_session(agency, staff, blueprint=make_blueprint(make_bank(agency), skd=False))
    (p,) = services.enroll(session, [candidate], actor=staff)
    a = services.attempt_open(p, browser="b")
    done = services.attempt_finish(a.pk, reason=FinishReason.SUBMITTED)
    assert done.passed is None and done.decision == {} and done.total == 0
    assert selectors.session_results(session)[0].passed is None
