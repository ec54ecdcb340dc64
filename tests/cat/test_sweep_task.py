"""The periodic work production's Celery beat runs: scheduled by settings, each task registered under its name."""

from __future__ import annotations

from django.conf import settings

from jenjang.config.celery import app


def test_the_beat_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"jenjang.careers.send_warnings", "jenjang.cat.sweep"} <= scheduled
    assert scheduled <= set(app.tasks)
