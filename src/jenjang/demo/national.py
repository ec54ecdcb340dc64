"""A national-shaped synthetic population (regulations.md §12) for scale tests and benchmarks.

Shares: PNS 64% / PPPK 36%; women 56%; education D-IV/S1 62%, SD–SMA 15%, D1–D3 12%, S2 10%, S3 1%; positions
functional 63%, pelaksana 31%, structural 6%; ages 20–60 with many 51–60. Current-state columns are filled, plus the
last three years of performance predicates and one rank history row per PNS.

Written set-wise in one transaction: on PostgreSQL with COPY (psycopg 3 `cursor.copy`; the employee and history rows
are produced directly as COPY text), elsewhere with `executemany` in batches. Every id (agency, unit, position,
employee) is assigned here, drawn from the table's sequence, so units get their materialised `path` without a second
write and no row is read back. From `REBUILD_FROM` employees the written tables' secondary indexes and foreign keys
are dropped for the load and re-created from their own definitions at the end (`rebuilt_afterwards`).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import accumulate, islice
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from jenjang.core.audit import audit_record
from jenjang.domain.parameters import default_parameters
from jenjang.domain.vocab import RANK_ORDINAL, RANKS, rank_code
from jenjang.organization.models import Agency, Position, Unit, position_kind
from jenjang.personnel import models as pm
from jenjang.personnel import name_prefixes

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
    agency_id: int
    unit_ids: list[int]
    heads: list[int]  # unit index -> the head's (structural) position id
    functional: dict[tuple[int, str, str], int]  # (unit index, family, level) -> position id
    pelaksana: list[list[int]]  # unit index -> pelaksana position ids


class Ids:
    """Primary keys assigned here, so no row is read back: on PostgreSQL drawn from the table's own sequence
    (`nextval` over `generate_series`, safe beside other writers), elsewhere counted on from the current maximum."""

    def __init__(self, model: type[Any]) -> None:
        self.model = model
        self.next: int | None = None
        self.sequence: str | None = None

    def take(self, count: int) -> list[int]:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if self.sequence is None:  # resolved once: per row it would cost 8x the nextval itself
                    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [self.model._meta.db_table])
                    self.sequence = cursor.fetchone()[0]
                cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [self.sequence, count])
                return [row[0] for row in cursor.fetchall()]
        if self.next is None:
            self.next = (self.model.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        first, self.next = self.next, self.next + count
        return list(range(first, first + count))


class IdFeed:
    """The ids the person generator draws, loaded batch by batch (drawn while no COPY is open)."""

    def __init__(self) -> None:
        self.ids: Iterator[int] = iter(())

    def load(self, ids: list[int]) -> None:
        self.ids = iter(ids)

    def __iter__(self) -> IdFeed:
        return self

    def __next__(self) -> int:
        return next(self.ids)


AGENCY_COLUMNS = ("id", "version", "created_at", "updated_at", "code", "name", "short_name", "kind", "province",
                  "address")  # fmt: skip
UNIT_COLUMNS = ("id", "version", "created_at", "updated_at", "agency_id", "parent_id", "code", "name", "path", "depth",
                "order")  # fmt: skip
POSITION_COLUMNS = ("id", "version", "created_at", "updated_at", "agency_id", "unit_id", "code", "name", "level",
                    "kind", "family", "class_grade", "required_education", "formation", "is_active")  # fmt: skip
# Per unit: the head, every functional family at every level of its ladder, three pelaksana posts (44 in all).
UNIT_POSTS = (
    *((family, level) for family in FAMILIES_EXPERT for level in EXPERT_LEVELS),
    *((family, level) for family in FAMILIES_SKILL for level in SKILL_LEVELS),
)


def _build_frames(sizes: list[int], rng: random.Random, now: dt.datetime, writer: Writer) -> list[AgencyFrame]:
    """Agencies, their unit trees and positions, with ids drawn up front and rows written set-wise (COPY)."""
    places = naming().places
    now_text = writer.now_text(now)
    plans = []
    for index, size in enumerate(sizes):
        region = REGIONS[index % len(REGIONS)]
        if index < len(MINISTRIES):
            name, kind = MINISTRIES[index], "CENTRAL"
        elif index % 3 == 0:
            name, kind = f"Pemerintah Provinsi {region} ({index})", "PROVINCE"
        else:
            name, kind = f"Pemerintah Kabupaten {rng.choice(places)} ({index})", "REGENCY"
        bureaus = max(2, min(30, size // 1500))
        subs = max(1, min(8, size // (bureaus * 200)))
        plans.append((index, name, kind, region, bureaus, subs))
    agency_ids = Ids(Agency).take(len(plans))
    writer.write(
        Agency._meta.db_table,
        AGENCY_COLUMNS,
        [(agency_id, 1, now, now, f"{CODE_PREFIX}{index + 1:04d}", name, name[:50], kind, region, "")
         for agency_id, (index, name, kind, region, _, _) in zip(agency_ids, plans, strict=True)],
    )  # fmt: skip
    unit_ids = iter(Ids(Unit).take(sum(1 + b + b * s for *_, b, s in plans)))
    position_ids = Ids(Position)
    kinds = {level: position_kind(level) for level in ("JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS", "PELAKSANA",
                                                       *EXPERT_LEVELS, *SKILL_LEVELS)}  # fmt: skip
    frames = []
    for agency_id, (_, name, _, _, bureaus, subs) in zip(agency_ids, plans, strict=True):
        root = next(unit_ids)
        # (id, parent id, code, name, path, depth, order)
        tree: list[tuple[int, int | None, str, str, str, int, int]] = [
            (root, None, "U000", f"Sekretariat {name}"[:200], f"/{root}/", 0, 0)
        ]
        for b in range(bureaus):
            bureau = next(unit_ids)
            tree.append((bureau, root, f"U{b + 1:02d}0", f"Biro/Bidang {b + 1}", f"/{root}/{bureau}/", 1, b + 1))
            for s in range(subs):
                sub = next(unit_ids)
                tree.append((sub, bureau, f"U{b + 1:02d}{s + 1}", f"Subbagian {b + 1}.{s + 1}",
                             f"/{root}/{bureau}/{sub}/", 2, s + 1))  # fmt: skip
        writer.write(Unit._meta.db_table, UNIT_COLUMNS, [(unit, 1, now, now, agency_id, *rest) for unit, *rest in tree])

        ids = iter(position_ids.take(len(tree) * (1 + len(UNIT_POSTS) + len(PELAKSANA_NAMES))))
        frame = AgencyFrame(agency_id=agency_id, unit_ids=[u[0] for u in tree], heads=[], functional={}, pelaksana=[])
        rows: list[tuple[Any, ...]] = []
        for i, (unit, _, _, unit_name, _, depth, _) in enumerate(tree):
            level = "JPT_PRATAMA" if depth == 0 else "ADMINISTRATOR" if depth == 1 else "PENGAWAS"
            head = next(ids)
            frame.heads.append(head)
            rows.append((head, unit, f"P{i}-H", f"Kepala {unit_name}"[:200], level, "", "S1"))
            for family, level in UNIT_POSTS:
                position = frame.functional[(i, family, level)] = next(ids)
                rows.append((position, unit, f"P{i}-{len(rows)}", f"{family} {LEVEL_NAME[level]}", level, family,
                             "S1" if level in EXPERT_LEVELS else "SLTA"))  # fmt: skip
            frame.pelaksana.append([])
            for name_ in PELAKSANA_NAMES:
                position = next(ids)
                frame.pelaksana[-1].append(position)
                rows.append((position, unit, f"P{i}-{len(rows)}", name_, "PELAKSANA", "", ""))
        if writer.postgres:  # 44 positions a unit: COPY text made directly, as for employees
            head = f"\t1\t{now_text}\t{now_text}\t{agency_id}\t"
            writer.write_text(
                Position._meta.db_table,
                POSITION_COLUMNS,
                "".join([f"{pk}{head}{unit}\t{code}\t{name_.translate(COPY_ESCAPES)}\t{level}\t{kinds[level]}\t"
                         f"{family}\t{NULL}\t{education}\t1\tt\n"
                         for pk, unit, code, name_, level, family, education in rows]),
            )  # fmt: skip
        else:
            writer.write(
                Position._meta.db_table,
                POSITION_COLUMNS,
                [(pk, 1, now, now, agency_id, unit, code, name_, level, kinds[level], family, None, education, 1,
                  True) for pk, unit, code, name_, level, family, education in rows],
            )  # fmt: skip
        frames.append(frame)
    return frames


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
NULL = "\\N"
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class Writer:
    """Rows out: COPY on PostgreSQL, executemany elsewhere. `write` takes value tuples; `write_text` takes rows
    already in COPY text form (tab-separated, `\\N` for NULL, one per line; values free of tabs and backslashes),
    which is what the per-employee hot path produces."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def now_text(self, now: dt.datetime) -> str:
        return now.isoformat() if self.postgres else str(connection.ops.adapt_datetimefield_value(now))

    def write(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.postgres:
            self.write_text(table, columns, "".join(["\t".join(map(self._text, row)) + "\n" for row in rows]))
        else:
            self._insert(table, columns, [tuple(self._adapt(v) for v in row) for row in rows])

    def write_text(self, table: str, columns: Sequence[str], text: str) -> None:
        if text:
            with self.copying(table, columns) as write:
                write(text)

    @contextmanager
    def copying(self, table: str, columns: Sequence[str]) -> Iterator[Callable[[str], None]]:
        """A `write(text)` into one open COPY: PostgreSQL parses each piece while the caller makes the next."""
        if self.postgres:
            with connection.cursor() as cursor, cursor.cursor.copy(self._copy_sql(table, columns)) as copy:
                yield copy.write
            return
        pieces: list[str] = []
        yield pieces.append
        lines = "".join(pieces).split("\n")[:-1]
        self._insert(table, columns, [tuple(None if v == NULL else v for v in line.split("\t")) for line in lines])

    @staticmethod
    def _text(value: Any) -> str:
        """One value in COPY text form (about ten times cheaper than psycopg's `write_row` per row)."""
        if value is None:
            return NULL
        if value is True or value is False:
            return "t" if value else "f"
        if isinstance(value, str):
            return value.translate(COPY_ESCAPES)
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    @staticmethod
    def _copy_sql(table: str, columns: Sequence[str]) -> str:
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        return f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"

    @staticmethod
    def _insert(table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        placeholders = ", ".join(["%s"] * len(columns))
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"  # noqa: S608 - names from model meta
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    @staticmethod
    def _adapt(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, dt.date):
            return connection.ops.adapt_datefield_value(value)
        return value


@contextmanager
def rebuilt_afterwards(
    models: Sequence[type[Any]],
    progress: Callable[[str], None],
    *,
    indexes: bool = True,
    referencing: bool = False,
) -> Iterator[None]:
    """PostgreSQL, inside a transaction: drop the tables' foreign keys (with `referencing`, also those of other
    tables pointing at them) and, with `indexes`, their indexes that back no constraint; re-create them afterwards
    from their own catalog definitions (`pg_get_indexdef`, `pg_get_constraintdef`: the same names and definitions
    the migrations made). One index build and one join per foreign key instead of per-row index maintenance and
    per-row foreign key checks; a row left dangling fails the re-creation (and so the transaction), as the per-row
    check would have. Primary keys and unique constraints stay."""
    tables = [m._meta.db_table for m in models]
    with_indexes = indexes
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
               WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS (
                   SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
               ORDER BY 1""",
            [tables],
        )
        indexes = cursor.fetchall() if with_indexes else []
        cursor.execute(
            """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE contype = 'f' AND (conrelid = ANY(%(tables)s::regclass[])
                                        OR (%(referencing)s AND confrelid = ANY(%(tables)s::regclass[])))
               ORDER BY 1, 2""",
            {"tables": tables, "referencing": referencing},
        )
        foreign_keys = cursor.fetchall()
        # Dropping a foreign key alters the referenced table too, which must have no pending (deferred) checks:
        # run the checks now, then defer again.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
    progress(
        f"{len(indexes)} indexes and {len(foreign_keys)} foreign keys re-created ({time.monotonic() - started:.0f} s)"
    )


def _weighted(options: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    return [o for o, _ in options], [w for _, w in options]


PIECE = 2_000  # employee rows per write into the open COPY
REBUILD_FROM = 50_000  # employees: from here on (PostgreSQL) indexes and foreign keys are re-built, not maintained


def generate_population(
    *,
    employees: int,
    agencies: int | None = None,
    seed: int = 2026,
    batch: int = 50_000,
    today: dt.date | None = None,
    rebuild_indexes: bool | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> GenerateResult:
    """Add `employees` synthetic employees in `agencies` new agencies (codes NAS-0001...), in one transaction.

    `rebuild_indexes` (PostgreSQL; default: from `REBUILD_FROM` employees): drop the unit, position, employee and
    history tables' secondary indexes and foreign keys for the load and re-create them at the end
    (`rebuilt_afterwards`)."""
    started = time.monotonic()
    today = today or timezone.localdate()
    count = agencies or max(1, round(employees / EMPLOYEES_PER_AGENCY))
    rng = random.Random(seed)
    if national_agencies().exists():
        raise ValueError("a national population exists already (use --reset)")
    sizes = _agency_sizes(employees, count)
    writer = Writer()
    rebuild = writer.postgres and (employees >= REBUILD_FROM if rebuild_indexes is None else rebuild_indexes)
    now = timezone.now()
    rows_out = GenerateResult(employees=0, agencies=count, seconds=0.0)
    loaded = (Unit, Position, pm.Employee, pm.PerformanceHistory, pm.RankHistory, pm.EmployeeNamePrefix)
    with transaction.atomic():
        # The name prefix triggers are off for the load: the prefix rows are written in one INSERT ... SELECT at
        # the end (before the indexes are re-created), not one trigger call per COPY row.
        with name_prefixes.row_triggers_off(), rebuilt_afterwards(loaded, progress) if rebuild else nullcontext():
            frames = _build_frames(sizes, rng, now, writer)
            progress(f"{count} agencies, {sum(len(f.unit_ids) for f in frames)} units, "
                     f"{sum(len(f.heads) + len(f.functional) + sum(map(len, f.pelaksana)) for f in frames):,} "
                     f"positions created ({time.monotonic() - started:.0f} s)")  # fmt: skip
            employee_ids, feed = Ids(pm.Employee), IdFeed()
            people = _people(frames, sizes, rng, today, feed, writer.now_text(now))
            total = sum(sizes)
            while size := min(batch, total - rows_out.employees):
                feed.load(employee_ids.take(size))  # before the COPY: no other statement while it is open
                performance: list[str] = []
                ranks: list[str] = []
                with writer.copying(pm.Employee._meta.db_table, EMPLOYEE_COLUMNS) as write:
                    for start in range(0, size, PIECE):
                        lines = []
                        for employee, performance_rows, rank_row in islice(people, min(PIECE, size - start)):
                            lines.append(employee)
                            performance.append(performance_rows)
                            ranks.append(rank_row)
                        write("".join(lines))
                performance_text, ranks_text = "".join(performance), "".join(ranks)
                del performance, ranks
                writer.write_text(pm.PerformanceHistory._meta.db_table, PERFORMANCE_COLUMNS, performance_text)
                writer.write_text(pm.RankHistory._meta.db_table, RANK_COLUMNS, ranks_text)
                rows_out.employees += size
                rows_out.performance_rows += performance_text.count("\n")
                rows_out.rank_rows += ranks_text.count("\n")
                elapsed = time.monotonic() - started
                progress(f"{rows_out.employees:,}/{total:,} employees ({rows_out.employees / elapsed:,.0f}/s)")
            if writer.postgres:
                prefix_started = time.monotonic()
                prefixes = name_prefixes.fill_for_agencies([f.agency_id for f in frames], rebuild_key=rebuild)
                progress(f"{prefixes:,} name prefixes written ({time.monotonic() - prefix_started:.0f} s)")
        audit_record(
            actor=None,
            action="demo.generated",
            object_type="demo",
            object_repr=f"{rows_out.employees} pegawai, {count} instansi",
            changes={"employees": [None, rows_out.employees], "agencies": [None, count], "seed": [None, seed]},
        )
    if writer.postgres:
        with connection.cursor() as cursor:
            for model in (*loaded, Position, Unit, Agency):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    rows_out.seconds = time.monotonic() - started
    return rows_out


def _people(
    frames: list[AgencyFrame],
    sizes: list[int],
    rng: random.Random,
    today: dt.date,
    ids: Iterator[int],
    now: str,
) -> Iterator[tuple[str, str, str]]:
    """(employee row, performance rows, rank rows), each in COPY text form, for every generated person, lazily.
    Plain arithmetic on pre-built pools (Faker id_ID names and places): no Faker call per person."""
    params = default_parameters()
    names = naming()
    places = names.places
    first = {"M": names.first_male, "F": names.first_female}
    last = {"M": names.last_male, "F": names.last_female}
    assert not any(c in "".join((*places, *names.first_male, *names.first_female, *names.last_male,
                                 *names.last_female)) for c in "\t\n\\")  # fmt: skip
    educations, education_weights = _weighted(EDUCATION_SHARES)
    predicates, predicate_weights = _weighted(PREDICATES)
    bands = [(low, high) for low, high, _ in AGE_BANDS]
    band_weights = [w for _, _, w in AGE_BANDS]
    start_rank = {e: start_rank_of(e, today, params) for e in educations}
    ceiling = {e: ceiling_of(e, today, params) for e in educations}
    used: dict[int, int] = {}
    sequences = list(range(1000))  # shared int objects: `used` holds up to one entry per person
    rand = rng.random
    codes = {rank: rank_code(rank) for rank in RANKS}
    education_cum = list(accumulate(education_weights))
    predicate_cum = list(accumulate(predicate_weights))
    band_cum = list(accumulate(band_weights))
    periods: dict[dt.date, dt.date] = {}

    def period(day: dt.date) -> dt.date:
        found = periods.get(day)
        if found is None:
            found = periods[day] = promotion_period_on_or_after(day)
        return found

    def pick(options: Sequence[Any]) -> Any:
        return options[int(rand() * len(options))]

    def between(low: int, high: int) -> int:
        return low + int(rand() * (high - low + 1))

    def weighted(options: Sequence[Any], cumulative: list[int]) -> Any:
        return options[bisect(cumulative, rand() * cumulative[-1])]

    perf_years = (today.year - 3, today.year - 2, today.year - 1)
    perf_tail = {
        (year, predicate): f"\t\t{NULL}\t{now}\t{year}\t{predicate}\tSKP_2022\t{NULL}\te-Kinerja BKN\n"
        for year in perf_years
        for predicate in predicates
    }
    four_years_ago = add_years(today, -4)
    last_january = dt.date(today.year - 1, 1, 1)
    cpns_appointed = dt.date(today.year if today.month > 1 else today.year - 1, 1, 1)
    today_ordinal = today.toordinal()
    structural_barred = LOW_EDUCATION
    for frame, size in zip(frames, sizes, strict=True):
        agency_id = frame.agency_id
        unit_ids = frame.unit_ids
        unit_count = len(unit_ids)
        for _ in range(size):
            employee_id = next(ids)
            gender = "F" if rand() < 0.56 else "M"
            education = weighted(educations, education_cum)
            roll = rand()
            kind = "PNS" if roll < 0.62 else "CPNS" if roll < 0.64 else "PPPK"
            roll = rand()
            post = "FUNCTIONAL" if roll < 0.63 else "PELAKSANA" if roll < 0.94 else "STRUCTURAL"
            if post == "STRUCTURAL" and (kind != "PNS" or education in structural_barred):
                post = "PELAKSANA" if education in structural_barred else "FUNCTIONAL"
            low, high = weighted(bands, band_cum)
            age_years = between(low, high)
            appt_low, appt_high = APPOINTMENT_AGE[education]
            appt_age = min(between(appt_low, appt_high), age_years - 1)
            birth = dt.date.fromordinal(today_ordinal - int(age_years * 365.25) - between(0, 364))
            if kind == "CPNS":
                appointed = cpns_appointed
            elif kind == "PPPK":
                appointed = dt.date(today.year - between(1, min(5, max(1, age_years - 19))), pick((1, 4)), 1)
            else:
                appointed = min(dt.date(birth.year + max(appt_age, 19), birth.month, 1), last_january)
            if appointed < add_years(birth, 19):
                birth = add_years(appointed, -19) - dt.timedelta(days=between(1, 300))
            service = max(0, (today - appointed).days // 365)

            rank_text = since_text = NULL
            rank_row = ""
            rank: str | None = None
            if kind != "PPPK":
                start = start_rank[education]
                room = RANK_ORDINAL[ceiling[education]] - RANK_ORDINAL[start]
                steps = min(int(service / (4.0 + 1.5 * rand())), room) if kind == "PNS" else 0
                rank = RANKS[RANK_ORDINAL[start] - 1 + steps]
                if steps == 0:
                    rank_since = appointed
                elif steps < room:
                    earliest = max(four_years_ago, add_years(appointed, 4 * steps))
                    rank_since = period(earliest + dt.timedelta(days=between(0, max(0, (today - earliest).days - 62))))
                else:
                    rank_since = period(add_years(appointed, 4 * steps))
                if rank_since > today:
                    rank_since = max(period(add_years(today, -1)), appointed)
                rank_text, since_text = str(codes[rank]), str(rank_since)
                promotion = "CPNS" if steps == 0 else "REGULER"
                rank_row = (f"{employee_id}\t\t{NULL}\t{now}\t{rank_text}\t{since_text}\t{promotion}\t"
                            f"{(rank_since - appointed).days // 365}\n")  # fmt: skip

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
            position_since = max(appointed, dt.date.fromordinal(today_ordinal - between(0, held)))
            kgb_steps = service // 2
            last_kgb = add_years(appointed, 2 * kgb_steps)
            if last_kgb > today:
                last_kgb = add_years(appointed, 2 * (kgb_steps - 1)) if kgb_steps else appointed

            batch_digit = between(1, 3)
            sex = 1 if gender == "M" else 2
            while True:  # a full prefix (999 people born the same day, appointed the same month): a day earlier
                born = birth.year * 10000 + birth.month * 100 + birth.day
                if kind == "PPPK":  # yyyymmdd yyyy 2 batch sex
                    prefix = (born * 10000 + appointed.year) * 1000 + 200 + batch_digit * 10 + sex
                else:  # yyyymmdd yyyymm sex
                    prefix = (born * 1000000 + appointed.year * 100 + appointed.month) * 10 + sex
                sequence = used.get(prefix, 100) + 1
                if sequence <= 999:
                    break
                birth -= dt.timedelta(days=1)
            used[prefix] = sequences[sequence]

            titles = DEFAULT_TITLES.get(education)
            employee = (
                f"{employee_id}\t1\t{now}\t{now}\t{agency_id}\t{prefix * 1000 + sequence}\t"
                f"{pick(first[gender])} {pick(last[gender])}\t{'Dr.' if education == 'S3' else ''}\t"
                f"{pick(titles) if titles else ''}\t{birth}\t{pick(places)}\t{gender}\t{kind}\t{appointed}\t"
                f"{add_years(appointed, 1) if kind == 'PNS' else NULL}\t{rank_text}\t{since_text}\t"
                f"{PPPK_GRADE[education] if kind == 'PPPK' else NULL}\t{education}\t{position_id}\t{position_since}\t"
                f"{unit_ids[unit_index]}\t\tACTIVE\t{last_kgb}\t\t\n"
            )
            first_year = appointed.year
            performance = "".join(
                f"{employee_id}{perf_tail[(year, weighted(predicates, predicate_cum))]}"
                for year in perf_years
                if year >= first_year
            )
            yield employee, performance, rank_row


def national_delete(progress: Callable[[str], None] = lambda message: None) -> int:
    """Remove the generated agencies and everything under them (raw deletes: no per-row signals; for a large
    population on PostgreSQL the foreign keys from and to employees, positions and units are re-created afterwards
    instead of checked per deleted row)."""
    ids = list(national_agencies().values_list("pk", flat=True))
    if not ids:
        return 0
    employees = pm.Employee.objects.filter(agency_id__in=ids)
    count = employees.count()
    large = connection.vendor == "postgresql" and count >= REBUILD_FROM
    with (
        transaction.atomic(),
        rebuilt_afterwards((pm.Employee, Position, Unit), progress, indexes=False, referencing=True)
        if large
        else nullcontext(),
        name_prefixes.row_triggers_off(),
    ):
        name_prefixes.delete_for_agencies(ids)
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
