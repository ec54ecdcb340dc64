"""CAT pages: the participant's exams, the exam itself, the answering endpoint, the score, the public scoreboard,
and the committee's session pages (participants, results, integrity log)."""

from __future__ import annotations

import secrets

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jenjang.core.errors import InvalidData, NotFound
from jenjang.core.pagination import CappedPaginator

from . import access, selectors, services
from .models import Attempt, ExamSession, FinishReason
from .services import Saved

BROWSER_KEY = "cat_browser"
BOARD_PAGE_SIZE = 50


def _participant_or_404(request: HttpRequest, pk: int):
    participant = selectors.participant_get(request.user, pk)
    if participant is None:
        raise NotFound()
    return participant


def _attempt_of(participant) -> Attempt | None:
    return Attempt.objects.filter(participant=participant).first()


@login_required
def my_exams(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.participations_of(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "cat/my_exams.html", {"page_obj": page, "now": timezone.now()})


@login_required
def exam_start(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's landing page for a participant; POST starts (or resumes) the attempt."""
    participant = _participant_or_404(request, pk)
    attempt = _attempt_of(participant)
    if attempt is not None and attempt.finished_at is None and attempt.deadline <= timezone.now():
        attempt = services.attempt_finish(attempt.pk, reason=FinishReason.TIMEOUT)
    if attempt is not None and attempt.finished_at is not None:
        return redirect("cat:exam_result", pk=pk)
    error = None
    status = 200
    if request.method == "POST":
        try:
            _open(request, participant)
        except services.OtherExamInProgress as exc:
            error, status = exc.message, exc.status
        except InvalidData as exc:
            error = exc.message
        else:
            return redirect("cat:exam_take", pk=pk)
    session = participant.session
    return render(
        request,
        "cat/exam_start.html",
        {"participant": participant, "session": session, "attempt": attempt, "error": error, "now": timezone.now()},
        status=status,
    )


def _open(request: HttpRequest, participant) -> Attempt:
    browser = request.session.get(BROWSER_KEY)
    if not browser:
        browser = request.session[BROWSER_KEY] = secrets.token_hex(16)
    return services.attempt_open(participant, browser=browser, request=request)


@never_cache
@login_required
def exam_take(request: HttpRequest, pk: int) -> HttpResponse:
    """The exam: every question with its saved choice; each click is saved by `answer`. Loading this page (a
    reload, a reconnect, another browser) takes the attempt over and is logged."""
    participant = _participant_or_404(request, pk)
    if _attempt_of(participant) is None:
        return redirect("cat:exam_start", pk=pk)
    attempt = _open(request, participant)
    if attempt.finished_at is not None:
        return redirect("cat:exam_result", pk=pk)
    questions = selectors.form_questions(attempt)
    return render(
        request,
        "cat/exam_take.html",
        {
            "participant": participant,
            "session": participant.session,
            "attempt": attempt,
            "questions": questions,
            "answered": sum(1 for q in questions if q.chosen is not None),
            "seconds_left": selectors.seconds_left(attempt),
            "letters": "ABCDE",
        },
    )


@require_POST
def answer(request: HttpRequest, attempt_pk: int) -> HttpResponse:
    """One click. Authenticated by the page token (a secret rotated on each exam page load, only ever sent to
    the participant's own page), so the endpoint reads neither the session nor the user: one SQL statement."""
    try:
        position = int(request.POST.get("q", ""))
        choice = int(request.POST.get("o", ""))
    except ValueError:
        return HttpResponse(_("Jawaban tidak valid."), status=400)
    token = request.headers.get("X-Attempt-Token") or request.POST.get("t", "")
    outcome = services.answer_save(attempt_pk, token, position, choice, request=request)
    if outcome in (Saved.SAVED, Saved.UNCHANGED):
        return HttpResponse(format_html('<span class="cat-saved">{}</span>', _("Tersimpan")))
    if outcome is Saved.CLOSED:
        response = HttpResponse(_("Waktu ujian telah habis; jawaban ini tidak disimpan."), status=410)
        response["HX-Refresh"] = "true"
        return response
    if outcome is Saved.STALE:
        return HttpResponse(
            format_html(
                '<span class="cat-error">{}</span>',
                _("Ujian ini dibuka di tab atau peramban lain; jawaban ini tidak disimpan. Muat ulang halaman."),
            ),
            status=409,
        )
    return HttpResponse(_("Jawaban tidak valid."), status=400)


@login_required
@require_POST
def exam_finish(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant_or_404(request, pk)
    attempt = _attempt_of(participant)
    if attempt is not None:
        services.attempt_finish(attempt.pk, reason=FinishReason.SUBMITTED)
    return redirect("cat:exam_result", pk=pk)


@login_required
def exam_result(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant_or_404(request, pk)
    attempt = _attempt_of(participant)
    if attempt is not None and attempt.finished_at is None and attempt.deadline <= timezone.now():
        attempt = services.attempt_finish(attempt.pk, reason=FinishReason.TIMEOUT)
    if attempt is None or attempt.finished_at is None:
        return redirect("cat:exam_start", pk=pk)
    return render(
        request,
        "cat/exam_result.html",
        {"participant": participant, "session": participant.session, "attempt": attempt},
    )


# --- public ---------------------------------------------------------------------------------------------------


def scoreboard(request: HttpRequest, pk: int) -> HttpResponse:
    """The live scoreboard: no account needed; htmx refreshes the table every few seconds."""
    session = get_object_or_404(ExamSession.objects.select_related("agency", "blueprint"), pk=pk)
    page = CappedPaginator(selectors.scoreboard_rows(session), BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [selectors.scoreboard_row(p) for p in page]
    context = {"session": session, "rows": rows, "page_obj": page, "now": timezone.now()}
    if request.headers.get("HX-Request"):
        return render(request, "cat/partials/scoreboard_page.html", context)
    return render(request, "cat/scoreboard.html", context)


# --- committee --------------------------------------------------------------------------------------------------


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    if not access.can_read_sessions(request.user):
        raise NotFound()
    qs = access.sessions_visible_to(request.user).select_related("blueprint")
    page = CappedPaginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "cat/session_list.html",
        {"page_obj": page, "now": timezone.now(), "can_run": access.can_run_sessions(request.user)},
    )


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_get(request.user, pk)
    page = CappedPaginator(selectors.scoreboard_rows(session), BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cat/session_detail.html",
        {
            "session": session,
            "page_obj": page,
            "rows": [selectors.scoreboard_row(p) for p in page],
            "can_run": access.can_run_sessions(request.user),
            "started": services.session_started(session),
            "ended": timezone.now() >= session.ends_at,
            "progress": selectors.session_progress(session),
            "scoreboard_url": request.build_absolute_uri(reverse("cat:scoreboard", kwargs={"pk": session.pk})),
        },
    )


@login_required
def integrity_log(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_get(request.user, pk)
    kind = request.GET.get("kind", "")
    qs = selectors.integrity_events(session)
    if kind:
        qs = qs.filter(kind=kind)
    page = CappedPaginator(qs, 50).get_page(request.GET.get("page"))
    from .models import EventKind

    return render(
        request,
        "cat/integrity_log.html",
        {"session": session, "page_obj": page, "kinds": EventKind.choices, "kind": kind},
    )
