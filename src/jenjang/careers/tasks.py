"""Celery: the daily early-warning run (`jenjang.careers.send_warnings`), scheduled by the beat below."""

from __future__ import annotations

from celery import current_app, shared_task
from celery.schedules import crontab


@shared_task(name="jenjang.careers.send_warnings", acks_late=True)
def send_warnings(today: str | None = None) -> dict[str, int]:
    import datetime as dt

    from django.db import close_old_connections
    from django.utils import timezone

    from .warnings import warnings_send

    close_old_connections()
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    result = warnings_send(today=day)
    return {"events": result.events, "warnings": result.warnings_created, "notifications": result.notifications}


# Every day at 06:00 local time; settings' CELERY_BEAT_SCHEDULE entries of the same name take precedence.
current_app.conf.beat_schedule = {
    "careers-send-warnings": {"task": "jenjang.careers.send_warnings", "schedule": crontab(hour=6, minute=0)},
    **(current_app.conf.beat_schedule or {}),
}
