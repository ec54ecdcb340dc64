"""Job kinds: kind -> work function `fn(job, **params)` returning a JSON-able result.

A work function owns its transaction: it writes everything or nothing, and reports progress with
`jenjang.jobs.services.job_progress`. Raising `JenjangError` fails the job with that (translated) message;
its `details`, when a dict, become the job's result (for example an import's row errors).
Kinds of other apps are listed in KNOWN_KINDS by dotted path and imported on first use, so a worker process
needs no import-time side effects to find them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JobKind:
    kind: str
    fn: Callable[..., Any]
    result_template: str = "jobs/partials/result_generic.html"


_REGISTRY: dict[str, JobKind] = {}

# kind -> module that registers it
KNOWN_KINDS: dict[str, str] = {
    "personnel.import": "jenjang.personnel.importing.tasks",
    "performance.close": "jenjang.performance.tasks",
    "workforce.matching": "jenjang.workforce.tasks",
    "talent.map": "jenjang.talent.tasks",
    "workforce.abk_import": "jenjang.workforce.tasks",
}


def register(kind: str, *, result_template: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        extra = {"result_template": result_template} if result_template else {}
        _REGISTRY[kind] = JobKind(kind=kind, fn=fn, **extra)
        return fn

    return decorate


def get_kind(kind: str) -> JobKind:
    if kind not in _REGISTRY and kind in KNOWN_KINDS:
        importlib.import_module(KNOWN_KINDS[kind])  # importing the module registers the kind
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise LookupError(f"unknown job kind: {kind}") from None
