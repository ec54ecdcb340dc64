"""Writes of the later stages: blind panel scores, weighted totals and ranking, the PPK's decision, published
results and appeals. Every write is one transaction with the acting user, checked by selection.access, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core import access as core_access
from jenjang.core.audit import audit_record
from jenjang.core.errors import InvalidData, NotFound
from jenjang.domain.selection.ranking import Candidate, q2, rank_candidates, weighted_total

from . import access
from .models import (
    Appeal,
    AppealStage,
    AppealStatus,
    Application,
    ApplicationStatus,
    CommitteeMember,
    PanelScore,
    PpkDecision,
    Stage,
    Vacancy,
    VacancyStatus,
)
from .rules import APPEAL_DAYS, MIN_PANEL_MEMBERS, TOP_CANDIDATES, parameters_for
from .selectors import panel_conflicts

SCORE_FIELD = {Stage.ASSESSMENT.value: "assessment_score", Stage.INTERVIEW.value: "interview_score"}


def _notify(messages: list[Any]) -> None:
    from jenjang.notifications.services import notify_many

    notify_many(messages)


def _message(**kwargs: Any) -> Any:
    from jenjang.notifications.services import Message

    return Message(**kwargs)


def _lock(vacancy: Vacancy) -> Vacancy:
    return Vacancy.objects.select_for_update().get(pk=vacancy.pk)


def _set_status(vacancy: Vacancy, actor: Any, action: str, status: str, **extra: Any) -> Vacancy:
    changes = {"status": [vacancy.status, status], **{k: [None, str(v)] for k, v in extra.items()}}
    Vacancy.objects.filter(pk=vacancy.pk).update(status=status, version=vacancy.version + 1, **extra)
    audit_record(actor=actor, action=action, obj=vacancy, changes=changes)
    vacancy.refresh_from_db()
    return vacancy


# --- blind panel scoring ---------------------------------------------------------------------------------


def parse_score(raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise InvalidData(_("Nilai harus berupa angka 0–100."), field="score") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise InvalidData(_("Nilai harus berupa angka 0–100."), field="score")
    return q2(value)


@transaction.atomic
def panel_score_submit(*, actor: Any, application: Application, stage: str, score: Any, note: str = "") -> PanelScore:
    """One panel member's score of one candidate at one stage. Scoring again replaces the member's own score
    until every member has scored that candidate; then the stage score (the members' mean) is fixed.

    Panel rules: a member never scores their own application, nor (both being employees) that of their direct
    superior or direct subordinate; the members left must be at least selection.min_panel_members."""
    vacancy = Vacancy.objects.get(pk=application.vacancy_id)  # fresh: the caller's copy may be stale
    core_access.require(access.is_committee(actor, vacancy))
    if stage not in vacancy.panel_stages():
        raise NotFound()
    if vacancy.status != VacancyStatus.SCORING:
        raise InvalidData(_("Penilaian panel hanya dapat dilakukan pada tahap penilaian."))
    value = parse_score(score)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.screening_passed or application.cat_passed is False:
        raise InvalidData(_("Pelamar ini tidak mengikuti tahap penilaian."))
    field = SCORE_FIELD[stage]
    if getattr(application, field) is not None:
        raise InvalidData(_("Semua anggota panel telah menilai; nilai tahap ini sudah final."))
    conflicted = panel_conflicts(vacancy, [application])[application.pk]
    if actor.pk in conflicted:
        raise InvalidData(
            _(
                "Anda tidak boleh menilai pelamar ini: konflik kepentingan (diri sendiri, atasan langsung atau "
                "bawahan langsung)."
            )
        )
    members = set(CommitteeMember.objects.filter(vacancy=vacancy).values_list("user_id", flat=True)) - conflicted
    minimum = int(parameters_for(vacancy.agency_id).get(MIN_PANEL_MEMBERS, vacancy.announcement_start))
    if len(members) < minimum:
        raise InvalidData(
            _(
                "Anggota panel tanpa konflik kepentingan untuk pelamar ini hanya %(n)s orang; paling sedikit "
                "%(min)s orang. Tambahkan anggota panitia."
            )
            % {"n": len(members), "min": minimum}
        )
    row = PanelScore.objects.filter(application=application, stage=stage, member=actor).first()
    old = row.score if row else None
    if row is None:
        row = PanelScore.objects.create(application=application, stage=stage, member=actor, score=value, note=note)
    else:
        row.score, row.note = value, note
        row.save(update_fields=["score", "note", "scored_at"])
    audit_record(
        actor=actor,
        action="selection.panel.scored",
        obj=application,
        agency_id=vacancy.agency_id,
        changes={f"{stage}.score": [str(old) if old is not None else None, str(value)]},
    )
    scores = dict(PanelScore.objects.filter(application=application, stage=stage).values_list("member_id", "score"))
    if members and members <= set(scores):
        mean = q2(sum((scores[m] for m in members), Decimal(0)) / len(members))
        Application.objects.filter(pk=application.pk).update(**{field: mean})
        audit_record(
            actor=actor,
            action="selection.panel.completed",
            obj=application,
            agency_id=vacancy.agency_id,
            changes={field: [None, str(mean)]},
            decision={"members": len(members), "excluded_for_conflict": sorted(conflicted)},
        )
    return row


# --- CAT results (through the cat app's interface) -------------------------------------------------------


@transaction.atomic
def cat_scores_apply(*, actor: Any, vacancy: Vacancy, results: list[Any]) -> int:
    """Store the CAT results (jenjang.cat.selectors.session_results rows) on the vacancy's applications."""
    core_access.require(access.is_committee(actor, vacancy))
    by_user = {r.user_id: r for r in results}
    apps = list(vacancy.applications.filter(screening_passed=True))
    for a in apps:
        r = by_user.get(a.applicant_id)
        a.cat_score = q2(Decimal(str(r.total))) if r is not None and r.finished_at is not None else None
        a.cat_passed = r.passed if r is not None and r.finished_at is not None else None
    Application.objects.bulk_update(apps, ["cat_score", "cat_passed"])
    audit_record(
        actor=actor,
        action="selection.cat.scores_applied",
        obj=vacancy,
        decision={"session": vacancy.cat_session_id, "scored": sum(1 for a in apps if a.cat_score is not None)},
    )
    return len(apps)


# --- ranking -----------------------------------------------------------------------------------------------


def stage_scores(vacancy: Vacancy, application: Application) -> dict[str, Decimal | None]:
    cat = None
    if application.cat_score is not None and vacancy.cat_max:
        cat = q2(Decimal(application.cat_score) * 100 / Decimal(vacancy.cat_max))
    return {"cat": cat, "assessment": application.assessment_score, "interview": application.interview_score}


def ranked_pool(vacancy: Vacancy) -> list[Application]:
    """The candidates who take part in the ranking: passed the screening and did not fail the CAT."""
    return list(vacancy.applications.filter(screening_passed=True).exclude(cat_passed=False).order_by("id"))


@transaction.atomic
def ranking_compute(*, actor: Any, vacancy: Vacancy) -> list[Application]:
    core_access.require(access.is_committee(actor, vacancy))
    vacancy = _lock(vacancy)
    if vacancy.status not in (VacancyStatus.SCORING, VacancyStatus.RANKED):
        raise InvalidData(_("Peringkat hanya dapat dihitung pada tahap penilaian."))
    pool = ranked_pool(vacancy)
    if not pool:
        raise InvalidData(_("Belum ada pelamar yang lulus ke tahap penilaian."))
    stages = vacancy.stages()
    missing, candidates = [], []
    for a in pool:
        scores = stage_scores(vacancy, a)
        total = weighted_total(scores, vacancy.weights, stages)
        if total is None:
            missing.append(a.number)
            continue
        a.total = total
        candidates.append(Candidate(a.pk, total, scores, a.submitted_at))
    if missing:
        raise InvalidData(
            _("Nilai belum lengkap untuk peserta: %(numbers)s.") % {"numbers": ", ".join(missing[:20])},
            details={"missing": missing},
        )
    ranked = {r.id: r for r in rank_candidates(candidates, vacancy.tie_breaks)}
    for a in pool:
        a.rank = ranked[a.pk].rank
        a.rank_decided_by = ranked[a.pk].decided_by
    Application.objects.bulk_update(pool, ["total", "rank", "rank_decided_by"])
    _set_status(vacancy, actor, "selection.ranking.computed", VacancyStatus.RANKED)
    return sorted(pool, key=lambda a: (a.rank, a.pk))


@transaction.atomic
def ranking_send_to_ppk(*, actor: Any, vacancy: Vacancy) -> list[Application]:
    """Send the top candidates (the parameter's number; a tie at the last place sends every tied candidate)."""
    core_access.require(access.is_committee(actor, vacancy))
    vacancy = _lock(vacancy)
    if vacancy.status != VacancyStatus.RANKED:
        raise InvalidData(_("Hitung peringkat sebelum mengirim calon kepada PPK."))
    top = int(parameters_for(vacancy.agency_id).get(TOP_CANDIDATES, timezone.localdate()))
    ids = list(vacancy.applications.filter(rank__isnull=False, rank__lte=top).values_list("id", flat=True))
    Application.objects.filter(vacancy=vacancy).update(shortlisted=False)
    Application.objects.filter(pk__in=ids).update(shortlisted=True)
    now = timezone.now()
    vacancy = _set_status(vacancy, actor, "selection.ranking.sent_to_ppk", VacancyStatus.AT_PPK, sent_to_ppk_at=now)
    from jenjang.accounts.models import Role, User

    leaders = User.objects.filter(agency_id=vacancy.agency_id, role=Role.LEADER, is_active=True).values_list(
        "id", flat=True
    )
    _notify(
        [
            _message(
                recipient_id=uid,
                kind="selection.ppk",
                subject=_("Calon terbaik %(title)s menunggu keputusan PPK") % {"title": vacancy.title},
                url=reverse("selection:ppk_decision", args=[vacancy.pk]),
                key=f"selection.ppk.{vacancy.pk}",
            )
            for uid in leaders
        ]
    )
    return list(Application.objects.filter(pk__in=ids).order_by("rank", "id"))


@transaction.atomic
def ppk_decide(*, actor: Any, vacancy: Vacancy, chosen_id: Any, reason: str) -> PpkDecision:
    core_access.require(access.can_decide(actor, vacancy))
    vacancy = _lock(vacancy)
    existing = PpkDecision.objects.filter(vacancy=vacancy).first()
    if existing is not None:
        return existing  # a second submit changes nothing
    if vacancy.status != VacancyStatus.AT_PPK:
        raise InvalidData(_("Lowongan ini tidak sedang menunggu keputusan PPK."))
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise InvalidData(_("Tuliskan alasan keputusan (paling sedikit 10 karakter)."), field="reason")
    chosen = (
        Application.objects.filter(vacancy=vacancy, shortlisted=True, pk=chosen_id).first()
        if str(chosen_id).isdigit()
        else None
    )
    if chosen is None:
        raise InvalidData(_("Pilih salah satu calon yang disampaikan panitia."), field="chosen")
    try:
        with transaction.atomic():
            decision = PpkDecision.objects.create(vacancy=vacancy, chosen=chosen, reason=reason, decided_by=actor)
    except IntegrityError:
        return PpkDecision.objects.get(vacancy=vacancy)
    audit_record(
        actor=actor,
        action="selection.ppk.decided",
        obj=vacancy,
        changes={"chosen": [None, chosen.number], "status": [vacancy.status, VacancyStatus.DECIDED]},
        reason=reason,
    )
    Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.DECIDED, version=vacancy.version + 1)
    return decision


@transaction.atomic
def results_publish(*, actor: Any, vacancy: Vacancy) -> Vacancy:
    core_access.require(access.is_committee(actor, vacancy))
    vacancy = _lock(vacancy)
    if vacancy.status != VacancyStatus.DECIDED:
        raise InvalidData(_("Hasil akhir dapat diumumkan setelah keputusan PPK."))
    vacancy = _set_status(
        vacancy, actor, "selection.results.published", VacancyStatus.PUBLISHED, results_published_at=timezone.now()
    )
    _notify(
        [
            _message(
                recipient_id=a.applicant_id,
                kind="selection.results",
                subject=_("Hasil akhir %(title)s telah diumumkan") % {"title": vacancy.title},
                url=reverse("selection:application_detail", args=[a.pk]),
                key=f"selection.results.{a.pk}",
            )
            for a in vacancy.applications.only("id", "applicant_id")
        ]
    )
    return vacancy


# --- appeals -----------------------------------------------------------------------------------------------


def appeal_deadline(vacancy: Vacancy, stage: str) -> dt.date | None:
    published = vacancy.screening_published_at if stage == AppealStage.SCREENING else vacancy.results_published_at
    if published is None:
        return None
    days = int(parameters_for(vacancy.agency_id).get(APPEAL_DAYS, timezone.localtime(published).date()))
    return timezone.localtime(published).date() + dt.timedelta(days=days)


@transaction.atomic
def appeal_submit(
    *, actor: Any, application: Application, stage: str, text: str, on: dt.date | None = None
) -> tuple[Appeal, bool]:
    if application.applicant_id != getattr(actor, "pk", None):
        raise NotFound()
    if stage not in AppealStage.values:
        raise InvalidData(_("Tahap sanggahan tidak dikenal."), field="stage")
    existing = Appeal.objects.filter(application=application, stage=stage).first()
    if existing is not None:
        return existing, False
    on = on or timezone.localdate()
    deadline = appeal_deadline(Vacancy.objects.get(pk=application.vacancy_id), stage)
    if deadline is None:
        raise InvalidData(_("Hasil tahap ini belum diumumkan."))
    if on > deadline:
        raise InvalidData(_("Masa sanggah telah berakhir pada %(date)s.") % {"date": deadline.strftime("%d-%m-%Y")})
    text = (text or "").strip()
    if len(text) < 10:
        raise InvalidData(_("Tuliskan isi sanggahan (paling sedikit 10 karakter)."), field="text")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(application=application, stage=stage, text=text[:5000])
    except IntegrityError:
        return Appeal.objects.get(application=application, stage=stage), False
    audit_record(
        actor=actor, action="selection.appeal.submitted", obj=appeal, agency_id=application.vacancy.agency_id,
        changes={"stage": [None, stage]},
    )  # fmt: skip
    return appeal, True


@transaction.atomic
def appeal_decide(*, actor: Any, appeal: Appeal, upheld: bool, reason: str) -> Appeal:
    """The committee decides an appeal with a written reason. An upheld appeal against the screening passes the
    applicant (recorded as an override with the same reason); an upheld appeal against the final result is
    recorded for the committee to act on."""
    application = appeal.application
    vacancy = Vacancy.objects.get(pk=application.vacancy_id)  # fresh: the caller's copy may be stale
    core_access.require(access.is_committee(actor, vacancy))
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != AppealStatus.PENDING:
        raise InvalidData(_("Sanggahan ini sudah diputuskan."))
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise InvalidData(_("Tuliskan alasan keputusan (paling sedikit 10 karakter)."), field="reason")
    status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    Appeal.objects.filter(pk=appeal.pk).update(
        status=status, decision_reason=reason, decided_by=actor, decided_at=timezone.now()
    )
    audit_record(
        actor=actor, action="selection.appeal.decided", obj=appeal, agency_id=vacancy.agency_id,
        changes={"status": [appeal.status, status]}, reason=reason,
    )  # fmt: skip
    if upheld and appeal.stage == AppealStage.SCREENING and not application.screening_passed:
        Application.objects.filter(pk=application.pk).update(
            screening_passed=True,
            status=ApplicationStatus.PASSED,
            override_reason=reason,
            version=application.version + 1,
        )
        audit_record(
            actor=actor, action="selection.screening.overridden", obj=application, agency_id=vacancy.agency_id,
            changes={"screening_passed": [False, True]}, reason=reason,
        )  # fmt: skip
    _notify(
        [
            _message(
                recipient_id=application.applicant_id,
                kind="selection.appeal",
                subject=_("Sanggahan Anda untuk %(title)s telah diputuskan") % {"title": vacancy.title},
                url=reverse("selection:application_detail", args=[application.pk]),
                key=f"selection.appeal.{appeal.pk}",
            )
        ]
    )
    appeal.refresh_from_db()
    return appeal
