"""The import file format: sheets and their columns.

Headers and sheet names are the file format (fixed, in Bahasa Indonesia, as on the downloadable template); the
explanations on the `Petunjuk` sheet are translated. A header also matches case-insensitively, and by its field key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from jenjang.domain.vocab import EDUCATION, EMPLOYMENT_TYPES, POSITION_LEVEL_LABEL, PREDICATES, RANKS
from jenjang.personnel.models import (
    EmployeeStatus,
    Occupation,
    PerformanceScheme,
    RankKind,
    SanctionLevel,
    TrainingKind,
    TrainingMode,
)

TEXT, DATE, INT, DECIMAL, CODE, RANK, NIP = "text", "date", "int", "decimal", "code", "rank", "nip"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = TEXT
    required: bool = False
    help: Any = ""
    codes: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)  # accepted spellings -> code
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None

    def format_help(self) -> Any:
        return {
            TEXT: _("Teks"),
            DATE: _("Tanggal: sel tanggal Excel, atau teks YYYY-MM-DD atau DD/MM/YYYY"),
            INT: _("Bilangan bulat"),
            DECIMAL: _("Angka"),
            CODE: _("Kode"),
            RANK: _("Golongan, mis. III/a"),
            NIP: _("18 angka, ditulis sebagai teks"),
        }[self.kind]


@dataclass(frozen=True)
class Sheet:
    key: str  # "employee" or a history kind of personnel.services.HISTORY_MODELS
    name: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...] = ()  # history rows already recorded with this key are skipped
    help: Any = ""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _codes(choices: Any) -> tuple[str, ...]:
    return tuple(str(value) for value, _label in choices.choices if value)


def _nip(help: Any = None) -> Column:
    return Column(
        "nip",
        "NIP",
        NIP,
        required=True,
        help=help or _("NIP pegawai (harus ada di lembar Pegawai atau sudah terdaftar di instansi)"),
    )


def _decree() -> tuple[Column, Column]:
    return (
        Column("decree_number", "Nomor SK", max_length=100, help=_("Nomor surat keputusan")),
        Column("decree_date", "Tanggal SK", DATE, help=_("Tanggal surat keputusan")),
    )


GENDER_ALIASES = {"L": "M", "P": "F", "LAKI-LAKI": "M", "PEREMPUAN": "F"}

EMPLOYEE_SHEET = Sheet(
    key="employee",
    name="Pegawai",
    help=_("Satu baris per pegawai. Pegawai yang NIP-nya sudah terdaftar di instansi ini diperbarui; sel kosong "
           "tidak mengubah data yang ada, dan golongan, jabatan, pendidikan serta KGB mengikuti riwayat terbaru "
           "bila selnya kosong."),
    columns=(
        Column("nip", "NIP", NIP, required=True,
               help=_("NIP 18 angka; dicocokkan dengan tanggal lahir dan jenis kelamin")),
        Column("name", "Nama", required=True, max_length=150, help=_("Nama tanpa gelar")),
        Column("front_title", "Gelar depan", max_length=50, help=_("mis. Dr., Ir.")),
        Column("back_title", "Gelar belakang", max_length=80, help=_("mis. S.IP., M.Si.")),
        Column("birth_place", "Tempat lahir", max_length=100),
        Column("birth_date", "Tanggal lahir", DATE, required=True, help=_("Harus sama dengan 8 angka pertama NIP")),
        Column("gender", "Jenis kelamin", CODE, required=True, codes=("M", "F"), aliases=GENDER_ALIASES,
               help=_("M = laki-laki, F = perempuan (L dan P juga diterima)")),
        Column("employment_type", "Jenis kepegawaian", CODE, required=True, codes=EMPLOYMENT_TYPES),
        Column("appointment_date", "TMT CPNS/PPPK", DATE, required=True,
               help=_("Tanggal mulai sebagai CPNS atau PPPK")),
        Column("pns_date", "TMT PNS", DATE),
        Column("rank", "Golongan", RANK, codes=RANKS, help=_("Golongan sekarang; kosong = mengikuti Riwayat Golongan")),
        Column("rank_since", "TMT golongan", DATE),
        Column("pppk_grade", "Golongan PPPK", INT, min_value=1, max_value=17, help=_("Khusus PPPK: 1 sampai 17")),
        Column("education", "Pendidikan terakhir", CODE, codes=EDUCATION,
               help=_("Wajib untuk pegawai baru kecuali diisi lewat Riwayat Pendidikan")),
        Column("unit_code", "Kode unit", help=_("Kode unit kerja di instansi ini")),
        Column("position_code", "Kode jabatan", help=_("Kode jabatan di instansi ini")),
        Column("position_since", "TMT jabatan", DATE),
        Column("occupation", "Profesi", CODE, codes=_codes(Occupation),
               help=_("Kosong, atau DOSEN/PROFESOR (batas usia pensiun tersendiri)")),
        Column("status", "Status", CODE, codes=_codes(EmployeeStatus), help=_("Kosong = ACTIVE untuk pegawai baru")),
        Column("last_salary_increment", "TMT KGB terakhir", DATE),
        Column("email", "Surel", max_length=254),
        Column("phone", "Telepon", max_length=30),
    ),
)  # fmt: skip

HISTORY_SHEETS: tuple[Sheet, ...] = (
    Sheet(
        key="rank",
        name="Riwayat Golongan",
        natural_key=("rank", "effective_date"),
        columns=(
            _nip(),
            Column("rank", "Golongan", RANK, required=True, codes=RANKS),
            Column("effective_date", "TMT golongan", DATE, required=True),
            Column("kind", "Jenis kenaikan", CODE, codes=_codes(RankKind), help=_("Kosong = REGULER")),
            Column("service_years", "Masa kerja (tahun)", INT, min_value=0, max_value=60),
            *_decree(),
        ),
    ),
    Sheet(
        key="position",
        name="Riwayat Jabatan",
        natural_key=("position_name", "start_date"),
        columns=(
            _nip(),
            Column(
                "position_code",
                "Kode jabatan",
                help=_("Kode jabatan di instansi ini; nama, jenjang dan unit diambil darinya"),
            ),
            Column("position_name", "Nama jabatan", max_length=200, help=_("Wajib bila kode jabatan kosong")),
            Column("level", "Jenjang jabatan", CODE, codes=tuple(POSITION_LEVEL_LABEL)),
            Column("unit_name", "Unit kerja", max_length=200),
            Column("start_date", "TMT jabatan", DATE, required=True),
            Column("end_date", "Sampai", DATE, help=_("Kosong = masih menjabat")),
            *_decree(),
        ),
    ),
    Sheet(
        key="education",
        name="Riwayat Pendidikan",
        natural_key=("level", "graduation_date"),
        columns=(
            _nip(),
            Column("level", "Jenjang", CODE, required=True, codes=EDUCATION),
            Column("institution", "Lembaga pendidikan", required=True, max_length=200),
            Column("major", "Jurusan", max_length=200),
            Column("graduation_date", "Tanggal lulus", DATE, required=True),
            *_decree(),
        ),
    ),
    Sheet(
        key="training",
        name="Riwayat Pelatihan",
        natural_key=("name", "start_date"),
        columns=(
            _nip(),
            Column("name", "Nama pelatihan", required=True, max_length=200),
            Column("kind", "Jenis", CODE, codes=_codes(TrainingKind), help=_("Kosong = TEKNIS")),
            Column("mode", "Metode", CODE, codes=_codes(TrainingMode), help=_("Kosong = KLASIKAL")),
            Column("organizer", "Penyelenggara", max_length=200),
            Column("start_date", "Mulai", DATE, required=True),
            Column("end_date", "Selesai", DATE, required=True),
            Column("hours", "JP", INT, required=True, min_value=0, max_value=2000, help=_("Jam pelajaran")),
            *_decree(),
        ),
    ),
    Sheet(
        key="performance",
        name="Riwayat Kinerja",
        natural_key=("year",),
        columns=(
            _nip(),
            Column("year", "Tahun", INT, required=True, min_value=1950, max_value=2100),
            Column("predicate", "Predikat", CODE, required=True, codes=PREDICATES),
            Column("scheme", "Skema", CODE, codes=_codes(PerformanceScheme), help=_("Kosong = SKP_2022")),
            Column("score", "Nilai", DECIMAL, min_value=0, max_value=999),
            Column("source", "Sumber", max_length=50),
        ),
    ),
    Sheet(
        key="award",
        name="Penghargaan",
        natural_key=("name", "awarded_on"),
        columns=(
            _nip(),
            Column("name", "Nama penghargaan", required=True, max_length=200),
            Column("awarded_on", "Tanggal", DATE, required=True),
            Column("giver", "Pemberi", max_length=200),
            *_decree(),
        ),
    ),
    Sheet(
        key="sanction",
        name="Hukuman Disiplin",
        natural_key=("kind", "start_date"),
        columns=(
            _nip(),
            Column("level", "Tingkat", CODE, required=True, codes=_codes(SanctionLevel)),
            Column("kind", "Jenis hukuman", required=True, max_length=200),
            Column("start_date", "Berlaku mulai", DATE, required=True),
            Column("end_date", "Berakhir", DATE),
            *_decree(),
        ),
    ),
    Sheet(
        key="salary",
        name="Riwayat KGB",
        natural_key=("effective_date",),
        columns=(
            _nip(),
            Column("effective_date", "TMT KGB", DATE, required=True),
            Column("service_years", "Masa kerja golongan (tahun)", INT, min_value=0, max_value=60),
            Column("base_salary", "Gaji pokok", INT, min_value=0, max_value=999_999_999),
            *_decree(),
        ),
    ),
)

SHEETS: tuple[Sheet, ...] = (EMPLOYEE_SHEET, *HISTORY_SHEETS)
INSTRUCTIONS_SHEET = "Petunjuk"


def _norm(text: str) -> str:
    return " ".join(str(text).strip().lower().split())


def find_sheet(name: str) -> Sheet | None:
    """A sheet by its name or key, case-insensitively."""
    wanted = _norm(name)
    return next((s for s in SHEETS if wanted in (_norm(s.name), s.key)), None)


def find_column(sheet: Sheet, header: Any) -> Column | None:
    wanted = _norm(header or "")
    if not wanted:
        return None
    return next((c for c in sheet.columns if wanted in (_norm(c.header), c.key)), None)
