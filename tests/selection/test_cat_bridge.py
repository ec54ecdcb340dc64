"""The CAT stage through the cat app's interface: a session for the vacancy, enrolment, scores back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jenjang.cat import services as cat_services
from jenjang.cat.models import Blueprint, Category, ExamSession, Item, ItemBank, Participant, Scoring
from jenjang.selection import cat_bridge, scoring, services
from jenjang.selection.models import Application
from tests.selection.factories import apply, close_and_screen, make_candidate, make_vacancy

pytestmark = pytest.mark.django_db


def _blueprint(agency) -> Blueprint:
    bank = ItemBank.objects.create(agency=agency, name="Bank uji")
    items = []
    for code, subtest in (("TWK", "twk"), ("TIU", "tiu"), ("TKP", "tkp")):
        kind = Scoring.POINTS if code == "TKP" else Scoring.RIGHT_WRONG
        category = Category.objects.create(bank=bank, code=code, name=code, scoring=kind, skd_subtest=subtest)
        for n in range(2):
            extra = {"option_points": [1, 2, 3, 4, 5]} if code == "TKP" else {"correct_index": 0}
            items.append(Item(bank=bank, category=category, code=f"{code}-{n}", stem=f"Soal {code} {n}",
                              options=["a", "b", "c", "d", "e"], difficulty=1, **extra))  # fmt: skip
    Item.objects.bulk_create(items)
    rules = [{"category": c, "difficulty": None, "count": 2} for c in ("TWK", "TIU", "TKP")]
    return Blueprint.objects.create(bank=bank, name="SKD mini", skd=True, rules=rules)


def test_cat_session_enrolls_passed_candidates_and_scores_come_back(agency, manager, members):
    _blueprint(agency)
    dates = {
        "cat_date": dt.date(2026, 4, 25),
        "assessment_date": dt.date(2026, 5, 1),
        "interview_date": dt.date(2026, 5, 5),
    }
    vacancy = make_vacancy(agency, manager, members, requirements={"min_education": "S1"}, **dates)
    passed = [apply(vacancy, make_candidate(f"Calon{i} Nama")) for i in range(3)]
    apply(vacancy, make_candidate("Gagal Nama", education="D3"))
    close_and_screen(vacancy, members[0])
    vacancy = services.screening_publish(actor=members[0], vacancy=vacancy)

    session = cat_bridge.cat_session_open(actor=members[0], vacancy=vacancy)
    again = cat_bridge.cat_session_open(actor=members[0], vacancy=vacancy)  # idempotent
    assert again.pk == session.pk
    assert set(Participant.objects.filter(session=session).values_list("user_id", flat=True)) == {
        a.applicant_id for a in passed
    }
    vacancy.refresh_from_db()
    assert vacancy.cat_max == Decimal(550)

    now = timezone.now()
    ExamSession.objects.filter(pk=session.pk).update(
        starts_at=now - dt.timedelta(minutes=5), ends_at=now + dt.timedelta(hours=2)
    )
    for participant in Participant.objects.filter(session=session).exclude(user_id=passed[2].applicant_id):
        attempt = cat_services.attempt_open(participant, browser="test")
        cat_services.attempt_finish(attempt.pk, reason="SUBMITTED")  # nothing answered: 0 points, SKD failed
    cat_bridge.cat_results_import(actor=members[0], vacancy=vacancy)
    rows = {a.pk: a for a in Application.objects.filter(vacancy=vacancy)}
    assert rows[passed[0].pk].cat_score == Decimal("0.00") and rows[passed[0].pk].cat_passed is False
    assert rows[passed[2].pk].cat_score is None  # never took the test
    assert passed[0].pk not in {a.pk for a in scoring.ranked_pool(vacancy)}
