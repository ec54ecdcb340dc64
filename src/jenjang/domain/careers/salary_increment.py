"""salary-increment: the next periodic salary increment (kenaikan gaji berkala, KGB; regulations.md §3).

`next_date` = last increment + the interval (2 years, UNCONFIRMED parameter); `due` when next_date <= as_of.
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

INTERVAL = "salary.increment_interval_years"


def assess_salary_increment_facts(last_increment: dt.date, as_of: dt.date, params: ParameterSet) -> Decision:
    """The next KGB date for typed facts (batch callers use this directly)."""
    years = int(params.get(INTERVAL, as_of))
    next_date = add_years(last_increment, years)
    due = next_date <= as_of
    if due:
        status = t(
            "KGB sudah jatuh tempo sejak {next} (per {as_of})",
            "The salary increment has been due since {next} (as of {as_of})",
            next=next_date,
            as_of=as_of,
        )
    else:
        status = t(
            "KGB belum jatuh tempo: berikutnya pada {next}",
            "The salary increment is not yet due: next on {next}",
            next=next_date,
        )
    return Decision(
        result={"next_date": next_date, "due": due},
        reasons=(
            t(
                "KGB terakhir {last}; KGB berikutnya {years} tahun kemudian: {next}",
                "Last increment {last}; the next comes {years} years later: {next}",
                last=last_increment,
                years=years,
                next=next_date,
            ),
            status,
        ),
        legal_basis=(params.basis(INTERVAL, as_of),),
    )


@rule(
    name="salary-increment",
    version="1977.1",
    title=t("Kenaikan gaji berkala (KGB)", "Periodic salary increment (KGB)"),
    summary=t(
        "Tanggal KGB berikutnya dan apakah sudah jatuh tempo.",
        "The date of the next periodic salary increment and whether it is due.",
    ),
    schema=Schema(
        (
            Field(
                "last_increment",
                "date",
                t("TMT KGB terakhir", "Last increment (TMT)"),
                example="2023-04-01",
            ),
        )
    ),
    legal_basis=("PP 7/1977 art. 11-13",),
    parameters=(INTERVAL,),
    examples=(
        {"last_increment": "2023-04-01", "as_of": "2025-03-31"},
        {"last_increment": "2023-04-01", "as_of": "2025-04-01"},
    ),
)
def assess_salary_increment(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_salary_increment_facts(facts["last_increment"], as_of, params)
