"""Background jobs: running, failing without leftovers, throttled progress, the status page and API, access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jenjang.core.errors import InvalidData
from jenjang.jobs import services
from jenjang.jobs.models import Job, JobStatus
from jenjang.jobs.registry import register
from jenjang.jobs.services import job_progress, job_submit, live_progress
from jenjang.organization.models import Unit


@register("tests.units")
def make_units(job, *, codes, fail_after=None):
    """Creates units in one transaction; fails on purpose after `fail_after` of them."""
    from django.db import transaction

    with transaction.atomic():
        for i, code in enumerate(codes, start=1):
            Unit.objects.create(agency=job.agency, code=code, name=code)
            job_progress(job, i, len(codes), "unit")
            if fail_after == i:
                raise InvalidData("Gagal dengan sengaja.", details={"at": i})
    return {"created": len(codes)}


@register("tests.crash")
def crash(job):
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def inline_jobs(settings):
    settings.JOBS_RUNNER = "inline"


@pytest.fixture
def staff(make_user, agency):
    return make_user("PERSONNEL", agency)


def test_inline_job_runs_to_success_with_its_result(staff, agency):
    job = job_submit(actor=staff, agency=agency, kind="tests.units", params={"codes": ["A", "B", "C"]})
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result == {"created": 3}
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.started_at and job.finished_at and job.created_by == staff


def test_a_failed_job_records_the_error_and_keeps_nothing(staff, agency):
    job = job_submit(actor=staff, agency=agency, kind="tests.units", params={"codes": ["A", "B", "C"], "fail_after": 2})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Gagal dengan sengaja." and job.result == {"at": 2}
    assert not Unit.objects.filter(agency=agency).exists()


def test_an_unexpected_crash_is_a_translated_failure_not_a_traceback(staff, agency):
    job = job_submit(actor=staff, agency=agency, kind="tests.crash", params={})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "tidak ada data yang disimpan" in job.error and "boom" not in job.error


def test_unknown_kind_is_refused_before_anything_is_stored(staff, agency):
    with pytest.raises(LookupError):
        job_submit(actor=staff, agency=agency, kind="tests.nope", params={})
    assert not Job.objects.exists()


def test_progress_is_written_at_most_about_once_a_second(staff, agency, monkeypatch, django_assert_num_queries):
    job = Job.objects.create(kind="tests.units", agency=agency, created_by=staff, status=JobStatus.RUNNING)
    clock = iter([100.0, 100.2, 100.5, 101.3])
    monkeypatch.setattr(services, "_clock", lambda: next(clock))
    monkeypatch.setattr(services, "_in_transaction", lambda: False)
    with django_assert_num_queries(2):  # the first and the last call write; the two in between do not
        for done in (1, 2, 3, 4):
            job_progress(job, done, 10, "memeriksa")
    stored = Job.objects.get(pk=job.pk)
    assert (stored.done, stored.total) == (4, 10)
    assert live_progress(stored).done == 4


def test_double_submit_with_the_same_key_returns_the_first_job(staff, agency):
    first = job_submit(actor=staff, agency=agency, kind="tests.units", params={"codes": ["A"]}, dedupe_key="k1")
    second = job_submit(actor=staff, agency=agency, kind="tests.units", params={"codes": ["A"]}, dedupe_key="k1")
    assert first.pk == second.pk and Unit.objects.filter(agency=agency).count() == 1


def test_status_page_polls_until_finished_then_shows_the_result(login, staff, agency):
    running = Job.objects.create(
        kind="tests.units", agency=agency, created_by=staff, status=JobStatus.RUNNING, done=3, total=10
    )
    client = login(staff)
    html = client.get(reverse("jobs:detail", args=[running.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and "3 dari 10 (30%)" in html
    job = job_submit(actor=staff, agency=agency, kind="tests.units", params={"codes": ["A"]})
    fragment = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "hx-trigger" not in fragment and "Selesai" in fragment


def test_api_returns_the_job_as_json(login, staff, agency):
    job = job_submit(actor=staff, agency=agency, kind="tests.units", params={"codes": ["A", "B"]})
    body = login(staff).get(f"/api/v1/jobs/{job.pk}/").json()
    assert body["status"] == "SUCCEEDED" and body["percent"] == 100 and body["result"] == {"created": 2}
    assert body["url"] == reverse("jobs:detail", args=[job.pk])


@pytest.mark.parametrize(("role", "same_agency", "visible"), [
    ("AUDITOR", True, True), ("LEADER", True, True), ("ADMIN", True, True),
    ("EMPLOYEE", True, False), ("SUPERVISOR", True, False), ("PERSONNEL", False, False),
])  # fmt: skip
def test_job_access_creator_or_agency_readers_else_not_found(
    login, make_user, staff, agency, other_agency, role, same_agency, visible
):
    job = job_submit(actor=staff, agency=agency, kind="tests.units", params={"codes": ["A"]})
    client = login(make_user(role, agency if same_agency else other_agency))
    expected = 200 if visible else 404
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == expected
    assert client.get(f"/api/v1/jobs/{job.pk}/").status_code == expected


def test_the_creator_sees_their_own_job_whatever_the_role(login, make_user, agency):
    own = make_user("EMPLOYEE", agency)
    job = Job.objects.create(kind="tests.units", agency=agency, created_by=own)
    assert login(own).get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def test_default_runner_follows_the_broker_setting(settings):
    del settings.JOBS_RUNNER
    settings.CELERY_BROKER_URL = ""
    assert services.default_runner() == "thread"
    settings.CELERY_BROKER_URL = "redis://localhost:6379/0"
    assert services.default_runner() == "celery"
