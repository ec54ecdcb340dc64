"""Loading the demo agencies: set-based writes (bulk_create), one transaction, one audit row "demo.loaded"."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from jenjang.accounts.models import User
from jenjang.core.audit import audit_record
from jenjang.core.hooks import app_modules
from jenjang.domain.parameters import default_parameters
from jenjang.organization.models import Agency, Position, Unit, position_kind
from jenjang.personnel import models as pm
from jenjang.protected.models import ProtectedAttributes

from .campus import AGENCIES, DEMO_CODES, PASSWORD, USERS, AgencySpec
from .careers import Career, build_career, naming, pns_nip, pppk_nip

DEFAULT_SEED = 2026
URL = "http://127.0.0.1:8000"

CLASS_GRADE = {
    "JPT_PRATAMA": 14, "ADMINISTRATOR": 12, "PENGAWAS": 9, "PELAKSANA": 6, "JF_AHLI_PERTAMA": 8, "JF_AHLI_MUDA": 9,
    "JF_AHLI_MADYA": 11, "JF_AHLI_UTAMA": 13, "JF_TERAMPIL": 6, "JF_MAHIR": 7, "JF_PENYELIA": 8,
}  # fmt: skip
RELIGIONS = (("ISLAM", 88), ("HINDU", 6), ("KRISTEN", 3), ("KATOLIK", 2), ("BUDDHA", 1))
ETHNICITIES = (("Sasak", 50), ("Samawa", 10), ("Mbojo", 10), ("Bali", 6), ("Jawa", 12), ("Bugis", 4), ("Sunda", 3),
               ("Flores", 3), ("Minang", 2))  # fmt: skip


@dataclass
class DemoResult:
    created: bool
    employees: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)  # (role label, username, password, url)


def _pick(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def demo_is_loaded() -> bool:
    return Agency.objects.filter(code=DEMO_CODES[0]).exists() and User.objects.filter(username="admin").exists()


def demo_logins() -> list[tuple[str, str, str, str]]:
    users = {u.username: u for u in User.objects.filter(username__in=[row[0] for row in USERS])}
    return [(str(users[name].get_role_display()) if name in users else role, name, PASSWORD, URL)
            for name, role, _code, _who in USERS]  # fmt: skip


def _clear(agencies: list[Agency]) -> None:
    """Delete everything under the demo agencies (the agency rows stay: the append-only audit log refers to
    them)."""
    ids = [a.pk for a in agencies]
    for module in reversed(app_modules("demo")):
        module.clear(ids)
    User.objects.filter(agency_id__in=ids).delete()
    User.objects.filter(username__in=[row[0] for row in USERS]).delete()
    pm.Employee.objects.filter(agency_id__in=ids).delete()
    Position.objects.filter(agency_id__in=ids).delete()
    Unit.objects.filter(agency_id__in=ids).update(parent=None)
    Unit.objects.filter(agency_id__in=ids).delete()


@transaction.atomic
def demo_load(*, seed: int = DEFAULT_SEED, today: dt.date, reset: bool = False, actor: Any = None) -> DemoResult:
    """Build the demo agencies. When they are there already and `reset` is false, change nothing."""
    existing = list(Agency.objects.filter(code__in=DEMO_CODES))
    if existing and not reset and demo_is_loaded():
        return DemoResult(created=False, logins=demo_logins())
    _clear(existing)
    by_code = {a.code: a for a in existing}
    rng = random.Random(seed)
    result = DemoResult(created=True)
    people: dict[str, dict[str, pm.Employee]] = {}
    for spec in AGENCIES:
        agency = _agency(spec, by_code.get(spec.code))
        count, employees = _load_agency(spec, agency, rng, today)
        people[spec.code] = employees
        result.employees[spec.code] = count
    _users(people)
    agencies = {a.code: a for a in Agency.objects.filter(code__in=DEMO_CODES)}
    for module in app_modules("demo"):
        module.load(agencies=agencies, today=today, seed=seed)
    result.logins = demo_logins()
    audit_record(
        actor=actor,
        action="demo.loaded",
        object_type="demo",
        object_repr="IPDN Kampus NTB, BKD Provinsi NTB",
        changes={"seed": [None, seed], "today": [None, today.isoformat()], "employees": [None, result.employees]},
    )
    return result


def _agency(spec: AgencySpec, agency: Agency | None) -> Agency:
    values = {"name": spec.name, "short_name": spec.short_name, "kind": spec.kind, "province": spec.province,
              "address": spec.address}  # fmt: skip
    if agency is None:
        return Agency.objects.create(code=spec.code, **values)
    for key, value in values.items():
        setattr(agency, key, value)
    agency.save()
    return agency


def _units(spec: AgencySpec, agency: Agency) -> dict[str, Unit]:
    """Create the tree level by level (parents first), then set `path`/`depth` in one bulk update."""
    units: dict[str, Unit] = {}
    pending = list(spec.units)
    order = 0
    while pending:
        level = [u for u in pending if u.parent is None or u.parent in units]
        rows = []
        for u in level:
            order += 1
            rows.append(Unit(agency=agency, parent=units.get(u.parent) if u.parent else None, code=u.code,
                             name=u.name, order=order))  # fmt: skip
        for u, row in zip(level, Unit.objects.bulk_create(rows), strict=True):
            parent_path = units[u.parent].path if u.parent else "/"
            row.path = f"{parent_path}{row.pk}/"
            row.depth = row.path.count("/") - 2
            units[u.code] = row
        pending = [u for u in pending if u.code not in units]
    Unit.objects.bulk_update(units.values(), ["path", "depth"])
    return units


def _load_agency(
    spec: AgencySpec, agency: Agency, rng: random.Random, today: dt.date
) -> tuple[int, dict[str, pm.Employee]]:
    """Build one agency; returns its number of employees and its unit heads/members for the demo users."""
    params = default_parameters()
    names = naming()
    units = _units(spec, agency)
    careers: list[tuple[str, Career]] = []  # (unit code, career)
    used_nips: set[str] = set()
    index = 0
    for slot in spec.slots:
        unit_name = units[slot.unit].name
        pppk = round(slot.count * slot.pppk_share)
        for i in range(slot.count):
            kind = "CPNS" if i < slot.cpns else "PPPK" if i >= slot.count - pppk else "PNS"
            index += 1
            force = ""
            if kind == "PNS" and not slot.track.fixed_final:
                force = "promotion" if index % 11 == 0 else "retiring" if index % 23 == 5 else ""
            career = build_career(rng, names, slot.track, employment_type=kind, today=today,
                                  agency_code=spec.code, unit_name=unit_name, params=params, force=force)  # fmt: skip
            career.nip = _nip(rng, career, used_nips)
            careers.append((slot.unit, career))
    # NIPs already taken outside the demo (one query; a clash is re-drawn).
    taken = set(pm.Employee.objects.filter(nip__in=used_nips).values_list("nip", flat=True))
    while taken:
        for _unit, career in careers:
            if career.nip in taken:
                career.nip = _nip(rng, career, used_nips)
        taken = set(pm.Employee.objects.filter(nip__in=[c.nip for _u, c in careers]).values_list("nip", flat=True))

    # Positions: every rung a holder passed through, in the unit of the slot.
    holders: dict[tuple[str, str], int] = defaultdict(int)
    rungs: dict[tuple[str, str], Any] = {}
    minimum_education: dict[tuple[str, str], str] = {}
    for unit_code, career in careers:
        for row in career.positions:
            rungs[(unit_code, row["rung"].name)] = row["rung"]
        holders[(unit_code, career.position_name)] += 1
        key = (unit_code, career.position_name)
        minimum_education[key] = min(minimum_education.get(key, career.education), career.education,
                                     key=_education_rank)  # fmt: skip
    position_rows = [
        Position(agency=agency, unit=units[unit_code], code=f"{unit_code}-{i + 1:03d}", name=rung.name,
                 level=rung.level, kind=position_kind(rung.level), family=_family(rung.name, rung.level),
                 class_grade=CLASS_GRADE.get(rung.level), formation=max(holders.get((unit_code, rung.name), 0), 1),
                 required_education=minimum_education.get((unit_code, rung.name), ""))
        for i, ((unit_code, _name), rung) in enumerate(sorted(rungs.items(), key=lambda item: item[0]))
    ]  # fmt: skip
    positions = {(p.unit.code, p.name): p for p in Position.objects.bulk_create(position_rows)}

    employees = pm.Employee.objects.bulk_create(
        [
            pm.Employee(
                agency=agency, nip=c.nip, name=c.name, front_title=c.front_title, back_title=c.back_title,
                birth_date=c.birth_date, birth_place=c.birth_place, gender=c.gender,
                employment_type=c.employment_type, appointment_date=c.appointment_date, pns_date=c.pns_date,
                rank=c.rank, rank_since=c.rank_since, pppk_grade=c.pppk_grade, education=c.education,
                position=positions[(unit_code, c.position_name)], position_since=c.position_since,
                unit=units[unit_code], occupation=c.occupation, last_salary_increment=c.last_salary_increment,
                email=f"{c.nip[-6:]}.{c.name.split()[0].lower()}@{spec.code.lower()}.demo.id",
            )
            for unit_code, c in careers
        ]
    )  # fmt: skip
    _histories(employees, careers, positions, rng, today)
    by_unit: dict[str, pm.Employee] = {}
    for employee, (unit_code, career) in zip(employees, careers, strict=True):
        if career.level in ("JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS"):
            by_unit.setdefault(f"head:{unit_code}", employee)
        if career.employment_type == "PNS" and career.level.startswith("JF_AHLI"):
            by_unit.setdefault(f"member:{unit_code}", employee)
    return len(employees), by_unit


def _education_rank(level: str) -> int:
    return ("SD", "SLTP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3").index(level)


def _family(name: str, level: str) -> str:
    if not level.startswith("JF_"):
        return ""
    if name.startswith("Dosen"):
        return "Dosen"
    for suffix in (" Ahli Pertama", " Ahli Muda", " Ahli Madya", " Terampil", " Mahir", " Penyelia"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _nip(rng: random.Random, career: Career, used: set[str]) -> str:
    """A valid NIP for the career (the `nip` rule's layout), unique in the demo; sequences 001-099 (the national
    generator uses 101-999)."""
    while True:
        sequence = rng.randint(1, 99)
        if career.employment_type == "PPPK":
            nip = pppk_nip(career.birth_date, career.appointment_date, career.gender, rng.randint(1, 3), sequence)
        else:
            nip = pns_nip(career.birth_date, career.appointment_date, career.gender, sequence)
        if nip not in used:
            used.add(nip)
            return nip


def _histories(
    employees: list[pm.Employee],
    careers: list[tuple[str, Career]],
    positions: dict[tuple[str, str], Position],
    rng: random.Random,
    today: dt.date,
) -> None:
    ranks, moves, schools, trainings, performances, awards, sanctions, salaries, protected = ([] for _ in range(9))
    for employee, (unit_code, c) in zip(employees, careers, strict=True):
        ranks += [pm.RankHistory(employee=employee, **row) for row in c.ranks]
        for row in c.positions:
            values = {k: v for k, v in row.items() if k != "rung"}
            moves.append(pm.PositionHistory(employee=employee, position=positions.get((unit_code, row["rung"].name)),
                                            **values))  # fmt: skip
        schools += [pm.EducationHistory(employee=employee, **row) for row in c.educations]
        trainings += [pm.TrainingHistory(employee=employee, **row) for row in c.trainings]
        performances += [pm.PerformanceHistory(employee=employee, **row) for row in c.performances]
        awards += [pm.AwardHistory(employee=employee, **row) for row in c.awards]
        sanctions += [pm.SanctionHistory(employee=employee, **row) for row in c.sanctions]
        salaries += [pm.SalaryIncrementHistory(employee=employee, **row) for row in c.salaries]
        age = (today - c.birth_date).days // 365
        protected.append(
            ProtectedAttributes(
                employee=employee,
                religion=_pick(rng, RELIGIONS),
                ethnicity=_pick(rng, ETHNICITIES),
                disability="Disabilitas fisik" if rng.random() < 0.02 else "",
                marital_status=rng.choices(["KAWIN", "BELUM_KAWIN", "CERAI_HIDUP", "CERAI_MATI"],
                                           weights=[80 if age > 25 else 40, 15 if age > 25 else 60, 3, 2])[0],
            )
        )  # fmt: skip
    for model, rows in (
        (pm.RankHistory, ranks), (pm.PositionHistory, moves), (pm.EducationHistory, schools),
        (pm.TrainingHistory, trainings), (pm.PerformanceHistory, performances), (pm.AwardHistory, awards),
        (pm.SanctionHistory, sanctions), (pm.SalaryIncrementHistory, salaries), (ProtectedAttributes, protected),
    ):  # fmt: skip
        model.objects.bulk_create(rows, batch_size=2000)


def _users(people: dict[str, dict[str, pm.Employee]]) -> None:
    password = make_password(PASSWORD)
    agencies = {a.code: a for a in Agency.objects.filter(code__in=DEMO_CODES)}
    rows = []
    for username, role, code, who in USERS:
        employee = people[code].get(who) if who else None
        first, last = [*employee.name.split(" ", 1), ""][:2] if employee else (username.title(), "")
        rows.append(User(username=username, role=role, agency=agencies[code], employee=employee, password=password,
                         first_name=first[:150], last_name=last[:150], is_staff=role == "ADMIN"))  # fmt: skip
    User.objects.bulk_create(rows)
