"""cat-skd: whether a CPNS applicant passes the basic competency test (SKD, by CAT; regulations.md §10).

KepmenPANRB 321/2024 sets each sub-test's maximum and pass mark: TWK (national insight) 150/65, TIU (general
intelligence) 175/80, TKP (personal characteristics) 225/166; on the general track each sub-test must reach its
pass mark. On an affirmative track the applicant passes on the total and the TIU score instead (cum laude and
diaspora: total >= 311 and TIU >= 85; disability, native Papuans, disadvantaged regions: total >= 286 and
TIU >= 60). Both tables are dated parameters. A score above its sub-test's maximum is bad input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..decision import Decision
from ..errors import InvalidInput
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import Text, t

SUBTESTS_PARAMETER = "selection.skd_subtests"
TRACKS_PARAMETER = "selection.skd_affirmative_tracks"
SUBTESTS: tuple[str, ...] = ("twk", "tiu", "tkp")
GENERAL = "GENERAL"
TRACKS: tuple[str, ...] = (GENERAL, "CUMLAUDE_DIASPORA", "DISABILITY", "PAPUA", "DISADVANTAGED")
TRACK_LABEL: dict[str, Text] = {
    GENERAL: t("umum", "general"),
    "CUMLAUDE_DIASPORA": t("lulusan cumlaude dan diaspora", "cum laude graduates and diaspora"),
    "DISABILITY": t("penyandang disabilitas", "applicants with disabilities"),
    "PAPUA": t("putra/putri Papua", "native Papuans"),
    "DISADVANTAGED": t("putra/putri daerah tertinggal", "applicants from disadvantaged regions"),
}
SUBTEST_LABEL: dict[str, str] = {"twk": "TWK", "tiu": "TIU", "tkp": "TKP"}


def assess_cat_skd_facts(scores: Mapping[str, int], track: str, as_of: dt.date, params: ParameterSet) -> Decision:
    """SKD result for typed facts: `scores` maps twk/tiu/tkp to points (batch callers use this directly)."""
    subtests: Mapping[str, Mapping[str, int]] = params.get(SUBTESTS_PARAMETER, as_of)
    for name in SUBTESTS:
        maximum = int(subtests[name]["max"])
        if scores[name] > maximum:
            raise InvalidInput(
                name,
                t(
                    "Nilai {test} {score} melebihi nilai maksimal {max}",
                    "The {test} score {score} is above the maximum {max}",
                    test=SUBTEST_LABEL[name],
                    score=scores[name],
                    max=maximum,
                ),
            )
    total = sum(scores[name] for name in SUBTESTS)
    maximum_total = sum(int(subtests[name]["max"]) for name in SUBTESTS)
    legal_basis: tuple[str, ...] = (params.basis(SUBTESTS_PARAMETER, as_of),)
    reasons: list[Text] = []
    failed: list[str] = []
    min_total: int | None = None
    label = TRACK_LABEL[track]

    if track == GENERAL:
        for name in SUBTESTS:
            pass_mark = int(subtests[name]["pass"])
            values = {"test": SUBTEST_LABEL[name], "score": scores[name], "pass": pass_mark}
            if scores[name] >= pass_mark:
                reasons.append(
                    Text(
                        "Lulus {test}: {score} (ambang batas {pass})",
                        "{test} passed: {score} (pass mark {pass})",
                        values,
                    )
                )
            else:
                failed.append(name)
                reasons.append(
                    Text(
                        "Tidak lulus {test}: {score}, di bawah ambang batas {pass}",
                        "{test} failed: {score} is below the pass mark {pass}",
                        values,
                    )
                )
        passed = not failed
    else:
        tracks: Mapping[str, Mapping[str, int]] = params.get(TRACKS_PARAMETER, as_of)
        if track not in tracks:
            raise InvalidInput(
                "track",
                t(
                    "Jalur {track} tidak diatur pada {as_of}",
                    "The track {track} has no pass marks on {as_of}",
                    track=track,
                    as_of=as_of.isoformat(),
                ),
            )
        legal_basis += (params.basis(TRACKS_PARAMETER, as_of),)
        min_total = int(tracks[track]["min_total"])
        min_tiu = int(tracks[track]["min_tiu"])
        reasons.append(
            Text(
                f"Jalur khusus {label.id}: lulus bila nilai kumulatif paling rendah {{min_total}} dan TIU paling "
                "rendah {min_tiu}, menggantikan ambang batas tiap subtes",
                f"Special track for {label.en}: passes with a total of at least {{min_total}} and TIU of at least "
                "{min_tiu}, instead of each sub-test's pass mark",
                {"min_total": min_total, "min_tiu": min_tiu},
            )
        )
        total_met = total >= min_total
        if scores["tiu"] >= min_tiu:
            reasons.append(
                t(
                    "Lulus TIU: {score} (minimal {min})",
                    "TIU passed: {score} (at least {min})",
                    score=scores["tiu"],
                    min=min_tiu,
                )
            )
        else:
            failed.append("tiu")
            reasons.append(
                t(
                    "Tidak lulus TIU: {score}, di bawah {min}",
                    "TIU failed: {score} is below {min}",
                    score=scores["tiu"],
                    min=min_tiu,
                )
            )
        if total_met:
            reasons.append(
                t(
                    "Nilai kumulatif {total} memenuhi minimal {min}",
                    "The total {total} reaches the minimum {min}",
                    total=total,
                    min=min_total,
                )
            )
        else:
            reasons.append(
                t(
                    "Nilai kumulatif {total} di bawah minimal {min}",
                    "The total {total} is below the minimum {min}",
                    total=total,
                    min=min_total,
                )
            )
        passed = total_met and not failed

    verdict = {"total": total, "max": maximum_total}
    headline = (
        Text(
            f"Lulus SKD (jalur {label.id}) dengan nilai kumulatif {{total}} dari {{max}}",
            f"Passed the SKD ({label.en} track) with a total of {{total}} out of {{max}}",
            verdict,
        )
        if passed
        else Text(
            f"Tidak lulus SKD (jalur {label.id}); nilai kumulatif {{total}} dari {{max}}",
            f"Did not pass the SKD ({label.en} track); total {{total}} out of {{max}}",
            verdict,
        )
    )
    return Decision(
        result={
            "total": total,
            "passed": passed,
            "failed_subtests": failed,
            "track": track,
            "min_total": min_total,
        },
        reasons=(headline, *reasons),
        legal_basis=legal_basis,
    )


def _score_field(name: str, id_label: str, en_label: str, example: int) -> Field:
    return Field(name, "integer", t(id_label, en_label), minimum=0, example=example)


@rule(
    name="cat-skd",
    version="2024.1",
    title=t("Kelulusan SKD CPNS (CAT)", "CPNS basic competency test (SKD) pass"),
    summary=t(
        "Nilai kumulatif SKD dan apakah pelamar CPNS lulus ambang batas TWK, TIU, dan TKP atau jalur khususnya.",
        "The SKD total and whether a CPNS applicant reaches the TWK, TIU and TKP pass marks, or their special track's.",
    ),
    schema=Schema(
        (
            _score_field("twk", "Nilai TWK (wawasan kebangsaan)", "TWK score (national insight)", 90),
            _score_field("tiu", "Nilai TIU (intelegensia umum)", "TIU score (general intelligence)", 100),
            _score_field("tkp", "Nilai TKP (karakteristik pribadi)", "TKP score (personal characteristics)", 170),
            Field(
                "track",
                "choice",
                t("Jalur", "Track"),
                required=False,
                choices=TRACKS,
                default=GENERAL,
                help=t(
                    "GENERAL (umum) atau jalur khusus: CUMLAUDE_DIASPORA, DISABILITY, PAPUA, DISADVANTAGED",
                    "GENERAL, or a special track: CUMLAUDE_DIASPORA, DISABILITY, PAPUA, DISADVANTAGED",
                ),
            ),
        )
    ),
    legal_basis=("KepmenPANRB 321/2024",),
    parameters=(SUBTESTS_PARAMETER, TRACKS_PARAMETER),
    examples=(
        {"twk": 90, "tiu": 100, "tkp": 170, "as_of": "2024-11-01"},
        {"twk": 60, "tiu": 100, "tkp": 170, "as_of": "2024-11-01"},
        {"twk": 55, "tiu": 90, "tkp": 170, "track": "CUMLAUDE_DIASPORA", "as_of": "2024-11-01"},
    ),
)
def assess_cat_skd(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    scores = {name: int(facts[name]) for name in SUBTESTS}
    return assess_cat_skd_facts(scores, facts.get("track") or GENERAL, as_of, params)
