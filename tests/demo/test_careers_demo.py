"""The demo loads what docs/careers.md promises: the campus's published career pattern, one IDP proposal of the
demo employee awaiting their supervisor, and the early warnings of the campus."""

from __future__ import annotations

import datetime as dt

import pytest

from jenjang.accounts.models import User
from jenjang.careers.demo import EDGES, NODES
from jenjang.careers.models import ActionStatus, CareerPattern, CareerWarning, DevelopmentAction, PatternStatus
from jenjang.demo.services import demo_load

TODAY = dt.date(2026, 3, 1)


@pytest.mark.django_db
def test_the_demo_campus_has_a_published_pattern_an_idp_proposal_and_warnings(client):
    demo_load(seed=7, today=TODAY)
    pattern = CareerPattern.objects.get(agency__code="IPDN-NTB")
    assert pattern.name == "Pola Karier IPDN Kampus NTB" and pattern.status == PatternStatus.PUBLISHED
    assert pattern.nodes.count() == len(NODES) == 10 and pattern.edges.count() == len(EDGES)
    assert not CareerPattern.objects.exclude(agency__code="IPDN-NTB").exists()
    member = User.objects.get(username="pegawai")
    action = DevelopmentAction.objects.get()
    assert action.employee_id == member.employee_id and action.status == ActionStatus.PROPOSED
    warnings = CareerWarning.objects.filter(agency__code="IPDN-NTB")
    assert warnings.exists() and not CareerWarning.objects.exclude(agency__code="IPDN-NTB").exists()
    assert all(TODAY <= w.due_date <= TODAY + dt.timedelta(days=90) and w.reasons for w in warnings)
    # the demo employee reads the pattern and their plan through the API
    client.force_login(member)
    listing = client.get("/api/v1/careers/patterns/").json()
    assert [row["name"] for row in listing["results"]] == [pattern.name]
    me = client.get("/api/v1/careers/me/").json()
    assert [a["title"] for a in me["actions"]] == [action.title]
    demo_load(seed=7, today=TODAY, reset=True)  # a reset rebuilds without leftovers
    assert CareerPattern.objects.count() == 1 and DevelopmentAction.objects.count() == 1
