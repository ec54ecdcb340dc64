from __future__ import annotations

import pytest
from django.utils import timezone

from jenjang.accounts.models import Role
from jenjang.cat import demo, selectors
from jenjang.cat.models import ExamSession, Item, ItemBank

pytestmark = pytest.mark.django_db


def test_demo_loads_a_bank_a_finished_and_an_upcoming_session_and_clears(agency, make_user):
    make_user(Role.ADMIN, agency)
    staff = make_user(Role.PERSONNEL, agency)
    today = timezone.localdate()
    demo.load(agencies={"IPDN-NTB": agency}, today=today, seed=7)
    bank = ItemBank.objects.get(agency=agency)
    assert Item.objects.filter(bank=bank).count() == 30
    assert list(bank.managers.all()) == [staff]
    finished = ExamSession.objects.get(reference="demo.cat:finished")
    results = selectors.session_results(finished)
    assert len(results) == 5
    assert results[0].total >= results[-1].total
    assert all(r.decision.get("rule") == "cat-skd" for r in results)
    assert finished.ends_at < timezone.now()
    upcoming = ExamSession.objects.get(reference="demo.cat:upcoming")
    assert upcoming.participants.count() == 3 and upcoming.ends_at > timezone.now()
    demo.clear([agency.pk])
    assert not ExamSession.objects.exists() and not ItemBank.objects.exists()
