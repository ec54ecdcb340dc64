"""workload: workload analysis of a position (analisis beban kerja, ABK; regulations.md §9).

    workload_minutes = sum(volume_i * minutes_i)                  (minutes per year)
    required_staff   = workload_minutes / effective_minutes       (2 decimals)
    efficiency (EJ)  = workload_minutes / (current_staff * effective_minutes)   (2 decimals)
Effective working time (WKE) defaults to the parameter `workload.effective_minutes` (75,000 minutes = 1,250 hours a
year, PermenPANRB 1/2020); the input may give its own. The grade (Permendagri 12/2008, UNCONFIRMED parameter) is read
from the efficiency rounded to 2 decimals: > 1.00 A Sangat Baik, 0.90-1.00 B Baik, 0.70-0.89 C Cukup, 0.50-0.69
D Sedang, < 0.50 E Kurang. With no current staff the efficiency and the grade are null.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..decision import Decision, round2
from ..errors import InvalidInput
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import Text, t

EFFECTIVE_MINUTES = "workload.effective_minutes"
GRADES = "workload.efficiency_grades"


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _plain(value: Decimal) -> int | float:
    """A whole number stays an int; anything else is rounded to 2 decimals."""
    return int(value) if value == value.to_integral_value() else round2(value)


def efficiency_grade(efficiency: float, as_of: dt.date, params: ParameterSet) -> Mapping[str, Any]:
    """The grade band of an efficiency (already rounded to 2 decimals); bands highest first, the first that holds."""
    value = _decimal(efficiency)
    bands = params.get(GRADES, as_of)
    for band in bands:
        if "above" in band and value > _decimal(band["above"]):
            return dict(band)
        if "at_least" in band and value >= _decimal(band["at_least"]):
            return dict(band)
    return dict(bands[-1])


def assess_workload_facts(
    tasks: Sequence[Mapping[str, Any]],
    current_staff: int,
    as_of: dt.date,
    params: ParameterSet,
    effective_minutes: float | None = None,
) -> Decision:
    """The workload, required staff, efficiency and grade for typed facts."""
    if not tasks:
        raise InvalidInput("tasks", t("Daftar tugas tidak boleh kosong", "The list of tasks must not be empty"))
    if effective_minutes is None:
        wke = _decimal(params.get(EFFECTIVE_MINUTES, as_of))
        wke_basis = params.basis(EFFECTIVE_MINUTES, as_of)
        wke_reason = t(
            "Waktu kerja efektif {wke} menit per tahun (ketentuan)",
            "Effective working time {wke} minutes a year (the regulation's value)",
            wke=_plain(wke),
        )
    else:
        wke = _decimal(effective_minutes)
        wke_basis = ""
        wke_reason = t(
            "Waktu kerja efektif {wke} menit per tahun (dari masukan)",
            "Effective working time {wke} minutes a year (from the input)",
            wke=_plain(wke),
        )
    if wke <= 0:
        raise InvalidInput(
            "effective_minutes",
            t("Waktu kerja efektif harus lebih dari 0", "The effective working time must be more than 0"),
        )
    workload = sum((_decimal(task["volume"]) * _decimal(task["minutes"]) for task in tasks), Decimal(0))
    required = round2(workload / wke)
    reasons: list[Text] = [
        t(
            "Beban kerja {n} tugas: {workload} menit per tahun",
            "Workload of {n} task(s): {workload} minutes a year",
            n=len(tasks),
            workload=_plain(workload),
        ),
        wke_reason,
        t(
            "Kebutuhan pegawai = {workload} / {wke} = {required}",
            "Staff required = {workload} / {wke} = {required}",
            workload=_plain(workload),
            wke=_plain(wke),
            required=required,
        ),
    ]
    efficiency: float | None = None
    grade: str | None = None
    label: dict[str, str] | None = None
    if current_staff > 0:
        efficiency = round2(workload / (Decimal(current_staff) * wke))
        band = efficiency_grade(efficiency, as_of, params)
        grade = str(band["grade"])
        label = {"id": str(band.get("label_id", grade)), "en": str(band.get("label_en", grade))}
        reasons.append(
            t(
                "Efektivitas jabatan (EJ) = {workload} / ({staff} × {wke}) = {efficiency}: {grade} ({label_id})",
                "Position efficiency (EJ) = {workload} / ({staff} × {wke}) = {efficiency}: {grade} ({label_en})",
                workload=_plain(workload),
                staff=current_staff,
                wke=_plain(wke),
                efficiency=efficiency,
                grade=grade,
                label_id=label["id"],
                label_en=label["en"],
            )
        )
    else:
        reasons.append(
            t(
                "Belum ada pegawai pada jabatan ini: efektivitas jabatan tidak dapat dihitung",
                "No one holds the position yet: the efficiency cannot be worked out",
            )
        )
    legal_basis = tuple(b for b in (wke_basis, params.basis(GRADES, as_of)) if b)
    return Decision(
        result={
            "workload_minutes": _plain(workload),
            "required_staff": required,
            "efficiency": efficiency,
            "grade": grade,
            "grade_label": label,
            "effective_minutes": _plain(wke),
            "staff_difference": round2(Decimal(str(required)) - current_staff),
        },
        reasons=tuple(reasons),
        legal_basis=("PermenPANRB 1/2020 (analisis beban kerja)", *legal_basis),
    )


@rule(
    name="workload",
    version="2020.1",
    title=t("Analisis beban kerja (ABK)", "Workload analysis (ABK)"),
    summary=t(
        "Beban kerja jabatan, kebutuhan pegawai, efektivitas jabatan (EJ) dan nilainya.",
        "A position's workload, the staff it needs, its efficiency (EJ) and the grade.",
    ),
    schema=Schema(
        (
            Field(
                "tasks",
                "list",
                t("Tugas: volume per tahun dan norma waktu (menit)", "Tasks: yearly volume and standard time (min)"),
                fields=(
                    Field("volume", "number", t("Volume per tahun", "Volume per year"), minimum=0),
                    Field("minutes", "number", t("Norma waktu (menit)", "Standard time (minutes)"), minimum=0),
                ),
                example=[{"volume": 1200, "minutes": 30}, {"volume": 250, "minutes": 90}],
            ),
            Field(
                "current_staff",
                "integer",
                t("Jumlah pegawai saat ini", "Current number of staff"),
                minimum=0,
                example=1,
            ),
            Field(
                "effective_minutes",
                "number",
                t("Waktu kerja efektif (menit/tahun)", "Effective working time (minutes a year)"),
                required=False,
                minimum=0,
                help=t("Kosong: 75.000 menit (ketentuan)", "Empty: 75,000 minutes (the regulation's value)"),
            ),
        )
    ),
    legal_basis=("PermenPANRB 1/2020", "Permendagri 12/2008"),
    parameters=(EFFECTIVE_MINUTES, GRADES),
    examples=(
        {
            "tasks": [{"volume": 1200, "minutes": 30}, {"volume": 250, "minutes": 90}],
            "current_staff": 1,
            "as_of": "2025-01-31",
        },
        {
            "tasks": [{"volume": 3000, "minutes": 45}],
            "current_staff": 3,
            "as_of": "2025-01-31",
        },
        {
            "tasks": [{"volume": 1000, "minutes": 72}],
            "current_staff": 1,
            "effective_minutes": 72000,
            "as_of": "2025-01-31",
        },
    ),
)
def assess_workload(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_workload_facts(
        facts["tasks"], facts["current_staff"], as_of, params, effective_minutes=facts.get("effective_minutes")
    )
