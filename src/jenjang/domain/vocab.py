"""The rules contract's vocabularies (shared/docs/rules-contract.md), with the orderings the rules need."""

from __future__ import annotations

from enum import StrEnum

from .text import Text, t

# PNS rank (golongan/ruang) in order. Stored in the database as a small integer code 11..14, 21..24, 31..34, 41..45.
RANKS: tuple[str, ...] = (
    "I/a", "I/b", "I/c", "I/d",
    "II/a", "II/b", "II/c", "II/d",
    "III/a", "III/b", "III/c", "III/d",
    "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
)  # fmt: skip
RANK_ORDINAL: dict[str, int] = {rank: i for i, rank in enumerate(RANKS, start=1)}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
RANK_PANGKAT: dict[str, str] = dict(
    zip(
        RANKS,
        (
            "Juru Muda", "Juru Muda Tingkat I", "Juru", "Juru Tingkat I",
            "Pengatur Muda", "Pengatur Muda Tingkat I", "Pengatur", "Pengatur Tingkat I",
            "Penata Muda", "Penata Muda Tingkat I", "Penata", "Penata Tingkat I",
            "Pembina", "Pembina Tingkat I", "Pembina Utama Muda", "Pembina Utama Madya", "Pembina Utama",
        ),
        strict=True,
    )
)  # fmt: skip


def rank_code(rank: str) -> int:
    """'III/a' -> 31 (the storage code)."""
    group, room = rank.split("/")
    return _ROMAN[group] * 10 + (ord(room) - ord("a") + 1)


def rank_from_code(code: int) -> str:
    group = {v: k for k, v in _ROMAN.items()}[code // 10]
    return f"{group}/{chr(ord('a') + code % 10 - 1)}"


def next_rank(rank: str) -> str | None:
    i = RANK_ORDINAL[rank]
    return RANKS[i] if i < len(RANKS) else None


EDUCATION: tuple[str, ...] = ("SD", "SLTP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
EDUCATION_ORDINAL: dict[str, int] = {e: i for i, e in enumerate(EDUCATION, start=1)}
EDUCATION_LABEL: dict[str, Text] = {
    "SD": t("SD (sekolah dasar)", "Primary school (SD)"),
    "SLTP": t("SLTP/SMP", "Junior secondary (SLTP)"),
    "SLTA": t("SLTA/SMA/SMK", "Senior secondary (SLTA)"),
    "D1": t("Diploma I", "Diploma I"),
    "D2": t("Diploma II", "Diploma II"),
    "D3": t("Diploma III", "Diploma III"),
    "D4": t("Diploma IV", "Diploma IV"),
    "S1": t("Sarjana (S1)", "Bachelor (S1)"),
    "S2": t("Magister (S2)", "Master (S2)"),
    "S3": t("Doktor (S3)", "Doctorate (S3)"),
}


class PositionLevel(StrEnum):
    JPT_UTAMA = "JPT_UTAMA"
    JPT_MADYA = "JPT_MADYA"
    JPT_PRATAMA = "JPT_PRATAMA"
    ADMINISTRATOR = "ADMINISTRATOR"
    PENGAWAS = "PENGAWAS"
    PELAKSANA = "PELAKSANA"
    JF_AHLI_PERTAMA = "JF_AHLI_PERTAMA"
    JF_AHLI_MUDA = "JF_AHLI_MUDA"
    JF_AHLI_MADYA = "JF_AHLI_MADYA"
    JF_AHLI_UTAMA = "JF_AHLI_UTAMA"
    JF_PEMULA = "JF_PEMULA"
    JF_TERAMPIL = "JF_TERAMPIL"
    JF_MAHIR = "JF_MAHIR"
    JF_PENYELIA = "JF_PENYELIA"


POSITION_LEVEL_LABEL: dict[str, Text] = {
    "JPT_UTAMA": t("JPT Utama", "Senior executive (JPT Utama)"),
    "JPT_MADYA": t("JPT Madya", "Executive (JPT Madya)"),
    "JPT_PRATAMA": t("JPT Pratama", "Director (JPT Pratama)"),
    "ADMINISTRATOR": t("Administrator", "Administrator (manager)"),
    "PENGAWAS": t("Pengawas", "Supervisor (Pengawas)"),
    "PELAKSANA": t("Pelaksana", "Staff (Pelaksana)"),
    "JF_AHLI_PERTAMA": t("JF Ahli Pertama", "Functional, first expert"),
    "JF_AHLI_MUDA": t("JF Ahli Muda", "Functional, junior expert"),
    "JF_AHLI_MADYA": t("JF Ahli Madya", "Functional, middle expert"),
    "JF_AHLI_UTAMA": t("JF Ahli Utama", "Functional, principal expert"),
    "JF_PEMULA": t("JF Pemula", "Functional, beginner (skill)"),
    "JF_TERAMPIL": t("JF Terampil", "Functional, skilled"),
    "JF_MAHIR": t("JF Mahir", "Functional, proficient"),
    "JF_PENYELIA": t("JF Penyelia", "Functional, supervisor (skill)"),
}
MANAGERIAL_LEVELS = frozenset({"JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS"})
FUNCTIONAL_LEVELS = frozenset(level for level in POSITION_LEVEL_LABEL if level.startswith("JF_"))

EXPECTATIONS: tuple[str, ...] = ("ABOVE", "MEETS", "BELOW")
POTENTIALS: tuple[str, ...] = ("HIGH", "MEDIUM", "LOW")

# Performance predicates, best first.
PREDICATES: tuple[str, ...] = ("SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG")
PREDICATE_LABEL: dict[str, Text] = {
    "SANGAT_BAIK": t("Sangat Baik", "Outstanding (Sangat Baik)"),
    "BAIK": t("Baik", "Good (Baik)"),
    "BUTUH_PERBAIKAN": t("Butuh Perbaikan", "Needs improvement"),
    "KURANG": t("Kurang", "Poor (Kurang)"),
    "SANGAT_KURANG": t("Sangat Kurang", "Very poor"),
}


def predicate_at_least(predicate: str, floor: str) -> bool:
    return PREDICATES.index(predicate) <= PREDICATES.index(floor)


COMPETENCIES: tuple[str, ...] = (
    "integrity", "teamwork", "communication", "results_orientation", "public_service",
    "developing_others", "managing_change", "decision_making", "national_cohesion",
)  # fmt: skip

EMPLOYMENT_TYPES: tuple[str, ...] = ("CPNS", "PNS", "PPPK")
GENDERS: tuple[str, ...] = ("M", "F")
