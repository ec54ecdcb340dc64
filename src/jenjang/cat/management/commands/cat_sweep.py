"""Finish every CAT attempt whose deadline has passed (run every minute, e.g. from cron or celery beat)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jenjang.cat.services import finalise_expired


class Command(BaseCommand):
    help = "Finish and score every CAT attempt past its deadline."

    def handle(self, *args: Any, **options: Any) -> None:
        done = finalise_expired()
        self.stdout.write(f"{done} attempt(s) finished")
