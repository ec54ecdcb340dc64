"""What the rules say about a successor for a key position, with their reasons (through the rule registry).

- A JPT key position (JPT Utama, Madya, Pratama): the `jpt-eligibility` rule for the key position's level, with the
  candidate's education, experience (whole years since the CPNS appointment: the record has no field-relatedness),
  current post and whole years in it (TMT jabatan) as the prior position, and age, all on the given day. It decides
  `eligible` and lists what blocks the candidate.
- Any key position, for a PNS: the `education-ceiling` rule (starting rank and the regular-promotion ceiling of the
  candidate's education), shown for information; it does not decide eligibility.
- Administrator and Pengawas posts have no eligibility rule in the registry: `eligible` is None and the page says
  so (the nomination still records box, JPM, category and gaps).

Decisions are cached per distinct fact tuple, so a list of candidates costs one rule call per distinct case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jenjang.domain.decision import Decision
from jenjang.domain.parameters import ParameterSet
from jenjang.domain.registry import get_rule
from jenjang.domain.text import Text, t
from jenjang.personnel.models import Employee, EmploymentType

JPT_ELIGIBILITY = "jpt-eligibility"
EDUCATION_CEILING = "education-ceiling"
JPT_LEVELS = ("JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA")


def _whole_years(since: dt.date, today: dt.date) -> int:
    return today.year - since.year - ((today.month, today.day) < (since.month, since.day))


def _both(text: Text) -> dict[str, str]:
    return {"id": text.render("id"), "en": text.render("en")}


def _entry(name: str, decision: Decision, as_of: dt.date, eligible: bool | None) -> dict[str, Any]:
    found = get_rule(name)
    return {
        "rule": found.name,
        "version": found.version,
        "as_of": as_of.isoformat(),
        "eligible": eligible,
        "blocked_by": list(decision.blocked_by),
        "blocked_labels": [
            _both(found.blocked_by_codes[c]) for c in decision.blocked_by if c in found.blocked_by_codes
        ],
        "reasons": [_both(r) for r in decision.reasons],
        "legal_basis": list(decision.legal_basis),
    }


def _note(name: str, text: Text, as_of: dt.date) -> dict[str, Any]:
    """A rule that could not be applied, and why (no decision)."""
    return {
        "rule": name,
        "version": get_rule(name).version,
        "as_of": as_of.isoformat(),
        "eligible": None,
        "blocked_by": [],
        "blocked_labels": [],
        "reasons": [_both(text)],
        "legal_basis": [],
    }


class Checker:
    """Eligibility of candidates for one key position level, on one day, with decisions cached per fact tuple."""

    def __init__(self, target_level: str | None, today: dt.date, params: ParameterSet) -> None:
        self.target = target_level or ""
        self.today = today
        self.params = params
        self._cache: dict[tuple[Any, ...], Decision] = {}

    def _decide(self, name: str, facts: dict[str, Any]) -> Decision:
        key = (name, *facts.values())
        decision = self._cache.get(key)
        if decision is None:
            decision = self._cache[key] = get_rule(name).function(facts, self.today, self.params)
        return decision

    def check(self, employee: Employee) -> dict[str, Any]:
        """{"eligible": True | False | None, "rules": [...]} for one candidate (its position must be loaded)."""
        rules: list[dict[str, Any]] = []
        eligible: bool | None = None
        is_pns = employee.employment_type == EmploymentType.PNS
        if self.target in JPT_LEVELS:
            level = employee.position.level if employee.position_id and employee.position else None
            if not is_pns:
                eligible = False
                rules.append(
                    _note(
                        JPT_ELIGIBILITY,
                        t(
                            "Syarat JPT dinilai untuk PNS; pegawai ini {kind}",
                            "JPT requirements are assessed for a PNS; this employee is {kind}",
                            kind=employee.employment_type,
                        ),
                        self.today,
                    )
                )
            elif level is None or employee.position_since is None:
                rules.append(
                    _note(
                        JPT_ELIGIBILITY,
                        t(
                            "Belum dapat dinilai: jabatan atau TMT jabatan belum tercatat",
                            "Cannot be assessed: the position or its start date is not recorded",
                        ),
                        self.today,
                    )
                )
            else:
                facts = {
                    "level": self.target,
                    "education": employee.education,
                    "years_experience": _whole_years(employee.appointment_date, self.today),
                    "prior_position": level,
                    "years_in_prior_position": _whole_years(employee.position_since, self.today),
                    "age": _whole_years(employee.birth_date, self.today),
                }
                decision = self._decide(JPT_ELIGIBILITY, facts)
                eligible = bool(decision.result["eligible"])
                rules.append(_entry(JPT_ELIGIBILITY, decision, self.today, eligible))
        if is_pns and employee.education:
            try:
                decision = self._decide(EDUCATION_CEILING, {"education": employee.education})
            except KeyError:  # an education the table does not list
                pass
            else:
                rules.append(_entry(EDUCATION_CEILING, decision, self.today, None))
        return {
            "eligible": eligible,
            "decided_by": JPT_ELIGIBILITY if self.target in JPT_LEVELS else None,
            "rules": rules,
        }


def render(found: dict[str, Any] | None, lang: str) -> dict[str, Any]:
    """The stored or computed eligibility in one language, for pages and the PDF."""
    found = found or {}
    lang = "en" if lang == "en" else "id"
    return {
        "eligible": found.get("eligible"),
        "decided": bool(found.get("decided_by")),
        "rules": [
            {
                "rule": r["rule"],
                "eligible": r.get("eligible"),
                "blocked": [b[lang] for b in r.get("blocked_labels", [])],
                "reasons": [x[lang] for x in r.get("reasons", [])],
                "legal_basis": r.get("legal_basis", []),
            }
            for r in found.get("rules", [])
        ],
    }


def for_nomination(key_position: Any, employee: Employee, year: int, today: dt.date, params: ParameterSet) -> dict:
    """What a nomination records: the period's box (the candidate must be in the pool, boxes 7-9), the JPM,
    category and gaps against the key position, and the rules' eligibility with their reasons."""
    from django.utils.translation import gettext as _

    from jenjang.core.errors import InvalidData

    from .models import Placement
    from .selectors import jpm_scores

    placement = Placement.objects.filter(employee=employee, year=year).first()
    if placement is None or placement.box not in (7, 8, 9):
        raise InvalidData(
            _("Suksesor dipilih dari kelompok rencana suksesi (kotak 7-9) periode ini."), field="employee"
        )
    score = jpm_scores(key_position.position_id, [employee.pk])[employee.pk]
    checked = Checker(key_position.position.level, today, params).check(employee)
    return {
        "year": year,
        "box": placement.box,
        "jpm": score.jpm,
        "category": score.category,
        "gaps": [list(g) for g in score.gaps],
        **checked,
    }
