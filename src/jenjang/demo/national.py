"""A national-shaped synthetic population (regulations.md §12) for scale tests and benchmarks.

Shares: PNS 64% / PPPK 36%; women 56%; education D-IV/S1 62%, SD–SMA 15%, D1–D3 12%, S2 10%, S3 1%; positions
functional 63%, pelaksana 31%, structural 6%; ages 20–60 with many 51–60. Current-state columns are filled, plus the
last three years of performance predicates and one rank history row per PNS.

Written set-wise: on PostgreSQL with COPY (psycopg 3 `cursor.copy`), elsewhere with `executemany` in batches.
Employee ids are assigned here (one block after the current maximum), so history rows need no read-back.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from jenjang.core.audit import audit_record
from jenjang.domain.parameters import default_parameters
from jenjang.domain.vocab import RANK_ORDINAL, RANKS, rank_code
from jenjang.organization.models import Agency, Position, Unit, position_kind
from jenjang.personnel import models as pm

from .careers import (
    APPOINTMENT_AGE,
    DEFAULT_TITLES,
    PPPK_GRADE,
    add_years,
    ceiling_of,
    naming,
    promotion_period_on_or_after,
    start_rank_of,
)

CODE_PREFIX = "NAS-"
EMPLOYEES_PER_AGENCY = 9000
EDUCATION_SHARES = (
    ("SD", 1), ("SLTP", 2), ("SLTA", 12), ("D1", 1), ("D2", 2), ("D3", 9), ("D4", 4), ("S1", 58), ("S2", 10), ("S3", 1),
)  # fmt: skip
AGE_BANDS = ((20, 30, 18), (31, 40, 24), (41, 50, 26), (51, 60, 32))
PREDICATES = (("SANGAT_BAIK", 12), ("BAIK", 80), ("BUTUH_PERBAIKAN", 6), ("KURANG", 2))
LOW_EDUCATION = frozenset({"SD", "SLTP", "SLTA"})
SKILL_EDUCATION = frozenset({"SD", "SLTP", "SLTA", "D1", "D2", "D3"})
FAMILIES_EXPERT = ("Analis SDM Aparatur", "Perencana", "Auditor", "Guru", "Dokter", "Analis Kebijakan")
FAMILIES_SKILL = ("Pranata Komputer", "Arsiparis", "Perawat", "Pranata Keuangan APBN")
PELAKSANA_NAMES = ("Pengadministrasi Umum", "Pengelola Data", "Pengadministrasi Perkantoran")
REGIONS = (
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan", "Bengkulu", "Lampung",
    "Jawa Barat", "Jawa Tengah", "Jawa Timur", "Banten", "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur",
    "Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan", "Kalimantan Timur", "Sulawesi Utara",
    "Sulawesi Tengah", "Sulawesi Selatan", "Sulawesi Tenggara", "Gorontalo", "Maluku", "Papua",
)  # fmt: skip
MINISTRIES = ("Kementerian Dalam Negeri", "Kementerian Agama", "Kementerian Keuangan", "Kementerian Kesehatan",
              "Kementerian Pendidikan Dasar dan Menengah", "Badan Kepegawaian Negara")  # fmt: skip
EXPERT_LEVELS = ("JF_AHLI_PERTAMA", "JF_AHLI_MUDA", "JF_AHLI_MADYA", "JF_AHLI_UTAMA")
SKILL_LEVELS = ("JF_PEMULA", "JF_TERAMPIL", "JF_MAHIR", "JF_PENYELIA")
LEVEL_NAME = {"JF_AHLI_PERTAMA": "Ahli Pertama", "JF_AHLI_MUDA": "Ahli Muda", "JF_AHLI_MADYA": "Ahli Madya",
              "JF_AHLI_UTAMA": "Ahli Utama", "JF_PEMULA": "Pemula", "JF_TERAMPIL": "Terampil", "JF_MAHIR": "Mahir",
              "JF_PENYELIA": "Penyelia"}  # fmt: skip


@dataclass
class GenerateResult:
    employees: int
    agencies: int
    seconds: float
    performance_rows: int = 0
    rank_rows: int = 0
    shares: dict[str, Any] = field(default_factory=dict)


def national_agencies() -> Any:
    return Agency.objects.filter(code__startswith=CODE_PREFIX)


def _agency_sizes(total: int, count: int) -> list[int]:
    """A skewed split (a few large agencies, many small), every agency at least one employee."""
    weights = [1 / (i + 1) ** 0.8 for i in range(count)]
    scale = sum(weights)
    sizes = [max(1, int(total * w / scale)) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def expert_level(rank: str) -> str:
    ordinal = RANK_ORDINAL[rank]
    if ordinal >= RANK_ORDINAL["IV/d"]:
        return "JF_AHLI_UTAMA"
    if ordinal >= RANK_ORDINAL["IV/a"]:
        return "JF_AHLI_MADYA"
    return "JF_AHLI_MUDA" if ordinal >= RANK_ORDINAL["III/c"] else "JF_AHLI_PERTAMA"


def skill_level(rank: str) -> str:
    ordinal = RANK_ORDINAL[rank]
    if ordinal >= RANK_ORDINAL["III/c"]:
        return "JF_PENYELIA"
    if ordinal >= RANK_ORDINAL["III/a"]:
        return "JF_MAHIR"
    return "JF_TERAMPIL" if ordinal >= RANK_ORDINAL["II/b"] else "JF_PEMULA"


@dataclass
class AgencyFrame:
    agency: Agency
    units: list[Unit]
    # (unit index, level) -> position id; functional positions per (unit index, family, level)
    heads: dict[int, int]
    functional: dict[tuple[int, str, str], int]
    pelaksana: dict[int, list[int]]


def _build_agency(index: int, size: int, rng: random.Random) -> AgencyFrame:
    region = REGIONS[index % len(REGIONS)]
    if index < len(MINISTRIES):
        name, kind = MINISTRIES[index], "CENTRAL"
    elif index % 3 == 0:
        name, kind = f"Pemerintah Provinsi {region} ({index})", "PROVINCE"
    else:
        name, kind = f"Pemerintah Kabupaten {rng.choice(naming().places)} ({index})", "REGENCY"
    agency = Agency.objects.create(code=f"{CODE_PREFIX}{index + 1:04d}", name=name, short_name=name[:50], kind=kind,
                                   province=region)  # fmt: skip
    bureaus = max(2, min(30, size // 1500))
    subs = max(1, min(8, size // (bureaus * 200)))
    root = Unit.objects.create(agency=agency, code="U000", name=f"Sekretariat {name}"[:200])
    level1 = Unit.objects.bulk_create(
        [Unit(agency=agency, parent=root, code=f"U{b + 1:02d}0", name=f"Biro/Bidang {b + 1}", order=b + 1)
         for b in range(bureaus)]
    )  # fmt: skip
    level2 = Unit.objects.bulk_create(
        [Unit(agency=agency, parent=parent, code=f"U{b + 1:02d}{s + 1}", name=f"Subbagian {b + 1}.{s + 1}",
              order=s + 1) for b, parent in enumerate(level1) for s in range(subs)]
    )  # fmt: skip
    for unit in [*level1, *level2]:
        parent_path = root.path if unit.parent_id == root.pk else next(u.path for u in level1 if u.pk == unit.parent_id)
        unit.path = f"{parent_path}{unit.pk}/"
        unit.depth = unit.path.count("/") - 2
    Unit.objects.bulk_update([*level1, *level2], ["path", "depth"])
    units = [root, *level1, *level2]

    positions: list[Position] = []
    keys: list[tuple[str, Any]] = []
    for i, unit in enumerate(units):
        head_level = "JPT_PRATAMA" if unit.depth == 0 else "ADMINISTRATOR" if unit.depth == 1 else "PENGAWAS"
        positions.append(
            Position(
                agency=agency,
                unit=unit,
                code=f"P{i}-H",
                name=f"Kepala {unit.name}"[:200],
                level=head_level,
                kind=position_kind(head_level),
                required_education="S1",
            )
        )
        keys.append(("head", i))
        for family in (*FAMILIES_EXPERT, *FAMILIES_SKILL):
            for level in EXPERT_LEVELS if family in FAMILIES_EXPERT else SKILL_LEVELS:
                positions.append(
                    Position(
                        agency=agency,
                        unit=unit,
                        code=f"P{i}-{len(positions)}",
                        name=f"{family} {LEVEL_NAME[level]}",
                        level=level,
                        kind=position_kind(level),
                        family=family,
                        required_education="S1" if level in EXPERT_LEVELS else "SLTA",
                    )
                )
                keys.append(("jf", (i, family, level)))
        for name_ in PELAKSANA_NAMES:
            positions.append(Position(agency=agency, unit=unit, code=f"P{i}-{len(positions)}", name=name_,
                                      level="PELAKSANA", kind=position_kind("PELAKSANA")))  # fmt: skip
            keys.append(("pl", i))
    created = Position.objects.bulk_create(positions, batch_size=2000)
    frame = AgencyFrame(agency=agency, units=units, heads={}, functional={}, pelaksana={})
    for (kind_, key), position in zip(keys, created, strict=True):
        if kind_ == "head":
            frame.heads[key] = position.pk
        elif kind_ == "jf":
            frame.functional[key] = position.pk
        else:
            frame.pelaksana.setdefault(key, []).append(position.pk)
    return frame


EMPLOYEE_COLUMNS = (
    "id", "version", "created_at", "updated_at", "agency_id", "nip", "name", "front_title", "back_title",
    "birth_date", "birth_place", "gender", "employment_type", "appointment_date", "pns_date", "rank", "rank_since",
    "pppk_grade", "education", "position_id", "position_since", "unit_id", "occupation", "status",
    "last_salary_increment", "email", "phone",
)  # fmt: skip
PERFORMANCE_COLUMNS = ("employee_id", "decree_number", "decree_date", "created_at", "year", "predicate", "scheme",
                       "score", "source")  # fmt: skip
RANK_COLUMNS = ("employee_id", "decree_number", "decree_date", "created_at", "rank", "effective_date", "kind",
                "service_years")  # fmt: skip


class Writer:
    """Rows out: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def write(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.postgres:
            sql = f"COPY {connection.ops.quote_name(table)} ({', '.join(columns)}) FROM STDIN"
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {connection.ops.quote_name(table)} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608 - names from model meta
            with connection.cursor() as cursor:
                cursor.executemany(sql, [tuple(self._adapt(v) for v in row) for row in rows])

    @staticmethod
    def _adapt(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, dt.date):
            return connection.ops.adapt_datefield_value(value)
        return value


def _weighted(options: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    return [o for o, _ in options], [w for _, w in options]


def generate_population(
    *,
    employees: int,
    agencies: int | None = None,
    seed: int = 2026,
    batch: int = 50_000,
    today: dt.date | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> GenerateResult:
    """Add `employees` synthetic employees in `agencies` new agencies (codes NAS-0001...)."""
    started = time.monotonic()
    today = today or timezone.localdate()
    count = agencies or max(1, round(employees / EMPLOYEES_PER_AGENCY))
    rng = random.Random(seed)
    if national_agencies().exists():
        raise ValueError("a national population exists already (use --reset)")
    sizes = _agency_sizes(employees, count)
    with transaction.atomic():
        frames = [_build_agency(i, size, rng) for i, size in enumerate(sizes)]
    progress(f"{count} agencies, {sum(len(f.units) for f in frames)} units created")
    writer = Writer()
    first_id = (pm.Employee.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    rows_out = GenerateResult(employees=0, agencies=count, seconds=0.0)
    people = _people(frames, sizes, rng, today, first_id)
    while True:
        chunk = [row for _, row in zip(range(batch), people, strict=False)]
        if not chunk:
            break
        with transaction.atomic():
            writer.write(pm.Employee._meta.db_table, EMPLOYEE_COLUMNS, [row[0] for row in chunk])
            performance = [p for row in chunk for p in row[1]]
            ranks = [r for row in chunk for r in row[2]]
            writer.write(pm.PerformanceHistory._meta.db_table, PERFORMANCE_COLUMNS, performance)
            writer.write(pm.RankHistory._meta.db_table, RANK_COLUMNS, ranks)
        rows_out.employees += len(chunk)
        rows_out.performance_rows += len(performance)
        rows_out.rank_rows += len(ranks)
        elapsed = time.monotonic() - started
        progress(f"{rows_out.employees:,}/{employees:,} employees ({rows_out.employees / elapsed:,.0f}/s)")
    if writer.postgres:
        with connection.cursor() as cursor:
            table = pm.Employee._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")  # noqa: S608
            for model in (pm.Employee, pm.PerformanceHistory, pm.RankHistory, Position, Unit):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    audit_record(
        actor=None,
        action="demo.generated",
        object_type="demo",
        object_repr=f"{rows_out.employees} pegawai, {count} instansi",
        changes={"employees": [None, rows_out.employees], "agencies": [None, count], "seed": [None, seed]},
    )
    rows_out.seconds = time.monotonic() - started
    return rows_out


def _people(
    frames: list[AgencyFrame], sizes: list[int], rng: random.Random, today: dt.date, first_id: int
) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """(employee row, performance rows, rank rows) for every generated person, lazily."""
    params = default_parameters()
    names = naming()
    now = timezone.now()
    educations, education_weights = _weighted(EDUCATION_SHARES)
    predicates, predicate_weights = _weighted(PREDICATES)
    bands = [(low, high) for low, high, _ in AGE_BANDS]
    band_weights = [w for _, _, w in AGE_BANDS]
    start_rank = {e: start_rank_of(e, today, params) for e in educations}
    ceiling = {e: ceiling_of(e, today, params) for e in educations}
    used: dict[int, int] = {}
    rand = rng.random
    codes = {rank: rank_code(rank) for rank in RANKS}
    education_cum = list(accumulate(education_weights))
    predicate_cum = list(accumulate(predicate_weights))
    band_cum = list(accumulate(band_weights))

    def pick(options: Sequence[Any]) -> Any:
        return options[int(rand() * len(options))]

    def between(low: int, high: int) -> int:
        return low + int(rand() * (high - low + 1))

    def weighted(options: Sequence[Any], cumulative: list[int]) -> Any:
        return options[bisect(cumulative, rand() * cumulative[-1])]

    perf_years = (today.year - 3, today.year - 2, today.year - 1)
    employee_id = first_id
    for frame, size in zip(frames, sizes, strict=True):
        agency_id = frame.agency.pk
        unit_count = len(frame.units)
        for _ in range(size):
            gender = "F" if rand() < 0.56 else "M"
            education = weighted(educations, education_cum)
            roll = rand()
            kind = "PNS" if roll < 0.62 else "CPNS" if roll < 0.64 else "PPPK"
            roll = rand()
            post = "FUNCTIONAL" if roll < 0.63 else "PELAKSANA" if roll < 0.94 else "STRUCTURAL"
            if post == "STRUCTURAL" and (kind != "PNS" or education in LOW_EDUCATION):
                post = "PELAKSANA" if education in LOW_EDUCATION else "FUNCTIONAL"
            low, high = weighted(bands, band_cum)
            age_years = between(low, high)
            appt_low, appt_high = APPOINTMENT_AGE[education]
            appt_age = min(between(appt_low, appt_high), age_years - 1)
            birth = today - dt.timedelta(days=int(age_years * 365.25) + between(0, 364))
            if kind == "CPNS":
                appointed = dt.date(today.year if today.month > 1 else today.year - 1, 1, 1)
            elif kind == "PPPK":
                appointed = dt.date(today.year - between(1, min(5, max(1, age_years - 19))), pick((1, 4)), 1)
            else:
                appointed = add_years(birth, max(appt_age, 19)).replace(day=1)
                appointed = min(appointed, dt.date(today.year - 1, 1, 1))
            if appointed < add_years(birth, 19):
                birth = add_years(appointed, -19) - dt.timedelta(days=between(1, 300))
            service = max(0, (today - appointed).days // 365)

            rank: str | None = None
            rank_since: dt.date | None = None
            rank_rows: list[tuple[Any, ...]] = []
            if kind != "PPPK":
                start = start_rank[education]
                room = RANK_ORDINAL[ceiling[education]] - RANK_ORDINAL[start]
                steps = min(int(service / (4.0 + 1.5 * rand())), room) if kind == "PNS" else 0
                rank = RANKS[RANK_ORDINAL[start] - 1 + steps]
                if steps == 0:
                    rank_since = appointed
                elif steps < room:
                    earliest = max(add_years(today, -4), add_years(appointed, 4 * steps))
                    rank_since = promotion_period_on_or_after(
                        earliest + dt.timedelta(days=between(0, max(0, (today - earliest).days - 62)))
                    )
                else:
                    rank_since = promotion_period_on_or_after(add_years(appointed, 4 * steps))
                if rank_since > today:
                    rank_since = promotion_period_on_or_after(add_years(today, -1))
                    rank_since = max(rank_since, appointed)
                rank_rows.append(
                    (
                        employee_id,
                        "",
                        None,
                        now,
                        codes[rank],
                        rank_since,
                        "CPNS" if steps == 0 else "REGULER",
                        (rank_since - appointed).days // 365,
                    )
                )

            unit_index = int(rand() * unit_count)
            if post == "STRUCTURAL":
                position_id = frame.heads[unit_index]
            elif post == "FUNCTIONAL":
                if education in SKILL_EDUCATION:
                    family = pick(FAMILIES_SKILL)
                    level = skill_level(rank) if rank else "JF_TERAMPIL"
                else:
                    family = pick(FAMILIES_EXPERT)
                    level = expert_level(rank) if rank else "JF_AHLI_PERTAMA"
                position_id = frame.functional[(unit_index, family, level)]
            else:
                position_id = pick(frame.pelaksana[unit_index])
            held = max(1, min(service, 8) * 365)
            position_since = max(appointed, today - dt.timedelta(days=between(0, held)))
            kgb_steps = service // 2
            last_kgb = add_years(appointed, 2 * kgb_steps)
            if last_kgb > today:
                last_kgb = add_years(appointed, 2 * (kgb_steps - 1)) if kgb_steps else appointed

            batch_digit = between(1, 3)
            while True:  # a full prefix (999 people born the same day, appointed the same month): a day earlier
                if kind == "PPPK":
                    prefix = f"{birth:%Y%m%d}{appointed:%Y}2{batch_digit}{1 if gender == 'M' else 2}"
                else:
                    prefix = f"{birth:%Y%m%d}{appointed:%Y%m}{1 if gender == 'M' else 2}"
                sequence = used.get(int(prefix), 100) + 1
                if sequence <= 999:
                    break
                birth -= dt.timedelta(days=1)
            used[int(prefix)] = sequence
            nip = f"{prefix}{sequence:03d}"

            titles = DEFAULT_TITLES.get(education)
            back = pick(titles) if titles else ""
            name = names.name(rng, gender)
            employee = (
                employee_id, 1, now, now, agency_id, nip, name, "Dr." if education == "S3" else "", back,
                birth, pick(names.places), gender, kind, appointed,
                add_years(appointed, 1) if kind == "PNS" else None,
                codes[rank] if rank else None, rank_since,
                PPPK_GRADE[education] if kind == "PPPK" else None, education, position_id, position_since,
                frame.units[unit_index].pk, "", "ACTIVE", last_kgb, "", "",
            )  # fmt: skip
            performance = [
                (employee_id, "", None, now, year, weighted(predicates, predicate_cum), "SKP_2022", None,
                 "e-Kinerja BKN")
                for year in perf_years
                if year >= appointed.year
            ]  # fmt: skip
            yield employee, performance, rank_rows
            employee_id += 1


def national_delete(progress: Callable[[str], None] = lambda message: None) -> int:
    """Remove the generated agencies and everything under them (raw deletes: no per-row signals)."""
    ids = list(national_agencies().values_list("pk", flat=True))
    if not ids:
        return 0
    employees = pm.Employee.objects.filter(agency_id__in=ids)
    count = employees.count()
    with transaction.atomic():
        for model in (pm.PerformanceHistory, pm.RankHistory, pm.PositionHistory, pm.EducationHistory,
                      pm.TrainingHistory, pm.AwardHistory, pm.SanctionHistory, pm.SalaryIncrementHistory):  # fmt: skip
            model.objects.filter(employee__agency_id__in=ids)._raw_delete(connection.alias)
        employees._raw_delete(connection.alias)
        Position.objects.filter(agency_id__in=ids)._raw_delete(connection.alias)
        Unit.objects.filter(agency_id__in=ids).update(parent=None)
        Unit.objects.filter(agency_id__in=ids)._raw_delete(connection.alias)
        Agency.objects.filter(pk__in=ids).delete()
    progress(f"deleted {count:,} generated employees in {len(ids)} agencies")
    return count
