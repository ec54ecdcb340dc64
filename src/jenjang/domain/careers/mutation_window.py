"""mutation-window: when an employee may, and should, move to another position (PP 11/2017 art. 190).

A position is held at least 2 and at most 5 years (both parameters): `earliest` = position_since + 2 years,
`latest` = position_since + 5 years; TOO_EARLY before earliest, WITHIN_WINDOW from earliest to latest inclusive,
OVERDUE after latest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..dates import add_years
from ..decision import Decision
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import t

WINDOW = "mutation.window_years"
STATUSES: tuple[str, ...] = ("TOO_EARLY", "WITHIN_WINDOW", "OVERDUE")


def assess_mutation_window_facts(position_since: dt.date, as_of: dt.date, params: ParameterSet) -> Decision:
    """The rotation window for typed facts (batch callers use this directly)."""
    window = params.get(WINDOW, as_of)
    shortest, longest = int(window["min"]), int(window["max"])
    earliest = add_years(position_since, shortest)
    latest = add_years(position_since, longest)
    if as_of < earliest:
        status = "TOO_EARLY"
        verdict = t(
            "Terlalu dini untuk mutasi: {min} tahun dalam jabatan baru tercapai pada {earliest}",
            "Too early for a transfer: {min} years in the position are reached only on {earliest}",
            min=shortest,
            earliest=earliest,
        )
    elif as_of <= latest:
        status = "WITHIN_WINDOW"
        verdict = t(
            "Dalam rentang mutasi: antara {earliest} dan {latest}",
            "Within the transfer window: between {earliest} and {latest}",
            earliest=earliest,
            latest=latest,
        )
    else:
        status = "OVERDUE"
        verdict = t(
            "Melewati batas: lebih dari {max} tahun dalam jabatan sejak {latest}",
            "Overdue: more than {max} years in the position since {latest}",
            max=longest,
            latest=latest,
        )
    return Decision(
        result={"earliest": earliest, "latest": latest, "status": status},
        reasons=(
            t(
                "Menduduki jabatan sejak {since}; mutasi paling singkat {min} tahun dan paling lama {max} tahun",
                "In the position since {since}; a transfer after {min} years at the earliest, {max} at the latest",
                since=position_since,
                min=shortest,
                max=longest,
            ),
            verdict,
        ),
        legal_basis=(params.basis(WINDOW, as_of),),
    )


@rule(
    name="mutation-window",
    version="2017.1",
    title=t("Rentang waktu mutasi", "Transfer (rotation) window"),
    summary=t(
        "Kapan seorang pegawai paling cepat dan paling lambat dipindahkan dari jabatannya.",
        "When an employee may at the earliest, and should at the latest, move from their position.",
    ),
    schema=Schema(
        (
            Field(
                "position_since",
                "date",
                t("TMT jabatan saat ini", "In the current position since (TMT)"),
                example="2021-01-04",
            ),
        )
    ),
    legal_basis=("PP 11/2017 art. 190", "Peraturan BKN 5/2019"),
    parameters=(WINDOW,),
    examples=(
        {"position_since": "2021-01-04", "as_of": "2025-01-31"},
        {"position_since": "2019-06-01", "as_of": "2025-01-31"},
    ),
)
def assess_mutation_window(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_mutation_window_facts(facts["position_since"], as_of, params)
