"""performance's part of `jenjang demo`: the current year's period for each demo agency and an SKP for every active
employee at a realistic stage — drafted, submitted, returned, approved (with check-ins and feedback), rated (with the
seven BerAKHLAK ratings and the skp-predicate rule's reasons) and a few appealed. The demo employee ("pegawai") has a
freshly rated SKP, so the appeal can be tried; the demo supervisor ("atasan") has submitted SKPs to approve and approved
ones to rate. Deterministic from the seed; bulk writes only."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from jenjang.accounts.models import User
from jenjang.organization.models import Agency, Unit
from jenjang.personnel.models import ACTIVE_STATUSES, Employee

from . import rules, services
from .models import (
    Amendment,
    Appeal,
    BehaviourRating,
    BerAkhlak,
    CalibrationChange,
    CalibrationSession,
    CheckIn,
    Evidence,
    Feedback,
    FeedbackDirection,
    Indicator,
    Invitation,
    PerformanceAgreement,
    Period,
    Response,
    Rhk,
    Skp,
    SkpStatus,
)

# stage -> weight; "appealed" is a rated SKP with a pending appeal
STAGES = (("DRAFT", 20), ("SUBMITTED", 15), ("RETURNED", 5), ("APPROVED", 30), ("RATED", 25), ("APPEALED", 5))
WORK = (("ABOVE", 2), ("MEETS", 7), ("BELOW", 1))
BEHAVIOUR = (("ABOVE", 2), ("MEETS", 7), ("BELOW", 1))
RESULTS = (
    (
        "Terselenggaranya layanan administrasi kepegawaian yang tepat waktu",
        "Jumlah layanan diselesaikan",
        "{n} layanan",
    ),
    ("Tersusunnya laporan kinerja unit yang akuntabel", "Laporan disampaikan tepat waktu", "{n} laporan"),
    ("Terlaksananya pembelajaran dan pengasuhan praja", "Jumlah SKS diampu", "{n} SKS"),
    ("Meningkatnya kualitas data pegawai", "Persentase data mutakhir", "{p}%"),
    ("Terkelolanya arsip dan persuratan", "Jumlah naskah dinas diproses", "{n} naskah"),
)


def clear(agency_ids: list[int]) -> None:
    skps = Skp.objects.filter(agency_id__in=agency_ids)
    Appeal.objects.filter(skp__in=skps).delete()
    CalibrationChange.objects.filter(skp__in=skps).delete()
    CalibrationSession.objects.filter(period__agency_id__in=agency_ids).delete()
    for model in (Response, Invitation, BehaviourRating, CheckIn, Feedback, Evidence, Amendment):
        model.objects.filter(skp__in=skps).delete()
    Indicator.objects.filter(rhk__skp__in=skps).delete()
    Rhk.objects.filter(skp__in=skps).update(parent=None)
    Rhk.objects.filter(skp__in=skps).delete()
    skps.delete()
    PerformanceAgreement.objects.filter(period__agency_id__in=agency_ids).delete()  # its targets go with it
    Period.objects.filter(agency_id__in=agency_ids).delete()


def _pick(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def load(*, agencies: dict[str, Agency], today: dt.date, seed: int) -> None:
    rng = random.Random(seed * 7 + 3)
    users = {u.username: u for u in User.objects.filter(username__in=["kepegawaian", "atasan", "pegawai", "pimpinan",
                                                                       "admin.bkd"])}  # fmt: skip
    by_employee = dict(User.objects.filter(employee__isnull=False).values_list("employee_id", "pk"))
    for code, agency in sorted(agencies.items()):
        staff = users.get("kepegawaian") if code == "IPDN-NTB" else users.get("admin.bkd")
        if staff is not None:
            _load_agency(agency, rng, today, staff, users, by_employee)


def _load_agency(agency: Agency, rng: random.Random, today: dt.date, staff: User, users: dict[str, User],
                 by_employee: dict[int, int]) -> None:  # fmt: skip
    period = Period.objects.create(agency=agency, year=today.year, cadence="QUARTERLY", organization_predicate="BAIK")
    people = list(
        Employee.objects.filter(agency=agency, status__in=ACTIVE_STATUSES, unit__isnull=False)
        .select_related("unit")
        .order_by("pk")
    )
    heads = services.unit_heads(Unit.objects.filter(agency=agency).values_list("pk", flat=True))
    demo_worker = users.get("pegawai")
    demo_boss = users.get("atasan")
    now = timezone.now()
    params = rules.parameters_for(agency.pk)
    decided: dict[tuple[str, str], dict[str, Any]] = {}
    skps: list[Skp] = []
    stages: dict[int, str] = {}
    for person in people:
        stage = _pick(rng, STAGES)
        if demo_worker is not None and person.pk == demo_worker.employee_id:
            stage = "RATED"
        supervisor = services.supervisor_id_of(person, heads)
        if supervisor is None and stage != "DRAFT":
            stage = "DRAFT"  # the top of the tree: personnel staff would appoint a substitute rater
        if demo_boss is not None and supervisor == demo_boss.employee_id and stage == "DRAFT":
            stage = "SUBMITTED"
        skp = Skp(period=period, agency=agency, employee=person, unit_id=person.unit_id, supervisor_id=supervisor,
                  status={"APPEALED": SkpStatus.RATED}.get(stage, stage))  # fmt: skip
        if stage != "DRAFT":
            skp.submitted_at = now - dt.timedelta(days=rng.randint(60, 120))
        if stage == "RETURNED":
            skp.return_comment = "Target kuantitas belum menggambarkan beban kerja; mohon disesuaikan."
        if stage in ("APPROVED", "RATED", "APPEALED"):
            skp.approved_at = now - dt.timedelta(days=rng.randint(30, 59))
            skp.expectations = "Responsif, tepat waktu, dan berkoordinasi dengan unit terkait."
        if stage in ("RATED", "APPEALED"):
            work, behaviour = _pick(rng, WORK), _pick(rng, BEHAVIOUR)
            if (work, behaviour) not in decided:
                decision = rules.predicate(work, behaviour, today, params)
                decided[(work, behaviour)] = {
                    "predicate": str(decision.result["predicate"]),
                    "reasons": rules.both_languages(rules.SKP_PREDICATE, decision, today),
                }
            skp.work_rating, skp.behaviour_rating = work, behaviour
            skp.predicate = decided[(work, behaviour)]["predicate"]
            skp.predicate_reasons = decided[(work, behaviour)]["reasons"]
            skp.rated_at = now - dt.timedelta(days=2 if stage == "RATED" else rng.randint(3, 8))
            skp.rating_feedback = "Pertahankan kinerja dan tingkatkan kolaborasi lintas unit."
        skps.append(skp)
        stages[person.pk] = stage
    skps = Skp.objects.bulk_create(skps, batch_size=1000)
    by_person = {s.employee_id: s for s in skps}

    rhks = []
    for skp in skps:
        for i in range(rng.randint(1, 2)):
            text = RESULTS[(skp.employee_id + i) % len(RESULTS)][0]
            rhks.append(Rhk(skp=skp, kind="MAIN" if i == 0 else "ADDITIONAL", text=text, order=i + 1))
    rhks = Rhk.objects.bulk_create(rhks, batch_size=1000)
    first_rhk = {}
    for rhk in rhks:
        first_rhk.setdefault(rhk.skp_id, rhk)
    indicators = []
    for rhk in rhks:
        template = next(r for r in RESULTS if r[0] == rhk.text)
        target = template[2].format(n=rng.randint(4, 40) * 5, p=rng.choice((80, 90, 95, 100)))
        indicators.append(Indicator(rhk=rhk, aspect="QUANTITY", text=template[1], target=target))
        indicators.append(Indicator(rhk=rhk, aspect="TIME", text="Penyelesaian tepat waktu", target="12 bulan"))
        if rhk.skp.supervisor_id and rhk.skp.supervisor_id in by_person:
            rhk.parent = first_rhk.get(by_person[rhk.skp.supervisor_id].pk)
    Indicator.objects.bulk_create(indicators, batch_size=2000)
    Rhk.objects.bulk_update([r for r in rhks if r.parent_id], ["parent"], batch_size=1000)

    behaviours, checkins, feedback, appeals = [], [], [], []
    values = list(BerAkhlak.values)
    for skp in skps:
        stage = stages[skp.employee_id]
        rater_user = by_employee.get(skp.supervisor_id or 0)
        if stage in ("RATED", "APPEALED"):
            for value in values:
                rating = skp.behaviour_rating if rng.random() < 0.7 else _pick(rng, BEHAVIOUR)
                behaviours.append(BehaviourRating(skp=skp, value=value, rating=rating))
        if stage in ("APPROVED", "RATED", "APPEALED"):
            author = rater_user or staff.pk
            for number in range(1, min(3, 1 + (today.month - 1) // 3) + 1):
                checkins.append(CheckIn(skp=skp, number=number, author_id=author, progress=_pick(rng, WORK),
                                        notes="Capaian sesuai rencana; dokumentasikan bukti dukung."))  # fmt: skip
            if rater_user:
                feedback.append(Feedback(skp=skp, direction=FeedbackDirection.TO_EMPLOYEE, author_id=rater_user,
                                         text="Laporan bulan ini sudah rapi, lanjutkan."))  # fmt: skip
        if stage == "APPEALED" and skp.supervisor_id:
            rater = next((p for p in people if p.pk == skp.supervisor_id), None)
            decider = services.supervisor_id_of(rater, heads) if rater else None
            appeals.append(Appeal(skp=skp, reason="Bukti dukung kegiatan tambahan belum dipertimbangkan.",
                                  filed_by=staff, deadline=(skp.rated_at + dt.timedelta(days=14)).date(),
                                  decider_id=decider, old_predicate=skp.predicate))  # fmt: skip
    BehaviourRating.objects.bulk_create(behaviours, batch_size=2000)
    CheckIn.objects.bulk_create(checkins, batch_size=2000)
    Feedback.objects.bulk_create(feedback, batch_size=2000)
    Appeal.objects.bulk_create(appeals, batch_size=1000)
