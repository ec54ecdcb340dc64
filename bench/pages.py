"""Page timings at two population sizes: the employee list, name searches, an NIP search and a profile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jenjang_bench python -m bench pages --employees 1000000

For each size (the baseline, default 1,000, and --employees) the bench uses its own database `<name>_<size>`
(created when missing), migrates it, generates the national population when it is not there at that size, then
requests each page through Django's test Client as a personnel user of the largest agency and as a national
superuser: --repeat timed runs after two warm-ups, median and p95, and the SQL queries per request (their number
and the time spent in the database for them, from one more request) and the employees the page shows. Before
measuring it runs VACUUM (ANALYZE). With --rounds R it measures the two sizes alternately R times and pools the
timings, so that a burst of load from other jobs does not land on one size only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any
from urllib.parse import quote

from bench.common import base_url, ensure_database, machine, median, p95, run_child, setup_django, url_for_size


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench pages", description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=1_000_000, help="the large population")
    parser.add_argument("--baseline", type=int, default=1_000, help="the small population")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page and round")
    parser.add_argument(
        "--rounds", type=int, default=1,
        help="measure the two sizes alternately this many times and pool the timings (fairer on shared cores)",
    )  # fmt: skip
    parser.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--prepared", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    if args.worker is not None:
        print(json.dumps(measure(args.worker, args.repeat, prepared=args.prepared)))
        return 0
    runs: dict[int, Any] = {}
    for round_ in range(max(1, args.rounds)):
        for size in (args.baseline, args.employees):
            url = url_for_size(base_url(), size)
            ensure_database(url)
            print(f"== {size:,} employees ({url.rsplit('/', 1)[-1]}), round {round_ + 1}", file=sys.stderr, flush=True)
            extra = ["--prepared"] if round_ else []
            output = run_child("pages", ["--worker", str(size), "--repeat", str(args.repeat), *extra], url)
            run = json.loads(output.strip().splitlines()[-1])
            if size not in runs:
                runs[size] = run
                continue
            for pooled, more in zip(runs[size]["results"], run["results"], strict=True):
                pooled["timings"] += more["timings"]
                pooled["sql_ms"] = min(pooled["sql_ms"], more["sql_ms"])
                pooled["median_ms"], pooled["p95_ms"] = median(pooled["timings"]), p95(pooled["timings"])
    print(report(runs, args.baseline, args.employees, args.repeat * max(1, args.rounds)))
    return 0


def report(runs: dict[int, Any], small: int, large: int, repeat: int) -> str:
    lines = [
        f"Pages at {small:,} and {large:,} employees, {repeat} runs each; {machine()}; {time.strftime('%Y-%m-%d')}",
        "",
        f"| page | user | median {small:,} (ms) | median {large:,} (ms) | p95 {large:,} (ms) | ratio | "
        f"queries {small:,} | queries {large:,} | SQL {small:,} (ms) | SQL {large:,} (ms) | rows {small:,} | "
        f"rows {large:,} |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for a, b in zip(runs[small]["results"], runs[large]["results"], strict=True):
        ratio = b["median_ms"] / a["median_ms"] if a["median_ms"] else float("nan")
        lines.append(
            f"| {a['page']} | {a['user']} | {a['median_ms']:.1f} | {b['median_ms']:.1f} | {b['p95_ms']:.1f} | "
            f"{ratio:.2f}× | {a['queries']} | {b['queries']} | {a['sql_ms']:.1f} | {b['sql_ms']:.1f} | "
            f"{'—' if a['rows'] is None else a['rows']} | {'—' if b['rows'] is None else b['rows']} |"
        )
    pairs = list(zip(runs[small]["results"], runs[large]["results"], strict=True))
    worst: dict[str, float] = {}  # per user: the agency's personnel staff (a product role) and the national operator
    for a, b in pairs:
        worst[a["user"]] = max(worst.get(a["user"], 0.0), b["median_ms"] / max(a["median_ms"], 1e-9))
    constant = all(a["queries"] == b["queries"] for a, b in pairs)
    per_user = "; ".join(f"{user} {ratio:.2f}×" for user, ratio in worst.items())
    lines += ["", f"Worst ratio (target ≤ 1.5×): {per_user}; query counts constant: {'yes' if constant else 'NO'}."]
    return "\n".join(lines)


def shown(response: Any) -> int | None:
    """How many employees a list page shows (None for other pages)."""
    context = response.context
    return len(context["page_obj"].object_list) if context is not None and "page_obj" in context else None


class SqlTimer:
    """A database execute wrapper adding up the time spent executing and fetching (psycopg fetches the rows of
    a client-side cursor in `execute`)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def prepare(size: int) -> None:
    """Migrate, generate the population when it is not there at that size, VACUUM (ANALYZE)."""
    from django.core.management import call_command
    from django.db import connection

    from jenjang.demo.national import generate_population, national_agencies, national_delete
    from jenjang.personnel.models import Employee

    call_command("migrate", verbosity=0)
    present = Employee.objects.filter(agency__in=national_agencies()).count()
    if present != size:
        national_delete(lambda m: print(m, file=sys.stderr, flush=True))
        result = generate_population(employees=size, progress=lambda m: print(m, file=sys.stderr, flush=True))
        print(f"generated {result.employees:,} in {result.seconds:.1f} s", file=sys.stderr, flush=True)
    if connection.vendor == "postgresql":
        # Fresh visibility maps and planner statistics (expression indexes included) whatever autovacuum did or
        # did not do since the rows went in or a migration added an index: quick when nothing changed.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        print(f"vacuum analyze in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


def measure(size: int, repeat: int, *, prepared: bool = False) -> dict[str, Any]:
    setup_django(base_url())
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from jenjang.accounts.models import Role, User
    from jenjang.demo.national import national_agencies
    from jenjang.personnel.models import Employee

    setup_test_environment()
    if not prepared:
        prepare(size)
    agency = national_agencies().order_by("code").first()
    staff, _ = User.objects.update_or_create(
        username="bench-kepegawaian", defaults={"role": Role.PERSONNEL, "agency": agency, "is_superuser": False}
    )
    national, _ = User.objects.update_or_create(
        username="bench-nasional", defaults={"role": Role.ADMIN, "agency": None, "is_superuser": True}
    )
    in_agency = Employee.objects.filter(agency=agency)
    sample = in_agency.order_by("id").values("pk", "nip", "name")[in_agency.count() // 2]
    pages = [
        ("daftar pegawai", reverse("personnel:employee_list")),
        ("cari nama", f"{reverse('personnel:employee_list')}?q={sample['name'].split()[-1]}"),
        # the whole name: a handful of matches at both sizes, so the rows to load and render are alike
        ("cari nama lengkap", f"{reverse('personnel:employee_list')}?q={quote(sample['name'])}"),
        # two letters fill a page at both sizes: the same rows to render, and the widest word-prefix scan
        ("cari 2 huruf", f"{reverse('personnel:employee_list')}?q={sample['name'].split()[-1][:2]}"),
        ("cari NIP", f"{reverse('personnel:employee_list')}?q={sample['nip']}"),
        ("profil pegawai", reverse("personnel:employee_detail", args=[sample["pk"]])),
    ]
    cases = []  # (user label, client, page, url), every page of both users
    for label, user in (("kepegawaian (instansi terbesar)", staff), ("superuser nasional", national)):
        client = Client()
        client.force_login(user)
        cases += [(label, client, page, url) for page, url in pages]
    for _label, client, _page, url in cases:
        for _ in range(2):
            client.get(url)
    # Round-robin over the pages, so that load from other jobs spreads over all of them alike.
    timings: dict[int, list[float]] = {i: [] for i in range(len(cases))}
    for _ in range(repeat):
        for i, (_label, client, _page, url) in enumerate(cases):
            started = time.perf_counter()
            client.get(url)
            timings[i].append((time.perf_counter() - started) * 1000)
    results = []
    for i, (label, client, page, url) in enumerate(cases):
        sql = SqlTimer()
        with connection.execute_wrapper(sql), CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        results.append({"page": page, "user": label, "url": url, "status": response.status_code,
                        "median_ms": median(timings[i]), "p95_ms": p95(timings[i]), "queries": len(queries),
                        "sql_ms": sql.seconds * 1000, "timings": timings[i], "rows": shown(response)})  # fmt: skip
        if response.status_code != 200:
            print(f"warning: {url} answered {response.status_code}", file=sys.stderr, flush=True)
    return {"size": size, "employees": Employee.objects.count(), "results": results}
