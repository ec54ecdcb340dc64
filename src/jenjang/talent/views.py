"""Talent pages: parse the request, check access (talent.access), call services/selectors, render."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.core import access as core_access
from jenjang.core.errors import InvalidData, NotFound, StaleEdit
from jenjang.core.pagination import CappedPaginator
from jenjang.domain.text import normalize_language
from jenjang.domain.vocab import COMPETENCIES, POSITION_LEVEL_LABEL
from jenjang.organization.models import Agency, Position
from jenjang.personnel.models import Employee

from . import access, explain, exports, services
from . import eligibility as rule_check
from .models import (
    Assessment,
    AssessmentMethod,
    BoxMove,
    Competency,
    CompetencyKind,
    Impact,
    ImportKind,
    KeyPosition,
    Placement,
    Readiness,
    Successor,
    TalentReview,
)
from .selectors import (
    competency_names,
    current_assessments,
    dictionary,
    jpm_scores,
    parameters_for,
    standard_source,
    standards_for_positions,
)

PAGE_SIZE = 25


def _lang() -> str:
    return normalize_language(get_language())


def _agency(request: HttpRequest) -> Agency:
    """The agency the page works on: the user's (a national administrator picks one with ?agency=)."""
    user = request.user
    if user.agency_id:
        return user.agency
    raw = request.GET.get("agency") or request.POST.get("agency") or ""
    agency = Agency.objects.filter(pk=raw).first() if raw.isdigit() else Agency.objects.order_by("pk").first()
    if agency is None:
        raise NotFound()
    return agency


def _year(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


def _default_year(agency_id: int) -> int:
    years = explain.available_years(agency_id)
    return years[0] if years else timezone.localdate().year - 1


def _error(request: HttpRequest, error: Exception) -> None:
    messages.error(request, str(getattr(error, "message", error)))


# Talent map


@login_required
def talent_map(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user))
    agency = _agency(request)
    year = _year(request, _default_year(agency.pk))
    counts = explain.box_counts(agency.pk, year)
    context = {
        "agency": agency,
        "year": year,
        "years": sorted(set(explain.available_years(agency.pk)) | {year}, reverse=True),
        "cells": explain.grid_cells(counts),
        "total": sum(counts.values()),
        "pool_total": sum(counts[b] for b in (7, 8, 9)),
        "movement": explain.movement(agency.pk, year),
        "can_run": access.can_manage_talent(user),
        "reviews": TalentReview.objects.filter(agency=agency, year=year)[:10],
    }
    return render(request, "talent/map.html", context)


@login_required
@require_POST
def talent_map_run(request: HttpRequest) -> HttpResponse:
    """Start the talent map as a background job (progress on the job page); the same run sent twice within a few
    minutes (a double click) returns the first job."""
    from jenjang.jobs.services import job_submit

    from .tasks import MAP

    user = request.user
    core_access.require(access.can_manage_talent(user))
    agency = _agency(request)
    year = _year(request, timezone.localdate().year - 1)
    job = job_submit(
        actor=user,
        agency=agency,
        kind=MAP,
        params={"agency_id": agency.pk, "year": year, "user_id": user.pk},
        dedupe_key=f"talent-map-{agency.pk}-{year}",
    )
    return redirect("jobs:detail", job.pk)


def _map_url() -> str:
    from django.urls import reverse

    return reverse("talent:map")


@login_required
def box_detail(request: HttpRequest, year: int, box: int) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user))
    if not 1 <= box <= 9:
        raise NotFound()
    agency = _agency(request)
    params = parameters_for(agency.pk)
    rows = (
        Placement.objects.filter(agency=agency, year=year, box=box)
        .select_related("employee", "employee__position", "employee__unit")
        .order_by("-potential_value", "employee__name", "pk")
    )
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    placements = list(page.object_list)
    moves: dict[int, list[BoxMove]] = {}
    for move in BoxMove.objects.filter(placement__in=placements).select_related("review").order_by("moved_at"):
        moves.setdefault(move.placement_id, []).append(move)
    previous = dict(
        Placement.objects.filter(year=year - 1, employee_id__in=[p.employee_id for p in placements]).values_list(
            "employee_id", "box"
        )
    )
    lang = _lang()
    memo: dict[Any, Any] = {}
    people = [
        {
            "placement": p,
            "previous": previous.get(p.employee_id),
            "reasons": explain.explain(p, params, lang, moves.get(p.pk), memo=memo),
        }
        for p in placements
    ]
    decision = explain.nine_box_decision(placements[0], params) if placements else None
    context = {
        "agency": agency,
        "year": year,
        "box": box,
        "page_obj": page,
        "people": people,
        "recommendation": decision.result["recommendation"].get(lang) if decision else "",
        "pool": box in (7, 8, 9),
        "keys": KeyPosition.objects.filter(agency=agency).select_related("position").order_by("position__name", "pk")
        if box in (7, 8, 9)
        else [],
        "can_manage": access.can_manage_talent(user),
        "reviews": TalentReview.objects.filter(agency=agency, year=year)[:20] if access.can_review(user) else [],
    }
    return render(request, "talent/box.html", context)


@login_required
def pool(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user))
    agency = _agency(request)
    year = _year(request, _default_year(agency.pk))
    lang = _lang()
    groups = explain.pool_by_level(agency.pk, year)
    for group in groups:
        label = POSITION_LEVEL_LABEL.get(group["target"])
        group["label"] = label.render(lang) if label else group["target"]
    return render(request, "talent/pool.html", {"agency": agency, "year": year, "groups": groups})


# Talent review meetings


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user))
    agency = _agency(request)
    if request.method == "POST":
        core_access.require(access.can_review(user))
        try:
            review, _created = services.review_create_once(
                form_key=request.POST.get("form_key", ""),
                actor=user,
                agency=agency,
                year=_year(request, _default_year(agency.pk)),
                held_on=_date(request.POST.get("held_on")),
                title=request.POST.get("title", ""),
                members=request.POST.get("members", ""),
                notes=request.POST.get("notes", ""),
            )
        except InvalidData as error:
            _error(request, error)
        else:
            messages.success(request, _("Rapat talent review dicatat."))
            return redirect("talent:review_detail", review.pk)
    rows = TalentReview.objects.filter(agency=agency).order_by("-held_on", "-id")
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/reviews.html",
        {
            "agency": agency,
            "page_obj": page,
            "can_review": access.can_review(user),
            "year": _default_year(agency.pk),
            "form_key": uuid.uuid4().hex,  # one per rendered form: a double submit records one meeting
        },
    )


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user))
    review = core_access.scoped_get(user, TalentReview.objects.all(), pk)
    moves = BoxMove.objects.filter(review=review).select_related("placement__employee", "moved_by")
    return render(request, "talent/review.html", {"review": review, "moves": moves})


@login_required
@require_POST
def box_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    core_access.require(access.can_review(user))
    placement = core_access.scoped_get(user, Placement.objects.all(), pk)
    review = core_access.scoped_get(user, TalentReview.objects.all(), request.POST.get("review"))
    raw = request.POST.get("to_box", "")
    try:
        services.box_move(
            actor=user,
            review=review,
            placement=placement,
            to_box=int(raw) if raw.isdigit() else 0,
            reason=request.POST.get("reason", ""),
        )
    except InvalidData as error:
        _error(request, error)
    else:
        messages.success(request, _("Pegawai dipindahkan; alasan dicatat pada rapat."))
    return redirect("talent:box", placement.year, placement.box)


# Key positions and succession


@login_required
def key_positions(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user))
    agency = _agency(request)
    if request.method == "POST":
        core_access.require(access.can_manage_talent(user))
        try:
            position = core_access.scoped_get(user, Position.objects.all(), request.POST.get("position"))
            services.key_position_mark(
                actor=user, position=position, impact=request.POST.get("impact", ""), note=request.POST.get("note", "")
            )
        except (InvalidData, NotFound) as error:
            _error(request, error)
        else:
            messages.success(request, _("Jabatan kunci disimpan."))
            return redirect("talent:key_positions")
    keys = list(
        KeyPosition.objects.filter(agency=agency)
        .select_related("position", "position__unit")
        .prefetch_related(Prefetch("successors", queryset=Successor.objects.select_related("employee")))
        .order_by("position__name")
    )
    risks = explain.vacancy_risks(keys, timezone.localdate(), parameters_for(agency.pk))
    rows = [{"key": k, "risk": risks[k.pk], "successors": list(k.successors.all())} for k in keys]
    context = {
        "agency": agency,
        "rows": rows,
        "bench": explain.bench_strength(agency.pk),
        "can_manage": access.can_manage_talent(user),
        "positions": Position.objects.filter(agency=agency, is_active=True, key_position__isnull=True)
        .exclude(level__in=("PELAKSANA",))
        .order_by("name")[:500],
        "impacts": Impact.choices,
    }
    return render(request, "talent/key_positions.html", context)


@login_required
def key_position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user))
    key = core_access.scoped_get(user, KeyPosition.objects.select_related("position", "position__unit"), pk)
    year = _year(request, _default_year(key.agency_id))
    if request.method == "POST":
        core_access.require(access.can_manage_talent(user))
        if request.POST.get("action") in ("key_update", "key_remove"):
            if _change_key(request, key):
                return redirect("talent:key_positions")
        else:
            _nominate(request, key, year)
        return redirect("talent:key_position", key.pk)
    successors = list(key.successors.select_related("employee", "employee__position"))
    candidates = list(
        Placement.objects.filter(agency_id=key.agency_id, year=year, box__in=(7, 8, 9))
        .exclude(employee__position_id=key.position_id)
        .exclude(employee_id__in=[s.employee_id for s in successors])
        .select_related("employee", "employee__position")
        .order_by("-box", "-potential_value", "employee__name")[:100]
    )
    ids = [s.employee_id for s in successors] + [c.employee_id for c in candidates]
    scores = jpm_scores(key.position_id, ids)
    names = competency_names(key.agency_id, _lang())
    today = timezone.localdate()
    params = parameters_for(key.agency_id)
    risk = explain.vacancy_risks([key], today, params)[key.pk]
    checker = rule_check.Checker(key.position.level, today, params)
    lang = _lang()

    def rules_for(employee: Employee) -> dict[str, Any]:
        return rule_check.render(checker.check(employee), lang)

    context = {
        "key": key,
        "year": year,
        "risk": risk,
        "successors": [
            {
                "s": s,
                "score": scores[s.employee_id],
                "gaps": _gaps(scores[s.employee_id], names),
                "rules": rules_for(s.employee),
            }
            for s in successors
        ],
        "candidates": [
            {
                "p": c,
                "score": scores[c.employee_id],
                "gaps": _gaps(scores[c.employee_id], names),
                "rules": rules_for(c.employee),
            }
            for c in candidates
        ],
        "decided_by_rule": key.position.level in rule_check.JPT_LEVELS,
        "names": names,
        "readiness": Readiness.choices,
        "impacts": Impact.choices,
        "can_manage": access.can_manage_talent(user),
    }
    return render(request, "talent/key_position.html", context)


def _gaps(score: Any, names: dict[str, str]) -> str:
    """Gaps in words: "Communication 2/3; ..." (actual/required)."""
    return "; ".join(f"{names.get(code, code)} {got}/{need}" for code, need, got in score.gaps)


def _change_key(request: HttpRequest, key: KeyPosition) -> bool:
    """Change the impact and note (with the version read) or unmark the key position (with a reason); True when it
    is no longer key."""
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() else None
    try:
        if request.POST.get("action") == "key_remove":
            services.key_position_unmark(
                actor=request.user, key_position=key, reason=request.POST.get("reason", ""), expected_version=version
            )
            messages.success(request, _("Jabatan tidak lagi ditandai sebagai jabatan kunci."))
            return True
        services.key_position_update(
            actor=request.user,
            key_position=key,
            impact=request.POST.get("impact", ""),
            note=request.POST.get("note", ""),
            expected_version=version,
        )
        messages.success(request, _("Jabatan kunci disimpan."))
    except (InvalidData, StaleEdit) as error:
        _error(request, error)
    return False


def _nominate(request: HttpRequest, key: KeyPosition, year: int) -> None:
    user = request.user
    action = request.POST.get("action", "nominate")
    try:
        if action == "update":
            successor = Successor.objects.get(pk=request.POST.get("successor"), key_position=key)
            raw = request.POST.get("version", "")
            services.successor_update(
                actor=user,
                successor=successor,
                readiness=request.POST.get("readiness", ""),
                development=request.POST.get("development", ""),
                expected_version=int(raw) if raw.isdigit() else None,
            )
            messages.success(request, _("Rencana suksesi diperbarui."))
            return
        if action == "remove":
            successor = Successor.objects.get(pk=request.POST.get("successor"), key_position=key)
            services.successor_remove(actor=user, successor=successor, reason=request.POST.get("reason", ""))
            messages.success(request, _("Suksesor dihapus dari rencana."))
            return
        employee = core_access.employee_get(user, request.POST.get("employee"))
        eligibility = rule_check.for_nomination(
            key, employee, year, timezone.localdate(), parameters_for(key.agency_id)
        )
        services.successor_nominate(
            actor=user,
            key_position=key,
            employee=employee,
            readiness=request.POST.get("readiness", ""),
            development=request.POST.get("development", ""),
            eligibility=eligibility,
        )
        messages.success(request, _("%(name)s dinominasikan sebagai suksesor.") % {"name": employee.name})
    except Successor.DoesNotExist:
        _error(request, NotFound())
    except (InvalidData, NotFound, StaleEdit) as error:
        _error(request, error)


# Competencies: dictionary, standards, assessments, my competencies


@login_required
def dictionary_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user) or access.can_see_own_competencies(user))
    agency = _agency(request)
    if request.method == "POST":
        core_access.require(access.can_manage_talent(user))
        levels = {
            i: (request.POST.get(f"level_{i}_id", ""), request.POST.get(f"level_{i}_en", "")) for i in range(1, 6)
        }
        try:
            services.technical_competency_create(
                actor=user,
                agency=agency,
                code=request.POST.get("code", ""),
                family=request.POST.get("family", ""),
                name_id=request.POST.get("name_id", ""),
                name_en=request.POST.get("name_en", ""),
                levels=levels,
            )
        except InvalidData as error:
            _error(request, error)
        else:
            messages.success(request, _("Kompetensi teknis ditambahkan."))
            return redirect("talent:dictionary")
    lang = _lang()
    entries = [
        {
            "c": c,
            "name": c.name(lang),
            "levels": [(lvl.level, lvl.description(lang)) for lvl in c.levels.all()],
        }
        for c in dictionary(agency.pk, family=request.GET.get("family") or None)
    ]
    can_manage = access.can_manage_talent(user)
    retired = (
        list(
            Competency.objects.filter(agency=agency, kind=CompetencyKind.TECHNICAL, is_active=False).order_by(
                "family", "code"
            )
        )
        if can_manage
        else []
    )
    return render(
        request,
        "talent/dictionary.html",
        {"entries": entries, "can_manage": can_manage, "levels": range(1, 6), "retired": retired},
    )


@login_required
def competency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a technical competency of the agency (bank of the dictionary): names, family, level descriptions,
    retire or restore it. The form carries the version read: a stale save is refused with the typed values kept."""
    user = request.user
    core_access.require(access.can_manage_talent(user))
    agency = _agency(request)
    competency = (
        Competency.objects.filter(agency=agency, kind=CompetencyKind.TECHNICAL, pk=pk)
        .prefetch_related("levels")
        .first()
    )
    if competency is None:
        raise NotFound()
    stored = {lvl.level: (lvl.description_id, lvl.description_en) for lvl in competency.levels.all()}
    values = {
        "family": competency.family,
        "name_id": competency.name_id,
        "name_en": competency.name_en,
        "is_active": competency.is_active,
        "version": competency.version,
        "levels": [(n, *stored.get(n, ("", ""))) for n in range(1, 6)],
    }
    if request.method == "POST":
        levels = {
            i: (request.POST.get(f"level_{i}_id", ""), request.POST.get(f"level_{i}_en", "")) for i in range(1, 6)
        }
        version = request.POST.get("version", "")
        values = {
            "family": request.POST.get("family", ""),
            "name_id": request.POST.get("name_id", ""),
            "name_en": request.POST.get("name_en", ""),
            "is_active": request.POST.get("is_active") == "on",
            "version": version,
            "levels": [(n, *levels[n]) for n in range(1, 6)],
        }
        try:
            services.technical_competency_update(
                actor=user,
                competency=competency,
                expected_version=int(version) if version.isdigit() else None,
                family=values["family"],
                name_id=values["name_id"],
                name_en=values["name_en"],
                levels=levels,
                is_active=values["is_active"],
            )
        except (InvalidData, StaleEdit) as error:
            _error(request, error)
        else:
            messages.success(request, _("Kompetensi teknis disimpan."))
            return redirect("talent:dictionary")
    return render(request, "talent/competency_edit.html", {"competency": competency, "values": values})


@login_required
def standards(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user))
    agency = _agency(request)
    rows = Position.objects.filter(agency=agency, is_active=True).select_related("unit").order_by("name", "pk")
    query = request.GET.get("q", "").strip()
    if query:
        rows = rows.filter(name__icontains=query)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    positions = list(page.object_list)
    params = parameters_for(agency.pk)
    found = standards_for_positions([(p.pk, p.level) for p in positions], timezone.localdate(), params)
    table = [{"p": p, "levels": [found[p.pk][c] for c in COMPETENCIES]} for p in positions]
    names = competency_names(agency.pk, _lang())
    return render(
        request,
        "talent/standards.html",
        {
            "page_obj": page,
            "table": table,
            "headers": [names.get(c, c) for c in COMPETENCIES],
            "q": query,
            "can_manage": access.can_manage_talent(user),
        },
    )


@login_required
def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user))
    position = core_access.scoped_get(user, Position.objects.all(), pk)
    codes = [c.code for c in dictionary(position.agency_id, family=position.family or None)]
    if request.method == "POST":
        core_access.require(access.can_manage_talent(user))
        try:
            services.standards_set(
                actor=user,
                position=position,
                levels={code: request.POST.get(code, "") for code in codes},
                reason=request.POST.get("reason", ""),
            )
        except InvalidData as error:
            _error(request, error)
        else:
            messages.success(request, _("Standar kompetensi jabatan disimpan."))
            return redirect("talent:standards")
    params = parameters_for(position.agency_id)
    current = standards_for_positions([(position.pk, position.level)], timezone.localdate(), params)[position.pk]
    entered = standard_source(position.pk)
    names = competency_names(position.agency_id, _lang())
    rows = [{"code": c, "name": names.get(c, c), "level": current.get(c, ""), "entered": c in entered} for c in codes]
    return render(
        request,
        "talent/standard_edit.html",
        {"position": position, "rows": rows, "can_manage": access.can_manage_talent(user)},
    )


@login_required
def assessments(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user))
    agency = _agency(request)
    if request.method == "POST":
        core_access.require(access.can_manage_talent(user))
        try:
            employee = core_access.employee_get(user, request.POST.get("employee"))
            services.assessment_record(
                actor=user,
                employee=employee,
                assessed_on=_date(request.POST.get("assessed_on")),
                method=request.POST.get("method", ""),
                levels={c: request.POST.get(c, "") for c in COMPETENCIES},
                potential_score=request.POST.get("potential_score", ""),
                assessor=request.POST.get("assessor", ""),
                note=request.POST.get("note", ""),
            )
        except (InvalidData, NotFound) as error:
            _error(request, error)
        else:
            messages.success(request, _("Hasil asesmen dicatat."))
            return redirect("talent:assessments")
    rows = Assessment.objects.filter(agency=agency).select_related("employee").order_by("-assessed_on", "-id")
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    names = competency_names(agency.pk, _lang())
    return render(
        request,
        "talent/assessments.html",
        {
            "page_obj": page,
            "codes": [(c, names.get(c, c)) for c in COMPETENCIES],
            "methods": AssessmentMethod.choices,
            "can_manage": access.can_manage_talent(user),
        },
    )


@login_required
def assessment_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_manage_talent(user))
    agency = _agency(request)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise InvalidData(_("Pilih berkas xlsx."))
            record, _created = exports.import_once(
                form_key=request.POST.get("form_key", ""),
                actor=user,
                agency=agency,
                kind=ImportKind.ASSESSMENTS,
                upload=upload,
            )
        except InvalidData as error:
            _error(request, error)
        else:
            messages.success(request, _("%(n)s hasil asesmen diimpor.") % {"n": record.rows})
            return redirect("talent:assessments")
    return render(request, "talent/import.html", {"kind": "assessments", "form_key": uuid.uuid4().hex})


@login_required
def assessment_template(request: HttpRequest) -> HttpResponse:
    core_access.require(access.can_manage_talent(request.user))
    return exports.assessment_template()


@login_required
def standards_export(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user))
    return exports.standards_export(_agency(request))


@login_required
def standards_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_manage_talent(user))
    agency = _agency(request)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise InvalidData(_("Pilih berkas xlsx."))
            record, _created = exports.import_once(
                form_key=request.POST.get("form_key", ""),
                actor=user,
                agency=agency,
                kind=ImportKind.STANDARDS,
                upload=upload,
            )
        except InvalidData as error:
            _error(request, error)
        else:
            messages.success(request, _("Standar %(n)s jabatan diimpor.") % {"n": record.rows})
            return redirect("talent:standards")
    return render(request, "talent/import.html", {"kind": "standards", "form_key": uuid.uuid4().hex})


@login_required
def review_pack(request: HttpRequest) -> HttpResponse:
    """The talent-review pack of a period as PDF."""
    from .pack import pack_pdf

    user = request.user
    core_access.require(access.can_read_talent(user))
    agency = _agency(request)
    return pack_pdf(agency, _year(request, _default_year(agency.pk)), _lang(), timezone.localdate())


@login_required
def map_export(request: HttpRequest) -> HttpResponse:
    user = request.user
    core_access.require(access.can_read_talent(user))
    agency = _agency(request)
    return exports.placements_export(agency, _year(request, _default_year(agency.pk)))


@login_required
def my_competencies(request: HttpRequest) -> HttpResponse:
    """The signed-in employee's own JPM and gaps against their position and a chosen target position."""
    user = request.user
    core_access.require(access.can_see_own_competencies(user))
    employee = Employee.objects.select_related("position").get(pk=user.employee_id)
    lang = _lang()
    names = competency_names(employee.agency_id, lang)
    latest = current_assessments([employee.pk]).get(employee.pk)
    history = list(Assessment.objects.filter(employee=employee).order_by("-assessed_on", "-id")[:10])
    results = []
    if employee.position_id:
        results.append((_("Jabatan saat ini: %(name)s") % {"name": employee.position.name}, employee.position_id))
    target_raw = request.GET.get("target", "")
    targets = Position.objects.filter(agency_id=employee.agency_id, is_active=True).order_by("name")
    target = targets.filter(pk=target_raw).first() if target_raw.isdigit() else None
    if target is not None:
        results.append((_("Jabatan target: %(name)s") % {"name": target.name}, target.pk))
    blocks = []
    for title, position_id in results:
        score = jpm_scores(position_id, [employee.pk])[employee.pk]
        blocks.append(
            {
                "title": title,
                "score": score,
                "gaps": [(names.get(c, c), need, got) for c, need, got in score.gaps],
            }
        )
    return render(
        request,
        "talent/my_competencies.html",
        {
            "employee": employee,
            "latest": latest,
            "levels": [(names.get(c, c), latest.levels.get(c)) for c in latest.levels] if latest else [],
            "history": history,
            "blocks": blocks,
            "targets": targets[:500],
            "target": target,
        },
    )


def _date(raw: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise InvalidData(_("Tanggal tidak valid (format YYYY-MM-DD).")) from None
