"""Sending notifications: set-based (one insert for many recipients), idempotent by key, e-mail after commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


@dataclass(frozen=True)
class Message:
    recipient_id: int
    kind: str
    subject: str
    body: str = ""
    url: str = ""
    key: str = ""  # when set, a second message with the same key to the same recipient is dropped


def notify_many(messages: Iterable[Message], *, email: bool = True) -> list[Notification]:
    """Create the notifications that are new (by key) in one statement; e-mail them once the transaction commits.

    Returns the notifications created (those whose key had been used already are left out)."""
    messages = list(messages)
    if not messages:
        return []
    keyed = {(m.recipient_id, m.key) for m in messages if m.key}
    seen: set[tuple[int, str]] = set()
    if keyed:
        seen = set(
            Notification.objects.filter(
                recipient_id__in={r for r, _ in keyed}, key__in={k for _, k in keyed}
            ).values_list("recipient_id", "key")
        )
    rows = []
    for m in messages:
        if m.key and (m.recipient_id, m.key) in seen:
            continue
        if m.key:
            seen.add((m.recipient_id, m.key))
        rows.append(Notification(recipient_id=m.recipient_id, kind=m.kind, subject=m.subject[:200], body=m.body,
                                 url=m.url, key=m.key[:200]))  # fmt: skip
    created = Notification.objects.bulk_create(rows, batch_size=2000)
    if email and created:
        ids = [n.pk for n in created if n.pk is not None]
        transaction.on_commit(lambda: _email(ids) if ids else None)
    return created


def notify(recipient: Any, kind: str, subject: str, body: str = "", url: str = "", key: str = "",
           *, email: bool = True) -> Notification | None:  # fmt: skip
    """One notification to one user (a User or a user id)."""
    recipient_id = recipient if isinstance(recipient, int) else recipient.pk
    created = notify_many([Message(recipient_id, kind, subject, body, url, key)], email=email)
    return created[0] if created else None


def _email(ids: list[int]) -> None:
    """Send the e-mails of these notifications to recipients who have an address; mark them sent."""
    from django.contrib.auth import get_user_model

    rows = list(
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).values(
            "pk", "recipient_id", "subject", "body", "url"
        )
    )
    emails = dict(get_user_model().objects.filter(pk__in={r["recipient_id"] for r in rows}).exclude(email="")
                  .values_list("pk", "email"))  # fmt: skip
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    batch = []
    sent = []
    for r in rows:
        address = emails.get(r["recipient_id"])
        if not address:
            continue
        link = f"\n\n{base}{r['url']}" if r["url"] else ""
        batch.append((r["subject"], f"{r['body']}{link}", settings.DEFAULT_FROM_EMAIL, [address]))
        sent.append(r["pk"])
    if batch:
        send_mass_mail(batch, fail_silently=False)
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when `ids` is None). Returns how many changed."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
