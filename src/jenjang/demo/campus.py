"""The demo agencies as data: IPDN Kampus NTB (about 200 employees) and BKD Provinsi NTB (about 30).

A unit tree, and per unit the slots to fill: how many people of which track (career shape) and employment type.
"""

from __future__ import annotations

from dataclasses import dataclass

from .careers import Rung, Track

PASSWORD = "jenjang-demo-2026"  # noqa: S105 - documented in the README; printed by `jenjang demo`


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    parent: str | None = None


@dataclass(frozen=True)
class Slot:
    unit: str
    track: Track
    count: int
    pppk_share: float = 0.0  # share of PPPK among the holders
    cpns: int = 0  # how many of them are CPNS (appointed within the year)


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    short_name: str
    kind: str
    province: str
    address: str
    units: tuple[UnitSpec, ...]
    slots: tuple[Slot, ...]


def expert_ladder(family: str) -> tuple[Rung, ...]:
    return (
        Rung("I/a", "JF_AHLI_PERTAMA", f"{family} Ahli Pertama"),
        Rung("III/c", "JF_AHLI_MUDA", f"{family} Ahli Muda"),
        Rung("IV/a", "JF_AHLI_MADYA", f"{family} Ahli Madya"),
    )


def skill_ladder(family: str) -> tuple[Rung, ...]:
    return (
        Rung("I/a", "JF_TERAMPIL", f"{family} Terampil"),
        Rung("III/a", "JF_MAHIR", f"{family} Mahir"),
        Rung("III/c", "JF_PENYELIA", f"{family} Penyelia"),
    )


ADMIN_MAJORS = ("Ilmu Pemerintahan", "Administrasi Publik", "Manajemen", "Hukum", "Ekonomi Pembangunan")


def structural(key: str, post: tuple[str, str], before: tuple[Rung, ...], educations, service) -> Track:  # type: ignore[no-untyped-def]
    level, name = post
    return Track(
        key=key,
        ladder=(*before, Rung("IV/e", level, name)),
        educations=educations,
        service=service,
        fixed_final=True,
        majors=ADMIN_MAJORS,
        titles={"S1": ("S.Sos.", "S.IP.", "S.STP.", "S.E.", "S.H."), "S2": ("M.Si.", "M.AP.", "M.M.")},
    )


STAFF = Rung("I/a", "PELAKSANA", "Pengadministrasi Umum")


def kasubbag(unit: str) -> Track:
    return structural(
        f"kasubbag:{unit}", ("PENGAWAS", f"Kepala {unit}"), (STAFF,), (("S1", 7), ("S2", 3), ("D4", 1)), (10, 24)
    )


def kabag(unit: str) -> Track:
    return structural(
        f"kabag:{unit}",
        ("ADMINISTRATOR", f"Kepala {unit}"),
        (STAFF, Rung("III/c", "PENGAWAS", f"Kepala Subbagian pada {unit}")),
        (("S2", 8), ("S1", 2)),
        (17, 28),
    )


def pelaksana(name: str, educations=(("SLTA", 5), ("D3", 2), ("S1", 3))) -> Track:  # type: ignore[no-untyped-def]
    return Track(key=f"pelaksana:{name}", ladder=(Rung("I/a", "PELAKSANA", name),), educations=educations,
                 service=(5, 30), majors=ADMIN_MAJORS)  # fmt: skip


LECTURER_MAJORS = ("Ilmu Pemerintahan", "Administrasi Publik", "Hukum Tata Negara", "Kebijakan Publik", "Manajemen")
DOSEN = Track(
    key="dosen",
    ladder=(
        Rung("I/a", "JF_AHLI_PERTAMA", "Dosen Asisten Ahli"),
        Rung("III/c", "JF_AHLI_MUDA", "Dosen Lektor"),
        Rung("IV/a", "JF_AHLI_MADYA", "Dosen Lektor Kepala"),
    ),
    educations=(("S2", 7), ("S3", 3)),
    service=(5, 30),
    family="Dosen",
    occupation="DOSEN",
    majors=LECTURER_MAJORS,
    titles={"S1": ("S.IP.", "S.Sos.", "S.STP.", "S.H."), "S2": ("M.Si.", "M.AP.", "M.H.")},
)
PROFESOR = Track(
    key="profesor",
    ladder=(*DOSEN.ladder, Rung("IV/b", "JF_AHLI_UTAMA", "Dosen Guru Besar (Profesor)")),
    educations=(("S3", 1),),
    service=(25, 31),
    family="Dosen",
    occupation="PROFESOR",
    fixed_final=True,
    majors=LECTURER_MAJORS,
)
PENGASUH = Track(key="pengasuh", ladder=expert_ladder("Pengasuh Praja"), educations=(("S1", 8), ("S2", 2)),
                 service=(5, 28), family="Pengasuh Praja", majors=ADMIN_MAJORS)  # fmt: skip
ANALIS_SDM = Track(key="analis-sdm", ladder=expert_ladder("Analis SDM Aparatur"), educations=(("S1", 8), ("S2", 2)),
                   service=(5, 26), family="Analis SDM Aparatur",
                   majors=("Manajemen SDM", "Psikologi", "Administrasi Publik"))  # fmt: skip
ANALIS_KEU = Track(key="analis-keu", ladder=expert_ladder("Analis Keuangan Pusat dan Daerah"),
                   educations=(("S1", 9), ("S2", 1)), service=(5, 24), family="Analis Keuangan Pusat dan Daerah",
                   majors=("Akuntansi", "Ekonomi Pembangunan"))  # fmt: skip
PUSTAKAWAN = Track(key="pustakawan", ladder=expert_ladder("Pustakawan"), educations=(("S1", 1),), service=(5, 22),
                   family="Pustakawan", majors=("Ilmu Perpustakaan",))  # fmt: skip
PRANATA_KOMPUTER = Track(key="prakom", ladder=skill_ladder("Pranata Komputer"), educations=(("D3", 1),),
                         service=(5, 20), family="Pranata Komputer",
                         majors=("Teknik Informatika", "Manajemen Informatika"),
                         titles={"D3": ("A.Md.Kom.", "A.Md.")})  # fmt: skip
ARSIPARIS = Track(key="arsiparis", ladder=skill_ladder("Arsiparis"), educations=(("D3", 2), ("SLTA", 1)),
                  service=(5, 26), family="Arsiparis", majors=("Kearsipan",), titles={"D3": ("A.Md.",)})  # fmt: skip
PERAWAT = Track(key="perawat", ladder=skill_ladder("Perawat"), educations=(("D3", 1),), service=(5, 25),
                family="Perawat", majors=("Keperawatan",), titles={"D3": ("A.Md.Kep.",)})  # fmt: skip
DOKTER = Track(key="dokter", ladder=expert_ladder("Dokter"), educations=(("S1", 1),), service=(5, 22),
               family="Dokter", majors=("Pendidikan Dokter",), titles={"S1": ("",), "front": ("dr.",)})  # fmt: skip
LOW_EDUCATION = (("SD", 2), ("SLTP", 3), ("SLTA", 5))

IPDN = AgencySpec(
    code="IPDN-NTB",
    name="Institut Pemerintahan Dalam Negeri Kampus Nusa Tenggara Barat",
    short_name="IPDN Kampus NTB",
    kind="CENTRAL",
    province="Nusa Tenggara Barat",
    address="Jl. Raya Mataram–Labuapi, Lombok Barat",
    units=(
        UnitSpec("IPDN-NTB", "IPDN Kampus NTB"),
        UnitSpec("AKD", "Bagian Akademik", "IPDN-NTB"),
        UnitSpec("AKD-ADM", "Subbagian Administrasi Akademik", "AKD"),
        UnitSpec("AKD-EVL", "Subbagian Evaluasi Pembelajaran", "AKD"),
        UnitSpec("PGS", "Bagian Pengasuhan", "IPDN-NTB"),
        UnitSpec("PGS-ASH", "Subbagian Pengasuhan Praja", "PGS"),
        UnitSpec("PGS-TIB", "Subbagian Pembinaan Ketertiban Praja", "PGS"),
        UnitSpec("ADM", "Bagian Administrasi Umum", "IPDN-NTB"),
        UnitSpec("ADM-KEP", "Subbagian Kepegawaian", "ADM"),
        UnitSpec("ADM-KEU", "Subbagian Keuangan", "ADM"),
        UnitSpec("ADM-TU", "Subbagian Tata Usaha dan Rumah Tangga", "ADM"),
        UnitSpec("KES", "Unit Kesehatan (Poliklinik)", "IPDN-NTB"),
        UnitSpec("DSN", "Kelompok Jabatan Fungsional Dosen", "IPDN-NTB"),
    ),
    slots=(
        Slot(
            "IPDN-NTB",
            structural("direktur", ("JPT_PRATAMA", "Direktur IPDN Kampus NTB"), DOSEN.ladder, (("S3", 1),), (24, 30)),
            1,
        ),
        Slot("AKD", kabag("Bagian Akademik"), 1),
        Slot("AKD-ADM", kasubbag("Subbagian Administrasi Akademik"), 1),
        Slot("AKD-ADM", pelaksana("Pengelola Data Akademik"), 7, pppk_share=0.4, cpns=1),
        Slot("AKD-ADM", PUSTAKAWAN, 2),
        Slot("AKD-ADM", PRANATA_KOMPUTER, 2, pppk_share=0.5),
        Slot("AKD-EVL", kasubbag("Subbagian Evaluasi Pembelajaran"), 1),
        Slot("AKD-EVL", pelaksana("Pengolah Data Evaluasi Pembelajaran"), 6, pppk_share=0.35),
        Slot("PGS", kabag("Bagian Pengasuhan"), 1),
        Slot("PGS-ASH", kasubbag("Subbagian Pengasuhan Praja"), 1),
        Slot("PGS-ASH", PENGASUH, 30, pppk_share=0.2, cpns=2),
        Slot("PGS-TIB", kasubbag("Subbagian Pembinaan Ketertiban Praja"), 1),
        Slot(
            "PGS-TIB",
            pelaksana("Pengawal Tahanan dan Ketertiban", (("SLTA", 8), ("D3", 1), ("S1", 1))),
            8,
            pppk_share=0.4,
        ),
        Slot("ADM", kabag("Bagian Administrasi Umum"), 1),
        Slot("ADM-KEP", kasubbag("Subbagian Kepegawaian"), 1),
        Slot("ADM-KEP", ANALIS_SDM, 4, cpns=1),
        Slot("ADM-KEP", ARSIPARIS, 1),
        Slot("ADM-KEP", pelaksana("Pengadministrasi Kepegawaian"), 3, pppk_share=0.3),
        Slot("ADM-KEU", kasubbag("Subbagian Keuangan"), 1),
        Slot("ADM-KEU", ANALIS_KEU, 3),
        Slot("ADM-KEU", pelaksana("Pengelola Keuangan"), 6, pppk_share=0.3),
        Slot("ADM-TU", kasubbag("Subbagian Tata Usaha dan Rumah Tangga"), 1),
        Slot("ADM-TU", ARSIPARIS, 2),
        Slot("ADM-TU", PRANATA_KOMPUTER, 2),
        Slot("ADM-TU", pelaksana("Pengadministrasi Umum"), 12, pppk_share=0.35, cpns=1),
        Slot("ADM-TU", pelaksana("Pengemudi", LOW_EDUCATION), 8, pppk_share=0.5),
        Slot("ADM-TU", pelaksana("Pramu Bakti", LOW_EDUCATION), 10, pppk_share=0.6),
        Slot("KES", kasubbag("Unit Kesehatan (Poliklinik)"), 1),
        Slot("KES", DOKTER, 2),
        Slot("KES", PERAWAT, 7, pppk_share=0.4),
        Slot("KES", pelaksana("Pengelola Obat dan Perbekalan Kesehatan"), 2, pppk_share=0.5),
        Slot("DSN", DOSEN, 66, pppk_share=0.2, cpns=1),
        Slot("DSN", PROFESOR, 2),
    ),
)

BKD = AgencySpec(
    code="BKD-NTB",
    name="Badan Kepegawaian Daerah Provinsi Nusa Tenggara Barat",
    short_name="BKD Provinsi NTB",
    kind="PROVINCE",
    province="Nusa Tenggara Barat",
    address="Jl. Pejanggik No. 12, Mataram",
    units=(
        UnitSpec("BKD", "BKD Provinsi NTB"),
        UnitSpec("SEK", "Sekretariat", "BKD"),
        UnitSpec("SEK-UM", "Subbagian Umum dan Kepegawaian", "SEK"),
        UnitSpec("MUT", "Bidang Mutasi dan Promosi", "BKD"),
        UnitSpec("PKP", "Bidang Pengembangan Kompetensi Aparatur", "BKD"),
        UnitSpec("INF", "Bidang Data dan Informasi Kepegawaian", "BKD"),
    ),
    slots=(
        Slot(
            "BKD",
            structural(
                "kepala-bkd",
                ("JPT_PRATAMA", "Kepala Badan Kepegawaian Daerah"),
                (*kabag("Sekretariat").ladder[:-1], Rung("IV/a", "ADMINISTRATOR", "Kepala Bidang")),
                (("S2", 1),),
                (24, 30),
            ),
            1,
        ),
        Slot("SEK", kabag("Sekretariat"), 1),
        Slot("SEK-UM", kasubbag("Subbagian Umum dan Kepegawaian"), 1),
        Slot("SEK-UM", pelaksana("Pengadministrasi Umum"), 4, pppk_share=0.5),
        Slot("MUT", kabag("Bidang Mutasi dan Promosi"), 1),
        Slot("MUT", ANALIS_SDM, 5, pppk_share=0.2),
        Slot("MUT", pelaksana("Pengelola Data Mutasi"), 3, pppk_share=0.3),
        Slot("PKP", kabag("Bidang Pengembangan Kompetensi Aparatur"), 1),
        Slot("PKP", ANALIS_SDM, 4),
        Slot("PKP", pelaksana("Pengelola Pengembangan Kompetensi"), 2, pppk_share=0.5),
        Slot("INF", kabag("Bidang Data dan Informasi Kepegawaian"), 1),
        Slot("INF", PRANATA_KOMPUTER, 3, pppk_share=0.3),
        Slot("INF", pelaksana("Pengolah Data Kepegawaian"), 2, pppk_share=0.5),
    ),
)

AGENCIES = (IPDN, BKD)
DEMO_CODES = tuple(spec.code for spec in AGENCIES)

# Demo users: (username, role, agency code, who: "" | "head:<unit>" | "member:<unit>").
USERS = (
    ("admin", "ADMIN", "IPDN-NTB", ""),
    ("kepegawaian", "PERSONNEL", "IPDN-NTB", ""),
    ("pimpinan", "LEADER", "IPDN-NTB", "head:IPDN-NTB"),
    ("atasan", "SUPERVISOR", "IPDN-NTB", "head:ADM-KEP"),
    ("pegawai", "EMPLOYEE", "IPDN-NTB", "member:ADM-KEP"),
    ("auditor", "AUDITOR", "IPDN-NTB", ""),
    ("admin.bkd", "ADMIN", "BKD-NTB", ""),
)
