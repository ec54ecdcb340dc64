"""skp-distribution: does the spread of employee predicates fit the organisation's predicate?
(PermenPANRB 6/2022, Lampiran; regulations.md §5.1, implemented as warnings.)

The expected distribution by organisation predicate (each bound a dated parameter, inclusive; the blocked_by code
when a check fails in brackets):
- ISTIMEWA: Sangat Baik <= 70% [SANGAT_BAIK_ABOVE_MAX].
- BAIK: Baik <= 70% [BAIK_ABOVE_MAX]; at least one Butuh Perbaikan or Kurang [MISSING_LOWER_PREDICATES].
- BUTUH_PERBAIKAN: Butuh Perbaikan >= 60% [BUTUH_PERBAIKAN_BELOW_MIN]; Sangat Baik <= 10% [SANGAT_BAIK_ABOVE_MAX].
- KURANG: Kurang >= 60% [KURANG_BELOW_MIN]; Butuh Perbaikan >= 10% [BUTUH_PERBAIKAN_BELOW_MIN];
  Sangat Baik <= 10% [SANGAT_BAIK_ABOVE_MAX].
- SANGAT_KURANG: Sangat Kurang >= 60% [SANGAT_KURANG_BELOW_MIN]; Kurang + Butuh Perbaikan >= 10%
  [KURANG_OR_BUTUH_PERBAIKAN_BELOW_MIN]; no Sangat Baik [SANGAT_BAIK_NOT_ALLOWED].

Shares are compared exactly (as fractions); `shares` reports every predicate's share in percent, 2 decimals.
`conforms` is true exactly when `blocked_by` is empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..decision import Decision, round2
from ..errors import InvalidInput
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import Text, t
from ..vocab import PREDICATE_LABEL, PREDICATES

CHECKS = "performance.distribution_checks"

ORGANIZATION_PREDICATES: tuple[str, ...] = ("ISTIMEWA", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG")
ORGANIZATION_PREDICATE_LABEL: dict[str, Text] = {
    "ISTIMEWA": t("Istimewa", "Exceptional (Istimewa)"),
    "BAIK": t("Baik", "Good (Baik)"),
    "BUTUH_PERBAIKAN": t("Butuh Perbaikan", "Needs improvement (Butuh Perbaikan)"),
    "KURANG": t("Kurang", "Poor (Kurang)"),
    "SANGAT_KURANG": t("Sangat Kurang", "Very poor (Sangat Kurang)"),
}

BLOCKED_BY_CODES: dict[str, Text] = {
    "SANGAT_BAIK_ABOVE_MAX": t("Porsi Sangat Baik melebihi batas", "Too large a share of Sangat Baik"),
    "SANGAT_BAIK_NOT_ALLOWED": t("Tidak boleh ada predikat Sangat Baik", "No Sangat Baik is allowed"),
    "BAIK_ABOVE_MAX": t("Porsi Baik melebihi batas", "Too large a share of Baik"),
    "MISSING_LOWER_PREDICATES": t(
        "Tidak ada predikat Butuh Perbaikan atau Kurang", "No Butuh Perbaikan or Kurang predicates"
    ),
    "BUTUH_PERBAIKAN_BELOW_MIN": t("Porsi Butuh Perbaikan kurang dari minimum", "Too small a share of Butuh Perbaikan"),
    "KURANG_BELOW_MIN": t("Porsi Kurang kurang dari minimum", "Too small a share of Kurang"),
    "SANGAT_KURANG_BELOW_MIN": t("Porsi Sangat Kurang kurang dari minimum", "Too small a share of Sangat Kurang"),
    "KURANG_OR_BUTUH_PERBAIKAN_BELOW_MIN": t(
        "Porsi Kurang dan Butuh Perbaikan kurang dari minimum", "Too small a share of Kurang and Butuh Perbaikan"
    ),
}


def _fraction(value: Any) -> Fraction:
    return Fraction(Decimal(str(value)))


def _names(predicates: Sequence[str]) -> dict[str, str]:
    labels = [PREDICATE_LABEL.get(p, t(p, p)) for p in predicates]
    return {
        "names_id": " + ".join(label.id for label in labels),
        "names_en": " + ".join(label.en for label in labels),
    }


def _check(check: Mapping[str, Any], counts: Mapping[str, int], total: int) -> tuple[bool, Text]:
    """Whether one check holds, and the reason that says what was found against what was expected."""
    predicates = [str(p) for p in check["predicates"]]
    n = sum(counts.get(p, 0) for p in predicates)
    share = Fraction(n * 100, total)
    names = _names(predicates)
    found = round2(Decimal(n * 100) / Decimal(total))
    if "max_count" in check:
        bound = int(check["max_count"])
        ok = n <= bound
        return ok, t(
            "{names_id}: {n} pegawai (paling banyak {bound})",
            "{names_en}: {n} employee(s) (at most {bound})",
            **names,
            n=n,
            bound=bound,
        )
    if "min_count" in check:
        bound = int(check["min_count"])
        ok = n >= bound
        return ok, t(
            "{names_id}: {n} pegawai (paling sedikit {bound})",
            "{names_en}: {n} employee(s) (at least {bound})",
            **names,
            n=n,
            bound=bound,
        )
    if "max_share" in check:
        ok = share <= _fraction(check["max_share"])
        return ok, t(
            "{names_id}: {found}% (paling banyak {bound}%)",
            "{names_en}: {found}% (at most {bound}%)",
            **names,
            found=found,
            bound=check["max_share"],
        )
    ok = share >= _fraction(check["min_share"])
    return ok, t(
        "{names_id}: {found}% (paling sedikit {bound}%)",
        "{names_en}: {found}% (at least {bound}%)",
        **names,
        found=found,
        bound=check["min_share"],
    )


def assess_skp_distribution_facts(
    organization_predicate: str, counts: Mapping[str, int], as_of: dt.date, params: ParameterSet
) -> Decision:
    """The distribution check for typed facts (counts: predicate -> number, missing predicates are 0)."""
    total = sum(counts.values())
    if total <= 0:
        raise InvalidInput(
            "counts",
            t("Jumlah pegawai harus lebih dari 0", "The number of employees must be more than 0"),
        )
    full = {p: int(counts.get(p, 0)) for p in PREDICATES}
    shares = {p: round2(Decimal(full[p] * 100) / Decimal(total)) for p in PREDICATES}
    org = ORGANIZATION_PREDICATE_LABEL[organization_predicate]
    reasons: list[Text] = [
        t(
            "Predikat organisasi {org_id}; {total} pegawai dinilai",
            "Organisation predicate {org_en}; {total} employees rated",
            org_id=org.id,
            org_en=org.en,
            total=total,
        )
    ]
    blocked: list[str] = []
    for check in params.get(CHECKS, as_of)[organization_predicate]:
        ok, reason = _check(check, full, total)
        code = str(check["code"])
        if ok:
            reasons.append(t("Sesuai — {detail_id}", "Conforms — {detail_en}", **_both(reason)))
        else:
            if code not in blocked:
                blocked.append(code)
            reasons.append(t("Tidak sesuai — {detail_id}", "Does not conform — {detail_en}", **_both(reason)))
    conforms = not blocked
    reasons.append(
        t("Distribusi predikat sesuai pedoman", "The distribution of predicates conforms")
        if conforms
        else t(
            "Distribusi predikat tidak sesuai pedoman (peringatan)",
            "The distribution of predicates does not conform (a warning)",
        )
    )
    return Decision(
        result={"conforms": conforms, "shares": shares, "total": total, "counts": full},
        reasons=tuple(reasons),
        legal_basis=(params.basis(CHECKS, as_of),),
        blocked_by=tuple(blocked),
    )


def _both(reason: Text) -> dict[str, str]:
    return {"detail_id": reason.render("id"), "detail_en": reason.render("en")}


@rule(
    name="skp-distribution",
    version="2022.1",
    title=t("Distribusi predikat kinerja pegawai", "Distribution of employee performance predicates"),
    summary=t(
        "Apakah sebaran predikat kinerja pegawai sesuai dengan predikat kinerja organisasi (peringatan).",
        "Whether the spread of employee predicates fits the organisation's performance predicate (a warning).",
    ),
    schema=Schema(
        (
            Field(
                "organization_predicate",
                "choice",
                t("Predikat kinerja organisasi", "Organisation performance predicate"),
                choices=ORGANIZATION_PREDICATES,
                example="BAIK",
            ),
            Field(
                "counts",
                "mapping",
                t("Jumlah pegawai per predikat", "Number of employees per predicate"),
                key_choices=PREDICATES,
                item=Field("count", "integer", t("Jumlah", "Number"), minimum=0),
                example={"SANGAT_BAIK": 2, "BAIK": 14, "BUTUH_PERBAIKAN": 3, "KURANG": 1},
                help=t(
                    "Predikat yang tidak disebut dihitung 0",
                    "A predicate left out counts as 0",
                ),
            ),
        )
    ),
    legal_basis=("PermenPANRB 6/2022, Lampiran",),
    parameters=(CHECKS,),
    blocked_by_codes=BLOCKED_BY_CODES,
    examples=(
        {
            "organization_predicate": "BAIK",
            "counts": {"SANGAT_BAIK": 2, "BAIK": 14, "BUTUH_PERBAIKAN": 3, "KURANG": 1},
            "as_of": "2025-01-31",
        },
        {
            "organization_predicate": "BAIK",
            "counts": {"SANGAT_BAIK": 4, "BAIK": 16},
            "as_of": "2025-01-31",
        },
        {
            "organization_predicate": "SANGAT_KURANG",
            "counts": {"SANGAT_BAIK": 1, "KURANG": 2, "SANGAT_KURANG": 7},
            "as_of": "2025-01-31",
        },
    ),
)
def assess_skp_distribution(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return assess_skp_distribution_facts(facts["organization_predicate"], facts["counts"], as_of, params)
