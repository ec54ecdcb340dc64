"""Right person, right position: building the merit-score matrix for a run, solving it, explaining it, and the
leaders' decisions.

Set-based: the candidates, their predicates, sanctions and (for JPT posts) position histories are each one query
over the candidate pool; eligibility is decided once per (candidate, kind of vacancy); fit and the score matrix are
NumPy arrays; explanations are written only for the pairs a person will read (each vacancy's ranking and the
optimal and greedy picks)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import audit_record
from jenjang.core.errors import InvalidData, NotFound, StaleEdit
from jenjang.domain.parameters import ParameterSet
from jenjang.domain.text import Text
from jenjang.domain.vocab import EDUCATION_ORDINAL, MANAGERIAL_LEVELS, POSITION_LEVEL_LABEL, rank_from_code
from jenjang.domain.workforce import matching as solver
from jenjang.domain.workforce import merit as rules
from jenjang.organization.models import Position, Unit
from jenjang.personnel.models import Employee, EmployeeStatus, PerformanceHistory, PositionHistory, SanctionHistory

from .models import MatchingDecision, MatchingRun, RunStatus

logger = logging.getLogger(__name__)

JOB_KIND = "workforce.matching"
INLINE_LIMIT = 200_000  # vacancies × candidates solved in the request; above it the run is a background job
RANKING_SIZE = 10
MAX_VACANCIES = 1000


def _both(text: Text) -> dict[str, str]:
    return {"id": text.render("id"), "en": text.render("en")}


def _texts(texts: Iterable[Text]) -> list[dict[str, str]]:
    return [_both(x) for x in texts]


def _parameters(agency_id: int) -> ParameterSet:
    from jenjang.rules.selectors import parameter_set_for

    return parameter_set_for(agency_id)


def vacant_positions(agency_id: int) -> QuerySet[Position]:
    """Active positions with fewer active holders than their formation (the natural vacancies)."""
    return (
        Position.objects.filter(agency_id=agency_id, is_active=True)
        .annotate(active_holders=Count("holders", filter=Q(holders__status=EmployeeStatus.ACTIVE)))
        .filter(active_holders__lt=models_f("formation"))
        .select_related("unit")
        .order_by("unit__path", "name", "id")
    )


def models_f(name: str) -> Any:
    from django.db.models import F

    return F(name)


def candidate_pool(agency_id: int, unit: Unit | None) -> QuerySet[Employee]:
    qs = Employee.objects.filter(agency_id=agency_id, status=EmployeeStatus.ACTIVE)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


# --- creating and running --------------------------------------------------------------------------------------


def run_create(
    *, actor: Any, agency_id: int, title: str, as_of: dt.date, position_ids: list[int], unit_id: int | None
) -> MatchingRun:
    """Save the run's inputs and solve it (in the request when small, as a background job when large)."""
    title = title.strip()
    if not title:
        raise InvalidData(_("Judul wajib diisi."), field="title")
    ids = sorted({int(p) for p in position_ids})
    if not ids:
        raise InvalidData(_("Pilih paling sedikit satu jabatan lowong."), field="positions")
    if len(ids) > MAX_VACANCIES:
        raise InvalidData(_("Paling banyak %(n)s jabatan per penempatan.") % {"n": MAX_VACANCIES}, field="positions")
    found = set(Position.objects.filter(agency_id=agency_id, is_active=True, pk__in=ids).values_list("pk", flat=True))
    if found != set(ids):
        raise InvalidData(_("Ada jabatan yang tidak ditemukan di instansi Anda."), field="positions")
    unit = None
    if unit_id is not None:
        unit = Unit.objects.filter(agency_id=agency_id, pk=unit_id).first()
        if unit is None:
            raise InvalidData(_("Unit tidak ditemukan di instansi Anda."), field="unit")
    candidates = candidate_pool(agency_id, unit).count()
    run = MatchingRun.objects.create(
        agency_id=agency_id,
        title=title,
        as_of=as_of,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        inputs={"position_ids": ids, "unit_id": unit.pk if unit else None, "unit_name": unit.name if unit else ""},
        vacancy_count=len(ids),
        candidate_count=candidates,
    )
    audit_record(
        actor=actor,
        action="workforce.matching.created",
        obj=run,
        changes={"positions": [None, ids], "unit": [None, unit.pk if unit else None], "as_of": [None, as_of]},
    )
    if len(ids) * max(candidates, 1) > INLINE_LIMIT:
        from jenjang.jobs.services import job_submit

        job = job_submit(actor=actor, agency=run.agency, kind=JOB_KIND, params={"run_id": run.pk})
        MatchingRun.objects.filter(pk=run.pk).update(job_id=job.pk)
        run.job_id = job.pk
    else:
        run_compute(run)
    run.refresh_from_db()
    return run


def run_compute(run: MatchingRun, progress: Callable[[int, int, str], None] | None = None) -> dict[str, Any]:
    """Compute and store the run's result (status DONE), or FAILED with the message."""
    report = progress or (lambda done, total, message: None)
    try:
        result, snapshot = compute(run.agency_id, run.inputs, run.as_of, report)
    except InvalidData as exc:
        MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc.message))
        raise
    except Exception:
        MatchingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=_("Terjadi kesalahan tak terduga; hasil tidak disimpan.")
        )
        raise
    inputs = {**run.inputs, **snapshot}
    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, result=result, inputs=inputs, candidate_count=len(snapshot["candidate_ids"])
    )
    return {"run_id": run.pk, "filled": result["summary"]["filled"], "vacancies": result["summary"]["vacancies"]}


def _years_by_level(
    histories: list[tuple[str, dt.date, dt.date | None]], current: tuple[str, dt.date | None] | None, as_of: dt.date
) -> tuple[dict[str, float], float]:
    """Years held per position level (history rows and the current post), and the years in any non-staff post."""
    by_level: dict[str, float] = defaultdict(float)
    seen_current = False
    for level, start, end in histories:
        if not level or start is None:
            continue
        stop = min(end or as_of, as_of)
        years = max(0.0, (stop - start).days / 365.25)
        by_level[level] += years
        if end is None:
            seen_current = True
    if current and current[0] and current[1] and not seen_current:
        by_level[current[0]] += max(0.0, (as_of - current[1]).days / 365.25)
    experience = sum(v for level, v in by_level.items() if level != "PELAKSANA")
    return dict(by_level), experience


def _age(birth: dt.date, as_of: dt.date) -> int:
    return as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))


def jpm_lookup(position_ids: list[int], employee_ids: list[int]) -> tuple[dict[int, dict[int, Any]], bool]:
    """JPM per vacancy and candidate from the talent app; (empty, False) when that app cannot answer."""
    try:
        from jenjang.talent.selectors import jpm_scores  # type: ignore[attr-defined]
    except ImportError:
        return {}, False
    out: dict[int, dict[int, Any]] = {}
    try:
        for position_id in position_ids:
            out[position_id] = dict(jpm_scores(position_id, employee_ids))
    except Exception:  # the talent app is another team's work in progress: never fail a run on it
        logger.exception("jpm_scores failed; the run treats JPM as missing")
        return {}, False
    return out, True


def compute(
    agency_id: int, inputs: dict[str, Any], as_of: dt.date, progress: Callable[[int, int, str], None]
) -> tuple[dict[str, Any], dict[str, Any]]:
    params = _parameters(agency_id)
    unit = Unit.objects.filter(agency_id=agency_id, pk=inputs.get("unit_id")).first() if inputs.get("unit_id") else None
    positions = list(
        Position.objects.filter(agency_id=agency_id, pk__in=inputs["position_ids"])
        .select_related("unit")
        .order_by("unit__path", "name", "id")
    )
    if not positions:
        raise InvalidData(_("Jabatan penempatan tidak ditemukan."))
    pool = candidate_pool(agency_id, unit)
    rows = list(
        pool.order_by("id").values_list(
            "id", "name", "front_title", "back_title", "nip", "status", "employment_type", "education", "rank",
            "birth_date", "position_id", "position__family", "position__level", "position__name", "position_since",
            "unit__path", "unit__name",
        )
    )  # fmt: skip
    progress(1, 5, _("Data calon dibaca"))
    ids = [r[0] for r in rows]
    years = [as_of.year - i for i in range(1, int(params.get(rules.PERFORMANCE_POINTS, as_of)["years"]) + 1)]
    predicates: dict[int, dict[int, str]] = defaultdict(dict)
    for employee_id, year, predicate in PerformanceHistory.objects.filter(
        employee__in=pool, year__in=years
    ).values_list("employee_id", "year", "predicate"):
        predicates[employee_id][year] = predicate
    sanctioned = set(
        SanctionHistory.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of), start_date__lte=as_of)
        .filter(employee__in=pool)
        .values_list("employee_id", flat=True)
    )
    histories: dict[int, list[tuple[str, dt.date, dt.date | None]]] = defaultdict(list)
    if any(p.level in rules.JPT_LEVELS for p in positions):
        for employee_id, level, start, end in PositionHistory.objects.filter(employee__in=pool).values_list(
            "employee_id", "level", "start_date", "end_date"
        ):
            histories[employee_id].append((level, start, end))
    progress(2, 5, _("Kinerja dan riwayat dibaca"))

    candidates: list[rules.Candidate] = []
    years_by_level: list[dict[str, float]] = []
    for r in rows:
        by_level, experience = _years_by_level(histories.get(r[0], []), (r[12] or "", r[14]), as_of)
        years_by_level.append(by_level)
        candidates.append(
            rules.Candidate(
                key=r[0],
                status_active=r[5] == EmployeeStatus.ACTIVE,
                employment_type=r[6],
                education=r[7],
                rank=rank_from_code(r[8]) if r[8] else None,
                sanction_active=r[0] in sanctioned,
                age=_age(r[9], as_of),
                family=r[11] or "",
                unit_path=r[15] or "",
                position_key=r[10],
                years_experience=round(experience, 2),
            )
        )
    vacancies = [
        rules.Vacancy(
            key=p.pk,
            level=p.level,
            required_education=p.required_education,
            family=p.family,
            unit_path=p.unit.path if p.unit_id else "",
        )
        for p in positions
    ]
    n_v, n_c = len(vacancies), len(candidates)

    # Eligibility once per kind of vacancy (level, minimum education) and candidate.
    jpt_table = params.get("jpt.requirements", as_of)
    classes: dict[tuple[str, str], list[rules.Eligibility]] = {}
    for vacancy in vacancies:
        key = (vacancy.level, vacancy.required_education)
        if key in classes:
            continue
        probe = dataclasses.replace(vacancy, key=-1)
        decided = []
        for candidate, by_level in zip(candidates, years_by_level, strict=True):
            if vacancy.level in rules.JPT_LEVELS:
                accepted = [str(x) for x in jpt_table[vacancy.level]["prior_positions"]]
                best = max(accepted, key=lambda level: by_level.get(level, 0.0))
                candidate = dataclasses.replace(
                    candidate, prior_level=best if by_level.get(best) else (candidate.prior_level or ""),
                    years_in_prior_level=round(by_level.get(best, 0.0), 2),
                )  # fmt: skip
            decided.append(rules.eligibility(candidate, probe, as_of, params))
        classes[key] = decided
    progress(3, 5, _("Syarat jabatan diperiksa"))
    eligible = np.zeros((n_v, n_c), dtype=bool)
    held = np.array([c.position_key or 0 for c in candidates], dtype=np.int64)
    for i, vacancy in enumerate(vacancies):
        eligible[i] = np.fromiter(
            (e.eligible for e in classes[(vacancy.level, vacancy.required_education)]), dtype=bool, count=n_c
        )
        eligible[i] &= held != vacancy.key

    # Components: JPM (per pair, from the talent app), performance (per candidate), fit (per pair, vectorised).
    jpm, jpm_available = jpm_lookup([v.key for v in vacancies], ids)
    jpm_matrix = np.full((n_v, n_c), np.nan)
    for i, vacancy in enumerate(vacancies):
        scores = jpm.get(vacancy.key, {})
        for j, employee_id in enumerate(ids):
            value = getattr(scores.get(employee_id), "jpm", None)
            if value is not None:
                jpm_matrix[i, j] = float(value)
    performance: list[tuple[float | None, tuple[Text, ...]]] = [
        rules.performance_score(predicates.get(c.key, {}), as_of, params) for c in candidates
    ]
    perf = np.array([p[0] if p[0] is not None else np.nan for p in performance])
    fit_table = params.get(rules.FIT_POINTS, as_of)
    families = np.array([c.family.strip().lower() for c in candidates], dtype=object)
    paths = [c.unit_path for c in candidates]
    education = np.array([EDUCATION_ORDINAL.get(c.education, 0) for c in candidates])
    fit = np.zeros((n_v, n_c))
    prefix_cache: dict[str, np.ndarray] = {}
    for i, vacancy in enumerate(vacancies):
        if vacancy.family:
            fit[i] += np.where(families == vacancy.family.strip().lower(), float(fit_table["same_family"]), 0.0)
        if vacancy.unit_path:
            if vacancy.unit_path not in prefix_cache:
                prefix_cache[vacancy.unit_path] = np.fromiter(
                    (p.startswith(vacancy.unit_path) for p in paths), dtype=bool, count=n_c
                )
            fit[i] += np.where(prefix_cache[vacancy.unit_path], float(fit_table["same_unit"]), 0.0)
        floor = EDUCATION_ORDINAL[vacancy.required_education or "S1"]
        fit[i] += np.where(education > floor, float(fit_table["education_above"]), 0.0)
    weights = params.get(rules.WEIGHTS, as_of)
    w_jpm, w_perf, w_fit = (float(weights[k]) for k in ("jpm", "performance", "fit"))
    score = (
        np.round(w_jpm * np.nan_to_num(jpm_matrix) / 100, 2)
        + np.round(w_perf * np.nan_to_num(np.round(perf, 2)) / 100, 2)[None, :]
        + np.round(w_fit * fit / 100, 2)
    )
    score = np.round(score, 2)
    progress(4, 5, _("Skor merit dihitung"))

    comparison = solver.compare(score, eligible)
    optimal = dict(comparison.optimal)
    greedy = dict(comparison.greedy)

    names = {r[0]: _full_name(r[1], r[2], r[3]) for r in rows}
    info = {r[0]: {"nip": r[4], "position": r[13] or "", "unit": r[16] or ""} for r in rows}

    def explain(i: int, j: int) -> dict[str, Any]:
        candidate, vacancy = candidates[j], vacancies[i]
        jpm_value = None if np.isnan(jpm_matrix[i, j]) else float(jpm_matrix[i, j])
        perf_value, perf_reasons = performance[j]
        fit_value, fit_reasons = rules.fit_score(candidate, vacancy, as_of, params)
        merit = rules.merit_score(jpm_value, perf_value, fit_value, as_of, params)
        decided = classes[(vacancy.level, vacancy.required_education)][j]
        gaps = getattr(jpm.get(vacancy.key, {}).get(candidate.key), "gaps", None) or []
        return {
            "employee_id": candidate.key,
            "name": names[candidate.key],
            **info[candidate.key],
            "score": float(score[i, j]),
            "jpm": jpm_value,
            "performance": perf_value,
            "fit": fit_value,
            "points": {"jpm": merit.jpm_points, "performance": merit.performance_points, "fit": merit.fit_points},
            "merit_reasons": _texts(merit.reasons),
            "performance_reasons": _texts(perf_reasons),
            "fit_reasons": _texts(fit_reasons),
            "eligibility_reasons": _texts(decided.reasons),
            "legal_basis": list(decided.legal_basis),
            "jpm_gaps": [list(g) for g in gaps][:10],
        }

    out_vacancies = []
    blocked_total: Counter[str] = Counter()
    for i, (vacancy, position) in enumerate(zip(vacancies, positions, strict=True)):
        row_scores = np.where(eligible[i], score[i], -1.0)
        order = np.lexsort((np.array(ids), -row_scores))
        ranked = [j for j in order[: RANKING_SIZE + 2] if eligible[i, j]][:RANKING_SIZE]
        for extra in (optimal.get(i), greedy.get(i)):
            if extra is not None and extra not in ranked:
                ranked.append(extra)
        ranking = [explain(i, j) | {"rank": int(np.sum(row_scores > row_scores[j])) + 1} for j in ranked]
        decided = classes[(vacancy.level, vacancy.required_education)]
        blocked = Counter(code for j, e in enumerate(decided) for code in e.blocked_by if not eligible[i, j])
        blocked["HOLDS_POSITION"] = int(np.sum(held == vacancy.key))
        blocked = Counter({k: v for k, v in blocked.items() if v})
        blocked_total.update(blocked)
        out_vacancies.append(
            {
                "position_id": position.pk,
                "name": position.name,
                "level": position.level,
                "level_label": _both(POSITION_LEVEL_LABEL.get(position.level, Text(position.level, position.level))),
                "unit": position.unit.name if position.unit_id else "",
                "structural": position.level in MANAGERIAL_LEVELS,
                "eligible_count": int(eligible[i].sum()),
                "blocked": [
                    {"code": code, "count": n, "label": _both(rules.BLOCKED_LABELS[code])}
                    for code, n in sorted(blocked.items())
                ],
                "optimal": ids[optimal[i]] if i in optimal else None,
                "optimal_score": float(score[i, optimal[i]]) if i in optimal else None,
                "greedy": ids[greedy[i]] if i in greedy else None,
                "greedy_score": float(score[i, greedy[i]]) if i in greedy else None,
                "differs": i in comparison.differing_rows,
                "ranking": ranking,
            }
        )
    result = {
        "summary": {
            "vacancies": n_v,
            "candidates": n_c,
            "filled": len(comparison.optimal),
            "optimal_total": comparison.optimal_total,
            "greedy_total": comparison.greedy_total,
            "greedy_filled": len(comparison.greedy),
            "gain": comparison.gain,
            "differing": len(comparison.differing_rows),
            "jpm_available": jpm_available,
            "jpm_missing_pairs": int(np.isnan(jpm_matrix).sum()),
            "eligible_pairs": int(eligible.sum()),
        },
        "vacancies": out_vacancies,
    }
    snapshot = {
        "candidate_ids": ids,
        "as_of": as_of.isoformat(),
        "parameters": {
            name: {"value": params.get(name, as_of), "legal_basis": params.basis(name, as_of)}
            for name in rules.PARAMETERS
        },
        "computed_at": timezone.now().isoformat(),
    }
    progress(5, 5, _("Penempatan selesai"))
    return result, snapshot


def _full_name(name: str, front: str, back: str) -> str:
    shown = f"{front} {name}".strip() if front else name
    return f"{shown}, {back}" if back else shown


# --- decisions -------------------------------------------------------------------------------------------------


def run_vacancy(run: MatchingRun, position_id: int) -> dict[str, Any]:
    for vacancy in (run.result or {}).get("vacancies", []):
        if vacancy["position_id"] == position_id:
            return vacancy
    raise NotFound()


def decision_record(
    *,
    actor: Any,
    run: MatchingRun,
    position_id: int,
    employee_id: int | None,
    reason: str,
    version: int | None = None,
) -> MatchingDecision:
    """Record (or change) the leader's choice for one vacancy. A choice other than the optimal assignment — another
    candidate, or leaving the post vacant — needs a written reason. Audited; a stale version is refused."""
    if run.status != RunStatus.DONE:
        raise InvalidData(_("Penempatan belum selesai dihitung."))
    vacancy = run_vacancy(run, position_id)
    ranking = {row["employee_id"]: row for row in vacancy["ranking"]}
    if employee_id is not None and employee_id not in ranking:
        raise InvalidData(_("Pilih calon dari daftar peringkat jabatan ini."), field="employee")
    recommended = vacancy["optimal"]
    departs = employee_id != recommended
    reason = reason.strip()
    if departs and len(reason) < 10:
        raise InvalidData(
            _("Keputusan yang berbeda dari rekomendasi wajib disertai alasan tertulis (paling sedikit 10 karakter)."),
            field="reason",
        )
    values = {
        "employee_id": employee_id,
        "recommended_employee_id": recommended,
        "chosen_rank": ranking[employee_id]["rank"] if employee_id is not None else None,
        "departs": departs,
        "reason": reason,
        "decided_by_id": getattr(actor, "pk", None),
    }
    with transaction.atomic():
        existing = MatchingDecision.objects.select_for_update().filter(run=run, position_id=position_id).first()
        if existing is None:
            try:
                with transaction.atomic():
                    decision = MatchingDecision.objects.create(
                        run=run, agency_id=run.agency_id, position_id=position_id, **values
                    )
            except IntegrityError:  # a double submit that raced: the first one stands
                raise StaleEdit() from None
            audit_record(
                actor=actor,
                action="workforce.matching.decided",
                obj=decision,
                employee_id=employee_id,
                changes={
                    "employee": [None, employee_id],
                    "recommended": [None, recommended],
                    "departs": [None, departs],
                },
                reason=reason,
            )
            return decision
        if version is not None and version != existing.version:
            raise StaleEdit()
        if (existing.employee_id, existing.reason) == (employee_id, reason):
            return existing  # the same decision submitted twice
        from jenjang.core.services import versioned_update

        return versioned_update(
            existing,
            actor=actor,
            action="workforce.matching.decision_changed",
            values=values,
            expected_version=existing.version,
            reason=reason,
        )


def run_get(user: Any, pk: Any) -> MatchingRun:
    from jenjang.core.access import scoped_get

    return scoped_get(user, MatchingRun.objects.select_related("created_by"), pk)


def decisions_by_position(run: MatchingRun) -> dict[int, MatchingDecision]:
    return {d.position_id: d for d in run.decisions.select_related("employee", "decided_by")}
