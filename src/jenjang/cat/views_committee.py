"""The committee's session pages: create a session (optionally a vacancy's, through the selection bridge), change
it before it starts, and enroll participants from a pasted list or from the vacancy's screened applicants."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jenjang.core.errors import InvalidData, JenjangError, NotFound, StaleEdit

from . import access, services
from .forms import EnrolForm, SessionForm
from .models import Participant

VACANCY_REF = "selection:"


def _vacancy_choices(user: Any) -> list[tuple[int, str]] | None:
    """Vacancies at the CAT stage that have no session yet and whose committee the user sits on (the bridge
    requires it); None when the selection app is not installed."""
    try:
        from jenjang.selection.access import staff_vacancies
        from jenjang.selection.models import VacancyStatus
    except ImportError:  # pragma: no cover - selection is optional
        return None
    rows = (
        staff_vacancies(user)
        .filter(
            status=VacancyStatus.SCORING,
            cat_session_id__isnull=True,
            cat_date__isnull=False,
            committee__user_id=user.pk,
        )
        .order_by("-pk")
        .values_list("pk", "title")
        .distinct()[:200]
    )
    return list(rows)


def _form_error(form: SessionForm, error: JenjangError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    if not access.can_run_sessions(request.user):
        raise NotFound()
    blueprints = access.blueprints_for_sessions(request.user)
    vacancies = _vacancy_choices(request.user)
    form = SessionForm(request.POST or None, blueprints=blueprints, vacancies=vacancies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        blueprint = data["blueprint"]
        try:
            session, created = services.session_create_once(
                form_key=data.get("form_key") or "",
                actor=request.user,
                vacancy=access.vacancy_for_session(request.user, data.get("vacancy")),
                agency=blueprint.bank.agency,
                title=data["title"],
                blueprint=blueprint,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                duration_minutes=data["duration_minutes"],
            )
        except JenjangError as error:
            _form_error(form, error)
        else:
            if created:
                messages.success(request, _("Sesi ujian dibuat. Daftarkan pesertanya."))
            return redirect("cat:session_enrol", pk=session.pk)
    return render(request, "cat/session_form.html", {"form": form, "session": None})


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_get_to_run(request.user, pk)
    started = services.session_started(session)
    initial = {
        "title": session.title,
        "blueprint": session.blueprint_id,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "duration_minutes": session.duration_minutes,
        "version": session.version,
    }
    blueprints = access.blueprints_for_sessions(request.user)
    form = SessionForm(request.POST or None, initial=initial, blueprints=blueprints)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_update(
                session,
                actor=request.user,
                expected_version=data.get("version"),
                title=data["title"],
                blueprint=data["blueprint"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                duration_minutes=data["duration_minutes"],
            )
        except StaleEdit as error:
            form.add_error(None, str(error.message))
        except InvalidData as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Sesi ujian disimpan."))
            return redirect("cat:session_detail", pk=session.pk)
    return render(request, "cat/session_form.html", {"form": form, "session": session, "started": started})


@login_required
def session_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_get_to_run(request.user, pk)
    form = EnrolForm(request.POST or None)
    row_errors: list[services.RowError] = []
    vacancy_id = int(session.reference[len(VACANCY_REF) :]) if session.reference.startswith(VACANCY_REF) else None
    if request.method == "POST" and request.POST.get("from_vacancy") and vacancy_id:
        try:
            _enrol_vacancy(request, session, vacancy_id)
        except InvalidData as error:
            messages.error(request, str(error.message))
        else:
            return redirect("cat:session_detail", pk=session.pk)
        form = EnrolForm()
    elif request.method == "POST" and form.is_valid():
        try:
            outcome = services.enroll_identifiers(session, form.cleaned_data["identifiers"], actor=request.user)
        except InvalidData as error:
            form.add_error(None, str(error.message))
            row_errors = list(error.details or [])
        else:
            messages.success(
                request,
                _("%(added)s peserta didaftarkan; %(already)s sudah terdaftar sebelumnya.")
                % {"added": len(outcome.added), "already": len(outcome.already)},
            )
            return redirect("cat:session_detail", pk=session.pk)
    return render(
        request,
        "cat/session_enrol.html",
        {"session": session, "form": form, "row_errors": row_errors, "vacancy_id": vacancy_id},
    )


def _enrol_vacancy(request: HttpRequest, session: Any, vacancy_id: int) -> None:
    """Enroll the vacancy's applicants who passed the screening, through the selection bridge (idempotent)."""
    from jenjang.selection.cat_bridge import cat_session_open

    vacancy = access.vacancy_for_session(request.user, vacancy_id)
    if vacancy.cat_session_id != session.pk:
        raise InvalidData(_("Sesi ini bukan sesi CAT lowongan tersebut."))
    before = Participant.objects.filter(session=session).count()
    try:
        cat_session_open(actor=request.user, vacancy=vacancy)
    except JenjangError as error:  # the bridge refuses with AccessDenied or InvalidData
        raise InvalidData(error.message) from error
    added = Participant.objects.filter(session=session).count() - before
    messages.success(request, _("%(n)s pelamar yang lulus seleksi administrasi didaftarkan.") % {"n": added})
