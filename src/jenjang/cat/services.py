"""CAT writes: sessions, enrolment, starting an attempt (drawing the form), saving answers, finishing and scoring.

The public interface the selection app uses: `session_create`, `enroll` (and `selectors.session_results`).
"""

from __future__ import annotations

import datetime as dt
import enum
import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import audit_record, field_changes
from jenjang.core.errors import InvalidData, JenjangError, StaleEdit
from jenjang.core.services import create_once, versioned_update

from . import scoring
from .models import (
    MAX_OPTIONS,
    Attempt,
    Blueprint,
    Difficulty,
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


class OtherExamInProgress(JenjangError):
    """The user is answering another session's exam: one exam at a time per person (API: 409)."""

    code = "conflict"
    status = 409

    def __init__(self, other: Attempt) -> None:
        self.other = other
        super().__init__(
            _(
                "Anda sedang mengerjakan ujian lain (%(title)s) yang belum selesai. Selesaikan ujian itu terlebih "
                "dahulu atau tunggu waktunya habis, lalu mulai ujian ini."
            )
            % {"title": other.participant.session.title}
        )


def _other_open_attempt(participant: Participant, now: dt.datetime) -> Attempt | None:
    """The user's attempt in progress in another session, if any. Call inside the transaction that creates the
    attempt: it first locks every participation of the user (in id order), so two sessions' starts of one user
    run one after the other and the second sees the first's attempt (PostgreSQL READ COMMITTED re-reads after the
    lock; SQLite lets one writer at a time, so a racing second start fails as a whole instead of writing). The
    user is the person's identity: an employee (NIP) has one account (`User.employee` is one-to-one), an outside
    candidate is their account. Another attempt past its deadline is finished (time-out) and does not block."""
    list(
        Participant.objects.select_for_update()
        .filter(user_id=participant.user_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    others = (
        Attempt.objects.filter(participant__user_id=participant.user_id, finished_at__isnull=True)
        .exclude(participant=participant)
        .select_related("participant__session")
        .order_by("started_at", "pk")
    )
    for other in others:
        if other.deadline > now:
            return other
        attempt_finish(other.pk, reason=FinishReason.TIMEOUT)
    return None


def attempt_open(participant: Participant, *, browser: str, request: Any = None) -> Attempt:
    """Start the participant's attempt, or resume it. Each call rotates the attempt's page token (so an older tab
    or another browser can no longer answer) and logs START, RECONNECT or SECOND_BROWSER. An attempt past its
    deadline is finalised. Refuses outside the session window, and refuses to start while the same person has an
    attempt in progress in another session (OtherExamInProgress, logged as OTHER_SESSION on that attempt)."""
    try:
        return _attempt_open(participant, browser=browser, request=request)
    except OtherExamInProgress as refused:
        # Logged after the refusing transaction rolled back, on the attempt in progress (the refused session has
        # no attempt to hang it on): that session's committee sees the try.
        _event(refused.other, EventKind.OTHER_SESSION, request, detail=f"#{participant.session_id}")
        raise


def _attempt_open(participant: Participant, *, browser: str, request: Any = None) -> Attempt:
    now = timezone.now()
    session = participant.session
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().filter(participant=participant).first()
        if attempt is None:
            if now < session.starts_at:
                raise InvalidData(_("Sesi ujian belum dimulai."))
            if now >= session.ends_at:
                raise InvalidData(_("Sesi ujian telah berakhir."))
            other = _other_open_attempt(participant, now)
            if other is not None:
                raise OtherExamInProgress(other)
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


# --- committee pages: creating once, editing before the start, enrolling from a pasted list ----------------------


def session_create_once(*, form_key: str, actor: Any, vacancy: Any = None, **fields: Any) -> tuple[ExamSession, bool]:
    """`session_create` for a web form: the form's one-time key makes a double submit return the session the first
    submit created (False) instead of a second one. With `vacancy`, the session is opened through the selection
    app's bridge (`selection.cat_bridge.cat_session_open`: the vacancy then knows its session and the applicants
    who passed the screening are enrolled), then given the form's title, window and duration."""

    def create() -> ExamSession:
        if vacancy is None:
            return session_create(actor=actor, **fields)
        from jenjang.selection.cat_bridge import cat_session_open  # lazy: selection is optional

        if getattr(vacancy, "cat_session_id", None):
            raise InvalidData(_("Lowongan ini sudah memiliki sesi CAT."), field="vacancy")
        editable = {k: fields[k] for k in _EDITABLE}
        _check_session_fields(agency_id=fields["agency"].pk, **editable)
        session = cat_session_open(actor=actor, vacancy=vacancy, blueprint_id=fields["blueprint"].pk)
        # Just created by the bridge on the vacancy's CAT date: nobody has started, whatever the clock says.
        return session_update(session, actor=actor, expected_version=session.version, _just_created=True, **editable)

    return create_once(ExamSession, form_key=form_key, actor=actor, create=create)


_EDITABLE = ("title", "blueprint", "starts_at", "ends_at", "duration_minutes")


def _check_session_fields(
    *,
    agency_id: int,
    title: str,
    blueprint: Blueprint,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    duration_minutes: int,
) -> None:
    if blueprint.bank.agency_id != agency_id:
        raise InvalidData(_("Kisi-kisi bukan milik instansi ini."), field="blueprint")
    if ends_at <= starts_at:
        raise InvalidData(_("Waktu selesai harus setelah waktu mulai."), field="ends_at")
    if duration_minutes <= 0:
        raise InvalidData(_("Durasi ujian harus lebih dari nol menit."), field="duration_minutes")
    if not title.strip():
        raise InvalidData(_("Judul sesi wajib diisi."), field="title")
    blueprint_check(blueprint)


def session_started(session: ExamSession, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= session.starts_at or Attempt.objects.filter(participant__session=session).exists()


def session_update(
    session: ExamSession,
    *,
    actor: Any,
    expected_version: int | None,
    title: str,
    blueprint: Blueprint,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    duration_minutes: int,
    _just_created: bool = False,
) -> ExamSession:
    """Change a session before it starts (optimistic locking: a stale `expected_version` raises StaleEdit and writes
    nothing; the change is audited as `cat.session_update`). A started session is refused: participants' forms and
    deadlines depend on it."""
    with transaction.atomic():
        current = ExamSession.objects.select_for_update().select_related("blueprint__bank").get(pk=session.pk)
        values = {
            "title": title.strip(),
            "blueprint": blueprint,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "duration_minutes": duration_minutes,
        }
        if not field_changes(current, values):
            return current  # nothing to change (e.g. the same form sent twice): not a conflict
        if expected_version is not None and expected_version != current.version:
            raise StaleEdit()
        if not _just_created and session_started(current):
            raise InvalidData(_("Sesi yang sudah dimulai tidak dapat diubah."))
        _check_session_fields(
            agency_id=current.agency_id,
            title=title,
            blueprint=blueprint,
            starts_at=starts_at,
            ends_at=ends_at,
            duration_minutes=duration_minutes,
        )
        return versioned_update(
            current,
            actor=actor,
            action="cat.session_update",
            values=values,
            expected_version=expected_version,
        )


MAX_ENROL_ROWS = 2000


@dataclass(frozen=True)
class RowError:
    line: int
    value: str
    message: str


@dataclass(frozen=True)
class Enrolment:
    added: list[Participant]
    already: list[Participant]


def users_from_identifiers(text: str) -> tuple[list[Any], list[RowError]]:
    """Users named one per line by username, e-mail or NIP (an employee's 18 digits). Two queries whatever the
    number of lines; every line that names nobody, several people or an inactive account is an error."""
    from django.contrib.auth import get_user_model
    from django.db.models.functions import Lower

    rows = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not rows:
        raise InvalidData(_("Tempel minimal satu nama pengguna, e-mail, atau NIP."), field="identifiers")
    if len(rows) > MAX_ENROL_ROWS:
        raise InvalidData(
            _("Paling banyak %(max)s baris sekali daftar.") % {"max": MAX_ENROL_ROWS}, field="identifiers"
        )
    values = [v for _n, v in rows]
    emails = [v.lower() for v in values if "@" in v]
    nips = [v for v in values if v.isdigit() and len(v) == 18]
    User = get_user_model()
    candidates = list(
        User.objects.annotate(email_lower=Lower("email"))
        .filter(Q(username__in=values) | Q(email_lower__in=emails) | Q(employee__nip__in=nips))
        .select_related("employee")
        .only("pk", "username", "email", "is_active", "first_name", "last_name", "employee__nip")
    )
    by_username = {u.username: u for u in candidates}
    by_email: dict[str, list[Any]] = {}
    by_nip: dict[str, Any] = {}
    for u in candidates:
        if u.email:
            by_email.setdefault(u.email.lower(), []).append(u)
        if u.employee_id and u.employee.nip:
            by_nip[u.employee.nip] = u
    users: list[Any] = []
    seen: set[int] = set()
    errors: list[RowError] = []
    for line, value in rows:
        user = by_username.get(value) or by_nip.get(value)
        if user is None and "@" in value:
            found = by_email.get(value.lower(), [])
            if len(found) > 1:
                errors.append(RowError(line, value, _("E-mail ini dipakai beberapa akun; pakai nama pengguna.")))
                continue
            user = found[0] if found else None
        if user is None:
            errors.append(RowError(line, value, _("Tidak ada pengguna dengan nama pengguna, e-mail, atau NIP ini.")))
        elif not user.is_active:
            errors.append(RowError(line, value, _("Akun pengguna ini tidak aktif.")))
        elif user.pk not in seen:
            seen.add(user.pk)
            users.append(user)
    return users, errors


def enroll_identifiers(session: ExamSession, text: str, *, actor: Any) -> Enrolment:
    """Enroll the users named in `text` (see `users_from_identifiers`). If any line is wrong nothing is enrolled and
    InvalidData carries the list of RowError in `details`. Enrolling again is harmless (idempotent)."""
    if timezone.now() >= session.ends_at:
        raise InvalidData(_("Sesi ujian telah berakhir; peserta tidak dapat ditambahkan."))
    users, errors = users_from_identifiers(text)
    if errors:
        raise InvalidData(
            _("%(n)s baris tidak dapat diproses; tidak ada peserta yang didaftarkan.") % {"n": len(errors)},
            field="identifiers",
            details=errors,
        )
    before = set(Participant.objects.filter(session=session, user__in=users).values_list("user_id", flat=True))
    participants = enroll(session, users, actor=actor)
    return Enrolment(
        added=[p for p in participants if p.user_id not in before],
        already=[p for p in participants if p.user_id in before],
    )


# --- blueprints (bank managers) ----------------------------------------------------------------------------------


def available_items(bank_id: int) -> dict[tuple[str, int], int]:
    """Active items per (category code, difficulty) of a bank: one query."""
    rows = (
        Item.objects.filter(bank_id=bank_id, active=True)
        .values_list("category__code", "difficulty")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(code, difficulty): n for code, difficulty, n in rows}


def blueprint_validate(bank: Any, rules: list[dict[str, Any]], *, skd: bool) -> list[dict[str, Any]]:
    """Clean blueprint rules ({category, difficulty 1-3 or None, count >= 1}) and check that the bank can fill them;
    every problem is listed in one InvalidData (field `rules`, details: the messages)."""
    categories = {c.code: c for c in bank.categories.all()}
    problems: list[str] = []
    clean: list[dict[str, Any]] = []
    keys: set[tuple[str, int | None]] = set()
    for n, rule in enumerate(rules, start=1):
        code = str(rule.get("category") or "").strip()
        difficulty = rule.get("difficulty")
        count = rule.get("count")
        if code not in categories:
            problems.append(_("Baris %(n)s: kategori %(code)s tidak ada di bank soal ini.") % {"n": n, "code": code})
            continue
        if difficulty not in (None, 1, 2, 3):
            problems.append(_("Baris %(n)s: tingkat kesulitan harus 1, 2, 3, atau kosong.") % {"n": n})
            continue
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 1000:
            problems.append(_("Baris %(n)s: jumlah soal harus bilangan bulat 1–1000.") % {"n": n})
            continue
        if (code, difficulty) in keys:
            problems.append(_("Baris %(n)s: aturan %(code)s ini sudah ada di baris lain.") % {"n": n, "code": code})
            continue
        if skd and not categories[code].skd_subtest:
            problems.append(
                _("Baris %(n)s: kategori %(code)s bukan subtes SKD (TWK/TIU/TKP).") % {"n": n, "code": code}
            )
            continue
        keys.add((code, difficulty))
        clean.append({"category": code, "difficulty": difficulty, "count": count})
    # Difficulty rules first (stable): draw_form takes rules in order, so a category-wide rule must not take the
    # items a difficulty rule of the same category needs.
    clean.sort(key=lambda r: r["difficulty"] is None)
    if not clean and not problems:
        problems.append(_("Kisi-kisi harus memuat minimal satu aturan jumlah soal."))
    if not problems:
        have = available_items(bank.pk)
        # Rules with a difficulty draw first from their difficulty; a rule without one takes the rest of the category.
        left = dict(have)
        for rule in sorted(clean, key=lambda r: r["difficulty"] is None):
            code, difficulty, count = rule["category"], rule["difficulty"], rule["count"]
            levels = [difficulty] if difficulty is not None else [1, 2, 3]
            free = sum(left.get((code, d), 0) for d in levels)
            if free < count:
                label = code if difficulty is None else f"{code} ({Difficulty(difficulty).label})"
                problems.append(
                    _("Bank soal tidak cukup: %(label)s meminta %(need)s soal, tersedia %(have)s soal aktif.")
                    % {"label": label, "need": count, "have": free}
                )
                continue
            for d in levels:
                take = min(count, left.get((code, d), 0))
                left[(code, d)] = left.get((code, d), 0) - take
                count -= take
    if problems:
        raise InvalidData(problems[0], field="rules", details=problems)
    return clean


def blueprint_save(
    bank: Any,
    *,
    actor: Any,
    name: str,
    rules: list[dict[str, Any]],
    skd: bool,
    blueprint: Blueprint | None = None,
    expected_version: int | None = None,
    form_key: str = "",
) -> tuple[Blueprint, bool]:
    """Create a blueprint (once per form key) or change one (optimistic locking, audited). A blueprint used by a
    session that has started is not changed (forms already drawn from it would no longer match): make a new one."""
    if not name.strip():
        raise InvalidData(_("Nama kisi-kisi wajib diisi."), field="name")
    clean = blueprint_validate(bank, rules, skd=skd)
    values = {"name": name.strip()[:200], "rules": clean, "skd": skd}
    if blueprint is None:
        if form_key:
            existing = Blueprint.objects.filter(form_key=form_key, bank=bank).first()
            if existing is not None:
                return existing, False
        try:
            with transaction.atomic():
                created = Blueprint.objects.create(bank=bank, form_key=form_key, **values)
                audit_record(actor=actor, action="cat.blueprint_create", obj=created, changes=values)
        except IntegrityError:
            existing = Blueprint.objects.filter(form_key=form_key, bank=bank).first()
            if existing is None:
                raise
            return existing, False
        return created, True
    with transaction.atomic():
        current = Blueprint.objects.select_for_update().get(pk=blueprint.pk)
        if not field_changes(current, values):
            return current, False  # nothing to change (e.g. the same form sent twice): not a conflict
        if expected_version is not None and expected_version != current.version:
            raise StaleEdit()
        started = ExamSession.objects.filter(blueprint=current).filter(
            Q(starts_at__lte=timezone.now()) | Q(participants__attempt__isnull=False)
        )
        if started.exists():
            raise InvalidData(
                _("Kisi-kisi ini dipakai sesi ujian yang sudah dimulai; buat kisi-kisi baru."), field="rules"
            )
        return versioned_update(
            current, actor=actor, action="cat.blueprint_update", values=values, expected_version=expected_version
        ), False
