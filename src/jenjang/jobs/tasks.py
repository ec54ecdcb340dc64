"""The Celery task that runs any job kind (a worker picks it up when CELERY_BROKER_URL is set)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="jenjang.jobs.run", acks_late=True)
def run_job(job_id: str) -> str:
    from jenjang.core.tasks import drop_stale_connections

    from .services import job_run

    drop_stale_connections()
    return str(job_run(job_id).status)
