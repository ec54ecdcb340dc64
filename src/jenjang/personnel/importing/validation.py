"""Rows -> a plan of writes, or every row error. Reads the database a fixed number of times whatever the number of
rows (units, positions, employees by NIP, existing history keys, open positions), never per row."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from jenjang.core.audit import jsonable
from jenjang.domain.vocab import EDUCATION_ORDINAL, rank_code
from jenjang.organization.models import Agency, Position, Unit
from jenjang.personnel.models import Employee, EmployeeStatus, PositionHistory
from jenjang.personnel.services import HISTORY_MODELS, nip_check

from . import cells
from .reading import SheetRows
from .spec import EMPLOYEE_SHEET, Column, Sheet

CHUNK = 5000
Progress = Callable[[int, int, str], None]


@dataclass
class ParsedRow:
    sheet: Sheet
    row: int
    values: dict[str, Any]  # parsed, non-empty cells by column key
    ok: bool = True


@dataclass
class EmployeePlan:
    employee: Employee
    created: bool
    changes: dict[str, list[Any]] = field(default_factory=dict)
    histories: dict[str, int] = field(default_factory=dict)
    sheet_keys: set[str] = field(default_factory=set)  # Pegawai cells filled for this employee


@dataclass
class Plan:
    agency: Agency
    employees: dict[str, EmployeePlan] = field(default_factory=dict)  # by NIP
    histories: dict[str, list[tuple[str, models.Model]]] = field(default_factory=dict)  # kind -> (nip, row)
    closed_positions: list[PositionHistory] = field(default_factory=list)
    versions: dict[int, int] = field(default_factory=dict)  # existing employee pk -> version read
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # sheet name -> {created, updated, ...}
    rows: int = 0

    @property
    def created(self) -> list[Employee]:
        return [p.employee for p in self.employees.values() if p.created]

    @property
    def updated(self) -> list[EmployeePlan]:
        return [p for p in self.employees.values() if not p.created and p.changes]


class Errors:
    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, sheet: Sheet, row: int, column: Column | str, message: Any) -> None:
        header = column.header if isinstance(column, Column) else column
        self.items.append({"sheet": sheet.name, "row": row, "column": header, "message": str(message)})

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted(self) -> list[dict[str, Any]]:
        order = {s: i for i, s in enumerate(dict.fromkeys(e["sheet"] for e in self.items))}
        return sorted(self.items, key=lambda e: (order[e["sheet"]], e["row"]))


class ImportErrors(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} errors")


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def parse_sheets(sheets: list[SheetRows], errors: Errors, progress: Progress) -> list[ParsedRow]:
    total = sum(len(s.rows) for s in sheets)
    parsed: list[ParsedRow] = []
    done = 0
    for data in sheets:
        sheet = data.sheet
        mapping: list[tuple[int, Column]] = []
        seen: set[str] = set()
        for index, header in enumerate(data.headers):
            column = _find_column(sheet, header)
            if column is not None and column.key not in seen:
                mapping.append((index, column))
                seen.add(column.key)
        missing = [c for c in sheet.columns if c.required and c.key not in seen]
        for column in missing:
            errors.add(sheet, 1, column, _("Kolom wajib tidak ada di baris judul."))
        if missing:
            continue
        for number, values in data.rows:
            row = ParsedRow(sheet=sheet, row=number, values={})
            for index, column in mapping:
                raw = values[index] if index < len(values) else None
                if cells.is_empty(raw):
                    if column.required:
                        errors.add(sheet, number, column, _("Wajib diisi."))
                        row.ok = False
                    continue
                try:
                    row.values[column.key] = cells.parse(column, raw)
                except cells.CellError as exc:
                    errors.add(sheet, number, column, exc)
                    row.ok = False
            parsed.append(row)
            done += 1
            progress(done, total, _("Memeriksa baris…"))
    return parsed


def _find_column(sheet: Sheet, header: Any) -> Column | None:
    from .spec import find_column

    return find_column(sheet, header)


def build_plan(agency: Agency, sheets: list[SheetRows], *, today: dt.date, progress: Progress) -> Plan:
    """Validate every row; the plan when the whole file is valid, else ImportErrors with all of them."""
    errors = Errors()
    if not any(s.rows for s in sheets):
        raise ImportErrors([{"sheet": "", "row": 0, "column": "", "message": _("Berkas tidak berisi data.")}])
    parsed = parse_sheets(sheets, errors, progress)
    employee_rows = [r for r in parsed if r.sheet is EMPLOYEE_SHEET]
    history_rows = [r for r in parsed if r.sheet is not EMPLOYEE_SHEET]

    # --- what the database knows: a fixed number of queries -------------------------------------------------
    unit_codes = {r.values["unit_code"] for r in employee_rows if "unit_code" in r.values}
    position_codes = {r.values["position_code"] for r in parsed if "position_code" in r.values}
    nips = sorted({r.values["nip"] for r in parsed if "nip" in r.values})
    units = {u.code: u for u in Unit.objects.filter(agency=agency, code__in=unit_codes)} if unit_codes else {}
    positions: dict[str, Position] = {}
    if position_codes:
        for position in (
            Position.objects.filter(agency=agency, code__in=position_codes).select_related("unit").order_by("-id")
        ):
            positions[position.code] = position  # the oldest wins when a code repeats
    existing: dict[str, Employee] = {}
    for chunk in _chunks(nips):
        existing.update({e.nip: e for e in Employee.objects.filter(nip__in=chunk)})

    # --- Pegawai rows ----------------------------------------------------------------------------------------
    file_nips: dict[str, int] = {}
    for row in employee_rows:
        _check_employee_row(row, agency, today, units, positions, existing, file_nips, errors)

    # --- history rows ----------------------------------------------------------------------------------------
    for row in history_rows:
        _check_history_row(row, agency, positions, existing, file_nips, errors)
    if errors:
        raise ImportErrors(errors.sorted())

    plan = Plan(agency=agency, rows=len(parsed))
    _plan_employees(plan, employee_rows, existing, units, positions)
    _plan_histories(plan, history_rows, existing, positions, errors)
    _follow_histories(plan, errors, employee_rows, existing)
    if errors:
        raise ImportErrors(errors.sorted())
    return plan


def _check_employee_row(
    row: ParsedRow,
    agency: Agency,
    today: dt.date,
    units: dict[str, Unit],
    positions: dict[str, Position],
    existing: dict[str, Employee],
    file_nips: dict[str, int],
    errors: Errors,
) -> None:
    sheet, v = row.sheet, row.values
    nip = v.get("nip")
    if nip:
        if nip in file_nips:
            errors.add(
                sheet,
                row.row,
                sheet.column("nip"),
                _("NIP ganda dalam berkas (juga di baris %(row)s).") % {"row": file_nips[nip]},
            )
            row.ok = False
        else:
            file_nips[nip] = row.row
        reasons, kind = nip_check(nip, v.get("birth_date"), v.get("gender"), today)
        if reasons:
            errors.add(
                sheet, row.row, sheet.column("nip"), _("NIP tidak sah: %(reasons)s") % {"reasons": "; ".join(reasons)}
            )
            row.ok = False
        elif kind == "PPPK" and v.get("employment_type") in ("CPNS", "PNS"):
            errors.add(sheet, row.row, sheet.column("employment_type"), _("NIP ini NIP PPPK, bukan CPNS/PNS."))
            row.ok = False
        elif kind == "PNS" and v.get("employment_type") == "PPPK":
            errors.add(sheet, row.row, sheet.column("employment_type"), _("NIP ini NIP PNS, bukan PPPK."))
            row.ok = False
        other = existing.get(nip)
        if other is not None and other.agency_id != agency.pk:
            errors.add(sheet, row.row, sheet.column("nip"), _("NIP ini terdaftar di instansi lain."))
            row.ok = False
    born = v.get("birth_date")
    if born and born > today:
        errors.add(sheet, row.row, sheet.column("birth_date"), _("Tanggal lahir belum terjadi."))
    for key in ("appointment_date", "pns_date", "rank_since", "position_since", "last_salary_increment"):
        if born and v.get(key) and v[key] <= born:
            errors.add(sheet, row.row, sheet.column(key), _("Tanggal ini tidak mungkin: sebelum tanggal lahir."))
    if v.get("pns_date") and v.get("appointment_date") and v["pns_date"] < v["appointment_date"]:
        errors.add(sheet, row.row, sheet.column("pns_date"), _("TMT PNS tidak boleh sebelum TMT CPNS."))
    if "unit_code" in v and v["unit_code"] not in units:
        errors.add(
            sheet,
            row.row,
            sheet.column("unit_code"),
            _("Kode unit “%(code)s” tidak ada di instansi ini.") % {"code": v["unit_code"]},
        )
    if "position_code" in v and v["position_code"] not in positions:
        errors.add(
            sheet,
            row.row,
            sheet.column("position_code"),
            _("Kode jabatan “%(code)s” tidak ada di instansi ini.") % {"code": v["position_code"]},
        )


def _check_history_row(
    row: ParsedRow,
    agency: Agency,
    positions: dict[str, Position],
    existing: dict[str, Employee],
    file_nips: dict[str, int],
    errors: Errors,
) -> None:
    sheet, v = row.sheet, row.values
    nip = v.get("nip")
    if nip:
        known = existing.get(nip)
        if known is not None and known.agency_id != agency.pk:
            errors.add(sheet, row.row, sheet.column("nip"), _("NIP ini terdaftar di instansi lain."))
        elif known is None and nip not in file_nips:
            errors.add(
                sheet, row.row, sheet.column("nip"), _("NIP tidak ada di lembar Pegawai maupun di instansi ini.")
            )
    for start_key, end_key in (("start_date", "end_date"),):
        if v.get(start_key) and v.get(end_key) and v[end_key] < v[start_key]:
            errors.add(sheet, row.row, sheet.column(end_key), _("Tanggal akhir sebelum tanggal mulai."))
    if sheet.key == "position":
        if "position_code" in v and v["position_code"] not in positions:
            errors.add(
                sheet,
                row.row,
                sheet.column("position_code"),
                _("Kode jabatan “%(code)s” tidak ada di instansi ini.") % {"code": v["position_code"]},
            )
        elif "position_code" not in v and "position_name" not in v:
            errors.add(sheet, row.row, sheet.column("position_name"), _("Isi kode jabatan atau nama jabatan."))


EMPLOYEE_DIRECT = (
    "name", "front_title", "back_title", "birth_place", "birth_date", "gender", "employment_type",
    "appointment_date", "pns_date", "rank_since", "pppk_grade", "education", "position_since", "occupation",
    "status", "last_salary_increment", "email", "phone",
)  # fmt: skip


def _employee_values(v: dict[str, Any], units: dict[str, Unit], positions: dict[str, Position]) -> dict[str, Any]:
    """Model field (attname for relations) -> value, for the cells that were filled."""
    values = {k: v[k] for k in EMPLOYEE_DIRECT if k in v}
    if "rank" in v:
        values["rank"] = rank_code(v["rank"])
    if "position_code" in v:
        position = positions[v["position_code"]]
        values["position_id"] = position.pk
        if "unit_code" not in v and position.unit_id:
            values["unit_id"] = position.unit_id
    if "unit_code" in v:
        values["unit_id"] = units[v["unit_code"]].pk
    return values


def _apply(plan_row: EmployeePlan, values: dict[str, Any]) -> None:
    """Set values on the employee; an existing employee records [old, new] for what differs."""
    employee = plan_row.employee
    for attname, new in values.items():
        old = getattr(employee, attname)
        if old != new:
            if not plan_row.created:
                name = attname.removesuffix("_id") if attname in ("unit_id", "position_id") else attname
                previous = plan_row.changes.get(name, [jsonable(old)])[0]
                plan_row.changes[name] = [previous, jsonable(new)]
            setattr(employee, attname, new)


def _plan_employees(
    plan: Plan,
    rows: list[ParsedRow],
    existing: dict[str, Employee],
    units: dict[str, Unit],
    positions: dict[str, Position],
) -> None:
    if rows:
        plan.counts[EMPLOYEE_SHEET.name] = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        v = row.values
        values = _employee_values(v, units, positions)
        employee = existing.get(v["nip"])
        if employee is None:
            employee = Employee(agency=plan.agency, nip=v["nip"], status=EmployeeStatus.ACTIVE)
            entry = EmployeePlan(employee=employee, created=True)
        else:
            plan.versions[employee.pk] = employee.version
            entry = EmployeePlan(employee=employee, created=False)
        entry.sheet_keys = set(v)
        _apply(entry, values)
        plan.employees[v["nip"]] = entry


def _plan_histories(
    plan: Plan,
    rows: list[ParsedRow],
    existing: dict[str, Employee],
    positions: dict[str, Position],
    errors: Errors,
) -> None:
    by_kind: dict[str, list[ParsedRow]] = defaultdict(list)
    for row in rows:
        by_kind[row.sheet.key].append(row)
    for kind, kind_rows in by_kind.items():
        sheet = kind_rows[0].sheet
        model = HISTORY_MODELS[kind]
        key_fields = sheet.natural_key
        # Keys already recorded for the agency's employees named in this sheet: one query per chunk.
        ids = sorted({existing[r.values["nip"]].pk for r in kind_rows if r.values["nip"] in existing})
        recorded: set[tuple[Any, ...]] = set()
        for chunk in _chunks(ids):
            recorded.update(
                model._default_manager.filter(employee_id__in=chunk).values_list("employee_id", *key_fields)
            )
        counts = plan.counts.setdefault(sheet.name, {"created": 0, "skipped": 0})
        in_file: dict[tuple[Any, ...], ParsedRow] = {}
        instances: list[tuple[str, models.Model]] = []
        for row in kind_rows:
            nip = row.values["nip"]
            instance = _history_instance(kind, model, row.values, positions)
            key_values = tuple(getattr(instance, f) for f in key_fields)
            if kind == "performance" and (nip, *key_values) in in_file:
                first = in_file[(nip, *key_values)]
                if first.values["predicate"] != row.values["predicate"]:
                    errors.add(
                        sheet,
                        row.row,
                        sheet.column("year"),
                        _("Tahun %(year)s sudah ada di baris %(row)s dengan predikat lain.")
                        % {"year": row.values["year"], "row": first.row},
                    )
                counts["skipped"] += 1
                continue
            if (nip, *key_values) in in_file:
                counts["skipped"] += 1
                continue
            in_file[(nip, *key_values)] = row
            employee = existing.get(nip)
            if employee is not None and (employee.pk, *key_values) in recorded:
                counts["skipped"] += 1
                continue
            instances.append((nip, instance))
            counts["created"] += 1
        plan.histories[kind] = instances


def _history_instance(
    kind: str, model: type[models.Model], v: dict[str, Any], positions: dict[str, Position]
) -> models.Model:
    values = {k: val for k, val in v.items() if k not in ("nip", "position_code")}
    if kind == "rank":
        values["rank"] = rank_code(values["rank"])
    if kind == "position" and "position_code" in v:
        position = positions[v["position_code"]]
        values["position"] = position
        values.setdefault("position_name", position.name)
        values.setdefault("level", position.level)
        if position.unit_id:
            values.setdefault("unit_name", position.unit.name)  # loaded with select_related
    return model(**values)


def _follow_histories(
    plan: Plan, errors: Errors, employee_rows: list[ParsedRow], existing: dict[str, Employee]
) -> None:
    """The current state follows the newest history where the Pegawai sheet leaves it empty; a new open position
    closes the earlier open one the day before it starts. Counts each employee's new history rows."""
    new_rows: dict[str, dict[str, list[models.Model]]] = defaultdict(lambda: defaultdict(list))
    for kind, pairs in plan.histories.items():
        for nip, instance in pairs:
            new_rows[nip][kind].append(instance)
    for nip in new_rows:
        if nip not in plan.employees:  # an employee named only in history sheets (validated: of this agency)
            employee = existing[nip]
            plan.versions[employee.pk] = employee.version
            plan.employees[nip] = EmployeePlan(employee=employee, created=False)
    open_in_db: dict[int, list[PositionHistory]] = defaultdict(list)
    with_positions = [
        plan.employees[n].employee.pk
        for n, k in new_rows.items()
        if k.get("position") and not plan.employees[n].created
    ]
    for chunk in _chunks(sorted(with_positions)):
        for history in PositionHistory.objects.filter(employee_id__in=chunk, end_date__isnull=True):
            open_in_db[history.employee_id].append(history)

    for nip, kinds in new_rows.items():
        entry = plan.employees[nip]
        employee = entry.employee
        filled = entry.sheet_keys
        entry.histories = {kind: len(rows) for kind, rows in kinds.items()}
        follow: dict[str, Any] = {}
        if kinds.get("rank") and "rank" not in filled:
            newest = max(kinds["rank"], key=lambda r: r.effective_date)  # type: ignore[attr-defined]
            if employee.rank_since is None or newest.effective_date >= employee.rank_since:  # type: ignore[attr-defined]
                follow.update(rank=newest.rank, rank_since=newest.effective_date)  # type: ignore[attr-defined]
        if kinds.get("education") and "education" not in filled:
            best = max(kinds["education"], key=lambda r: EDUCATION_ORDINAL[r.level])  # type: ignore[attr-defined]
            if EDUCATION_ORDINAL[best.level] > EDUCATION_ORDINAL.get(employee.education or "", 0):  # type: ignore[attr-defined]
                follow["education"] = best.level  # type: ignore[attr-defined]
        if kinds.get("salary") and "last_salary_increment" not in filled:
            newest = max(kinds["salary"], key=lambda r: r.effective_date)  # type: ignore[attr-defined]
            if employee.last_salary_increment is None or newest.effective_date >= employee.last_salary_increment:  # type: ignore[attr-defined]
                follow["last_salary_increment"] = newest.effective_date  # type: ignore[attr-defined]
        if kinds.get("position"):
            new_open = [r for r in kinds["position"] if r.end_date is None]  # type: ignore[attr-defined]
            timeline = sorted([*open_in_db.get(employee.pk or -1, []), *new_open], key=lambda r: r.start_date)  # type: ignore[attr-defined]
            for earlier, later in itertools.pairwise(timeline):
                if later.start_date > earlier.start_date:  # type: ignore[attr-defined]
                    earlier.end_date = later.start_date - dt.timedelta(days=1)  # type: ignore[attr-defined]
                    if earlier.pk is not None:
                        plan.closed_positions.append(earlier)  # type: ignore[arg-type]
            current = timeline[-1] if timeline else None
            if (
                current is not None
                and current.pk is None
                and "position_code" not in filled
                and "position_since" not in filled
            ):
                if employee.position_since is None or current.start_date >= employee.position_since:  # type: ignore[attr-defined]
                    follow["position_since"] = current.start_date  # type: ignore[attr-defined]
                    if current.position_id:  # type: ignore[attr-defined]
                        follow["position_id"] = current.position_id  # type: ignore[attr-defined]
                        if current.position.unit_id and "unit_code" not in filled:  # type: ignore[attr-defined]
                            follow["unit_id"] = current.position.unit_id  # type: ignore[attr-defined]
        _apply(entry, follow)
    # A new employee needs an education level, from the sheet or from Riwayat Pendidikan.
    rows_by_nip = {r.values["nip"]: r for r in employee_rows}
    for nip, entry in plan.employees.items():
        if entry.created and not entry.employee.education:
            errors.add(
                EMPLOYEE_SHEET,
                rows_by_nip[nip].row,
                EMPLOYEE_SHEET.column("education"),
                _("Wajib diisi untuk pegawai baru (atau isi Riwayat Pendidikan)."),
            )
    counts = plan.counts.get(EMPLOYEE_SHEET.name)
    if counts is not None:
        for nip in rows_by_nip:
            entry = plan.employees[nip]
            counts["created" if entry.created else "updated" if entry.changes else "unchanged"] += 1
