"""The talent map as a background job: progress, the result, a double submit, and access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jenjang.jobs.models import Job
from jenjang.jobs.services import job_submit
from jenjang.talent.models import Placement
from jenjang.talent.tasks import MAP
from tests.talent.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_the_map_job_reports_progress_and_its_counts(agency, make_user, make_talent):
    make_talent(("SANGAT_BAIK", "SANGAT_BAIK"), level=2, score=95)
    make_talent(("BAIK", "BAIK"), level=2, score=70)
    make_talent((None, None))  # no predicate: read, counted, not placed
    staff = make_user("PERSONNEL", agency)
    seen = []
    job = job_submit(
        actor=staff,
        agency=agency,
        kind=MAP,
        params={"agency_id": agency.pk, "year": YEAR, "user_id": staff.pk},
        runner="inline",
        on_progress=lambda j: seen.append((j.done, j.total)),
    )
    job.refresh_from_db()
    assert job.status == "SUCCEEDED"
    assert (3, 3) in seen and job.done == job.total == 3
    assert job.result["placed"] == 2 and job.result["unplaced_no_performance"] == 1
    assert job.result["counts"]["9"] == 1 and job.result["counts"]["5"] == 1
    assert Placement.objects.filter(agency=agency, year=YEAR).count() == 2


def test_a_double_click_starts_one_job_and_readers_cannot_start_it(agency, make_user, login, make_talent):
    make_talent(("SANGAT_BAIK", "SANGAT_BAIK"), level=2, score=95)
    client = login(make_user("PERSONNEL", agency))
    first = client.post(reverse("talent:map_run"), {"year": YEAR})
    second = client.post(reverse("talent:map_run"), {"year": YEAR})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind=MAP).count() == 1
    page = client.get(first["Location"]).content.decode()
    assert "Buka peta talenta" in page and "1 pegawai dipetakan" in page
    leader = login(make_user("LEADER", agency))
    assert leader.post(reverse("talent:map_run"), {"year": YEAR}).status_code == 403
    assert Job.objects.filter(kind=MAP).count() == 1
