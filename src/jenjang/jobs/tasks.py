"""The Celery task that runs any job kind (a worker picks it up when CELERY_BROKER_URL is set)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="jenjang.jobs.run", acks_late=True)
def run_job(job_id: str) -> str:
    from django.db import close_old_connections

    from .services import job_run

    close_old_connections()
    return str(job_run(job_id).status)
