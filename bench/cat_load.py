"""CAT load and crash bench: N simulated candidates answering a full SKD form (110 questions) against gunicorn on
PostgreSQL, then kill -9 of the server mid-exam, a restart, and a check that every acknowledged answer is there.

    uv run python -m bench cat_load [--candidates 1000] [--questions 110] [--workers 2] [--threads 8]
                                    [--think 0] [--kill-at 0.3] [--port 8765]

DATABASE_URL picks the server (default postgres://postgres@127.0.0.1:5432/jenjang_bench_cat; the database is
created and migrated). The server runs the production settings (DEBUG off, whitenoise manifest; SSL redirect off
because the bench speaks plain HTTP on loopback). Candidates sign in through sessions the bench writes directly (a
PBKDF2 login per candidate would measure password hashing, not the exam).

Each candidate is one keep-alive HTTP/1.1 connection (asyncio streams; no third-party client): it starts its
attempt (POST, CSRF header), loads the exam page once (the page token and attempt id), then answers its questions
with the htmx endpoint (POST /ujian/jawab/<attempt>/), one request per click. An answer counts as acknowledged only
on a 200 response. Phase A (the first half of the questions, all candidates at once) gives the throughput and
latency; in phase B the bench kills the whole gunicorn process group with SIGKILL when `--kill-at` of phase B's
answers are acknowledged, checks the database against every acknowledgement received before the kill, restarts
gunicorn, and the candidates carry on (a refused connection is retried with the same page token, as the exam page's
"click again" does). At the end every acknowledged answer of both phases must be in the database with the choice
acknowledged, and every candidate finishes (scored by the cat-skd rule).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .common import ensure_database, p95

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jenjang_bench_cat"
CSRF = "b" * 32
PREFIX = "catbench-"
TOKEN_RE = re.compile(r'"X-Attempt-Token": "([^"]+)"')
ATTEMPT_RE = re.compile(r"/ujian/jawab/(\d+)/")


def server_env(url: str, static_root: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "jenjang.config.settings.production",
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 30,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "600",
    }


def prepare(url: str, env: dict[str, str], candidates: int, questions: int) -> tuple[int, list[str]]:
    """Migrate, build the bank, a session, N candidates with signed-in sessions. Returns (session id, cookies)."""
    subprocess.run([sys.executable, "-m", "jenjang", "migrate", "--noinput", "-v", "0"], env=env, check=True)
    if not os.path.exists(os.path.join(env["STATIC_ROOT"], "staticfiles.json")):  # minutes on a busy machine
        subprocess.run([sys.executable, "-m", "jenjang", "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "STATIC_ROOT")})
    import django

    django.setup()
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from jenjang.accounts.models import Role, User
    from jenjang.cat import services
    from jenjang.cat.models import Blueprint, Category, ExamSession, Item, ItemBank, Scoring
    from jenjang.organization.models import Agency

    agency, _ = Agency.objects.get_or_create(code="BENCH-CAT", defaults={"name": "Instansi Bench CAT"})
    ExamSession.objects.filter(agency=agency).delete()
    Session.objects.all().delete()
    User.objects.filter(username__startswith=PREFIX).delete()
    bank, _ = ItemBank.objects.get_or_create(agency=agency, name="Bank bench SKD")
    counts = {"TWK": 30, "TIU": 35, "TKP": 45}
    scale = questions / 110
    counts = {k: max(1, round(v * scale)) for k, v in counts.items()}
    counts["TKP"] += questions - sum(counts.values())
    for code, sub in (("TWK", "twk"), ("TIU", "tiu"), ("TKP", "tkp")):
        points = code == "TKP"
        cat, _ = Category.objects.get_or_create(
            bank=bank,
            code=code,
            defaults={"name": code, "scoring": Scoring.POINTS if points else Scoring.RIGHT_WRONG, "skd_subtest": sub},
        )
        have = Item.objects.filter(category=cat).count()
        Item.objects.bulk_create(
            Item(
                bank=bank,
                category=cat,
                code=f"{code}-{n:03d}",
                stem=f"Soal bench {code} {n}",
                options=[f"pilihan {k}" for k in range(5)],
                correct_index=None if points else n % 5,
                option_points=[1, 2, 3, 4, 5] if points else None,
                difficulty=1 + n % 3,
            )
            for n in range(have, counts[code] + 10)
        )
    blueprint = Blueprint.objects.create(
        bank=bank,
        name=f"SKD bench {questions}",
        skd=True,
        rules=[{"category": c, "difficulty": None, "count": n} for c, n in counts.items()],
    )
    now = timezone.now()
    session = services.session_create(
        agency=agency,
        title=f"Bench CAT {candidates}x{questions}",
        blueprint=blueprint,
        starts_at=now - dt.timedelta(minutes=1),
        ends_at=now + dt.timedelta(hours=4),
        duration_minutes=180,
        actor="bench",
    )
    unusable = User()
    unusable.set_unusable_password()
    users = User.objects.bulk_create(
        User(
            username=f"{PREFIX}{i:05d}",
            first_name="Peserta",
            last_name=f"{i:05d}",
            role=Role.CANDIDATE,
            password=unusable.password,
        )
        for i in range(candidates)
    )
    services.enroll(session, users, actor="bench")
    store = SessionStore()
    expire = now + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    keys, rows = [], []
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        keys.append(key)
    Session.objects.bulk_create(rows, batch_size=1000)
    return session.pk, keys


# --- a minimal asyncio HTTP/1.1 keep-alive client -----------------------------------------------------------


class Conn:
    def __init__(self, port: int, cookie: str) -> None:
        self.port = port
        self.cookie = cookie
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            f"Cookie: sessionid={self.cookie}; csrftoken={CSRF}",
            f"X-CSRFToken: {CSRF}",
            f"Content-Length: {len(body)}",
            "Connection: keep-alive",
        ]
        if body:
            head.append("Content-Type: application/x-www-form-urlencoded")
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        try:
            self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            await self.writer.drain()
            status_line = await self.reader.readline()
            if not status_line:
                raise ConnectionError("closed")
            status = int(status_line.split()[1])
            length, close = None, False
            while True:
                line = await self.reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "connection" and value.strip().lower() == "close":
                    close = True
            data = await self.reader.readexactly(length) if length is not None else await self.reader.read()
            if close or length is None:
                await self.close()
            return status, data
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            await self.close()
            raise ConnectionError("lost") from None


@dataclass
class Stats:
    acked: dict[tuple[int, int], int] = field(default_factory=dict)
    latencies_a: list[float] = field(default_factory=list)
    latencies_b: list[float] = field(default_factory=list)
    refused_connections: int = 0
    retries: int = 0
    acked_b: int = 0
    phase_a_done: int = 0
    finished: int = 0


async def candidate(
    i: int, port: int, cookie: str, session_pk: int, questions: int, think: float, stats: Stats,
    ready: asyncio.Event, phase_b: asyncio.Event, server_up: asyncio.Event, loaded: list[int],
) -> None:  # fmt: skip
    conn = Conn(port, cookie)
    rng = random.Random(i)
    status, _ = await conn.request("POST", f"/ujian/sesi/{session_pk}/")
    assert status == 302, f"start: {status}"
    status, page = await conn.request("GET", f"/ujian/sesi/{session_pk}/kerjakan/")
    assert status == 200, f"exam page: {status} (a sign-in redirect means the bench's sessions are not accepted)"
    html = page.decode()
    token = TOKEN_RE.search(html).group(1)
    attempt = int(ATTEMPT_RE.search(html).group(1))
    path = f"/ujian/jawab/{attempt}/"
    loaded.append(i)
    await ready.wait()
    half = questions // 2
    for position in range(questions):
        if position == half:
            stats.phase_a_done += 1
            await phase_b.wait()
        choice = rng.randrange(5)
        body = f"q={position}&o={choice}".encode()
        while True:
            await server_up.wait()
            started = time.perf_counter()
            try:
                status, _ = await conn.request("POST", path, body, {"X-Attempt-Token": token, "HX-Request": "true"})
            except ConnectionError:
                stats.refused_connections += 1
                await asyncio.sleep(0.2)
                continue
            elapsed = time.perf_counter() - started
            if status == 200:
                stats.acked[(attempt, position)] = choice
                (stats.latencies_a if position < half else stats.latencies_b).append(elapsed)
                if position >= half:
                    stats.acked_b += 1
                break
            stats.retries += 1
            await asyncio.sleep(0.1)
        if think:
            await asyncio.sleep(rng.uniform(0, 2 * think))
    while True:
        await server_up.wait()
        try:
            status, _ = await conn.request("POST", f"/ujian/sesi/{session_pk}/selesai/")
            break
        except ConnectionError:
            await asyncio.sleep(0.2)
    if status == 302:
        stats.finished += 1
    await conn.close()


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "jenjang.config.wsgi", "-w", str(workers), "--threads", str(threads),
         "-b", f"127.0.0.1:{port}", "--keep-alive", "60", "--backlog", "4096"],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


async def wait_ready(port: int, session_pk: int, timeout: float = 300) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        conn = Conn(port, "none")
        try:
            status, _ = await conn.request("GET", f"/ujian/papan/{session_pk}/")
            await conn.close()
            if status == 200:
                return time.perf_counter() - started
        except (ConnectionError, OSError):
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("gunicorn did not come up")


def db_answers(url: str, session_pk: int) -> dict[tuple[int, int], int]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT a.attempt_id, a.position, a.choice FROM cat_answer a JOIN cat_attempt t ON t.id = a.attempt_id "
            "JOIN cat_participant p ON p.id = t.participant_id WHERE p.session_id = %s",
            (session_pk,),
        ).fetchall()
    return {(a, p): c for a, p, c in rows}


def lost(acked: dict[tuple[int, int], int], stored: dict[tuple[int, int], int]) -> int:
    return sum(1 for key, choice in acked.items() if stored.get(key) != choice)


def fmt(values: list[float]) -> str:
    if not values:
        return "-"
    values = sorted(values)
    return (
        f"p50 {values[len(values) // 2] * 1000:.0f} ms, p95 {p95(values) * 1000:.0f} ms, "
        f"p99 {values[int(len(values) * 0.99)] * 1000:.0f} ms, max {values[-1] * 1000:.0f} ms"
    )


SERVERS: list[subprocess.Popen] = []


async def run(args: argparse.Namespace, url: str, env: dict[str, str], session_pk: int, cookies: list[str]) -> int:
    server = start_server(env, args.port, args.workers, args.threads)
    SERVERS.append(server)
    print(f"gunicorn serving after {await wait_ready(args.port, session_pk):.1f} s")
    stats = Stats()
    ready, phase_b, server_up = asyncio.Event(), asyncio.Event(), asyncio.Event()
    server_up.set()
    loaded: list[int] = []
    n, q = args.candidates, args.questions
    t0 = time.perf_counter()
    tasks = [
        asyncio.create_task(
            candidate(i, args.port, cookies[i], session_pk, q, args.think, stats, ready, phase_b, server_up, loaded)
        )
        for i in range(n)
    ]
    while len(loaded) < n:
        await asyncio.sleep(0.1)
        for task in tasks:
            if task.done() and task.exception():
                raise task.exception()
    print(f"{n} candidates started their attempt and loaded the exam page in {time.perf_counter() - t0:.1f} s")
    half = q // 2
    ready.set()
    ta = time.perf_counter()
    while stats.phase_a_done < n:
        await asyncio.sleep(0.05)
    phase_a_time = time.perf_counter() - ta
    answers_a = len(stats.acked)
    print(
        f"phase A: {answers_a} answers ({n} x {half}) in {phase_a_time:.1f} s = {answers_a / phase_a_time:.0f} "
        f"answers/s; latency {fmt(stats.latencies_a)}"
    )
    stored = db_answers(url, session_pk)
    print(f"phase A check: {answers_a} acknowledged, {len(stored)} in the database, {lost(stats.acked, stored)} lost")
    phase_b.set()
    tb = time.perf_counter()
    target = int(n * (q - half) * args.kill_at)
    while stats.acked_b < target:
        await asyncio.sleep(0.01)
    server_up.clear()
    os.killpg(server.pid, signal.SIGKILL)
    server.wait()
    killed_at = time.perf_counter()
    snapshot = dict(stats.acked)
    print(f"phase B: kill -9 of gunicorn (process group {server.pid}) after {stats.acked_b} phase-B answers")
    await asyncio.sleep(1.0)
    stored = db_answers(url, session_pk)
    missing = lost(snapshot, stored)
    print(
        f"crash check (server down): {len(snapshot)} answers acknowledged before the kill, "
        f"{len(stored)} in the database, {missing} acknowledged answers missing"
    )
    server = start_server(env, args.port, args.workers, args.threads)
    SERVERS.append(server)
    up = await wait_ready(args.port, session_pk)
    print(f"gunicorn restarted and serving {up:.1f} s after the start command ({time.perf_counter() - killed_at:.1f}"
          " s after the kill)")  # fmt: skip
    server_up.set()
    await asyncio.gather(*tasks)
    phase_b_time = time.perf_counter() - tb
    stored = db_answers(url, session_pk)
    final_lost = lost(stats.acked, stored)
    print(
        f"phase B: {n * (q - half)} answers in {phase_b_time:.1f} s including the crash; latency "
        f"{fmt(stats.latencies_b)}; {stats.refused_connections} refused/broken connections retried"
    )
    print(
        f"final check: {len(stats.acked)} acknowledged answers ({n} x {q}), {len(stored)} in the database, "
        f"{final_lost} lost; {stats.finished} of {n} candidates finished"
    )
    import psycopg

    with psycopg.connect(url) as conn:
        scored, passed = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE t.passed) FROM cat_attempt t JOIN cat_participant p "
            "ON p.id = t.participant_id WHERE p.session_id = %s AND t.total IS NOT NULL",
            (session_pk,),
        ).fetchone()
    print(f"scored by cat-skd: {scored} attempts ({passed} passed)")
    os.killpg(server.pid, signal.SIGTERM)
    server.wait()
    ok = missing == 0 and final_lost == 0 and len(stats.acked) == n * q and len(stored) == n * q
    print("RESULT:", "OK, zero lost answers" if ok else "FAILED")
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench cat_load")
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=110)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between a candidate's clicks")
    parser.add_argument("--kill-at", type=float, default=0.3, help="fraction of phase B acknowledged at the kill")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not urlsplit(url).scheme.startswith("postgres"):
        print("cat_load needs PostgreSQL", file=sys.stderr)
        return 2
    ensure_database(url)
    static_root = os.path.join(tempfile.gettempdir(), "jenjang-cat-bench-static")
    env = server_env(url, static_root)
    session_pk, cookies = prepare(url, env, args.candidates, args.questions)
    print(
        f"gunicorn -w {args.workers} --threads {args.threads}, production settings, PostgreSQL {url.rsplit('/', 1)[-1]}"
        f"; {args.candidates} candidates x {args.questions} questions, think {args.think} s; {os.cpu_count()} CPUs"
    )
    try:
        return asyncio.run(run(args, url, env, session_pk, cookies))
    finally:
        for server in SERVERS:  # only the servers this bench started, by their process group
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait()
