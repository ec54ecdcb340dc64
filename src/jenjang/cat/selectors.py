"""CAT reads. `session_results` is the interface the selection app uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone

from .models import Answer, Attempt, ExamSession, IntegrityEvent, Item, Participant


@dataclass(frozen=True)
class Result:
    """A finished attempt's score. `passed` is None when the session is not scored by a pass rule (non-SKD) or the
    rule refused the input; `decision` is the rule's contract envelope (empty for non-SKD)."""

    user_id: int
    total: float
    by_category: dict[str, float]
    passed: bool | None
    decision: dict[str, Any]
    finished_at: dt.datetime


def session_results(session: ExamSession) -> list[Result]:
    """Every finished attempt of the session, best total first (ties: earlier finish first). One query.

    Participants who never started or are still answering have no Result (run `finalise_expired`, or the
    `cat_sweep` command, after the session ends so that every started attempt is finished)."""
    rows = (
        Attempt.objects.filter(participant__session=session, finished_at__isnull=False)
        .order_by("-total", "finished_at", "pk")
        .values_list("participant__user_id", "total", "by_category", "passed", "decision", "finished_at")
    )
    return [
        Result(user_id=u, total=float(t or 0), by_category=dict(c), passed=p, decision=dict(d), finished_at=f)
        for u, t, c, p, d, f in rows
    ]


def participations_of(user: Any) -> QuerySet[Participant]:
    """The user's own enrolments, newest session first, with their attempt (one query)."""
    if not user.is_authenticated:
        return Participant.objects.none()
    return (
        Participant.objects.filter(user=user)
        .select_related("session", "attempt")
        .order_by("-session__starts_at", "-pk")
    )


def participant_get(user: Any, session_pk: Any) -> Participant | None:
    if not user.is_authenticated:
        return None
    try:
        return Participant.objects.select_related("session__blueprint").get(session_id=session_pk, user=user)
    except (ValueError, TypeError, Participant.DoesNotExist):
        return None


@dataclass(frozen=True)
class Question:
    position: int
    number: int
    category: str
    stem: str
    options: list[tuple[int, str]]  # (shown index, text) — never the key or points
    chosen: int | None


def form_questions(attempt: Attempt) -> list[Question]:
    """The attempt's questions as the participant sees them, with their saved choices. Two queries."""
    items = {
        pk: (code, stem, options)
        for pk, code, stem, options in Item.objects.filter(pk__in=[f["item"] for f in attempt.form]).values_list(
            "pk", "category__code", "stem", "options"
        )
    }
    chosen = dict(Answer.objects.filter(attempt=attempt).values_list("position", "choice"))
    out = []
    for position, entry in enumerate(attempt.form):
        code, stem, options = items[entry["item"]]
        out.append(
            Question(
                position=position,
                number=position + 1,
                category=code,
                stem=stem,
                options=[(shown, options[original]) for shown, original in enumerate(entry["order"])],
                chosen=chosen.get(position),
            )
        )
    return out


def seconds_left(attempt: Attempt, now: dt.datetime | None = None) -> int:
    return max(0, int((attempt.deadline - (now or timezone.now())).total_seconds()))


def scoreboard_rows(session: ExamSession) -> QuerySet[Participant]:
    """The board's participants, best total first (unfinished last, then by number), ordered by the database so that
    a page of it is one query whatever the page size."""
    return (
        Participant.objects.filter(session=session)
        .select_related("user", "attempt")
        .order_by(F("attempt__total").desc(nulls_last=True), "number")
        .only(
            "number",
            "user__first_name",
            "user__last_name",
            "user__username",
            "attempt__finished_at",
            "attempt__total",
            "attempt__by_category",
            "attempt__passed",
            "attempt__started_at",
        )
    )


def scoreboard_row(p: Participant) -> dict[str, Any]:
    attempt = getattr(p, "attempt", None)
    finished = attempt is not None and attempt.finished_at is not None
    return {
        "number": p.number,
        "name": p.user.get_full_name() or p.user.username,
        "status": "finished" if finished else ("working" if attempt is not None else "waiting"),
        "total": attempt.total if finished else None,
        "by_category": attempt.by_category if finished else {},
        "passed": attempt.passed if finished else None,
        "finished_at": attempt.finished_at if finished else None,
    }


def scoreboard(session: ExamSession) -> list[dict[str, Any]]:
    """The public board: every participant with number and name; score and pass/fail once finished. One query."""
    return [scoreboard_row(p) for p in scoreboard_rows(session)]


def session_progress(session: ExamSession) -> dict[str, int]:
    enrolled = Participant.objects.filter(session=session).count()
    started = Attempt.objects.filter(participant__session=session).count()
    finished = Attempt.objects.filter(participant__session=session, finished_at__isnull=False).count()
    return {"enrolled": enrolled, "started": started, "finished": finished}


def integrity_events(session: ExamSession) -> QuerySet[IntegrityEvent]:
    return (
        IntegrityEvent.objects.filter(attempt__participant__session=session)
        .select_related("attempt__participant__user")
        .order_by("-at", "-pk")
    )
