"""Pages of the open selection. Views parse, call a selector or a service, and render; access is selection.access."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.core import access as core_access
from jenjang.core.errors import InvalidData, NotFound, StaleEdit
from jenjang.core.pagination import CappedPaginator

from . import access, candidates, scoring, selectors, services
from .forms import (
    AppealDecideForm,
    AppealForm,
    ApplyForm,
    CancelForm,
    DocumentForm,
    OverrideForm,
    PpkForm,
    ProfileForm,
    RegisterForm,
    VacancyEditForm,
    VacancyForm,
    WithdrawForm,
)
from .models import (
    Appeal,
    AppealStage,
    AppealStatus,
    ApplicationStatus,
    CandidateDocument,
    CandidateProfile,
    PpkDecision,
    Stage,
)

PAGE_SIZE = 25


def _page(request: HttpRequest, qs: Any) -> Any:
    return CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _form_error(form: Any, error: InvalidData | StaleEdit) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


# --- public ------------------------------------------------------------------------------------------------


def board(request: HttpRequest) -> HttpResponse:
    services.announcement_roll()
    q = request.GET.get("q", "")[:100]
    page = _page(request, selectors.vacancy_board(q))
    template = "selection/partials/board_rows.html" if request.headers.get("HX-Request") else "selection/board.html"
    return render(request, template, {"page_obj": page, "q": q, "today": timezone.localdate()})


def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = access.public_vacancy_get(pk)
    mine = access.own_applications(request.user).filter(vacancy=vacancy).first()
    context = {
        "vacancy": vacancy,
        "accepting": services.is_accepting(vacancy, timezone.localdate()),
        "mine": mine,
        "can_apply": access.can_apply(request.user),
        **selectors.committee_context(vacancy),
    }
    return render(request, "selection/vacancy_detail.html", context)


def results(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = access.public_vacancy_get(pk)
    context = {
        "vacancy": vacancy,
        "screening": selectors.published_screening(vacancy),
        "final": selectors.published_results(vacancy),
        "decision": PpkDecision.objects.filter(vacancy=vacancy).select_related("chosen").first()
        if vacancy.results_published_at
        else None,
    }
    return render(request, "selection/results.html", context)


# --- candidates --------------------------------------------------------------------------------------------


def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidates.candidate_register(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
                base_url=request.build_absolute_uri("/"),
            )
        except InvalidData as error:
            _form_error(form, error)
        else:
            return render(request, "selection/register_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "selection/register.html", {"form": form})


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = candidates.candidate_confirm(token)
    except InvalidData as error:
        return render(request, "core/error.html", {"message": error.message}, status=400)
    login(request, user, backend="jenjang.accounts.backends.LockoutBackend")
    messages.success(request, _("Surel Anda telah dikonfirmasi. Lengkapi profil dan unggah dokumen Anda."))
    return redirect("selection:profile")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role != "CANDIDATE":
        raise NotFound()
    current = CandidateProfile.objects.filter(user=user).first()
    initial = (
        {k: getattr(current, k) for k in ("full_name", "birth_date", "education", "phone", "address")}
        if current
        else {}
    )
    form = ProfileForm(request.POST if request.POST.get("form") == "profile" else None, initial=initial)
    doc_form = DocumentForm(
        request.POST if request.POST.get("form") == "document" else None,
        request.FILES if request.POST.get("form") == "document" else None,
    )
    if request.method == "POST" and request.POST.get("form") == "profile" and form.is_valid():
        try:
            candidates.candidate_profile_update(actor=user, data=form.cleaned_data)
        except InvalidData as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Profil disimpan."))
            return redirect("selection:profile")
    if request.method == "POST" and request.POST.get("form") == "document" and doc_form.is_valid():
        try:
            candidates.candidate_document_upload(
                actor=user, upload=doc_form.cleaned_data["file"], doc_type=doc_form.cleaned_data["doc_type"]
            )
        except InvalidData as error:
            _form_error(doc_form, error)
        else:
            messages.success(request, _("Dokumen diunggah."))
            return redirect("selection:profile")
    documents = CandidateDocument.objects.filter(user=user)
    return render(request, "selection/profile.html", {"form": form, "doc_form": doc_form, "documents": documents})


@login_required
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = access.public_vacancy_get(pk)
    user = request.user
    if not access.can_apply(user):
        raise NotFound()
    existing = access.own_applications(user).filter(vacancy=vacancy).first()
    if existing is not None:
        return redirect("selection:application_detail", existing.pk)
    custom = list((vacancy.requirements or {}).get("custom") or [])
    form = ApplyForm(request.POST or None, custom=custom)
    prefilled: dict[str, Any] | None = None
    try:
        name, facts, _employee = services.applicant_snapshot(user)
        prefilled = {"name": name, **facts}
    except InvalidData as error:
        messages.warning(request, str(error.message))
        return redirect("selection:profile")
    if request.method == "POST" and form.is_valid():
        try:
            application, _created = services.application_submit(
                actor=user,
                vacancy=vacancy,
                declared=form.cleaned_data.get("declared") or [],
                motivation=form.cleaned_data.get("motivation", ""),
            )
        except InvalidData as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Lamaran terkirim. Nomor peserta Anda: %(n)s") % {"n": application.number})
            return redirect("selection:application_detail", application.pk)
    return render(request, "selection/apply.html", {"vacancy": vacancy, "form": form, "prefilled": prefilled})


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.my_applications(request.user))
    return render(request, "selection/my_applications.html", {"page_obj": page})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.own_application_get(request.user, pk)
    vacancy = application.vacancy
    appeals = {a.stage: a for a in application.appeals.all()}
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scoring.appeal_submit(
                actor=request.user,
                application=application,
                stage=request.POST.get("stage", ""),
                text=form.cleaned_data["text"],
            )
        except InvalidData as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Sanggahan terkirim."))
            return redirect("selection:application_detail", application.pk)
    open_stages = [
        (stage, label, scoring.appeal_deadline(vacancy, stage))
        for stage, label in AppealStage.choices
        if stage not in appeals and scoring.appeal_deadline(vacancy, stage)
        and timezone.localdate() <= scoring.appeal_deadline(vacancy, stage)
    ]  # fmt: skip
    context = {
        "application": application,
        "vacancy": vacancy,
        "appeals": appeals.values(),
        "open_stages": open_stages,
        "form": form,
        "scores": scoring.stage_scores(vacancy, application) if vacancy.results_published_at else None,
        "withdraw_form": WithdrawForm()
        if application.status != ApplicationStatus.WITHDRAWN and services.may_withdraw(vacancy)
        else None,
    }
    return render(request, "selection/application_detail.html", context)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.own_application_get(request.user, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        _application, changed = services.application_withdraw(
            actor=request.user, application=application, reason=reason
        )
    except InvalidData as error:
        messages.error(request, str(error.message))
    else:
        if changed:
            messages.success(request, _("Lamaran ditarik."))
        else:
            messages.info(request, _("Lamaran ini sudah ditarik sebelumnya."))
    return redirect("selection:application_detail", application.pk)


# --- committee and personnel staff -------------------------------------------------------------------------


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    core_access.require(access.can_see_staff_pages(request.user))
    page = _page(request, selectors.staff_vacancy_list(request.user))
    return render(
        request, "selection/staff_list.html", {"page_obj": page, "can_manage": access.can_manage(request.user)}
    )


@login_required
def vacancy_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_manage(user) and user.agency_id is not None)
    form = VacancyForm(request.POST or None, agency=user.agency)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy, created = services.vacancy_create_once(
                form_key=form.cleaned_data.get("form_key") or "",
                actor=user,
                agency=user.agency,
                data=form.service_data(),
                committee=form.cleaned_data["committee"],
                external=form.cleaned_data["committee_external"],
            )
        except InvalidData as error:
            _form_error(form, error)
        else:
            if created:
                messages.success(request, _("Lowongan disimpan."))
            return redirect("selection:staff_vacancy", vacancy.pk)
    return render(request, "selection/vacancy_form.html", {"form": form})


@login_required
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = access.staff_vacancy_get(request.user, pk)
    core_access.require(access.can_manage_vacancy(request.user, vacancy))
    if vacancy.status not in services.EDITABLE_STATUSES:
        messages.error(request, _("Lowongan pada tahap ini tidak dapat diubah lagi."))
        return redirect("selection:staff_vacancy", vacancy.pk)
    seats = list(vacancy.committee.values_list("user_id", "is_external"))
    form = VacancyEditForm(
        request.POST or None,
        vacancy=vacancy,
        committee_ids=[user_id for user_id, _external in seats],
        external_ids=[user_id for user_id, external in seats if external],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_update(
                actor=request.user,
                vacancy=vacancy,
                data=form.service_data(),
                committee=form.cleaned_data["committee"],
                external=form.cleaned_data["committee_external"],
                expected_version=form.cleaned_data["version"],
            )
        except (InvalidData, StaleEdit) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Lowongan disimpan."))
            return redirect("selection:staff_vacancy", vacancy.pk)
    return render(request, "selection/vacancy_edit.html", {"vacancy": vacancy, "form": form})


@login_required
def vacancy_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = access.staff_vacancy_get(request.user, pk)
    core_access.require(access.can_manage_vacancy(request.user, vacancy))
    form = CancelForm(request.POST or None, initial={"version": vacancy.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_cancel(
                actor=request.user,
                vacancy=vacancy,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except (InvalidData, StaleEdit) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Lowongan dibatalkan; pelamar diberi tahu."))
            return redirect("selection:staff_vacancy", vacancy.pk)
    return render(
        request,
        "selection/vacancy_cancel.html",
        {"vacancy": vacancy, "form": form, "cancellable": vacancy.status in services.CANCELLABLE},
    )


def _staff_context(request: HttpRequest, vacancy: Any) -> dict[str, Any]:
    user = request.user
    return {
        "vacancy": vacancy,
        "is_committee": access.is_committee(user, vacancy),
        "can_manage": access.can_manage_vacancy(user, vacancy),
        "can_decide": access.can_decide(user, vacancy),
        "panel_stages": [(s, Stage(s).label) for s in vacancy.panel_stages()],
        "editable_statuses": [str(s) for s in services.EDITABLE_STATUSES],
        "cancellable_statuses": [str(s) for s in services.CANCELLABLE],
    }


@login_required
def staff_vacancy(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = access.staff_vacancy_get(request.user, pk)
    context = {**_staff_context(request, vacancy), **selectors.committee_context(vacancy)}
    context["page_obj"] = _page(request, selectors.staff_applications(vacancy))
    context["appeals"] = (
        Appeal.objects.filter(application__vacancy=vacancy).select_related("application").order_by("status", "id")
    )
    context["decision"] = PpkDecision.objects.filter(vacancy=vacancy).select_related("chosen").first()
    context["cat_available"] = _cat_services() is not None
    return render(request, "selection/staff_vacancy.html", context)


ACTIONS = {
    "announce": (lambda u, v: services.vacancy_announce(actor=u, vacancy=v), _("Lowongan diumumkan.")),
    "screen": (lambda u, v: services.screening_run(actor=u, vacancy=v), _("Seleksi administrasi dijalankan.")),
    "publish_screening": (
        lambda u, v: services.screening_publish(actor=u, vacancy=v),
        _("Hasil seleksi administrasi diumumkan."),
    ),
    "rank": (lambda u, v: scoring.ranking_compute(actor=u, vacancy=v), _("Peringkat dihitung.")),
    "send_ppk": (lambda u, v: scoring.ranking_send_to_ppk(actor=u, vacancy=v), _("Tiga besar dikirim kepada PPK.")),
    "publish_results": (lambda u, v: scoring.results_publish(actor=u, vacancy=v), _("Hasil akhir diumumkan.")),
}


@login_required
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    vacancy = access.staff_vacancy_get(request.user, pk)
    if action in ("cat_create", "cat_import"):
        return _cat_action(request, vacancy, action)
    if action not in ACTIONS:
        raise NotFound()
    run, message = ACTIONS[action]
    try:
        run(request.user, vacancy)
    except InvalidData as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, str(message))
    return redirect("selection:staff_vacancy", vacancy.pk)


@login_required
def override(request: HttpRequest, pk: int, app_pk: int) -> HttpResponse:
    vacancy = access.staff_vacancy_get(request.user, pk)
    core_access.require(access.is_committee(request.user, vacancy))
    try:
        application = vacancy.applications.get(pk=app_pk)
    except (ValueError, vacancy.applications.model.DoesNotExist):
        raise NotFound() from None
    form = OverrideForm(
        request.POST or None,
        initial={"passed": "0" if application.screening_passed else "1", "version": application.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_override(
                actor=request.user,
                application=application,
                passed=form.cleaned_data["passed"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except InvalidData as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Hasil seleksi administrasi dikoreksi."))
            return redirect("selection:staff_vacancy", vacancy.pk)
    return render(request, "selection/override.html", {"vacancy": vacancy, "application": application, "form": form})


@login_required
def panel(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    vacancy = access.staff_vacancy_get(request.user, pk)
    core_access.require(access.is_committee(request.user, vacancy))
    if stage not in vacancy.panel_stages():
        raise NotFound()
    if request.method == "POST":
        try:
            application = vacancy.applications.get(pk=request.POST.get("application"))
            scoring.panel_score_submit(
                actor=request.user,
                application=application,
                stage=stage,
                score=request.POST.get("score", ""),
                note=request.POST.get("note", "")[:2000],
            )
        except (ValueError, vacancy.applications.model.DoesNotExist):
            messages.error(request, _("Data tidak ditemukan."))
        except InvalidData as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Nilai %(number)s disimpan.") % {"number": application.number})
        return redirect("selection:panel", vacancy.pk, stage)
    rows = selectors.panel_rows(request.user, vacancy, stage)
    context = {**_staff_context(request, vacancy), "rows": rows, "stage": stage, "stage_label": Stage(stage).label}
    return render(request, "selection/panel.html", context)


@login_required
def ppk_decision(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = access.staff_vacancy_get(request.user, pk)
    core_access.require(access.can_decide(request.user, vacancy))
    shortlist = list(vacancy.applications.filter(shortlisted=True).order_by("rank", "id"))
    form = PpkForm(request.POST or None, choices=[(a.pk, f"{a.rank}. {a.name} ({a.total})") for a in shortlist])
    if request.method == "POST" and form.is_valid():
        try:
            scoring.ppk_decide(
                actor=request.user,
                vacancy=vacancy,
                chosen_id=form.cleaned_data["chosen"],
                reason=form.cleaned_data["reason"],
            )
        except InvalidData as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Keputusan PPK dicatat."))
            return redirect("selection:ppk_decision", vacancy.pk)
    decision = PpkDecision.objects.filter(vacancy=vacancy).select_related("chosen", "decided_by").first()
    return render(
        request, "selection/ppk.html", {"vacancy": vacancy, "shortlist": shortlist, "form": form, "decision": decision}
    )


@login_required
def appeal_decide(request: HttpRequest, pk: int, appeal_pk: int) -> HttpResponse:
    vacancy = access.staff_vacancy_get(request.user, pk)
    core_access.require(access.is_committee(request.user, vacancy))
    try:
        appeal = Appeal.objects.select_related("application").get(pk=appeal_pk, application__vacancy=vacancy)
    except (ValueError, Appeal.DoesNotExist):
        raise NotFound() from None
    form = AppealDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scoring.appeal_decide(
                actor=request.user,
                appeal=appeal,
                upheld=form.cleaned_data["upheld"],
                reason=form.cleaned_data["reason"],
            )
        except InvalidData as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Sanggahan diputuskan."))
            return redirect("selection:staff_vacancy", vacancy.pk)
    return render(
        request,
        "selection/appeal_decide.html",
        {"vacancy": vacancy, "appeal": appeal, "form": form, "pending": appeal.status == AppealStatus.PENDING},
    )


# --- CAT (through the cat app's interface, when it is installed) ---------------------------------------------


def _cat_services() -> Any:
    try:
        from jenjang.cat import services as cat_services
    except ImportError:
        return None
    return cat_services if hasattr(cat_services, "session_create") else None


def _cat_action(request: HttpRequest, vacancy: Any, action: str) -> HttpResponse:
    from . import cat_bridge

    try:
        if action == "cat_create":
            cat_bridge.cat_session_open(actor=request.user, vacancy=vacancy)
            messages.success(request, _("Sesi CAT dibuat dan peserta yang lulus administrasi didaftarkan."))
        else:
            cat_bridge.cat_results_import(actor=request.user, vacancy=vacancy)
            messages.success(request, _("Nilai CAT diambil dari sesi ujian."))
    except InvalidData as error:
        messages.error(request, str(error.message))
    return redirect(reverse("selection:staff_vacancy", args=[vacancy.pk]))
