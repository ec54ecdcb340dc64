"""The workforce part of `jenjang demo`: the ABK of two units of the campus (Subbagian Kepegawaian and Subbagian
Tata Usaha dan Rumah Tangga) for this year and last year, and one matching run over a few positions to fill, with
one decision that departs from the recommendation (so the merit auditor has something to read)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from jenjang.organization.models import Position
from jenjang.personnel.models import EmployeeStatus

from .models import MatchingDecision, MatchingRun, WorkloadTask

CAMPUS = "IPDN-NTB"
UNITS = ("ADM-KEP", "ADM-TU")
FILL = ("Kepala Subbagian Kepegawaian", "Analis", "Pengadministrasi Umum", "Arsiparis")

# Tasks by a word in the position's name: (task, output unit, share of the workload, standard minutes).
TASKS: dict[str, tuple[tuple[str, str, float, int], ...]] = {
    "Kepala": (
        ("Menyusun rencana kerja dan anggaran subbagian", "dokumen", 0.15, 480),
        ("Memeriksa dan memaraf naskah dinas", "naskah", 0.45, 15),
        ("Memimpin rapat koordinasi dan membina staf", "rapat", 0.25, 120),
        ("Menilai kinerja (SKP) bawahan", "SKP", 0.15, 90),
    ),
    "Analis": (
        ("Menyusun analisis jabatan dan beban kerja", "dokumen", 0.3, 600),
        ("Memverifikasi usul kenaikan pangkat", "berkas", 0.35, 45),
        ("Mengolah data kinerja pegawai", "laporan", 0.2, 240),
        ("Menyiapkan bahan mutasi dan rotasi", "berkas", 0.15, 120),
    ),
    "Arsiparis": (
        ("Mendeskripsikan arsip dinamis", "berkas", 0.5, 20),
        ("Menata dan memindahkan arsip inaktif", "boks", 0.3, 90),
        ("Melayani peminjaman arsip", "layanan", 0.2, 15),
    ),
    "Pranata": (
        ("Memelihara perangkat dan jaringan", "perangkat", 0.5, 60),
        ("Menangani gangguan layanan TI", "tiket", 0.5, 30),
    ),
    "Pengemudi": (
        ("Mengemudikan kendaraan dinas", "perjalanan", 0.8, 120),
        ("Merawat kendaraan dinas", "kendaraan", 0.2, 240),
    ),
    "Pramu": (
        ("Membersihkan dan menata ruang kerja", "ruang", 0.7, 45),
        ("Menyiapkan keperluan rapat", "rapat", 0.3, 60),
    ),
}
GENERIC = (
    ("Mengagendakan surat masuk dan keluar", "surat", 0.4, 10),
    ("Mengolah data dan menyusun laporan berkala", "laporan", 0.35, 180),
    ("Melayani permintaan informasi", "layanan", 0.25, 20),
)
EFFECTIVE = 75_000  # minutes a year (the `workload.effective_minutes` default), only to size the synthetic volumes


def _tasks_for(name: str) -> tuple[tuple[str, str, float, int], ...]:
    for word, tasks in TASKS.items():
        if word.lower() in name.lower():
            return tasks
    return GENERIC


def clear(agency_ids: list[int]) -> None:
    MatchingDecision.objects.filter(agency_id__in=agency_ids).delete()
    MatchingRun.objects.filter(agency_id__in=agency_ids).delete()
    WorkloadTask.objects.filter(agency_id__in=agency_ids).delete()


def load(*, agencies: dict[str, Any], today: dt.date, seed: int) -> None:
    agency = agencies.get(CAMPUS)
    if agency is None:
        return
    rng = random.Random(f"workforce-{seed}")
    positions = list(
        Position.objects.filter(agency=agency, unit__code__in=UNITS, is_active=True)
        .annotate(staff=Count("holders", filter=Q(holders__status=EmployeeStatus.ACTIVE)))
        .order_by("unit__path", "name", "id")
    )
    rows = []
    for year in (today.year - 1, today.year):
        for position in positions:
            # A workload between 0.55 and 1.35 people per holder (at least half a person for a vacant post).
            people = max(position.staff, 1) * rng.uniform(0.55, 1.35)
            for task, output, share, minutes in _tasks_for(position.name):
                volume = max(1, round(people * EFFECTIVE * share / minutes))
                rows.append(
                    WorkloadTask(
                        agency=agency,
                        year=year,
                        position=position,
                        task=task,
                        output_unit=output,
                        volume=Decimal(volume),
                        minutes=Decimal(minutes),
                    )
                )
    WorkloadTask.objects.bulk_create(rows, batch_size=1000)

    chosen: list[int] = []
    candidates = Position.objects.filter(agency=agency, is_active=True, unit__code__in=("ADM-KEP", "ADM-TU"))
    for word in FILL:
        found = candidates.filter(name__icontains=word).exclude(pk__in=chosen).order_by("id").first()
        if found is not None:
            chosen.append(found.pk)
    if not chosen:
        return
    from jenjang.accounts.models import User

    from .matching import decision_record, run_create

    leader = User.objects.filter(username="pimpinan").first()
    run = run_create(
        actor=leader,
        agency_id=agency.pk,
        title="Pengisian jabatan Bagian Administrasi Umum",
        as_of=today,
        position_ids=chosen,
        unit_id=None,
    )
    if leader is None or not run.result:
        return
    for vacancy in run.result["vacancies"]:
        others = [r for r in vacancy["ranking"] if r["employee_id"] != vacancy["optimal"]]
        if vacancy["optimal"] and others:
            decision_record(
                actor=leader,
                run=run,
                position_id=vacancy["position_id"],
                employee_id=others[0]["employee_id"],
                reason="Calon peringkat berikutnya sedang menyelesaikan proyek digitalisasi arsip di unit ini; "
                "penempatan calon rekomendasi ditunda satu semester.",
            )
            break
