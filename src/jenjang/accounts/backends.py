"""Authentication with lockout: after LOGIN_FAILURE_LIMIT failures a username is locked for a while."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import F
from django.utils import timezone

from jenjang.core.audit import audit_record

from .models import User


class AccountLocked(Exception):
    def __init__(self, until: dt.datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until


class LockoutBackend(ModelBackend):
    def authenticate(self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any):  # type: ignore[override]
        if username is None or password is None:
            return None
        user = User.objects.filter(username=username).first()
        now = timezone.now()
        if user is not None and user.locked_until and user.locked_until > now:
            raise AccountLocked(user.locked_until)
        authenticated = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            return None
        if authenticated is None:
            self._fail(user, now)
            return None
        if user.failed_logins or user.locked_until:
            User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        return authenticated

    def _fail(self, user: User, now: dt.datetime) -> None:
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
        user.refresh_from_db(fields=["failed_logins"])
        if user.failed_logins >= settings.LOGIN_FAILURE_LIMIT:
            until = now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
            User.objects.filter(pk=user.pk).update(locked_until=until, failed_logins=0)
            audit_record(
                actor=None,
                action="accounts.user.locked",
                obj=user,
                agency_id=user.agency_id,
                changes={"locked_until": [None, until]},
                reason=f"{settings.LOGIN_FAILURE_LIMIT} failed logins",
            )
