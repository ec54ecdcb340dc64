"""Shared bench helpers: a PostgreSQL database per population size, Django set-up, timing statistics."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jenjang_bench"


def base_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def url_for_size(url: str, size: int) -> str:
    """The database for one population size: `<name>_<size>` beside the given one."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "jenjang_bench"
    return urlunsplit(parts._replace(path=f"/{name}_{size}"))


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database when it does not exist (connecting to the `postgres` database)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jenjang.config.settings.test")
    import django

    django.setup()


def run_child(module: str, args: Sequence[str], url: str) -> str:
    """Run `python -m bench <module> <args>` with DATABASE_URL=url; its stdout (stderr passes through)."""
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-m", "bench", module, *args], env=env, stdout=subprocess.PIPE,
                          text=True, check=True)  # fmt: skip
    return done.stdout


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def machine() -> str:
    return f"{platform.node()} ({os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()})"
