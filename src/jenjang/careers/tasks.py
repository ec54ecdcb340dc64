"""Celery: the daily early-warning run (`jenjang.careers.send_warnings`), scheduled by CELERY_BEAT_SCHEDULE."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="jenjang.careers.send_warnings", acks_late=True)
def send_warnings(today: str | None = None) -> dict[str, int]:
    import datetime as dt

    from django.utils import timezone

    from jenjang.core.tasks import drop_stale_connections

    from .warnings import warnings_send

    drop_stale_connections()
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    result = warnings_send(today=day)
    return {"events": result.events, "warnings": result.warnings_created, "notifications": result.notifications}
