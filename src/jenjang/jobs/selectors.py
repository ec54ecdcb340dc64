"""Reading jobs. A job is visible to its creator and to the agency readers of its agency; to anyone else it does
not exist (NotFound), so job IDs reveal nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from jenjang.core import access
from jenjang.core.errors import NotFound

from .models import Job
from .services import live_progress


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    qs = Job.objects.select_related("agency", "created_by")
    if access.is_national(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    own = Q(created_by_id=user.pk)
    if access.can_read_agency(user) and user.agency_id is not None:
        return qs.filter(own | Q(agency_id=user.agency_id))
    return qs.filter(own)


def job_get(user: Any, pk: Any) -> Job:
    try:
        return live_progress(jobs_visible_to(user).get(pk=pk))
    except (ValueError, TypeError, ValidationError, Job.DoesNotExist):  # a malformed UUID is not found either
        raise NotFound() from None


def job_list(user: Any, *, kind: str = "", agency_id: int | None = None) -> QuerySet[Job]:
    qs = jobs_visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return qs.order_by("-created_at")
