"""CAT writes: sessions, enrolment, starting an attempt (drawing the form), saving answers, finishing and scoring.

The public interface the selection app uses: `session_create`, `enroll` (and `selectors.session_results`).
"""

from __future__ import annotations

import datetime as dt
import enum
import random
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import audit_record
from jenjang.core.errors import InvalidData

from . import scoring
from .models import (
    MAX_OPTIONS,
    Attempt,
    Blueprint,
    EventKind,
    ExamSession,
    FinishReason,
    IntegrityEvent,
    Item,
    Participant,
)

# --- sessions and enrolment ------------------------------------------------------------------------------


def _pool(blueprint: Blueprint) -> dict[tuple[str, int | None], list[int]]:
    """Item ids per blueprint rule (category code, difficulty or None), in id order: one query."""
    items = Item.objects.filter(bank_id=blueprint.bank_id, active=True).values_list(
        "pk", "category__code", "difficulty"
    )
    pool: dict[tuple[str, int | None], list[int]] = {}
    rules = [(str(r["category"]), r.get("difficulty")) for r in blueprint.rules]
    for pk, code, difficulty in sorted(items):
        for key in rules:
            if key[0] == code and key[1] in (None, difficulty):
                pool.setdefault(key, []).append(pk)
    return pool


def blueprint_check(blueprint: Blueprint) -> None:
    """Refuse a blueprint the bank cannot fill (a form must never be short of questions)."""
    pool = _pool(blueprint)
    if not blueprint.rules:
        raise InvalidData(_("Kisi-kisi tidak memuat aturan jumlah soal."), field="blueprint")
    seen: set[int] = set()
    for rule in blueprint.rules:
        key = (str(rule["category"]), rule.get("difficulty"))
        available = [pk for pk in pool.get(key, []) if pk not in seen]
        if len(available) < int(rule["count"]):
            raise InvalidData(
                _("Bank soal hanya memiliki %(have)s soal aktif untuk %(category)s, kisi-kisi meminta %(need)s.")
                % {"have": len(available), "category": key[0], "need": rule["count"]},
                field="blueprint",
            )
        seen.update(available[: int(rule["count"])])


def session_create(
    *,
    agency: Any,
    title: str,
    blueprint: Blueprint,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    duration_minutes: int,
    reference: str = "",
    actor: Any,
) -> ExamSession:
    """A new exam session of `agency` drawing forms from `blueprint` (which must belong to a bank of the agency)."""
    if blueprint.bank.agency_id != agency.pk:
        raise InvalidData(_("Kisi-kisi bukan milik instansi ini."), field="blueprint")
    if ends_at <= starts_at:
        raise InvalidData(_("Waktu selesai harus setelah waktu mulai."), field="ends_at")
    if duration_minutes <= 0:
        raise InvalidData(_("Durasi ujian harus lebih dari nol menit."), field="duration_minutes")
    if not title.strip():
        raise InvalidData(_("Judul sesi wajib diisi."), field="title")
    blueprint_check(blueprint)
    with transaction.atomic():
        session = ExamSession.objects.create(
            agency=agency,
            title=title.strip(),
            blueprint=blueprint,
            starts_at=starts_at,
            ends_at=ends_at,
            duration_minutes=duration_minutes,
            reference=reference,
            seed=secrets.randbits(48),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(actor=actor, action="cat.session_create", obj=session)
    return session


def enroll(session: ExamSession, users: Iterable[Any], *, actor: Any) -> list[Participant]:
    """Enroll users in a session; idempotent (an enrolled user is returned, not enrolled twice). Returns the
    participants of the given users, in the order given."""
    users = list(users)
    with transaction.atomic():
        ExamSession.objects.select_for_update().filter(pk=session.pk).first()  # serialises numbering
        existing = {p.user_id: p for p in Participant.objects.filter(session=session, user__in=users)}
        count = Participant.objects.filter(session=session).count()
        new: list[Participant] = []
        for user in users:
            if user.pk in existing:
                continue
            count += 1
            participant = Participant(session=session, user=user, number=f"{session.pk:03d}-{count:04d}")
            existing[user.pk] = participant
            new.append(participant)
        Participant.objects.bulk_create(new)
        if new:
            audit_record(
                actor=actor,
                action="cat.enroll",
                obj=session,
                changes={"participants": [p.number for p in new]},
            )
    return [existing[u.pk] for u in users]


# --- attempts ---------------------------------------------------------------------------------------------


def draw_form(session: ExamSession, user_id: int) -> list[dict[str, Any]]:
    """The participant's form: items drawn per blueprint rule, questions and options shuffled. Deterministic for
    (session seed, user), so drawing twice gives the same form; stored on the attempt anyway."""
    rng = random.Random(f"{session.seed}:{user_id}")
    pool = _pool(session.blueprint)
    chosen: list[int] = []
    for rule in session.blueprint.rules:
        key = (str(rule["category"]), rule.get("difficulty"))
        available = [pk for pk in pool.get(key, []) if pk not in chosen]
        count = int(rule["count"])
        if len(available) < count:
            raise InvalidData(_("Bank soal tidak cukup untuk kisi-kisi sesi ini."))
        chosen.extend(rng.sample(available, count))
    rng.shuffle(chosen)
    options = dict(Item.objects.filter(pk__in=chosen).values_list("pk", "options"))
    form = []
    for pk in chosen:
        order = list(range(len(options[pk])))
        rng.shuffle(order)
        form.append({"item": pk, "order": order})
    return form


def _event(attempt: Attempt, kind: str, request: Any = None, detail: str = "", at: dt.datetime | None = None) -> None:
    meta = getattr(request, "META", {}) if request is not None else {}
    IntegrityEvent.objects.create(
        attempt=attempt,
        kind=kind,
        at=at or timezone.now(),
        ip=meta.get("REMOTE_ADDR") or None,
        user_agent=(meta.get("HTTP_USER_AGENT") or "")[:255],
        detail=detail[:255],
    )


def attempt_open(participant: Participant, *, browser: str, request: Any = None) -> Attempt:
    """Start the participant's attempt, or resume it. Each call rotates the attempt's page token (so an older tab
    or another browser can no longer answer) and logs START, RECONNECT or SECOND_BROWSER. An attempt past its
    deadline is finalised. Refuses outside the session window."""
    now = timezone.now()
    session = participant.session
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().filter(participant=participant).first()
        if attempt is None:
            if now < session.starts_at:
                raise InvalidData(_("Sesi ujian belum dimulai."))
            if now >= session.ends_at:
                raise InvalidData(_("Sesi ujian telah berakhir."))
            form = draw_form(session, participant.user_id)
            counts = dict(Item.objects.filter(pk__in=[f["item"] for f in form]).values_list("pk", "options"))
            attempt = Attempt.objects.create(
                participant=participant,
                started_at=now,
                deadline=min(now + dt.timedelta(minutes=session.duration_minutes), session.ends_at),
                form=form,
                option_counts="".join(str(min(len(counts[f["item"]]), MAX_OPTIONS)) for f in form),
                token=secrets.token_urlsafe(24),
                browser=browser,
            )
            _event(attempt, EventKind.START, request, at=now)
            return attempt
        if attempt.finished_at is not None:
            return attempt
        if attempt.deadline <= now:
            return attempt_finish(attempt.pk, reason=FinishReason.TIMEOUT)
        if attempt.browser and attempt.browser != browser:
            _event(attempt, EventKind.SECOND_BROWSER, request)
        else:
            _event(attempt, EventKind.RECONNECT, request)
        attempt.token = secrets.token_urlsafe(24)
        attempt.browser = browser
        attempt.save(update_fields=["token", "browser"])
    return attempt


class Saved(enum.Enum):
    SAVED = "saved"
    UNCHANGED = "unchanged"
    CLOSED = "closed"  # finished or past the deadline: refused
    STALE = "stale"  # another tab/browser took over the attempt: refused
    INVALID = "invalid"  # no such attempt/question/option


_UPSERT = (
    "INSERT INTO cat_answer (attempt_id, position, choice, answered_at) "
    "SELECT a.id, %s, %s, %s FROM cat_attempt a "
    "WHERE a.id = %s AND a.token = %s AND a.finished_at IS NULL AND a.deadline > %s "
    "AND %s < LENGTH(a.option_counts) AND %s < CAST(SUBSTR(a.option_counts, %s, 1) AS INTEGER) "
    "{lock}"
    "ON CONFLICT (attempt_id, position) DO UPDATE SET choice = EXCLUDED.choice, "
    "answered_at = EXCLUDED.answered_at WHERE cat_answer.choice <> EXCLUDED.choice"
)
# PostgreSQL: share-lock the attempt row, so that an answer racing with the finishing transaction (which holds
# FOR UPDATE) waits and then re-checks `finished_at` instead of landing after the score was computed.
_UPSERT_PG = _UPSERT.replace("{lock}", "FOR SHARE OF a ")
_UPSERT_OTHER = _UPSERT.replace("{lock}", "")


def answer_save(attempt_id: int, token: str, position: int, choice: int, *, request: Any = None) -> Saved:
    """Save one click: one INSERT .. ON CONFLICT UPDATE statement that checks the page token, the deadline and the
    question/option ranges itself, committed (autocommit) before the caller answers the browser. The same
    answer again changes nothing; a different answer to the same question replaces it, within the window only.
    Only a refused or unchanged click costs a second query (to say why)."""
    if not (0 <= position < 10000 and 0 <= choice < MAX_OPTIONS):
        return Saved.INVALID
    now = timezone.now()
    db_now = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        sql = _UPSERT_PG if connection.vendor == "postgresql" else _UPSERT_OTHER
        cursor.execute(sql, [position, choice, db_now, attempt_id, token, db_now, position, choice, position + 1])
        if cursor.rowcount == 1:
            return Saved.SAVED
    attempt = Attempt.objects.filter(pk=attempt_id).only("token", "finished_at", "deadline", "option_counts").first()
    if attempt is None:
        return Saved.INVALID
    if attempt.token != token:
        if attempt.finished_at is None:
            _event(attempt, EventKind.STALE_TAB, request)
        return Saved.STALE
    if attempt.finished_at is not None or attempt.deadline <= now:
        _event(attempt, EventKind.LATE_ANSWER, request, detail=f"q{position + 1}")
        if attempt.finished_at is None:
            attempt_finish(attempt.pk, reason=FinishReason.TIMEOUT)
        return Saved.CLOSED
    if position >= len(attempt.option_counts) or choice >= int(attempt.option_counts[position]):
        return Saved.INVALID
    return Saved.UNCHANGED


def attempt_finish(attempt_id: int, *, reason: str) -> Attempt:
    """Finish and score an attempt (idempotent: a finished attempt is returned as it is). A timed-out attempt
    finishes at its deadline."""
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update().select_related("participant__session__blueprint").get(pk=attempt_id)
        )
        if attempt.finished_at is not None:
            return attempt
        now = timezone.now()
        if reason == FinishReason.SUBMITTED and now >= attempt.deadline:
            reason = FinishReason.TIMEOUT
        attempt.finished_at = min(now, attempt.deadline)
        attempt.finish_reason = reason
        score = scoring.score_attempt(attempt)
        attempt.total = score.total
        attempt.by_category = score.by_category
        attempt.passed = score.passed
        attempt.decision = score.decision
        attempt.token = ""
        attempt.save(
            update_fields=["finished_at", "finish_reason", "total", "by_category", "passed", "decision", "token"]
        )
        _event(attempt, EventKind.FINISH, detail=str(reason), at=attempt.finished_at)
    return attempt


def finalise_expired(now: dt.datetime | None = None, batch: int = 500) -> int:
    """Finish every attempt whose deadline has passed (the sweep; run every minute). Returns how many."""
    now = now or timezone.now()
    done = 0
    while True:
        ids = list(
            Attempt.objects.filter(finished_at__isnull=True, deadline__lte=now).values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return done
        for pk in ids:
            attempt_finish(pk, reason=FinishReason.TIMEOUT)
        done += len(ids)
