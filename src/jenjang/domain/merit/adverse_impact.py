"""adverse-impact: selection rates by group and the four-fifths rule (a merit-system monitoring aid; §11).

Each group's selection rate is selected / applicants, shown as a percentage rounded to 2 decimals (25% is 25.0).
Its impact ratio is its rate divided by the highest rate of any group, a fraction rounded to 2 decimals (the
highest group has 1.0). A group is flagged when its ratio is below the threshold (0.8, the four-fifths rule, the
dated parameter `merit.adverse_impact_ratio`); the comparison uses the exact ratio, so a ratio of 0.795 is shown
as 0.8 and still flagged. A group with no applicants has no rate (null) and is neither compared nor flagged; when
no group selected anyone the ratios are undefined (null). More selected than applicants is bad input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..decision import Decision
from ..errors import InvalidInput
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import Text, t

THRESHOLD = "merit.adverse_impact_ratio"
COUNTS: tuple[str, ...] = ("applicants", "selected")


def _half_up(value: Fraction) -> float:
    """An exact value rounded half up to 2 decimals (no float on the way: 0.125 -> 0.13, 0.795 -> 0.8)."""
    scaled = value * 100
    whole = scaled.numerator // scaled.denominator
    if (scaled - whole) * 2 >= 1:
        whole += 1
    return whole / 100


def _percent(value: Fraction) -> float:
    """A rate as a percentage with 2 decimals (1/8 -> 12.5)."""
    return _half_up(value * 100)


def _ratio(value: Fraction) -> float:
    return _half_up(value)


def assess_adverse_impact_facts(
    groups: Mapping[str, Mapping[str, int]], as_of: dt.date, params: ParameterSet
) -> Decision:
    """Rates, impact ratios and flags for typed facts: group -> {applicants, selected} (batch callers use this)."""
    if not groups:
        raise InvalidInput("groups", t("Isikan paling sedikit satu kelompok", "Give at least one group"))
    for name, counts in groups.items():
        for key in COUNTS:
            if key not in counts:
                raise InvalidInput(
                    f"groups.{name}.{key}",
                    t("Kolom {name} wajib diisi", "Field {name} is required", name=f"groups.{name}.{key}"),
                )
        if counts["selected"] > counts["applicants"]:
            raise InvalidInput(
                f"groups.{name}.selected",
                t(
                    "Kelompok {group}: yang terpilih ({selected}) lebih banyak dari pelamar ({applicants})",
                    "Group {group}: more selected ({selected}) than applicants ({applicants})",
                    group=name,
                    selected=counts["selected"],
                    applicants=counts["applicants"],
                ),
            )

    threshold = Fraction(str(params.get(THRESHOLD, as_of)))
    exact: dict[str, Fraction | None] = {
        name: Fraction(counts["selected"], counts["applicants"]) if counts["applicants"] else None
        for name, counts in groups.items()
    }
    known = [rate for rate in exact.values() if rate is not None]
    highest = max(known) if known else None
    reference = next((name for name, rate in exact.items() if rate is not None and rate == highest), None)

    rates: dict[str, float | None] = {}
    ratios: dict[str, float | None] = {}
    flagged: list[str] = []
    reasons: list[Text] = []
    for name, rate in exact.items():
        counts = groups[name]
        if rate is None:
            rates[name] = None
            ratios[name] = None
            reasons.append(
                t(
                    "Kelompok {group}: tidak ada pelamar, sehingga tidak ada tingkat seleksi dan tidak dibandingkan",
                    "Group {group}: no applicants, so no selection rate and no comparison",
                    group=name,
                )
            )
            continue
        rates[name] = _percent(rate)
        values: dict[str, Any] = {
            "group": name,
            "selected": counts["selected"],
            "applicants": counts["applicants"],
            "rate": rates[name],
        }
        if not highest:  # no group selected anyone: every ratio would be 0/0
            ratios[name] = None
            reasons.append(
                Text(
                    "Kelompok {group}: {selected} dari {applicants} terpilih ({rate}%)",
                    "Group {group}: {selected} of {applicants} selected ({rate}%)",
                    values,
                )
            )
            continue
        ratio = rate / highest
        ratios[name] = _ratio(ratio)
        values |= {"ratio": ratios[name], "threshold": float(threshold)}
        if ratio < threshold:
            flagged.append(name)
            reasons.append(
                Text(
                    "Kelompok {group}: {selected} dari {applicants} terpilih ({rate}%), rasio dampak {ratio} di "
                    "bawah {threshold}: indikasi dampak merugikan",
                    "Group {group}: {selected} of {applicants} selected ({rate}%), impact ratio {ratio} is below "
                    "{threshold}: a sign of adverse impact",
                    values,
                )
            )
        else:
            reasons.append(
                Text(
                    "Kelompok {group}: {selected} dari {applicants} terpilih ({rate}%), rasio dampak {ratio}",
                    "Group {group}: {selected} of {applicants} selected ({rate}%), impact ratio {ratio}",
                    values,
                )
            )

    if highest is None:
        headline = t(
            "Tidak ada kelompok dengan pelamar: tingkat seleksi tidak dapat dihitung",
            "No group has applicants: no selection rate can be worked out",
        )
    elif not highest:
        headline = t(
            "Tidak ada yang terpilih di kelompok mana pun: rasio dampak tidak terdefinisi",
            "Nobody was selected in any group: the impact ratios are undefined",
        )
    elif flagged:
        headline = t(
            "Kelompok di bawah aturan empat perlima ({threshold}): {groups} (pembanding: {reference}, {rate}%)",
            "Groups under the four-fifths rule ({threshold}): {groups} (reference: {reference}, {rate}%)",
            threshold=float(threshold),
            groups=", ".join(flagged),
            reference=reference,
            rate=_percent(highest),
        )
    else:
        headline = t(
            "Tidak ada kelompok di bawah aturan empat perlima ({threshold}) (pembanding: {reference}, {rate}%)",
            "No group is under the four-fifths rule ({threshold}) (reference: {reference}, {rate}%)",
            threshold=float(threshold),
            reference=reference,
            rate=_percent(highest),
        )
    return Decision(
        result={
            "rates": rates,
            "impact_ratios": ratios,
            "flagged": flagged,
            "reference_group": reference if highest else None,
            "threshold": float(threshold),
        },
        reasons=(headline, *reasons),
        legal_basis=(params.basis(THRESHOLD, as_of),),
    )


@rule(
    name="adverse-impact",
    version="1978.1",
    title=t("Dampak merugikan seleksi (aturan empat perlima)", "Adverse impact of a selection (four-fifths rule)"),
    summary=t(
        "Tingkat seleksi tiap kelompok, rasionya terhadap tingkat tertinggi, dan kelompok di bawah 0,8.",
        "Each group's selection rate, its ratio to the highest rate, and the groups under 0.8.",
    ),
    schema=Schema(
        (
            Field(
                "groups",
                "mapping",
                t("Kelompok pelamar", "Applicant groups"),
                item=Field(
                    "counts",
                    "mapping",
                    t("Jumlah", "Counts"),
                    key_choices=COUNTS,
                    item=Field("count", "integer", t("Jumlah", "Count"), minimum=0),
                ),
                example={"F": {"applicants": 120, "selected": 18}, "M": {"applicants": 100, "selected": 25}},
                help=t(
                    'Per kelompok: {"applicants": n, "selected": k}',
                    'Per group: {"applicants": n, "selected": k}',
                ),
            ),
        )
    ),
    legal_basis=("29 CFR 1607.4(D)",),
    parameters=(THRESHOLD,),
    examples=(
        {
            "groups": {"F": {"applicants": 120, "selected": 18}, "M": {"applicants": 100, "selected": 25}},
            "as_of": "2025-06-30",
        },
        {
            "groups": {
                "F": {"applicants": 80, "selected": 20},
                "M": {"applicants": 100, "selected": 24},
                "DISABILITY": {"applicants": 0, "selected": 0},
            },
            "as_of": "2025-06-30",
        },
    ),
)
def assess_adverse_impact(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_adverse_impact_facts(facts["groups"], as_of, params)
