"""The demo campus has ABK for two units and a matching run with a departing decision."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from jenjang.workforce.models import MatchingDecision, MatchingRun, RunStatus, WorkloadTask

pytestmark = pytest.mark.django_db


def test_demo_loads_abk_and_a_matching_run(client):
    call_command("demo", "--today", "2026-03-01", "--seed", "7", stdout=io.StringIO())
    units = set(WorkloadTask.objects.values_list("position__unit__code", flat=True))
    assert units == {"ADM-KEP", "ADM-TU"}
    assert set(WorkloadTask.objects.values_list("year", flat=True)) == {2025, 2026}
    run = MatchingRun.objects.get()
    assert run.status == RunStatus.DONE and run.result["summary"]["filled"] >= 2
    assert run.as_of == dt.date(2026, 3, 1)
    decision = MatchingDecision.objects.get()
    assert decision.departs and decision.reason
    client.login(username="kepegawaian", password="jenjang-demo-2026")
    unit = WorkloadTask.objects.filter(position__unit__code="ADM-KEP").first().position.unit
    page = client.get(f"/formasi/unit/{unit.pk}/?year=2026").content.decode()
    assert "Analis" in page
    # Loading again with a reset replaces, never duplicates.
    call_command("demo", "--today", "2026-03-01", "--seed", "7", "--reset", stdout=io.StringIO())
    assert MatchingRun.objects.count() == 1
