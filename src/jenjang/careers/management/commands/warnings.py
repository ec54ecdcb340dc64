"""`jenjang warnings send [--today YYYY-MM-DD] [--agency CODE] [--no-email]`: the daily early-warning run.
Idempotent: running it twice on a day sends nothing the second time."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jenjang.organization.models import Agency


class Command(BaseCommand):
    help = "Peringatan dini karier: send"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="Record and send the warnings due today (90/60/30 days ahead)")
        send.add_argument("--today", type=dt.date.fromisoformat, default=None, help="Run as of this date")
        send.add_argument("--agency", help="Only this agency (agency code)")
        send.add_argument("--no-email", action="store_true", help="In-app only")

    def handle(self, *args: object, **options: object) -> None:
        from jenjang.careers.warnings import warnings_send

        today = options.get("today") or timezone.localdate()
        agency_ids = None
        if options.get("agency"):
            agency_ids = list(Agency.objects.filter(code=options["agency"]).values_list("pk", flat=True))
            if not agency_ids:
                raise CommandError(f"unknown agency: {options['agency']}")
        result = warnings_send(today=today, agency_ids=agency_ids, email=not options.get("no_email"))  # type: ignore[arg-type]
        self.stdout.write(
            f"{today.isoformat()}: {result.events} events, {result.warnings_created} new warnings, "
            f"{result.notifications} notifications sent"
        )
