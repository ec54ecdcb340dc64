"""Submitting, running and reporting background jobs.

Runners (setting JOBS_RUNNER, or `runner=` per call):
- "celery": the Celery task `jenjang.jobs.run` (production, CELERY_BROKER_URL set);
- "thread": a daemon thread in the web process (the demo without a broker, so the page shows live progress);
- "inline": at once, in the caller (tests, and the command line, which prints progress itself).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import close_old_connections, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jenjang.core.errors import JenjangError

from .models import FINISHED_STATUSES, Job, JobStatus
from .registry import get_kind

logger = logging.getLogger(__name__)

RUNNERS = ("celery", "thread", "inline")
PROGRESS_INTERVAL = 1.0  # seconds between progress writes
DEDUPE_WINDOW = dt.timedelta(minutes=10)
_PROGRESS_TTL = 24 * 60 * 60


def default_runner() -> str:
    fallback = "celery" if getattr(settings, "CELERY_BROKER_URL", "") else "thread"
    runner = getattr(settings, "JOBS_RUNNER", "") or fallback
    if runner not in RUNNERS:
        raise ValueError(f"JOBS_RUNNER must be one of {RUNNERS}, not {runner!r}")
    return runner


def _progress_key(job_id: Any) -> str:
    return f"jobs:progress:{job_id}"


def job_submit(
    *,
    actor: Any,
    agency: Any,
    kind: str,
    params: Mapping[str, Any],
    runner: str | None = None,
    dedupe_key: str = "",
    on_progress: Callable[[Job], None] | None = None,
) -> Job:
    """Queue a job and start it with the runner. With a `dedupe_key`, the same user submitting the same key again
    within DEDUPE_WINDOW (a double click, a resent form) gets the earlier job back unless it failed."""
    get_kind(kind)  # an unknown kind is a programming error: fail before anything is stored
    runner = runner or default_runner()
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        if dedupe_key:
            if user is not None:
                # Serialises two concurrent submits of the same user (row lock on PostgreSQL).
                get_user_model()._default_manager.select_for_update().filter(pk=user.pk).first()
            earlier = (
                Job.objects.filter(
                    kind=kind,
                    created_by=user,
                    dedupe_key=dedupe_key,
                    created_at__gte=timezone.now() - DEDUPE_WINDOW,
                )
                .exclude(status=JobStatus.FAILED)
                .order_by("-created_at")
                .first()
            )
            if earlier is not None:
                return earlier
        job = Job.objects.create(
            kind=kind,
            agency=agency,
            created_by=user,
            params=dict(params),
            dedupe_key=dedupe_key,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    if runner == "inline":
        return job_run(job.pk, on_progress=on_progress)
    if runner == "thread":
        transaction.on_commit(lambda: _start_thread(job.pk))
    else:
        from .tasks import run_job

        transaction.on_commit(lambda: run_job.delay(str(job.pk)))
    return job


def _start_thread(job_id: Any) -> None:
    def target() -> None:
        try:
            close_old_connections()
            job_run(job_id)
        finally:
            connection.close()

    threading.Thread(target=target, name=f"job-{job_id}", daemon=True).start()


def job_run(job_id: Any, *, on_progress: Callable[[Job], None] | None = None) -> Job:
    """Run a queued job to its end. Never raises for a failure of the work itself: the job records it."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    job = Job.objects.get(pk=job_id)
    if not claimed:  # already taken by another worker (a redelivered task)
        return job
    job._on_progress = on_progress  # type: ignore[attr-defined]
    job._progress_at = 0.0  # type: ignore[attr-defined]
    with translation.override(job.language):
        try:
            result = get_kind(job.kind).fn(job, **job.params)
        except JenjangError as exc:
            _finish(
                job,
                JobStatus.FAILED,
                error=str(exc.message),
                result=exc.details if isinstance(exc.details, dict) else None,
            )
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            _finish(job, JobStatus.FAILED, error=_("Terjadi kesalahan tak terduga; tidak ada data yang disimpan."))
        else:
            _finish(job, JobStatus.SUCCEEDED, result=result)
    return job


def _finish(job: Job, status: str, *, result: Any = None, error: str = "") -> None:
    job.status = status
    job.result = result
    job.error = error
    job.finished_at = timezone.now()
    if status == JobStatus.SUCCEEDED and job.total:
        job.done = job.total
    fields = ["status", "result", "error", "finished_at", "done", "total", "message"]
    Job.objects.filter(pk=job.pk).update(**{f: getattr(job, f) for f in fields})
    cache.delete(_progress_key(job.pk))
    callback = getattr(job, "_on_progress", None)
    if callback:
        callback(job)


def job_progress(job: Job, done: int, total: int, message: str = "", *, force: bool = False) -> None:
    """Report progress. Written at most about once a second (and always with force=True).

    Inside the work function's transaction a database write would stay invisible until the end, so progress also
    goes to the cache (shared by web and worker processes through Redis in production), which the status page
    reads first.
    """
    job.done, job.total, job.message = done, total, str(message)[:255]
    now = _clock()
    if not force and now - getattr(job, "_progress_at", 0.0) < PROGRESS_INTERVAL:
        return
    job._progress_at = now  # type: ignore[attr-defined]
    cache.set(_progress_key(job.pk), (done, total, job.message), _PROGRESS_TTL)
    if not _in_transaction():
        Job.objects.filter(pk=job.pk).update(done=done, total=total, message=job.message)
    callback = getattr(job, "_on_progress", None)
    if callback:
        callback(job)


def _clock() -> float:
    return time.monotonic()


def _in_transaction() -> bool:
    return bool(connection.in_atomic_block)


def live_progress(job: Job) -> Job:
    """The job with its latest progress from the cache when it is still running (used by selectors)."""
    if job.status not in FINISHED_STATUSES:
        latest = cache.get(_progress_key(job.pk))
        if latest:
            job.done, job.total, job.message = latest
    return job
