"""Pages: my SKP, one SKP (draft, approve/return, rate, evidence, feedback, check-ins, 360°, appeal), my team,
360° invitations, appeals to decide, periods (open, close with a job), calibration with distribution charts,
PDF/xlsx documents and the PP 46/2011 import. Views parse, call performance.services, render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.core import access as core_access
from jenjang.core.errors import InvalidData, JenjangError, NotFound
from jenjang.core.pagination import CappedPaginator
from jenjang.domain.vocab import PREDICATE_LABEL, PREDICATES
from jenjang.organization.models import Unit
from jenjang.personnel.models import Employee

from . import access, documents, services
from .models import (
    CHECKINS_PER_YEAR,
    AgreementTarget,
    Amendment,
    Appeal,
    AppealStatus,
    Aspect,
    BerAkhlak,
    Cadence,
    CalibrationSession,
    Evidence,
    Expectation,
    Indicator,
    Invitation,
    OrganizationPredicate,
    PerformanceAgreement,
    Period,
    PeriodStatus,
    Relation,
    Rhk,
    RhkKind,
    Skp,
    SkpStatus,
)

PAGE_SIZE = 50


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def _skps() -> QuerySet[Skp]:
    return Skp.objects.select_related("period", "employee", "supervisor", "substitute", "unit")


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _periods(user: Any) -> QuerySet[Period]:
    return core_access.agency_scope(user, Period.objects.all()).order_by("-year")


def predicate_label(code: str) -> str:
    label = PREDICATE_LABEL.get(code)
    return label.render(_lang()) if label else code


# --- my SKP -----------------------------------------------------------------------------------------------------


@login_required
def my_skp(request: HttpRequest) -> HttpResponse:
    user = request.user
    periods = list(_periods(user)[:10])
    mine = {s.period_id: s for s in _skps().filter(employee_id=user.employee_id)} if user.employee_id else {}
    rows = [(p, mine.get(p.pk)) for p in periods]
    invitations = (
        Invitation.objects.filter(respondent_id=user.employee_id, answered=False).count() if user.employee_id else 0
    )
    appeals = (
        Appeal.objects.filter(decider_id=user.employee_id, status=AppealStatus.PENDING).count()
        if user.employee_id
        else 0
    )
    context = {
        "rows": rows,
        "has_employee": bool(user.employee_id),
        "invitations": invitations,
        "appeals": appeals,
        "can_manage": access.can_manage_periods(user, user.agency_id),
        "can_calibrate": access.can_calibrate(user, user.agency_id),
        "has_team": access.team_of(user, Skp.objects.all()).exists(),
    }
    return render(request, "performance/my_skp.html", context)


@login_required
@require_POST
def skp_start(request: HttpRequest, period_id: int) -> HttpResponse:
    period = core_access.scoped_get(request.user, Period.objects.all(), period_id)
    employee_id = request.POST.get("employee") or request.user.employee_id
    employee = core_access.employee_get(request.user, employee_id)
    skp = services.skp_start(actor=request.user, employee=employee, period=period)
    return redirect("performance:skp_detail", skp.pk)


def _detail_context(request: HttpRequest, skp: Skp) -> dict[str, Any]:
    user = request.user
    indicators = Indicator.objects.prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("added_at"))
    )
    rhks = list(
        Rhk.objects.filter(skp=skp)
        .select_related("parent", "agreement_target")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )
    owner, rater = access.is_owner(user, skp), access.is_rater(user, skp)
    appeal = Appeal.objects.filter(skp=skp).select_related("decider").first()
    lang = _lang()
    reasons = (skp.predicate_reasons or {}).get(lang, {})
    parents: list[Rhk] = []
    if owner and skp.editable:
        boss = [pk for pk in (skp.supervisor_id, skp.substitute_id) if pk]
        parents = list(
            Rhk.objects.filter(skp__period_id=skp.period_id, skp__employee_id__in=boss).select_related("skp")
        )
    closed = skp.period.is_closed
    deadline = services.appeal_deadline(skp)
    can_derive = (
        owner
        and skp.editable
        and not closed
        and AgreementTarget.objects.filter(agreement__period_id=skp.period_id, agreement__unit_id=skp.unit_id)
        .exclude(rhks__skp=skp)
        .exists()
        and services.is_unit_head(skp.employee)
    )
    return {
        "form_key": uuid.uuid4().hex,  # idempotency key: a double submit of one rendered form stores once
        "can_derive": can_derive,
        "amendments": list(Amendment.objects.filter(skp=skp).order_by("-requested_at", "-id")[:50]),
        "skp": skp,
        "rhks": rhks,
        "owner": owner,
        "rater": rater,
        "closed": closed,
        "reasons": reasons,
        "predicate_label": predicate_label(skp.predicate) if skp.predicate else "",
        "effective_label": predicate_label(skp.effective_predicate) if skp.effective_predicate else "",
        "behaviours": list(skp.behaviours.all()),
        "feedback": list(skp.feedback.select_related("author").all()),
        "checkins": list(skp.checkins.all()),
        "checkin_numbers": range(1, CHECKINS_PER_YEAR[skp.period.cadence] + 1),
        "appeal": appeal,
        "appeal_deadline": deadline,
        "can_appeal": owner and appeal is None and skp.status in (SkpStatus.RATED, SkpStatus.FINAL),
        "can_decide": appeal is not None
        and appeal.status == AppealStatus.PENDING
        and access.is_appeal_decider(user, appeal),
        "can_substitute": access.can_appoint_substitute(user, skp.agency_id) and not closed,
        "can_invite": (rater or access.can_manage_periods(user, skp.agency_id)) and not closed,
        "summary360": services.aggregate_360(skp) if (owner or rater or access.can_read_all(user)) else None,
        "invitations": list(skp.invitations.select_related("respondent"))
        if (rater or access.can_manage_periods(user, skp.agency_id))
        else [],
        "parents": parents,
        "kinds": RhkKind.choices,
        "aspects": Aspect.choices,
        "expectations": Expectation.choices,
        "values": BerAkhlak.choices,
        "predicates": [(p, predicate_label(p)) for p in PREDICATES],
        "relations": [(Relation.PEER, Relation.PEER.label), (Relation.SUBORDINATE, Relation.SUBORDINATE.label)],
        "SkpStatus": SkpStatus,
    }


@login_required
def skp_detail(request: HttpRequest, pk: int) -> HttpResponse:
    skp = access.skp_get(request.user, pk, _skps())
    return render(request, "performance/skp_detail.html", _detail_context(request, skp))


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    return documents.evidence_file(request.user, pk)


def _employee_choice(request: HttpRequest, name: str) -> Employee | None:
    raw = request.POST.get(name, "").strip()
    if not raw:
        return None
    found = core_access.agency_scope(request.user, Employee.objects.all()).filter(nip=raw).first()
    if found is None and raw.isdigit():
        found = core_access.agency_scope(request.user, Employee.objects.all()).filter(pk=raw).first()
    if found is None:
        raise InvalidData(_("Pegawai dengan NIP %(nip)s tidak ditemukan.") % {"nip": raw}, field=name)
    return found


def _indicator(skp: Skp, raw: str) -> Indicator:
    try:
        return Indicator.objects.select_related("rhk__skp").get(pk=int(raw), rhk__skp=skp)
    except (ValueError, Indicator.DoesNotExist):
        raise NotFound() from None


def _act(request: HttpRequest, skp: Skp, action: str) -> str:
    """Run one action on the SKP; returns the success message."""
    user, post = request.user, request.POST
    version = _version(request)
    if action == "rhk":
        parent = None
        if post.get("parent"):
            parent = Rhk.objects.filter(pk=post["parent"]).select_related("skp").first()
        indicators = [
            {"aspect": a, "text": t, "target": g}
            for a, t, g in zip(post.getlist("aspect"), post.getlist("indicator"), post.getlist("target"), strict=False)
        ]
        services.rhk_add(actor=user, skp=skp, expected_version=version, kind=post.get("kind", "MAIN"),
                         text=post.get("text", ""), indicators=indicators, parent=parent)  # fmt: skip
        return _("RHK ditambahkan.")
    if action == "rhk-delete":
        rhk = Rhk.objects.filter(pk=post.get("rhk") or 0, skp=skp).select_related("skp").first()
        if rhk is None:
            raise NotFound()
        services.rhk_delete(actor=user, rhk=rhk, expected_version=version)
        return _("RHK dihapus.")
    if action == "submit":
        services.skp_submit(actor=user, skp=skp, expected_version=version)
        return _("SKP diajukan kepada atasan.")
    if action == "return":
        services.skp_return(actor=user, skp=skp, expected_version=version, comment=post.get("comment", ""))
        return _("SKP dikembalikan kepada pegawai.")
    if action == "approve":
        services.skp_approve(actor=user, skp=skp, expected_version=version, expectations=post.get("expectations", ""))
        return _("SKP disetujui.")
    if action == "rate":
        behaviours = {v: (post.get(f"b_{v}", ""), post.get(f"f_{v}", "")) for v in BerAkhlak.values}
        skp = services.skp_rate(actor=user, skp=skp, expected_version=version, work_rating=post.get("work_rating", ""),
                                behaviour_rating=post.get("behaviour_rating", ""), behaviours=behaviours,
                                feedback=post.get("feedback", ""))  # fmt: skip
        return _("Penilaian disimpan. Predikat: %(p)s.") % {"p": predicate_label(skp.predicate)}
    if action == "evidence":
        services.evidence_add(actor=user, indicator=_indicator(skp, post.get("indicator", "")),
                              link=post.get("link", "").strip(), file=request.FILES.get("file"),
                              note=post.get("note", ""), request_key=post.get("request_key", ""))  # fmt: skip
        return _("Bukti dukung ditambahkan.")
    if action == "amend":
        kind = post.get("kind", "TARGET")
        indicator = _indicator(skp, post["indicator"]) if post.get("indicator") else None
        rhk = Rhk.objects.filter(pk=post.get("rhk") or 0, skp=skp).first() if post.get("rhk") else None
        if post.get("rhk") and rhk is None:
            raise NotFound()
        row = {"aspect": post.get("aspect", "QUANTITY"), "text": post.get("indicator_text", ""),
               "target": post.get("target", "")}  # fmt: skip
        services.amendment_propose(actor=user, skp=skp, kind=kind, reason=post.get("reason", ""),
                                   indicator=indicator, rhk=rhk, new_target=post.get("new_target", ""),
                                   text=post.get("text", ""), rhk_kind=post.get("rhk_kind", "MAIN"),
                                   indicators=[row])  # fmt: skip
        return _("Usulan perubahan SKP dikirim kepada atasan.")
    if action == "indicator-edit":
        services.indicator_update(actor=user, indicator=_indicator(skp, post.get("indicator", "")),
                                  expected_version=version, text=post.get("text", ""),
                                  target=post.get("target", ""))  # fmt: skip
        return _("Indikator diperbarui.")
    if action == "from-agreement":
        rhks = services.skp_from_agreement(actor=user, skp=skp, expected_version=version)
        return _("%(n)s RHK diturunkan dari perjanjian kinerja unit.") % {"n": len(rhks)}
    if action == "amend-decide":
        amendment = Amendment.objects.filter(pk=post.get("amendment") or 0, skp=skp).select_related("skp").first()
        if amendment is None:
            raise NotFound()
        services.amendment_decide(actor=user, amendment=amendment, approve=post.get("decision") == "approve")
        return _("Keputusan atas perubahan SKP disimpan.")
    if action == "feedback":
        services.feedback_add(actor=user, skp=skp, text=post.get("text", ""), request_key=post.get("request_key", ""))
        return _("Umpan balik terkirim.")
    if action == "checkin":
        number = post.get("number", "")
        services.checkin_record(actor=user, skp=skp, number=int(number) if number.isdigit() else 0,
                                notes=post.get("notes", ""), progress=post.get("progress", ""))  # fmt: skip
        return _("Check-in dicatat.")
    if action == "self":
        services.self_assess(actor=user, skp=skp, scores={v: post.get(f"s_{v}") for v in BerAkhlak.values},
                             comment=post.get("comment", ""))  # fmt: skip
        return _("Penilaian diri disimpan.")
    if action == "invite":
        people = [p for p in (_employee_choice(request, "respondent"),) if p is not None]
        if not people:
            raise InvalidData(_("Isi NIP pegawai yang diundang."), field="respondent")
        services.invite(actor=user, skp=skp, respondents=people, relation=post.get("relation", ""))
        return _("Undangan penilaian 360° dikirim.")
    if action == "substitute":
        services.substitute_appoint(actor=user, skp=skp, substitute=_employee_choice(request, "substitute"),
                                    expected_version=version)  # fmt: skip
        return _("Pejabat penilai pengganti dicatat.")
    if action == "appeal":
        services.appeal_file(actor=user, skp=skp, reason=post.get("reason", ""))
        return _("Keberatan diajukan.")
    if action == "decide":
        appeal = Appeal.objects.select_related("skp").filter(skp=skp).first()
        if appeal is None:
            raise NotFound()
        services.appeal_decide(
            actor=user,
            appeal=appeal,
            grant=post.get("decision") == "grant",
            reason=post.get("decision_reason", ""),
            new_predicate=post.get("new_predicate", ""),
        )
        return _("Keputusan keberatan disimpan.")
    raise NotFound()


@login_required
@require_POST
def skp_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    skp = access.skp_get(request.user, pk, _skps())
    try:
        messages.success(request, _act(request, skp, action))
    except JenjangError as error:
        if error.status == 404:
            raise
        messages.error(request, str(error.message))
    return redirect("performance:skp_detail", skp.pk)


# --- my team, 360° invitations, appeals ----------------------------------------------------------------------


@login_required
def team(request: HttpRequest) -> HttpResponse:
    user = request.user
    periods = list(_periods(user)[:10])
    period = next((p for p in periods if str(p.pk) == request.GET.get("period")), periods[0] if periods else None)
    rows = access.team_of(user, _skps()).filter(period=period) if period else Skp.objects.none()
    status = request.GET.get("status", "")
    if status in SkpStatus.values:
        rows = rows.filter(status=status)
    page = CappedPaginator(rows.order_by("employee__name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "performance/team.html", {"page_obj": page, "periods": periods, "period": period,
                                                     "status": status, "statuses": SkpStatus.choices})  # fmt: skip


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    user = request.user
    rows = Invitation.objects.filter(respondent_id=user.employee_id or 0, answered=False).select_related(
        "skp__employee", "skp__period"
    )
    page = CappedPaginator(rows.order_by("-invited_at", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "performance/invitations.html", {"page_obj": page, "values": BerAkhlak.choices})


@login_required
@require_POST
def invitation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = (
        Invitation.objects.select_related("skp").filter(pk=pk, respondent_id=request.user.employee_id or 0).first()
    )
    if invitation is None:
        raise NotFound()
    try:
        services.answer(actor=request.user, invitation=invitation,
                        scores={v: request.POST.get(f"s_{v}") for v in BerAkhlak.values},
                        comment=request.POST.get("comment", ""))  # fmt: skip
        messages.success(request, _("Terima kasih; jawaban Anda disimpan tanpa nama."))
    except JenjangError as error:
        messages.error(request, str(error.message))
    return redirect("performance:invitations")


@login_required
def appeals(request: HttpRequest) -> HttpResponse:
    user = request.user
    rows = Appeal.objects.filter(decider_id=user.employee_id or 0).select_related("skp__employee", "skp__period")
    if access.can_read_all(user):
        rows = core_access.agency_scope(user, Appeal.objects.all(), "skp__agency").select_related(
            "skp__employee", "skp__period"
        )
    page = CappedPaginator(rows.order_by("status", "-filed_at", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "performance/appeals.html", {"page_obj": page})


# --- periods, close, calibration --------------------------------------------------------------------------------


@login_required
def periods(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_all(user) or access.can_calibrate(user, user.agency_id))
    if request.method == "POST":
        core_access.require(access.can_manage_periods(user, user.agency_id))
        try:
            year = int(request.POST.get("year", "0"))
            services.period_open(actor=user, agency=user.agency, year=year, cadence=request.POST.get("cadence", ""),
                                 organization_predicate=request.POST.get("organization_predicate", "BAIK"))  # fmt: skip
            messages.success(request, _("Periode penilaian %(year)s dibuka.") % {"year": year})
        except (JenjangError, ValueError) as error:
            messages.error(request, str(getattr(error, "message", _("Tahun tidak sah."))))
        return redirect("performance:periods")
    rows = list(_periods(user)[:20])
    return render(request, "performance/periods.html", {
        "rows": rows, "can_manage": access.can_manage_periods(user, user.agency_id),
        "cadences": Cadence.choices, "org_predicates": OrganizationPredicate.choices,
    })  # fmt: skip


@login_required
@require_POST
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    from jenjang.jobs.services import job_submit

    from .tasks import CLOSE

    period = core_access.scoped_get(request.user, Period.objects.all(), pk)
    core_access.require(access.can_manage_periods(request.user, period.agency_id))
    if period.status != PeriodStatus.OPEN:
        messages.error(request, _("Periode penilaian sudah ditutup."))
        return redirect("performance:periods")
    job = job_submit(actor=request.user, agency=period.agency, kind=CLOSE,
                     params={"period_id": period.pk, "user_id": request.user.pk},
                     dedupe_key=f"performance-close-{period.pk}")  # fmt: skip
    return redirect("jobs:detail", job.pk)


CHART_W, CHART_BAR = 520, 28


def chart(counts: dict[str, int], total: int) -> list[dict[str, Any]]:
    """Bars for the inline SVG: one per predicate, width by share."""
    bars = []
    for i, p in enumerate(PREDICATES):
        n = counts.get(p, 0)
        share = (n * 100 / total) if total else 0
        bars.append({"code": p, "label": predicate_label(p), "n": n, "share": round(share, 1),
                     "y": i * (CHART_BAR + 8), "w": round(share * (CHART_W - 200) / 100, 1),
                     "tx": round(share * (CHART_W - 200) / 100 + 166, 1)})  # fmt: skip
    return bars


def _distribution_view(period: Period, unit: Unit | None) -> dict[str, Any]:
    result = services.distribution(period, unit)
    decision = result.get("decision")
    lang = _lang()
    return {
        "unit": unit,
        "total": result["total"],
        "bars": chart(result["counts"], result["total"]),
        "conforms": bool(decision and not decision.blocked_by),
        "warnings": [services.rules.blocked_label(c, lang) for c in (decision.blocked_by if decision else ())],
        "reasons": result.get("envelope", {}).get(lang, {}).get("reasons", []),
    }


@login_required
def calibration(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    period = core_access.scoped_get(user, Period.objects.all(), pk)
    core_access.require(access.can_calibrate(user, period.agency_id) or access.can_read_all(user))
    units = list(Unit.objects.filter(agency_id=period.agency_id, depth__lte=1).order_by("path")[:30])
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), None)
    sessions = list(CalibrationSession.objects.filter(period=period).select_related("unit")[:20])
    if request.method == "POST":
        core_access.require(access.can_calibrate(user, period.agency_id))
        try:
            if request.POST.get("action") == "session":
                chosen = next((u for u in units if str(u.pk) == request.POST.get("unit")), None)
                services.calibration_session_create(
                    actor=user,
                    period=period,
                    title=request.POST.get("title", ""),
                    unit=chosen,
                    request_key=request.POST.get("request_key", ""),
                )
                messages.success(request, _("Sesi kalibrasi dibuka."))
            else:
                session = next((s for s in sessions if str(s.pk) == request.POST.get("session")), None)
                if session is None:
                    raise InvalidData(_("Pilih sesi kalibrasi."), field="session")
                skp = access.skp_get(user, request.POST.get("skp"), _skps().filter(period=period))
                services.calibration_change(
                    actor=user,
                    session=session,
                    skp=skp,
                    new_predicate=request.POST.get("new_predicate", ""),
                    reason=request.POST.get("reason", ""),
                    expected_version=_version(request),
                )
                messages.success(request, _("Predikat dikalibrasi dan dicatat."))
        except JenjangError as error:
            if error.status == 404:
                raise
            messages.error(request, str(error.message))
        return redirect(reverse("performance:calibration", args=[period.pk]) + (f"?unit={unit.pk}" if unit else ""))
    rows = _skps().filter(period=period, status__in=(SkpStatus.RATED, SkpStatus.FINAL))
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    page = CappedPaginator(rows.order_by("employee__name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "period": period,
        "units": units,
        "unit": unit,
        "agency_chart": _distribution_view(period, None),
        "unit_chart": _distribution_view(period, unit) if unit else None,
        "sessions": sessions,
        "page_obj": page,
        "predicates": [(p, predicate_label(p)) for p in PREDICATES],
        "can_calibrate": access.can_calibrate(user, period.agency_id),
        "chart_height": len(PREDICATES) * (CHART_BAR + 8),
        "form_key": uuid.uuid4().hex,
        "labels": {p: predicate_label(p) for p in PREDICATES},
    }
    return render(request, "performance/calibration.html", context)


# --- documents ---------------------------------------------------------------------------------------------------


@login_required
def skp_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    skp = access.skp_get(request.user, pk, _skps())
    return documents.skp_pdf(skp, kind, _lang())


@login_required
def unit_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    period = core_access.scoped_get(request.user, Period.objects.all(), pk)
    core_access.require(access.can_read_all(request.user))
    unit = None
    if request.GET.get("unit"):
        unit = core_access.scoped_get(request.user, Unit.objects.all(), request.GET["unit"])
    return documents.unit_xlsx(period, unit, _lang())


@login_required
def legacy_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_manage_periods(user, user.agency_id))
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise InvalidData(_("Pilih berkas xlsx."), field="file")
            rows = documents.read_legacy(upload)
            result = services.legacy_import(actor=user, agency=user.agency, rows=rows)
            messages.success(request, _("%(n)s nilai PP 46/2011 diimpor.") % {"n": result["imported"]})
            return redirect("performance:legacy_import")
        except JenjangError as error:
            messages.error(request, str(error.message))
            errors = list((error.details or {}).get("errors", [])) if isinstance(error.details, dict) else []
    return render(request, "performance/legacy_import.html", {"errors": errors})


# --- performance agreements (perjanjian kinerja) -------------------------------------------------------------


@login_required
def agreements(request: HttpRequest, pk: int) -> HttpResponse:
    """The period's unit performance agreements (paginated), and opening one for a unit (personnel staff)."""
    user = request.user
    period = core_access.scoped_get(user, Period.objects.all(), pk)
    core_access.require(access.can_read_all(user) or access.can_manage_periods(user, period.agency_id))
    can_manage = access.can_manage_periods(user, period.agency_id)
    if request.method == "POST":
        core_access.require(can_manage)
        if request.POST.get("action") == "import":
            try:
                upload = request.FILES.get("file")
                if upload is None:
                    raise InvalidData(_("Pilih berkas xlsx."), field="file")
                result = services.agreement_import(
                    actor=user,
                    period=period,
                    rows=documents.read_agreements(upload),
                    request_key=request.POST.get("request_key", ""),
                )
                messages.success(request, _("%(n)s target perjanjian kinerja diimpor.") % {"n": result["targets"]})
            except JenjangError as error:
                messages.error(request, str(error.message))
                for line in (error.details or {}).get("errors", [])[:50] if isinstance(error.details, dict) else []:
                    messages.error(request, line)
            return redirect("performance:agreements", period.pk)
        try:
            code = request.POST.get("unit", "").strip()
            unit = Unit.objects.filter(agency_id=period.agency_id, code=code).first()
            if unit is None:
                raise InvalidData(_("Unit dengan kode %(code)s tidak ditemukan.") % {"code": code}, field="unit")
            agreement = services.agreement_open(actor=user, period=period, unit=unit)
            return redirect("performance:agreement", agreement.pk)
        except JenjangError as error:
            if error.status == 404:
                raise
            messages.error(request, str(error.message))
        return redirect("performance:agreements", period.pk)
    rows = (
        PerformanceAgreement.objects.filter(period=period)
        .select_related("unit")
        .annotate(n_targets=Count("targets"))
        .order_by("unit__path", "id")
    )
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"period": period, "page_obj": page, "can_manage": can_manage and not period.is_closed,
               "form_key": uuid.uuid4().hex}  # fmt: skip
    return render(request, "performance/agreements.html", context)


@login_required
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit's agreement: its targets; personnel staff add and remove targets (versioned)."""
    user = request.user
    found = core_access.scoped_get(
        user, PerformanceAgreement.objects.select_related("period", "unit"), pk, "period__agency"
    )
    core_access.require(access.can_read_all(user) or access.can_manage_periods(user, found.period.agency_id))
    can_manage = access.can_manage_periods(user, found.period.agency_id) and not found.period.is_closed
    if request.method == "POST":
        core_access.require(can_manage)
        try:
            if request.POST.get("action") == "delete":
                target = AgreementTarget.objects.filter(pk=request.POST.get("target") or 0, agreement=found).first()
                if target is None:
                    raise NotFound()
                target.agreement = found
                services.agreement_target_delete(actor=user, target=target, expected_version=_version(request))
                messages.success(request, _("Target dihapus."))
            else:
                services.agreement_target_add(actor=user, agreement=found, expected_version=_version(request),
                                              goal=request.POST.get("goal", ""),
                                              indicator=request.POST.get("indicator", ""),
                                              target=request.POST.get("target", ""),
                                              aspect=request.POST.get("aspect", "QUANTITY"))  # fmt: skip
                messages.success(request, _("Target ditambahkan."))
        except JenjangError as error:
            if error.status == 404:
                raise
            messages.error(request, str(error.message))
        return redirect("performance:agreement", found.pk)
    targets = list(AgreementTarget.objects.filter(agreement=found).order_by("order", "id")[:200])
    context = {"agreement": found, "targets": targets, "aspects": Aspect.choices, "can_manage": can_manage}
    return render(request, "performance/agreement.html", context)
