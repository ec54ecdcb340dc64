"""The CAT stage through the cat app's public interface (jenjang.cat.services.session_create / enroll and
jenjang.cat.selectors.session_results), imported lazily so that selection works without it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core import access as core_access
from jenjang.core.audit import audit_record
from jenjang.core.errors import InvalidData

from . import access, scoring
from .models import Vacancy, VacancyStatus
from .rules import parameters_for

SKD_SUBTESTS = "selection.skd_subtests"


def _cat() -> tuple[Any, Any, Any]:
    try:
        from jenjang.cat import models as cat_models
        from jenjang.cat import selectors as cat_selectors
        from jenjang.cat import services as cat_services
    except ImportError:
        raise InvalidData(_("Modul CAT tidak tersedia.")) from None
    return cat_services, cat_selectors, cat_models


@transaction.atomic
def cat_session_open(*, actor: Any, vacancy: Vacancy, blueprint_id: Any = None) -> Any:
    """Create the vacancy's CAT session on its CAT date and enroll everyone who passed the screening
    (idempotent: a second call enrolls newcomers into the same session)."""
    core_access.require(access.is_committee(actor, vacancy))
    if "cat" not in vacancy.stages():
        raise InvalidData(_("Lowongan ini tidak memakai CAT."))
    if vacancy.status != VacancyStatus.SCORING:
        raise InvalidData(_("Sesi CAT dibuat setelah hasil seleksi administrasi diumumkan."))
    cat_services, _selectors, cat_models = _cat()
    session = None
    if vacancy.cat_session_id:
        session = cat_models.ExamSession.objects.filter(pk=vacancy.cat_session_id).first()
    if session is None:
        blueprints = cat_models.Blueprint.objects.filter(bank__agency_id=vacancy.agency_id).order_by("-pk")
        blueprint = blueprints.filter(pk=blueprint_id).first() if blueprint_id else blueprints.first()
        if blueprint is None:
            raise InvalidData(_("Instansi belum memiliki kisi-kisi CAT."))
        tz = timezone.get_current_timezone()
        starts = dt.datetime.combine(vacancy.cat_date, dt.time(8, 0), tzinfo=tz)
        duration = 100 if blueprint.skd else max(10, blueprint.item_count)
        session = cat_services.session_create(
            agency=vacancy.agency,
            title=f"CAT {vacancy.title}"[:200],
            blueprint=blueprint,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=8),
            duration_minutes=duration,
            reference=f"selection:{vacancy.pk}",
            actor=actor,
        )
        values: dict[str, Any] = {"cat_session_id": session.pk}
        if blueprint.skd:
            table = parameters_for(vacancy.agency_id).get(SKD_SUBTESTS, vacancy.cat_date)
            values["cat_max"] = Decimal(sum(int(row["max"]) for row in table.values()))
        Vacancy.objects.filter(pk=vacancy.pk).update(**values)
        audit_record(
            actor=actor,
            action="selection.cat.session_opened",
            obj=vacancy,
            changes={"cat_session_id": [None, session.pk]},
        )
        vacancy.refresh_from_db()
    users = [a.applicant for a in vacancy.applications.filter(screening_passed=True).select_related("applicant")]
    cat_services.enroll(session, users, actor=actor)
    return session


def cat_results_import(*, actor: Any, vacancy: Vacancy) -> int:
    core_access.require(access.is_committee(actor, vacancy))
    if not vacancy.cat_session_id:
        raise InvalidData(_("Lowongan ini belum memiliki sesi CAT."))
    _services, cat_selectors, cat_models = _cat()
    session = cat_models.ExamSession.objects.get(pk=vacancy.cat_session_id)
    return scoring.cat_scores_apply(actor=actor, vacancy=vacancy, results=cat_selectors.session_results(session))
