"""Writes of an open selection: vacancies, the announcement period, applications and administrative screening.

Every write is one transaction with the acting user, checked by selection.access, and audited.
Panel scores, ranking, the PPK's decision, results and appeals are in selection.scoring.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core import access as core_access
from jenjang.core.audit import audit_bulk, audit_entry, audit_record, field_changes
from jenjang.core.errors import InvalidData, StaleEdit
from jenjang.core.services import create_once, versioned_update
from jenjang.domain.selection.screening import assess_screening
from jenjang.domain.vocab import EDUCATION, PREDICATES, RANKS, rank_from_code

from . import access
from .models import (
    Application,
    ApplicationStatus,
    CandidateDocument,
    CandidateProfile,
    CommitteeMember,
    Vacancy,
    VacancyStatus,
)
from .rules import (
    EXTENSION_DAYS,
    JPT_PANEL,
    MAX_EXTENSIONS,
    MIN_APPLICANTS,
    MIN_PANEL_MEMBERS,
    STAGE_WEIGHTS,
    TIE_BREAKS,
    default_requirements,
    facts_from,
    parameters_for,
    requirements_from,
)

REQUIREMENT_KEYS = ("min_rank", "min_education", "min_years_service", "min_predicate", "max_age", "custom", "documents")


def today() -> dt.date:
    return timezone.localdate()


def _clean_requirements(raw: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in REQUIREMENT_KEYS:
        value = raw.get(key)
        if value in (None, "", [], ()):
            continue
        if key == "min_rank" and value not in RANKS:
            raise InvalidData(_("Golongan minimal tidak dikenal."), field=key)
        if key == "min_education" and value not in EDUCATION:
            raise InvalidData(_("Pendidikan minimal tidak dikenal."), field=key)
        if key == "min_predicate" and value not in PREDICATES:
            raise InvalidData(_("Predikat kinerja tidak dikenal."), field=key)
        if key in ("min_years_service", "max_age"):
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise InvalidData(_("Isikan bilangan bulat."), field=key) from None
            if value < 0 or value > 100:
                raise InvalidData(_("Isikan bilangan antara 0 dan 100."), field=key)
        if key in ("custom", "documents"):
            value = [str(v).strip()[:200] for v in value if str(v).strip()]
            if not value:
                continue
        out[key] = value
    return out


def _check_dates(data: Mapping[str, Any]) -> None:
    start, end = data["announcement_start"], data["announcement_end"]
    if end < start:
        raise InvalidData(_("Akhir pengumuman tidak boleh sebelum awalnya."), field="announcement_end")
    previous = end
    for key in ("screening_date", "cat_date", "assessment_date", "interview_date", "final_date"):
        value = data.get(key)
        if value is None:
            continue
        if value < previous:
            raise InvalidData(_("Tanggal tahapan harus berurutan setelah pengumuman."), field=key)
        previous = value
    if not any(data.get(k) for k in ("cat_date", "assessment_date", "interview_date")):
        raise InvalidData(_("Tetapkan tanggal paling sedikit satu tahap penilaian."), field="assessment_date")


def _check_panel_size(n_members: int, dates: Mapping[str, Any], params: Any, as_of: dt.date) -> int | None:
    """A vacancy with a panel stage (assessment, interview) is announced only with enough committee members.
    Returns the minimum applied (None without a panel stage)."""
    if not (dates.get("assessment_date") or dates.get("interview_date")):
        return None
    minimum = int(params.get(MIN_PANEL_MEMBERS, as_of))
    if n_members < minimum:
        raise InvalidData(
            _("Panitia untuk tahap asesmen atau wawancara paling sedikit %(n)s orang.") % {"n": minimum},
            field="committee",
        )
    return minimum


def is_jpt(level: str | None) -> bool:
    return (level or "").startswith("JPT_")


def _percent(share: Fraction) -> str:
    pct = share * 100
    return str(pct.numerator) if pct.denominator == 1 else f"{float(pct):g}"


def _check_jpt_panel(n_members: int, n_external: int, params: Any, as_of: dt.date) -> dict[str, Any]:
    """The committee of a JPT selection (selection.jpt_panel as of the announcement start): min_members to
    max_members members, an odd number when `odd`, and the internal members (those not marked external) at most
    max_internal_share of all members, compared exactly. Returns the rule applied (for the audit row)."""
    rule = params.get(JPT_PANEL, as_of)
    lowest, highest = int(rule["min_members"]), int(rule["max_members"])
    if not lowest <= n_members <= highest:
        raise InvalidData(
            _("Panitia seleksi JPT beranggotakan %(min)s sampai %(max)s orang; yang dipilih %(n)s orang.")
            % {"min": lowest, "max": highest, "n": n_members},
            field="committee",
        )
    if rule["odd"] and n_members % 2 == 0:
        raise InvalidData(
            _("Jumlah anggota panitia seleksi JPT harus ganjil; yang dipilih %(n)s orang.") % {"n": n_members},
            field="committee",
        )
    share = Fraction(str(rule["max_internal_share"]))
    internal = n_members - n_external
    if n_members and Fraction(internal, n_members) > share:
        raise InvalidData(
            _(
                "Unsur internal panitia seleksi JPT paling banyak %(pct)s%% dari seluruh anggota (%(most)s dari "
                "%(n)s orang); yang dipilih %(internal)s orang internal. Tandai anggota dari luar pegawai instansi "
                "sebagai unsur eksternal."
            )
            % {"pct": _percent(share), "most": math.floor(share * n_members), "n": n_members, "internal": internal},
            field="committee",
        )
    return dict(rule)


def _check_panel(
    n_members: int, n_external: int, level: str | None, dates: Mapping[str, Any], params: Any, as_of: dt.date
) -> dict[str, Any]:
    """Every committee rule checked when a vacancy is announced: for a JPT vacancy the selection.jpt_panel
    composition, and for any vacancy with a panel stage selection.min_panel_members. Returns the audit decision."""
    applied: dict[str, Any] = {}
    if is_jpt(level):
        applied[JPT_PANEL] = _check_jpt_panel(n_members, n_external, params, as_of)
    minimum = _check_panel_size(n_members, dates, params, as_of)
    if minimum is not None:
        applied[MIN_PANEL_MEMBERS] = minimum
    return {"parameters": applied, "committee": n_members, "external": n_external}


def _external_ids(external: Iterable[Any], member_ids: Iterable[int]) -> set[int]:
    """The pks of the members marked external; each must be one of the committee."""
    ids = {getattr(u, "pk", u) for u in external}
    if ids - set(member_ids):
        raise InvalidData(
            _("Unsur eksternal hanya dapat ditandai pada anggota panitia yang dipilih."), field="committee_external"
        )
    return ids


@transaction.atomic
def vacancy_create(
    *,
    actor: Any,
    agency: Any,
    data: Mapping[str, Any],
    committee: Iterable[Any],
    chair: Any = None,
    external: Iterable[Any] = (),
) -> Vacancy:
    """Create a vacancy with its committee (`external`: the members, users or pks, from outside the agency's own
    staff), announced at once when data["announce"]: then the committee rules apply (see _check_panel)."""
    core_access.require(access.can_manage(actor) and core_access.user_may_act_for_agency(actor, agency.pk))
    position = data.get("position")
    if position is not None and position.agency_id != agency.pk:
        raise InvalidData(_("Jabatan bukan milik instansi ini."), field="position")
    _check_dates(data)
    members = list({u.pk: u for u in committee}.values())
    if not members:
        raise InvalidData(_("Tetapkan paling sedikit satu anggota panitia."), field="committee")
    if any(m.agency_id != agency.pk for m in members):
        raise InvalidData(_("Anggota panitia harus pengguna instansi ini."), field="committee")
    external_ids = _external_ids(external, (m.pk for m in members))
    params = parameters_for(agency.pk)
    start = data["announcement_start"]
    level = position.level if position is not None else data.get("level", "")
    decision = None
    if data.get("announce"):
        decision = _check_panel(len(members), len(external_ids), level, data, params, start)
    requirements = _clean_requirements(data.get("requirements") or {})
    if position is not None and not (set(requirements) - {"documents"}):
        # nothing set by hand: the position's defaults (education; for a JPT post the jpt.requirements table)
        requirements = {
            **_clean_requirements(default_requirements(position.level, position.required_education, start, params)),
            **requirements,
        }
    vacancy = Vacancy(
        agency=agency,
        position=position,
        title=data["title"],
        description=data.get("description", ""),
        level=level,
        open_to_public=bool(data.get("open_to_public", True)),
        requirements=requirements,
        announcement_start=start,
        announcement_end=data["announcement_end"],
        original_announcement_end=data["announcement_end"],
        screening_date=data.get("screening_date"),
        cat_date=data.get("cat_date"),
        assessment_date=data.get("assessment_date"),
        interview_date=data.get("interview_date"),
        final_date=data.get("final_date"),
        status=VacancyStatus.OPEN if data.get("announce") else VacancyStatus.DRAFT,
        created_by=actor,
    )
    vacancy.weights = {s: w for s, w in params.get(STAGE_WEIGHTS, start).items() if s in vacancy.stages()}
    vacancy.tie_breaks = [k for k in params.get(TIE_BREAKS, start) if k == "submitted_at" or k in vacancy.stages()]
    if data.get("cat_max"):
        vacancy.cat_max = data["cat_max"]
    vacancy.save()
    chair_id = chair.pk if chair is not None else members[0].pk
    CommitteeMember.objects.bulk_create(
        [
            CommitteeMember(vacancy=vacancy, user=m, is_chair=m.pk == chair_id, is_external=m.pk in external_ids)
            for m in members
        ]
    )
    audit_record(
        actor=actor,
        action="selection.vacancy.created",
        obj=vacancy,
        changes={
            "title": [None, vacancy.title],
            "requirements": [None, vacancy.requirements],
            "committee": [None, [m.get_username() for m in members]],
            "committee_external": [None, sorted(m.get_username() for m in members if m.pk in external_ids)],
            "status": [None, vacancy.status],
        },
        decision=decision,
    )
    return vacancy


def vacancy_create_once(*, form_key: str, actor: Any, **kwargs: Any) -> tuple[Vacancy, bool]:
    """`vacancy_create` for a form or an API request carrying a one-time key: a repeat of the same key (a double
    submit, a client's retry) returns the vacancy the first one created (False) instead of creating a second."""
    return create_once(Vacancy, form_key=form_key, actor=actor, create=lambda: vacancy_create(actor=actor, **kwargs))


@transaction.atomic
def vacancy_announce(*, actor: Any, vacancy: Vacancy, expected_version: int | None = None) -> Vacancy:
    core_access.require(access.can_manage_vacancy(actor, vacancy))
    if vacancy.status != VacancyStatus.DRAFT:
        raise InvalidData(_("Hanya lowongan berstatus konsep yang dapat diumumkan."))
    counts = CommitteeMember.objects.filter(vacancy=vacancy).aggregate(
        n=Count("id"), external=Count("id", filter=Q(is_external=True))
    )
    decision = _check_panel(
        counts["n"],
        counts["external"],
        vacancy.level,
        {"assessment_date": vacancy.assessment_date, "interview_date": vacancy.interview_date},
        parameters_for(vacancy.agency_id),
        vacancy.announcement_start,
    )
    return versioned_update(
        vacancy,
        actor=actor,
        action="selection.vacancy.announced",
        values={"status": VacancyStatus.OPEN},
        expected_version=expected_version,
        decision=decision,
    )


@transaction.atomic
def vacancy_update_requirements(
    *, actor: Any, vacancy: Vacancy, requirements: Mapping[str, Any], expected_version: int | None
) -> Vacancy:
    core_access.require(access.can_manage_vacancy(actor, vacancy))
    if vacancy.status not in (VacancyStatus.DRAFT, VacancyStatus.OPEN):
        raise InvalidData(_("Persyaratan tidak dapat diubah setelah pengumuman ditutup."))
    return versioned_update(
        vacancy,
        actor=actor,
        action="selection.vacancy.requirements_changed",
        values={"requirements": _clean_requirements(requirements)},
        expected_version=expected_version,
    )


DATE_FIELDS = ("announcement_end", "screening_date", "cat_date", "assessment_date", "interview_date", "final_date")
SCORED_DATES = ("cat_date", "assessment_date", "interview_date")
EDITABLE_STATUSES = (VacancyStatus.DRAFT, VacancyStatus.OPEN, VacancyStatus.SCREENING, VacancyStatus.SCORING)


def _draft_values(current: Vacancy, data: Mapping[str, Any], params: Any) -> dict[str, Any]:
    """Every field of a draft, checked as on creation."""
    position = data.get("position")
    if position is not None and position.agency_id != current.agency_id:
        raise InvalidData(_("Jabatan bukan milik instansi ini."), field="position")
    merged = {k: data.get(k) for k in ("announcement_start", *DATE_FIELDS)}
    _check_dates(merged)
    start = merged["announcement_start"]
    requirements = _clean_requirements(data.get("requirements") or {})
    if position is not None and not (set(requirements) - {"documents"}):
        requirements = {
            **_clean_requirements(default_requirements(position.level, position.required_education, start, params)),
            **requirements,
        }
    values: dict[str, Any] = {
        "title": data["title"],
        "position": position,
        "description": data.get("description", "") or "",
        "level": position.level if position is not None else (data.get("level") or current.level),
        "open_to_public": bool(data.get("open_to_public")),
        "requirements": requirements,
        "original_announcement_end": merged["announcement_end"],
        **merged,
    }
    stages = [s for s, key in (("cat", "cat_date"), ("assessment", "assessment_date"), ("interview", "interview_date"))
              if merged.get(key)]  # fmt: skip
    values["weights"] = {s: w for s, w in params.get(STAGE_WEIGHTS, start).items() if s in stages}
    values["tie_breaks"] = [k for k in params.get(TIE_BREAKS, start) if k == "submitted_at" or k in stages]
    return values


def _published_values(current: Vacancy, data: Mapping[str, Any], on: dt.date) -> dict[str, Any]:
    """After the announcement only dates may change, and only in the applicants' favour: the announcement may be
    extended while it runs; a stage not yet held may be postponed; the administrative screening and final
    announcement dates may be added. Scored stages may not be added or dropped (their weights were published)."""
    for key, label in (("title", _("judul")), ("open_to_public", _("keterbukaan")), ("description", _("uraian"))):
        if key in data and (data[key] or "") != (getattr(current, key) or ""):
            raise InvalidData(_("Setelah diumumkan, %(what)s tidak dapat diubah.") % {"what": label}, field=key)
    position = data.get("position")
    if "position" in data and (position.pk if position is not None else None) != current.position_id:
        raise InvalidData(_("Setelah diumumkan, jabatan tidak dapat diubah."), field="position")
    if "requirements" in data and _clean_requirements(data["requirements"] or {}) != _clean_requirements(
        current.requirements or {}
    ):
        raise InvalidData(_("Setelah diumumkan, persyaratan tidak dapat diubah."), field="min_rank")
    if data.get("announcement_start") not in (None, current.announcement_start):
        raise InvalidData(_("Setelah diumumkan, awal pengumuman tidak dapat diubah."), field="announcement_start")
    values: dict[str, Any] = {}
    for key in DATE_FIELDS:
        if key not in data:
            continue
        old, new = getattr(current, key), data[key]
        if new == old:
            continue
        if new is None:
            raise InvalidData(_("Tanggal tahapan yang sudah diumumkan tidak dapat dihapus."), field=key)
        if key in SCORED_DATES and old is None:
            raise InvalidData(
                _("Tahap penilaian tidak dapat ditambahkan setelah diumumkan (bobotnya sudah diumumkan)."), field=key
            )
        if old is not None and new < old:
            raise InvalidData(_("Setelah diumumkan, tanggal hanya dapat diundur."), field=key)
        if key != "announcement_end" and old is not None and old < on:
            raise InvalidData(_("Tahap yang sudah lewat tidak dapat diubah."), field=key)
        if new < on:
            raise InvalidData(_("Tanggal baru tidak boleh sebelum hari ini."), field=key)
        if key == "announcement_end" and current.status != VacancyStatus.OPEN:
            raise InvalidData(_("Pengumuman hanya dapat diperpanjang selama masih berjalan."), field=key)
        values[key] = new
    merged = {"announcement_start": current.announcement_start}
    merged.update({k: values.get(k, getattr(current, k)) for k in DATE_FIELDS})
    _check_dates(merged)
    return values


@transaction.atomic
def vacancy_update(
    *,
    actor: Any,
    vacancy: Vacancy,
    data: Mapping[str, Any],
    committee: Iterable[Any] | None = None,
    external: Iterable[Any] | None = None,
    expected_version: int | None,
    on: dt.date | None = None,
) -> Vacancy:
    """Edit a vacancy (personnel staff): a draft entirely; an announced vacancy only its dates, in the applicants'
    favour (see _published_values), and its committee: members added and the external flags corrected, until the
    first panel score; for a JPT vacancy the committee must still meet selection.jpt_panel (as of the announcement
    start). `external` (users or pks, among the committee) replaces the external flags; None keeps them (a member
    added is internal). Optimistic locking on `version`; one audit row with every change."""
    core_access.require(access.can_manage_vacancy(actor, vacancy))
    on = on or today()
    current = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    version = expected_version if expected_version is not None else current.version
    if version != current.version:
        raise StaleEdit()
    if current.status not in EDITABLE_STATUSES:
        raise InvalidData(_("Lowongan pada tahap ini tidak dapat diubah lagi."))
    params = parameters_for(current.agency_id)
    old_rows = list(
        CommitteeMember.objects.filter(vacancy=current)
        .values_list("user_id", "user__username", "is_external")
        .order_by("user_id")
    )
    old_members = {user_id: username for user_id, username, _external in old_rows}
    old_external = {user_id for user_id, _username, is_external in old_rows if is_external}
    members = None if committee is None else list({u.pk: u for u in committee}.values())
    members_changed = members is not None and sorted(m.pk for m in members) != sorted(old_members)
    new_ids = [m.pk for m in members] if members is not None else list(old_members)
    new_external = old_external & set(new_ids) if external is None else _external_ids(external, new_ids)
    flags_changed = new_external != old_external
    names = {**old_members, **{m.pk: m.get_username() for m in members or ()}}
    decision = None
    if current.status == VacancyStatus.DRAFT:
        values = _draft_values(current, data, params)
        if members is not None:
            if not members:
                raise InvalidData(_("Tetapkan paling sedikit satu anggota panitia."), field="committee")
    else:
        if members_changed or flags_changed:
            # members may be added (e.g. when a conflict of interest leaves too few), never removed, and flags
            # corrected, only before the first panel score
            from .models import PanelScore

            if set(old_members) - set(new_ids):
                raise InvalidData(_("Setelah diumumkan, anggota panitia hanya dapat ditambah."), field="committee")
            if PanelScore.objects.filter(application__vacancy=current).exists():
                raise InvalidData(_("Panitia tidak dapat diubah setelah penilaian panel dimulai."), field="committee")
        values = _published_values(current, data, on)
        if (members_changed or flags_changed) and is_jpt(current.level):
            decision = {
                "parameters": {
                    JPT_PANEL: _check_jpt_panel(len(new_ids), len(new_external), params, current.announcement_start)
                },
                "committee": len(new_ids),
                "external": len(new_external),
            }
    if members is not None and any(m.agency_id != current.agency_id for m in members):
        raise InvalidData(_("Anggota panitia harus pengguna instansi ini."), field="committee")
    changes = field_changes(current, values)
    if members_changed:
        changes["committee"] = [sorted(old_members.values()), sorted(names[i] for i in new_ids)]
    if members_changed or flags_changed:
        changes["committee_external"] = [
            sorted(names[i] for i in old_external),
            sorted(names[i] for i in new_external),
        ]
    if not changes:
        return current
    updated = Vacancy.objects.filter(pk=current.pk, version=version).update(version=version + 1, **values)
    if updated != 1:  # pragma: no cover - the row is locked above
        raise StaleEdit()
    if members_changed and members is not None:
        keep = [m.pk for m in members]
        kept_chair = (
            CommitteeMember.objects.filter(vacancy=current, is_chair=True, user_id__in=keep)
            .values_list("user_id", flat=True)
            .first()
        )
        chair_id = kept_chair if kept_chair is not None else keep[0]
        CommitteeMember.objects.filter(vacancy=current).exclude(user_id__in=keep).delete()
        CommitteeMember.objects.bulk_create(
            [
                CommitteeMember(vacancy=current, user=m, is_external=m.pk in new_external)
                for m in members
                if m.pk not in old_members
            ]
        )
        CommitteeMember.objects.filter(vacancy=current).update(is_chair=False)
        CommitteeMember.objects.filter(vacancy=current, user_id=chair_id).update(is_chair=True)
    if flags_changed:
        CommitteeMember.objects.filter(vacancy=current, user_id__in=new_external, is_external=False).update(
            is_external=True
        )
        CommitteeMember.objects.filter(vacancy=current, is_external=True).exclude(user_id__in=new_external).update(
            is_external=False
        )
    audit_record(actor=actor, action="selection.vacancy.edited", obj=current, changes=changes, decision=decision)
    current.refresh_from_db()
    return current


CANCELLABLE = (
    VacancyStatus.DRAFT,
    VacancyStatus.OPEN,
    VacancyStatus.SCREENING,
    VacancyStatus.SCORING,
    VacancyStatus.RANKED,
    VacancyStatus.AT_PPK,
)


@transaction.atomic
def vacancy_cancel(*, actor: Any, vacancy: Vacancy, reason: str, expected_version: int | None) -> Vacancy:
    """Cancel a vacancy with a written reason (personnel staff), up to the PPK's decision. Applicants are notified;
    an announced vacancy stays on the public board marked as cancelled with the reason (a cancelled draft stays
    hidden). A second submit returns the cancelled vacancy unchanged."""
    core_access.require(access.can_manage_vacancy(actor, vacancy))
    current = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if current.status == VacancyStatus.CANCELLED:
        return current
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise InvalidData(_("Tuliskan alasan pembatalan (paling sedikit 10 karakter)."), field="reason")
    if current.status not in CANCELLABLE:
        raise InvalidData(_("Lowongan tidak dapat dibatalkan setelah keputusan PPK."))
    version = expected_version if expected_version is not None else current.version
    now = timezone.now()
    updated = Vacancy.objects.filter(pk=current.pk, version=version).update(
        status=VacancyStatus.CANCELLED,
        cancelled_at=now,
        cancelled_from=current.status,
        cancellation_reason=reason[:2000],
        version=version + 1,
    )
    if updated != 1:
        raise StaleEdit()
    audit_record(
        actor=actor,
        action="selection.vacancy.cancelled",
        obj=current,
        changes={"status": [current.status, VacancyStatus.CANCELLED]},
        reason=reason,
    )
    from django.urls import reverse

    from jenjang.notifications.services import Message, notify_many

    notify_many(
        Message(
            recipient_id=a.applicant_id,
            kind="selection.cancelled",
            subject=_("Seleksi %(title)s dibatalkan") % {"title": current.title},
            body=reason,
            url=reverse("selection:application_detail", args=[a.pk]),
            key=f"selection.cancelled.{a.pk}",
        )
        for a in current.applications.exclude(status=ApplicationStatus.WITHDRAWN).only("id", "applicant_id")
    )
    current.refresh_from_db()
    return current


# --- the announcement period ---------------------------------------------------------------------------


def announcement_roll(on: dt.date | None = None) -> int:
    """Extend every open vacancy whose announcement has ended with fewer applicants than the minimum, by the
    extension length, at most the maximum number of times (dated parameters of the vacancy's agency). Set-based:
    one query in, one bulk update and one bulk audit out. Returns the number of vacancies extended."""
    on = on or today()
    overdue = list(
        Vacancy.objects.filter(status=VacancyStatus.OPEN, announcement_end__lt=on)
        .annotate(n=Count("applications", filter=~Q(applications__status=ApplicationStatus.WITHDRAWN)))
        .only("id", "agency_id", "announcement_end", "extensions", "title", "announcement_start")
    )
    changed: list[Vacancy] = []
    entries = []
    params_by_agency: dict[int, Any] = {}
    for vacancy in overdue:
        if vacancy.agency_id not in params_by_agency:
            params_by_agency[vacancy.agency_id] = parameters_for(vacancy.agency_id)
        params = params_by_agency[vacancy.agency_id]
        as_of = vacancy.announcement_start
        minimum = int(params.get(MIN_APPLICANTS, as_of))
        days = int(params.get(EXTENSION_DAYS, as_of))
        most = int(params.get(MAX_EXTENSIONS, as_of))
        old_end, old_n = vacancy.announcement_end, vacancy.extensions
        while vacancy.n < minimum and vacancy.extensions < most and vacancy.announcement_end < on:
            vacancy.announcement_end += dt.timedelta(days=days)
            vacancy.extensions += 1
        if vacancy.extensions != old_n:
            changed.append(vacancy)
            entries.append(
                audit_entry(
                    actor=None,
                    action="selection.vacancy.extended",
                    obj=vacancy,
                    changes={
                        "announcement_end": [old_end.isoformat(), vacancy.announcement_end.isoformat()],
                        "extensions": [old_n, vacancy.extensions],
                    },
                    reason=f"{vacancy.n} < {minimum}",
                    decision={"parameters": {MIN_APPLICANTS: minimum, EXTENSION_DAYS: days, MAX_EXTENSIONS: most}},
                )
            )
    if changed:
        with transaction.atomic():
            Vacancy.objects.bulk_update(changed, ["announcement_end", "extensions"])
            audit_bulk(entries)
    return len(changed)


def is_accepting(vacancy: Vacancy, on: dt.date) -> bool:
    return vacancy.status == VacancyStatus.OPEN and vacancy.announcement_start <= on <= vacancy.announcement_end


# --- applications --------------------------------------------------------------------------------------


def applicant_snapshot(user: Any) -> tuple[str, dict[str, Any], Any]:
    """(name, facts, employee) as of now: an employee's from the personnel record, a candidate's from the profile."""
    employee = getattr(user, "employee", None) if user.employee_id else None
    if employee is not None:
        from jenjang.personnel.models import PerformanceHistory

        predicates = dict(PerformanceHistory.objects.filter(employee_id=employee.pk).values_list("year", "predicate"))
        level = employee.position.level if employee.position_id else ""
        facts = {
            "kind": "employee",
            "nip": employee.nip,
            "education": employee.education,
            "rank": rank_from_code(employee.rank) if employee.rank else None,
            "birth_date": employee.birth_date.isoformat(),
            "service_start": employee.appointment_date.isoformat(),
            "predicates": {str(y): p for y, p in predicates.items()},
            "position_level": level,
            "position_since": employee.position_since.isoformat() if employee.position_since else None,
            "agency": employee.agency.name,
        }
        return employee.full_name, facts, employee
    profile = CandidateProfile.objects.filter(user_id=user.pk).first()
    if profile is None or not profile.full_name:
        raise InvalidData(_("Lengkapi profil pelamar terlebih dahulu."))
    facts = {
        "kind": "candidate",
        "education": profile.education or None,
        "birth_date": profile.birth_date.isoformat() if profile.birth_date else None,
    }
    return profile.full_name, facts, None


def application_submit(
    *, actor: Any, vacancy: Vacancy, declared: Iterable[str] = (), motivation: str = "", on: dt.date | None = None
) -> tuple[Application, bool]:
    """Apply once: a second submit (double click, another tab) returns the first application unchanged."""
    core_access.require(access.can_apply(actor))
    on = on or today()
    existing = Application.objects.filter(vacancy=vacancy, applicant=actor).first()
    if existing is not None:
        return existing, False
    announcement_roll(on)
    vacancy.refresh_from_db()
    if not is_accepting(vacancy, on):
        raise InvalidData(_("Lowongan ini tidak sedang menerima lamaran."))
    if not vacancy.open_to_public and not (actor.employee_id and actor.agency_id == vacancy.agency_id):
        raise InvalidData(_("Lowongan ini hanya untuk pegawai instansi penyelenggara."))
    name, facts, employee = applicant_snapshot(actor)
    custom = set((vacancy.requirements or {}).get("custom") or ())
    declared_list = sorted({d for d in declared if d in custom})
    try:
        with transaction.atomic():
            application = Application.objects.create(
                vacancy=vacancy,
                applicant=actor,
                employee=employee,
                number=Application.number_for(vacancy.pk, actor.pk),
                name=name,
                facts=facts,
                declared=declared_list,
                motivation=motivation[:5000],
            )
            audit_record(
                actor=actor,
                action="selection.application.submitted",
                obj=application,
                agency_id=vacancy.agency_id,
                employee_id=employee.pk if employee else None,
                changes={"vacancy": [None, vacancy.pk], "declared": [None, declared_list]},
            )
    except IntegrityError:  # the same applicant's concurrent submit won the race
        return Application.objects.get(vacancy=vacancy, applicant=actor), False
    return application, True


def may_withdraw(vacancy: Vacancy) -> bool:
    """Applications may be withdrawn until the screening results are published (before any exam)."""
    return vacancy.status in (VacancyStatus.OPEN, VacancyStatus.SCREENING) and not vacancy.screening_published_at


@transaction.atomic
def application_withdraw(*, actor: Any, application: Application, reason: str = "") -> tuple[Application, bool]:
    """The applicant withdraws their own application (final). A second submit returns it unchanged."""
    if application.applicant_id != getattr(actor, "pk", None):
        from jenjang.core.errors import NotFound

        raise NotFound()
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status == ApplicationStatus.WITHDRAWN:
        return current, False
    vacancy = Vacancy.objects.get(pk=current.vacancy_id)
    if not may_withdraw(vacancy):
        raise InvalidData(_("Lamaran hanya dapat ditarik sebelum hasil seleksi administrasi diumumkan."))
    now = timezone.now()
    reason = (reason or "").strip()[:2000]
    Application.objects.filter(pk=current.pk).update(
        status=ApplicationStatus.WITHDRAWN,
        screening_passed=None,
        withdrawn_at=now,
        withdrawal_reason=reason,
        version=current.version + 1,
    )
    audit_record(
        actor=actor,
        action="selection.application.withdrawn",
        obj=current,
        agency_id=vacancy.agency_id,
        employee_id=current.employee_id,
        changes={"status": [current.status, ApplicationStatus.WITHDRAWN]},
        reason=reason,
    )
    current.refresh_from_db()
    return current, True


# --- administrative screening --------------------------------------------------------------------------


def _documents_by_applicant(applications: list[Application]) -> dict[int, set[str]]:
    """Document types each applicant has uploaded (their own uploads, and an employee's personnel documents)."""
    found: dict[int, set[str]] = defaultdict(set)
    user_ids = [a.applicant_id for a in applications]
    for user_id, doc_type in (
        CandidateDocument.objects.filter(user_id__in=user_ids).values_list("user_id", "doc_type").distinct()
    ):
        found[user_id].add(doc_type)
    by_employee = {a.employee_id: a.applicant_id for a in applications if a.employee_id}
    if by_employee:
        from jenjang.personnel.models import Document

        for employee_id, doc_type in (
            Document.objects.filter(employee_id__in=list(by_employee)).values_list("employee_id", "doc_type").distinct()
        ):
            found[by_employee[employee_id]].add(doc_type)
    return found


def _texts(reasons: Iterable[Any]) -> list[dict[str, str]]:
    return [{"id": r.render("id"), "en": r.render("en")} for r in reasons]


def screen_applications(vacancy: Vacancy, applications: list[Application], as_of: dt.date) -> None:
    """Decide each application in memory (the caller saves): the screening rule over requirements and facts."""
    params = parameters_for(vacancy.agency_id)
    requirements = requirements_from(vacancy.requirements, vacancy.level)
    documents = _documents_by_applicant(applications)
    for application in applications:
        decision = assess_screening(
            requirements,
            facts_from(application.facts, application.declared, documents.get(application.applicant_id, set())),
            as_of,
            params,
        )
        passed = bool(decision.result["passed"])
        application.screening_passed = passed
        application.status = ApplicationStatus.PASSED if passed else ApplicationStatus.FAILED
        application.screening_reasons = _texts(decision.reasons)
        application.screening_blocked_by = list(decision.blocked_by)
        application.override_reason = ""


@transaction.atomic
def screening_run(*, actor: Any, vacancy: Vacancy, on: dt.date | None = None) -> int:
    """Close the announcement and screen every application from the requirements (committee only). Re-running
    before the results are published decides again and drops earlier overrides (they are in the audit log)."""
    core_access.require(access.is_committee(actor, vacancy))
    on = on or today()
    announcement_roll(on)
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status == VacancyStatus.OPEN and vacancy.announcement_end >= on:
        raise InvalidData(
            _("Masa pengumuman belum berakhir (sampai %(date)s).")
            % {"date": vacancy.announcement_end.strftime("%d-%m-%Y")}
        )
    if vacancy.status not in (VacancyStatus.OPEN, VacancyStatus.SCREENING) or vacancy.screening_published_at:
        raise InvalidData(_("Seleksi administrasi tidak dapat dijalankan pada tahap ini."))
    applications = list(vacancy.applications.exclude(status=ApplicationStatus.WITHDRAWN))
    screen_applications(vacancy, applications, vacancy.announcement_end)
    Application.objects.bulk_update(
        applications, ["screening_passed", "status", "screening_reasons", "screening_blocked_by", "override_reason"]
    )
    old_status = vacancy.status
    Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.SCREENING, version=vacancy.version + 1)
    passed = sum(1 for a in applications if a.screening_passed)
    audit_record(
        actor=actor,
        action="selection.screening.run",
        obj=vacancy,
        changes={"status": [old_status, VacancyStatus.SCREENING]},
        decision={"applications": len(applications), "passed": passed, "as_of": vacancy.announcement_end.isoformat()},
    )
    return len(applications)


@transaction.atomic
def screening_override(
    *, actor: Any, application: Application, passed: bool, reason: str, expected_version: int | None
) -> Application:
    """The committee's correction of one screening decision, with a written reason (audited)."""
    vacancy = Vacancy.objects.get(pk=application.vacancy_id)  # fresh: the caller's copy may be stale
    core_access.require(access.is_committee(actor, vacancy))
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise InvalidData(_("Tuliskan alasan koreksi (paling sedikit 10 karakter)."), field="reason")
    if vacancy.status != VacancyStatus.SCREENING or vacancy.screening_published_at:
        raise InvalidData(_("Hasil seleksi administrasi hanya dapat dikoreksi sebelum diumumkan."))
    return versioned_update(
        application,
        actor=actor,
        action="selection.screening.overridden",
        values={
            "screening_passed": passed,
            "status": ApplicationStatus.PASSED if passed else ApplicationStatus.FAILED,
            "override_reason": reason,
        },
        expected_version=expected_version,
        reason=reason,
    )


@transaction.atomic
def screening_publish(*, actor: Any, vacancy: Vacancy) -> Vacancy:
    core_access.require(access.is_committee(actor, vacancy))
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != VacancyStatus.SCREENING or vacancy.screening_published_at:
        raise InvalidData(_("Jalankan seleksi administrasi sebelum mengumumkan hasilnya."))
    now = timezone.now()
    Vacancy.objects.filter(pk=vacancy.pk).update(
        status=VacancyStatus.SCORING, screening_published_at=now, version=vacancy.version + 1
    )
    audit_record(
        actor=actor,
        action="selection.screening.published",
        obj=vacancy,
        changes={"status": [vacancy.status, VacancyStatus.SCORING], "screening_published_at": [None, now.isoformat()]},
    )
    from django.urls import reverse

    from jenjang.notifications.services import Message, notify_many

    notify_many(
        Message(
            recipient_id=a.applicant_id,
            kind="selection.screening",
            subject=_("Hasil seleksi administrasi %(title)s telah diumumkan") % {"title": vacancy.title},
            url=reverse("selection:application_detail", args=[a.pk]),
            key=f"selection.screening.{a.pk}",
        )
        for a in vacancy.applications.exclude(status=ApplicationStatus.WITHDRAWN).only("id", "applicant_id")
    )
    vacancy.refresh_from_db()
    return vacancy
