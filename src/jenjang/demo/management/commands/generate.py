"""`jenjang generate --employees N`: a national-shaped synthetic population for scale tests and benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jenjang.demo.national import generate_population, national_delete


class Command(BaseCommand):
    help = "Generate a national-shaped population (COPY on PostgreSQL). Progress goes to stderr."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employees", type=int, required=True)
        parser.add_argument("--agencies", type=int, default=None, help="default: one per ~9,000 employees")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=50_000, help="rows per write")
        parser.add_argument("--reset", action="store_true", help="delete a previously generated population first")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["employees"] < 1 or options["batch"] < 1 or (options["agencies"] or 1) < 1:
            raise CommandError("--employees, --agencies and --batch must be positive")

        def progress(message: str) -> None:
            self.stderr.write(message)
            self.stderr.flush()

        if options["reset"]:
            national_delete(progress)
        try:
            result = generate_population(
                employees=options["employees"],
                agencies=options["agencies"],
                seed=options["seed"],
                batch=options["batch"],
                progress=progress,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Generated {result.employees:,} employees in {result.agencies} agencies "
            f"({result.performance_rows:,} performance rows, {result.rank_rows:,} rank rows) "
            f"in {result.seconds:.1f} s."
        )
