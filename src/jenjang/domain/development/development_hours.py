"""development-hours: whether a PNS had the annual minimum of competency development (regulations.md §8).

Every PNS has the right and the duty to at least 20 lesson hours (JP, jam pelajaran) of competency development a
year (PP 11/2017 jo PP 17/2020; the article is UNCONFIRMED). The minimum is the dated parameter
`development.min_jp_per_year`, read as in force on 31 December of the year assessed. Only activities dated in
that calendar year count; `shortfall` is what is still missing (0 when the minimum is met).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ..decision import Decision, round2
from ..errors import InvalidInput
from ..parameters import ParameterNotInForce, ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import Text, t

MINIMUM = "development.min_jp_per_year"


def _number(value: Decimal) -> int | float:
    """A JP amount for output: an integer when whole, else rounded to 2 decimals."""
    return int(value) if value == value.to_integral_value() else round2(value)


def assess_development_hours_facts(
    year: int, activities: Iterable[Mapping[str, Any]], as_of: dt.date, params: ParameterSet
) -> Decision:
    """Lesson hours in a year for typed facts: each activity has a `date` and `jp` (batch callers use this)."""
    year_end = dt.date(year, 12, 31)
    try:
        minimum = Decimal(str(params.get(MINIMUM, year_end)))
        basis = params.basis(MINIMUM, year_end)
    except ParameterNotInForce:
        raise InvalidInput(
            "year",
            t(
                "Belum ada ketentuan JP minimal untuk tahun {year}",
                "No minimum of lesson hours is in force for {year}",
                year=year,
            ),
        ) from None

    total = Decimal(0)
    counted = 0
    ignored = 0
    for activity in activities:
        if activity["date"].year == year:
            total += Decimal(str(activity["jp"]))
            counted += 1
        else:
            ignored += 1
    shortfall = max(minimum - total, Decimal(0))
    meets = total >= minimum
    values = {"year": year, "total": _number(total), "min": _number(minimum), "shortfall": _number(shortfall)}

    reasons: list[Text] = [
        Text(
            "Tahun {year} memenuhi JP minimal: {total} JP (minimal {min} JP)",
            "The minimum is met for {year}: {total} JP ({min} JP needed)",
            values,
        )
        if meets
        else Text(
            "Tahun {year} belum memenuhi JP minimal: {total} JP, kurang {shortfall} JP dari {min} JP",
            "The minimum is not met for {year}: {total} JP, {shortfall} JP short of {min} JP",
            values,
        ),
        t(
            "Kegiatan pada tahun {year} yang dihitung: {counted}",
            "Activities dated in {year}, counted: {counted}",
            counted=counted,
            year=year,
        ),
    ]
    if ignored:
        reasons.append(
            t(
                "Kegiatan di luar tahun {year}, tidak dihitung: {ignored}",
                "Activities dated outside {year}, not counted: {ignored}",
                ignored=ignored,
                year=year,
            )
        )
    if as_of < year_end and not meets:
        reasons.append(
            t(
                "Tahun {year} belum berakhir per {as_of}: kekurangan masih dapat dipenuhi",
                "{year} is not over as of {as_of}: the shortfall can still be made up",
                year=year,
                as_of=as_of,
            )
        )
    return Decision(
        result={
            "total_jp": values["total"],
            "meets_minimum": meets,
            "shortfall": values["shortfall"],
            "minimum_jp": values["min"],
            "activities_counted": counted,
        },
        reasons=tuple(reasons),
        legal_basis=(basis,),
    )


@rule(
    name="development-hours",
    version="2017.1",
    title=t("Jam pelajaran pengembangan kompetensi", "Competency development hours (JP)"),
    summary=t(
        "Jumlah JP pengembangan kompetensi seorang PNS dalam satu tahun dan apakah memenuhi minimal 20 JP.",
        "A PNS's lesson hours (JP) of competency development in a year and whether they reach the 20 JP minimum.",
    ),
    schema=Schema(
        (
            Field(
                "year",
                "integer",
                t("Tahun", "Year"),
                minimum=1900,
                maximum=9999,
                example=2024,
            ),
            Field(
                "activities",
                "list",
                t("Kegiatan pengembangan kompetensi", "Development activities"),
                fields=(
                    Field("date", "date", t("Tanggal", "Date")),
                    Field("jp", "number", t("Jam pelajaran (JP)", "Lesson hours (JP)"), minimum=0),
                ),
                example=[{"date": "2024-03-12", "jp": 12}, {"date": "2024-09-02", "jp": 10}],
                help=t(
                    'Daftar kegiatan, mis. [{"date": "2024-03-12", "jp": 12}]',
                    'A list of activities, e.g. [{"date": "2024-03-12", "jp": 12}]',
                ),
            ),
        )
    ),
    legal_basis=("PP 11/2017 jo PP 17/2020", "Peraturan LAN 10/2018"),
    parameters=(MINIMUM,),
    examples=(
        {
            "year": 2024,
            "activities": [{"date": "2024-03-12", "jp": 12}, {"date": "2024-09-02", "jp": 10}],
            "as_of": "2025-01-15",
        },
        {
            "year": 2024,
            "activities": [
                {"date": "2023-12-20", "jp": 16},
                {"date": "2024-05-06", "jp": 8},
                {"date": "2024-10-21", "jp": 4.5},
            ],
            "as_of": "2025-01-15",
        },
    ),
)
def assess_development_hours(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_development_hours_facts(facts["year"], facts["activities"], as_of, params)
