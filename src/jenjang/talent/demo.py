"""talent's part of `jenjang demo`: assessments for the campus, the talent maps of the last two periods, a talent
review with one recorded move, and two key positions with succession plans. Deterministic from the seed."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from jenjang.core.audit import audit_record
from jenjang.domain.vocab import COMPETENCIES, MANAGERIAL_LEVELS
from jenjang.organization.models import Agency, Position
from jenjang.personnel.models import ACTIVE_STATUSES, Employee

from . import services
from .dictionary import load_national_dictionary
from .mapping import run_talent_map
from .models import (
    Assessment,
    AssessmentMethod,
    BoxMove,
    Competency,
    CompetencyLevel,
    KeyPosition,
    Placement,
    Readiness,
    Standard,
    Successor,
    TalentReview,
)
from .selectors import default_level, jpm_scores, parameters_for

CAMPUS = "IPDN-NTB"
ASSESSED_SHARE = 0.85
ACTOR = "demo"


def clear(agency_ids: list[int]) -> None:
    Successor.objects.filter(key_position__agency_id__in=agency_ids).delete()
    KeyPosition.objects.filter(agency_id__in=agency_ids).delete()
    BoxMove.objects.filter(review__agency_id__in=agency_ids).delete()
    TalentReview.objects.filter(agency_id__in=agency_ids).delete()
    Placement.objects.filter(agency_id__in=agency_ids).delete()
    Assessment.objects.filter(agency_id__in=agency_ids).delete()
    Standard.objects.filter(agency_id__in=agency_ids).delete()


def assessments_for(agency: Agency, rng: random.Random, today: dt.date) -> list[Assessment]:
    """Levels around each person's position default (some above, some below), a potential score, a method."""
    params = parameters_for(agency.pk)
    people = Employee.objects.filter(agency=agency, status__in=ACTIVE_STATUSES).values_list("pk", "position__level")
    rows = []
    for pk, level in people.order_by("pk"):
        if rng.random() > ASSESSED_SHARE:
            continue
        base = default_level(level or "PELAKSANA", today, params)
        talent = rng.gauss(0.1, 0.8)
        levels = {c: max(1, min(5, round(base + talent + rng.gauss(0, 0.5)))) for c in COMPETENCIES}
        score = Decimal(str(round(max(40.0, min(99.0, rng.gauss(80 + 6 * talent, 7))), 2)))
        day = dt.date(today.year - 1, rng.randint(2, 11), rng.randint(1, 28))
        method = AssessmentMethod.AC if level in MANAGERIAL_LEVELS else AssessmentMethod.CACT
        rows.append(
            Assessment(
                agency=agency,
                employee_id=pk,
                assessed_on=day,
                method=method,
                assessor="UPT Penilaian Kompetensi ASN BKN Regional X" if method == "AC" else "CACT BKN",
                levels=levels,
                potential_score=score,
                current=True,
            )
        )
    return rows


def load(*, agencies: dict[str, Agency], today: dt.date, seed: int) -> None:
    # The national dictionary comes with migration 0002; a database flushed since (tests, a restore) gets it back.
    load_national_dictionary(Competency, CompetencyLevel)
    agency = agencies.get(CAMPUS)
    if agency is None:
        return
    rng = random.Random(seed * 31 + 4)
    rows = assessments_for(agency, rng, today)
    Assessment.objects.bulk_create(rows, batch_size=1000)
    audit_record(
        actor=ACTOR,
        action="talent.assessment.import",
        agency_id=agency.pk,
        object_type="talent.assessment",
        object_repr=f"demo: {len(rows)} rows",
        changes={"rows": len(rows)},
    )
    params = parameters_for(agency.pk)
    period = today.year - 1
    for year in (period - 1, period):
        run_talent_map(agency_id=agency.pk, year=year, params=params, actor=ACTOR)
    _key_positions(agency, period, rng)


def _key_positions(agency: Agency, period: int, rng: random.Random) -> None:
    """The two highest managerial positions with an incumbent become key positions; each gets successors from the
    pool (best JPM against the position first), one review move is recorded."""
    order = ("JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS")
    held = (
        Position.objects.filter(agency=agency, level__in=order, holders__status__in=ACTIVE_STATUSES)
        .distinct()
        .order_by("name")
    )
    chosen = sorted(held, key=lambda p: (order.index(p.level), p.name))[:2]
    pool = list(
        Placement.objects.filter(agency=agency, year=period, box__in=(7, 8, 9))
        .order_by("-box", "-potential_value", "employee_id")
        .values_list("employee_id", "box")
    )
    readiness = (Readiness.NOW, Readiness.ONE_TWO_YEARS, Readiness.THREE_PLUS_YEARS)
    actions = (
        "Pelatihan Kepemimpinan Administrator (PKA); penugasan sebagai pelaksana harian",
        "Coaching oleh pejabat saat ini; rotasi ke unit perencanaan",
        "Magang di BKD Provinsi NTB; proyek perubahan",
    )
    for impact, position in zip(("HIGH", "MEDIUM"), chosen, strict=False):
        key = services.key_position_mark(actor=ACTOR, position=position, impact=impact)
        candidates = [pk for pk, _box in pool if not Employee.objects.filter(pk=pk, position=position).exists()]
        scores = jpm_scores(position.pk, candidates)
        ranked = sorted(candidates, key=lambda pk: (-(scores[pk].jpm or 0), pk))[:3]
        boxes = dict(pool)
        for i, pk in enumerate(ranked):
            score = scores[pk]
            services.successor_nominate(
                actor=ACTOR,
                key_position=key,
                employee=Employee.objects.get(pk=pk),
                readiness=readiness[i % 3],
                development=actions[i % 3],
                eligibility={
                    "year": period,
                    "box": boxes[pk],
                    "jpm": score.jpm,
                    "category": score.category,
                    "gaps": [list(g) for g in score.gaps],
                },
            )
    review = services.review_create(
        actor=ACTOR,
        agency=agency,
        year=period,
        held_on=dt.date(period + 1, 2, 12),
        title=f"Rapat Talent Review {period}",
        members="Direktur (ketua); Kepala Bagian Umum; Kepala Subbagian Kepegawaian (sekretaris)",
        notes="Kalibrasi hasil pemetaan talenta sebelum penetapan kelompok rencana suksesi.",
    )
    candidate = Placement.objects.filter(agency=agency, year=period, box=5).order_by("-potential_value", "pk").first()
    if candidate is not None:
        services.box_move(
            actor=ACTOR,
            review=review,
            placement=candidate,
            to_box=8,
            reason="Memimpin proyek digitalisasi layanan kepegawaian kampus dengan hasil di atas target.",
        )
