"""`jenjang demo`: load the demo agencies (IPDN Kampus NTB, BKD Provinsi NTB) and print the demo logins."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jenjang.demo.services import DEFAULT_SEED, demo_load


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today: not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Load the demo agencies (idempotent; --reset rebuilds them) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same people)")
        parser.add_argument("--today", type=_date, default=None, help="reference date YYYY-MM-DD (default today)")
        parser.add_argument("--reset", action="store_true", help="delete and rebuild the demo agencies")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        started = time.monotonic()
        # The demo's own e-mails (an outside candidate's confirmation, published results...) are kept in memory and
        # counted, not printed: the console backend would bury the demo logins under ten messages.
        from django.core import mail
        from django.test.utils import override_settings

        mail.outbox = []
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            result = demo_load(seed=options["seed"], today=today, reset=options["reset"])
        sent = len(mail.outbox)
        mail.outbox = []
        if result.created:
            counts = ", ".join(f"{code}: {n}" for code, n in result.employees.items())
            self.stdout.write(f"Demo loaded in {time.monotonic() - started:.1f} s ({counts} employees).")
            if sent:
                self.stdout.write(f"{sent} e-mails of the demo's story were not printed; new ones go to this console.")
        else:
            self.stdout.write("Demo already loaded; nothing changed (use --reset to rebuild it).")
        rows = [("ROLE", "USERNAME", "PASSWORD", "URL"), *result.logins]
        widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
        for i, row in enumerate(rows):
            self.stdout.write("  ".join(str(cell).ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
            if i == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
