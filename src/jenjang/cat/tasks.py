"""Celery: finish the CAT attempts whose time is up (`jenjang.cat.sweep`, every minute by CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="jenjang.cat.sweep", acks_late=True)
def sweep() -> int:
    from jenjang.core.tasks import drop_stale_connections

    from .services import finalise_expired

    drop_stale_connections()
    return finalise_expired()
