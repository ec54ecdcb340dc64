"""careers' part of `jenjang demo`: the campus's published career pattern, one IDP and the early warnings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jenjang.domain.vocab import rank_code

from .models import CareerPattern, CareerWarning, DevelopmentAction, PatternEdge, PatternNode, PatternStatus

# (label, level)
NODES = (
    ("Pelaksana", "PELAKSANA"),
    ("Pengawas (Kepala Subbagian)", "PENGAWAS"),
    ("Administrator (Kepala Bagian)", "ADMINISTRATOR"),
    ("JPT Pratama (Direktur)", "JPT_PRATAMA"),
    ("JF Ahli Pertama", "JF_AHLI_PERTAMA"),
    ("JF Ahli Muda", "JF_AHLI_MUDA"),
    ("JF Ahli Madya", "JF_AHLI_MADYA"),
    ("JF Terampil", "JF_TERAMPIL"),
    ("JF Mahir", "JF_MAHIR"),
    ("JF Penyelia", "JF_PENYELIA"),
)
# (from, to, move type, direction, min rank, min education, years in rank, years in position, JP, competency, note)
EDGES: tuple[tuple[Any, ...], ...] = (
    ("Pelaksana", "Pengawas (Kepala Subbagian)", "VERTICAL", "VERTICAL", "III/b", "D3", None, 4, 20, 2,
     "PP 11/2017 ps. 54 (syarat Pengawas)"),
    ("Pengawas (Kepala Subbagian)", "Administrator (Kepala Bagian)", "VERTICAL", "VERTICAL", "III/d", "S1", None, 3,
     40, 3, "PP 11/2017 ps. 54 (syarat Administrator)"),
    ("Administrator (Kepala Bagian)", "JPT Pratama (Direktur)", "VERTICAL", "VERTICAL", "IV/b", "S1", None, 2, 40, 4,
     "PP 11/2017 ps. 107 jo PP 17/2020; seleksi terbuka"),
    ("Pelaksana", "JF Ahli Pertama", "S_TO_F", "EXPLORATION", "III/a", "S1", 1, 2, 20, 2,
     "Perpindahan dari jabatan lain ke JF (uji kompetensi)"),
    ("Pelaksana", "JF Terampil", "S_TO_F", "EXPLORATION", "II/b", "D3", 1, 2, 20, 2,
     "Perpindahan dari jabatan lain ke JF keterampilan"),
    ("JF Ahli Pertama", "JF Ahli Muda", "VERTICAL", "VERTICAL", "III/c", "S1", 2, None, 20, 2, "Angka kredit"),
    ("JF Ahli Muda", "JF Ahli Madya", "VERTICAL", "VERTICAL", "IV/a", "S1", 2, None, 20, 3, "Angka kredit"),
    ("JF Terampil", "JF Mahir", "VERTICAL", "VERTICAL", "III/a", "D3", 2, None, 20, 2, "Angka kredit"),
    ("JF Mahir", "JF Penyelia", "VERTICAL", "VERTICAL", "III/c", "D3", 2, None, 20, 2, "Angka kredit"),
    ("Pengawas (Kepala Subbagian)", "JF Ahli Muda", "S_TO_F", "LATERAL", "III/c", "S1", None, 2, 20, 3,
     "Penyetaraan/pindah ke JF setara"),
    ("Administrator (Kepala Bagian)", "JF Ahli Madya", "S_TO_F", "LATERAL", "IV/a", "S1", None, 2, 20, 3,
     "Penyetaraan/pindah ke JF setara"),
    ("JF Ahli Muda", "Pengawas (Kepala Subbagian)", "F_TO_S", "ENRICHMENT", "III/c", "S1", None, 2, 20, 3,
     "Memperkaya pengalaman manajerial"),
    ("JF Ahli Madya", "JPT Pratama (Direktur)", "F_TO_S", "VERTICAL", "IV/b", "S1", None, 2, 40, 4,
     "PP 11/2017 ps. 107 jo PP 17/2020; seleksi terbuka"),
    ("JF Penyelia", "Pengawas (Kepala Subbagian)", "DIAGONAL", "VERTICAL", "III/c", "D3", None, 2, 20, 2, ""),
    ("Pelaksana", "Administrator (Kepala Bagian)", "DIAGONAL", "RELOCATION", "III/d", "S1", None, 5, 60, 3,
     "Hanya melalui seleksi; jarang"),
    ("Pengawas (Kepala Subbagian)", "Pelaksana", "VERTICAL", "DOWNWARD", None, "", None, None, None, None,
     "Atas permintaan sendiri atau hasil evaluasi kinerja"),
)  # fmt: skip


def clear(agency_ids: list[int]) -> None:
    DevelopmentAction.objects.filter(agency_id__in=agency_ids).delete()
    CareerWarning.objects.filter(agency_id__in=agency_ids).delete()
    CareerPattern.objects.filter(agency_id__in=agency_ids).delete()


def load_pattern(agency: Any) -> CareerPattern:
    pattern = CareerPattern.objects.create(
        agency=agency,
        name="Pola Karier IPDN Kampus NTB",
        description=(
            "Jalur struktural (Pelaksana, Pengawas, Administrator, JPT Pratama) dan fungsional (keahlian dan "
            "keterampilan) sebagai jalur yang setara, dengan perpindahan di antara keduanya."
        ),
        status=PatternStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    nodes = {label: PatternNode.objects.create(pattern=pattern, label=label, level=level) for label, level in NODES}
    PatternEdge.objects.bulk_create(
        PatternEdge(
            pattern=pattern,
            source=nodes[src],
            target=nodes[dst],
            move_type=move,
            direction=direction,
            min_rank=rank_code(rank) if rank else None,
            min_education=edu,
            min_years_in_rank=yr,
            min_years_in_position=yp,
            min_training_hours=jp,
            min_competency_level=comp,
            note=note,
        )
        for src, dst, move, direction, rank, edu, yr, yp, jp, comp, note in EDGES
    )
    return pattern


def load(*, agencies: dict[str, Any], today: dt.date, seed: int) -> None:
    campus = agencies.get("IPDN-NTB")
    if campus is None:
        return
    load_pattern(campus)
    from jenjang.accounts.models import User

    employee_user = User.objects.filter(username="pegawai").select_related("employee").first()
    if employee_user is not None and employee_user.employee_id:
        DevelopmentAction.objects.create(
            agency=campus,
            employee_id=employee_user.employee_id,
            title="Pelatihan Manajemen SDM Aparatur",
            kind="TRAINING",
            hours=40,
            target_date=today + dt.timedelta(days=120),
            goal="Syarat pelatihan untuk perpindahan ke Pengawas",
            proposed_by=employee_user,
        )
    from .warnings import warnings_send

    warnings_send(today=today, agency_ids=[campus.pk], email=False)
