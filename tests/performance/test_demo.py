from __future__ import annotations

import datetime as dt

import pytest

from jenjang.accounts.models import User
from jenjang.demo.services import demo_load
from jenjang.performance.models import Appeal, Skp, SkpStatus

pytestmark = pytest.mark.django_db


def test_demo_has_skps_at_every_stage_and_a_rated_one_for_the_demo_employee():
    demo_load(seed=7, today=dt.date(2026, 11, 20))
    statuses = set(Skp.objects.values_list("status", flat=True))
    assert {SkpStatus.DRAFT, SkpStatus.SUBMITTED, SkpStatus.APPROVED, SkpStatus.RATED} <= statuses
    assert Appeal.objects.exists()
    worker = User.objects.get(username="pegawai")
    skp = Skp.objects.get(employee_id=worker.employee_id)
    assert skp.status == SkpStatus.RATED and skp.predicate and skp.predicate_reasons["id"]["reasons"]
    boss = User.objects.get(username="atasan")
    assert Skp.objects.filter(supervisor_id=boss.employee_id, status=SkpStatus.SUBMITTED).exists()
    rated = Skp.objects.filter(status=SkpStatus.RATED).first()
    assert rated.behaviours.count() == 7
