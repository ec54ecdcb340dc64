from __future__ import annotations

import datetime as dt

import pytest

from jenjang.demo.services import demo_load
from jenjang.talent.models import Assessment, BoxMove, KeyPosition, Placement, Successor

TODAY = dt.date(2026, 3, 1)


@pytest.mark.django_db
def test_the_demo_campus_has_assessments_maps_and_two_succession_plans():
    demo_load(seed=7, today=TODAY)
    assert Assessment.objects.filter(agency__code="IPDN-NTB", current=True).count() > 100
    boxes = set(Placement.objects.filter(year=2025).values_list("box", flat=True))
    assert len(boxes) >= 5  # a spread, not one box
    assert Placement.objects.filter(year=2024).exists()  # movement between periods has a base
    keys = KeyPosition.objects.filter(agency__code="IPDN-NTB")
    assert keys.count() == 2
    for key in keys:
        successors = Successor.objects.filter(key_position=key)
        assert successors.exists()
        assert all(s.eligibility["box"] in (7, 8, 9) for s in successors)
    assert BoxMove.objects.get().reason
    demo_load(seed=7, today=TODAY, reset=True)  # a reset rebuilds without leftovers
    assert KeyPosition.objects.filter(agency__code="IPDN-NTB").count() == 2
