"""The job status page: a progress bar polled by htmx every second until the job ends, then its result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .registry import get_kind
from .selectors import job_get


def _context(request: HttpRequest, pk: str) -> dict[str, object]:
    job = job_get(request.user, pk)
    try:
        result_template = get_kind(job.kind).result_template
    except LookupError:
        result_template = "jobs/partials/result_generic.html"
    return {"job": job, "result_template": result_template}


@login_required
def job_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return render(request, "jobs/job_detail.html", _context(request, pk))


@login_required
def job_status(request: HttpRequest, pk: str) -> HttpResponse:
    """The htmx fragment; once the job has ended it no longer asks to be polled."""
    return render(request, "jobs/partials/job_status.html", _context(request, pk))
