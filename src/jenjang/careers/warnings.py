"""Early warnings: 90, 60 and 30 days before a promotion period, a KGB, retirement, or the end of the rotation
window, to the employee, their supervisor and the agency's personnel staff (in-app and e-mail).

Set-based: the events come from the due lists (one query each per agency) plus one query for the rotation window;
the warnings are upserted in bulk; recipients are read in three queries; the messages go out through
`notify_many` with keys (kind, employee, date, stage), so a second run on the same day, or a re-run after a
failure, sends nothing twice. A run that missed a day sends only the most urgent stage reached, not every stage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jenjang.accounts.models import Role, User
from jenjang.core.services import versioned_update
from jenjang.domain.dates import add_years
from jenjang.notifications.services import Message, notify_many
from jenjang.organization.models import Agency
from jenjang.personnel.models import Employee, EmploymentType

from . import duelists, rules
from .models import CareerWarning, FollowUp, WarningKind

LEAD_DAYS = "careers.warning_lead_days"
NOTIFICATION_KIND = "careers.warning"


@dataclass(frozen=True)
class Event:
    employee_id: int
    name: str
    kind: str
    date: dt.date
    reasons: tuple[str, ...]
    legal_basis: tuple[str, ...]


def lead_days(params: Any, today: dt.date) -> list[int]:
    return sorted(int(d) for d in params.get(LEAD_DAYS, today))


def stage_for(days_left: int, stages: list[int]) -> int | None:
    """The most urgent stage reached: 25 days left with stages 30/60/90 is the 30-day stage; None if not yet."""
    if days_left < 0:
        return None
    reached = [s for s in stages if days_left <= s]
    return min(reached) if reached else None


def _rotation_events(employees: Any, today: dt.date, horizon: dt.date, params: Any) -> list[Event]:
    window = params.get(rules.MUTATION_WINDOW_YEARS, today)
    longest = int(window["max"])
    qs = duelists.active(employees).filter(
        employment_type=EmploymentType.PNS,
        position_since__gte=add_years(today, -longest) - duelists.SLACK,
        position_since__lte=add_years(horizon, -longest) + duelists.SLACK,
    )
    decide = rules.function(rules.MUTATION_WINDOW)
    lang = rules.language()
    found = []
    for pk, name, since in qs.order_by().values_list("pk", "name", "position_since"):
        decision = decide({"position_since": since}, today, params)
        latest = decision.result.get("latest")
        if latest and today <= latest <= horizon:
            reasons = tuple(r.render(lang) for r in decision.reasons)
            found.append(Event(pk, name, WarningKind.ROTATION, latest, reasons, tuple(decision.legal_basis)))
    return found


def agency_events(agency_id: int, today: dt.date, params: Any) -> list[Event]:
    """Every event of the agency's employees within the longest lead time, from the same rules as the due lists."""
    horizon = today + dt.timedelta(days=max(lead_days(params, today)))
    employees = Employee.objects.filter(agency_id=agency_id)
    events: list[Event] = []
    lists = (
        (WarningKind.RANK_PROMOTION, duelists.rank_promotion_due_list(
            employees, today=today, params=params, include_blocked=False)),
        (WarningKind.SALARY_INCREMENT, duelists.salary_increment_due_list(employees, today=today, params=params)),
        (WarningKind.RETIREMENT, duelists.retirement_due_list(employees, today=today, params=params)),
    )  # fmt: skip
    for kind, found in lists:
        for row in found.rows:
            if row.date is not None and today <= row.date <= horizon:
                events.append(
                    Event(row.employee_id, row.name, kind, row.date, tuple(row.reasons), tuple(row.legal_basis))
                )
    events += _rotation_events(employees, today, horizon, params)
    return events


def _recipients(agency_id: int, employee_ids: set[int]) -> tuple[dict[int, int], list[int], dict[int, list[int]]]:
    """(employee -> own user, personnel staff users, employee -> supervisor users) in three queries."""
    own = dict(User.objects.filter(employee_id__in=employee_ids, is_active=True).values_list("employee_id", "pk"))
    staff = list(
        User.objects.filter(agency_id=agency_id, role=Role.PERSONNEL, is_active=True).values_list("pk", flat=True)
    )
    supervisors = sorted(
        User.objects.filter(
            agency_id=agency_id, role=Role.SUPERVISOR, is_active=True, employee__unit__isnull=False
        ).values_list("pk", "employee_id", "employee__unit__path"),
        key=lambda s: -len(s[2]),
    )
    paths = dict(Employee.objects.filter(pk__in=employee_ids).values_list("pk", "unit__path"))
    by_employee: dict[int, list[int]] = {}
    for employee_id in employee_ids:
        path = paths.get(employee_id) or ""
        chosen: list[int] = []
        depth = None
        for user_id, own_employee, unit_path in supervisors:
            if own_employee == employee_id or not path.startswith(unit_path):
                continue
            if depth is None:
                depth = len(unit_path)
            if len(unit_path) != depth:  # only the nearest supervisors (the deepest unit above the employee)
                break
            chosen.append(user_id)
        by_employee[employee_id] = chosen
    return own, staff, by_employee


def _subject(kind: str, name: str, date: dt.date, days: int) -> str:
    templates = {
        WarningKind.RANK_PROMOTION: _("Periode kenaikan pangkat %(name)s pada %(date)s (%(days)d hari lagi)"),
        WarningKind.SALARY_INCREMENT: _("KGB %(name)s jatuh tempo pada %(date)s (%(days)d hari lagi)"),
        WarningKind.RETIREMENT: _("%(name)s mencapai BUP pada %(date)s (%(days)d hari lagi)"),
        WarningKind.ROTATION: _("Masa rotasi jabatan %(name)s berakhir pada %(date)s (%(days)d hari lagi)"),
    }
    return templates[kind] % {"name": name, "date": date_format(date), "days": days}


@dataclass
class SendResult:
    events: int = 0
    warnings_created: int = 0
    notifications: int = 0


@transaction.atomic
def warnings_send(*, today: dt.date, agency_ids: list[int] | None = None, email: bool = True) -> SendResult:
    """Record and send the warnings due `today` for these agencies (every agency by default). Idempotent."""
    result = SendResult()
    agencies = list(Agency.objects.filter(pk__in=agency_ids) if agency_ids is not None else Agency.objects.all())
    for agency in agencies:
        params = rules.parameters_for(agency.pk)
        stages = lead_days(params, today)
        events = [e for e in agency_events(agency.pk, today, params) if stage_for((e.date - today).days, stages)]
        result.events += len(events)
        if not events:
            continue
        existing = {
            (w.employee_id, w.kind, w.due_date): w
            for w in CareerWarning.objects.filter(agency=agency, due_date__gte=today, due_date__lte=max(
                e.date for e in events))
        }  # fmt: skip
        new, changed = [], []
        for event in events:
            stage = stage_for((event.date - today).days, stages)
            found = existing.get((event.employee_id, event.kind, event.date))
            if found is None:
                new.append(CareerWarning(agency=agency, employee_id=event.employee_id, kind=event.kind,
                                         due_date=event.date, last_stage=stage, reasons=list(event.reasons),
                                         legal_basis=list(event.legal_basis)))  # fmt: skip
            elif found.last_stage is None or (stage is not None and stage < found.last_stage):
                found.last_stage = stage
                changed.append(found)
        CareerWarning.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
        CareerWarning.objects.bulk_update(changed, ["last_stage"], batch_size=2000)
        result.warnings_created += len(new)
        own, staff, supervisors = _recipients(agency.pk, {e.employee_id for e in events})
        staff_url = reverse("careers:warning_list")
        own_url = reverse("careers:my_career")
        messages: list[Message] = []
        for event in events:
            days = (event.date - today).days
            stage = stage_for(days, stages)
            key = f"careers.warning:{event.kind}:{event.employee_id}:{event.date.isoformat()}:{stage}"
            subject = _subject(event.kind, event.name, event.date, days)
            body = "\n".join(event.reasons[:3])
            if event.legal_basis:
                body += "\n" + _("Dasar hukum: %(basis)s") % {"basis": "; ".join(event.legal_basis)}
            targets = [(user_id, staff_url) for user_id in staff]
            targets += [(user_id, staff_url) for user_id in supervisors.get(event.employee_id, [])]
            if event.employee_id in own:
                targets.append((own[event.employee_id], own_url))
            seen: set[int] = set()
            for user_id, url in targets:
                if user_id not in seen:
                    seen.add(user_id)
                    messages.append(Message(user_id, NOTIFICATION_KIND, subject, body, url, key))
        result.notifications += len(notify_many(messages, email=email))
    return result


def warnings_for(user: Any, queryset: Any = None) -> Any:
    from jenjang.core import access

    qs = queryset if queryset is not None else CareerWarning.objects.all()
    return access.agency_scope(user, qs)


@transaction.atomic
def warning_follow_up(user: Any, pk: Any, *, status: str, note: str, expected_version: int | None) -> CareerWarning:
    from jenjang.core import access
    from jenjang.core.errors import InvalidData

    from . import access as careers_access

    warning = access.scoped_get(user, CareerWarning.objects.all(), pk)
    access.require(careers_access.can_follow_up_warnings(user))
    if status not in FollowUp.values:
        raise InvalidData(_("Status tindak lanjut tidak dikenal."), field="status")
    if expected_version is None:
        from jenjang.core.errors import StaleEdit

        raise StaleEdit()
    values = {"status": status, "note": note.strip()}
    return versioned_update(
        warning, actor=user, action="careers.warning.follow_up", values=values, expected_version=expected_version
    )
