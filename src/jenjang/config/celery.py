"""Celery application. In the demo (no broker) tasks run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jenjang.config.settings.local")

app = Celery("jenjang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
